"""Runs Evidently 0.7's DataDriftPreset and returns its answer in Capstan's drift JSON schema.

    python evidently_drift.py REFERENCE CURRENT [--json OUT] [--no-table]

Files are read with pandas (read_csv / read_parquet by extension), as a user of Evidently would.
Per column, `drift_score` and the threshold come from the preset's ValueDrift metrics (what Evidently
shows per column); `stattest`, `column_type` and `drift_detected` come from the legacy DataDriftTable
that the preset itself renders (the same pass that DriftedColumnsCount counts); the dataset numbers
come from DriftedColumnsCount. With --no-table the legacy table is not computed (benchmark mode):
`columns` then carries only scores and thresholds.
"""

import argparse
import json
import math
import sys
import warnings

import pandas as pd
from evidently import Report
from evidently.core.report import _default_input_data_generator
from evidently.legacy.calculations.stattests.registry import _registered_stat_tests
from evidently.legacy.metrics import DataDriftTable
from evidently.presets import DataDriftPreset


def read(path):
    if str(path).endswith((".parquet", ".pq")):
        return pd.read_parquet(path)
    return pd.read_csv(path)


def _stattest_ids():
    ids = {}
    for name, by_type in _registered_stat_tests.items():
        for stattest in by_type.values():
            ids[stattest.display_name] = name
    return ids


def _stattest_id(display, ids):
    # the legacy table names a test "<display_name> <p_value|distance|...>"
    best = None
    for shown, name in ids.items():
        if display == shown or display.startswith(shown + " "):
            if best is None or len(shown) > len(best[0]):
                best = (shown, name)
    if best is None:
        raise ValueError(f"unknown stat test {display!r}")
    return best[1]


def _number(v):
    v = float(v)
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if math.isnan(v):
        return "NaN"
    return v


def evidently_drift(reference, current, table=True, **preset_options):
    """Returns Capstan's drift JSON (a dict) for Evidently's DataDriftPreset on two DataFrames."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        preset = DataDriftPreset(**preset_options)
        report = Report([preset]).run(current, reference)
        metrics = report.dict()["metrics"]
        count = next(m for m in metrics if m["config"]["type"].endswith("DriftedColumnsCount"))
        drift_share = count["config"].get("drift_share", 0.5)
        value_drift = {m["config"]["column"]: m for m in metrics if m["config"]["type"].endswith("ValueDrift")}
        legacy = None
        if table:
            keys = {"columns": "columns", "method": "stattest", "cat_method": "cat_stattest",
                    "num_method": "num_stattest", "per_column_method": "per_column_stattest",
                    "threshold": "stattest_threshold", "cat_threshold": "cat_stattest_threshold",
                    "num_threshold": "num_stattest_threshold", "per_column_threshold": "per_column_stattest_threshold"}
            legacy_options = {keys[k]: v for k, v in preset_options.items() if k in keys}
            legacy = report._context.get_legacy_metric(
                DataDriftTable(**legacy_options), _default_input_data_generator, None)[0]
    ids = _stattest_ids()
    columns = []
    for name, metric in value_drift.items():
        column = {"column": name, "drift_score": _number(metric["value"]),
                  "threshold": float(metric["config"]["threshold"])}
        if legacy is not None:
            row = legacy.drift_by_columns[name]
            column.update({"column_type": row.column_type, "stattest": _stattest_id(row.stattest_name, ids),
                           "legacy_drift_score": _number(row.drift_score),
                           "drift_detected": bool(row.drift_detected)})
        columns.append(column)
    drifted = int(count["value"]["count"])
    share = float(count["value"]["share"])
    return {
        "dataset_drift": share >= drift_share,
        "drift_share": drift_share,
        "number_of_columns": len(columns),
        "number_of_drifted_columns": drifted,
        "share_of_drifted_columns": share,
        "columns": columns,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument("current")
    parser.add_argument("--json", default="-")
    parser.add_argument("--no-table", action="store_true")
    args = parser.parse_args()
    result = evidently_drift(read(args.reference), read(args.current), table=not args.no_table)
    text = json.dumps(result, indent=2)
    if args.json == "-":
        print(text)
    else:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    return 1 if result["dataset_drift"] else 0


if __name__ == "__main__":
    sys.exit(main())
