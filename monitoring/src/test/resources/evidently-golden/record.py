"""Records Evidently's drift scores as golden files for Capstan's differential tests.

Run it with a throwaway venv (never typed by hand, ARCHITECTURE rule 9):

    python3 -m venv /tmp/evvenv
    /tmp/evvenv/bin/pip install evidently==0.7.23 pandas==2.3.3
    /tmp/evvenv/bin/python record.py

(evidently 0.7.23 pulls in pandas 3, which it cannot import: pin pandas 2.3.3.) It writes one JSON file per dataset next to itself. Each file holds the input arrays (so the data
is reproducible from the JSON alone), and per column and stat test Evidently's drift score,
threshold and decision, plus the test Evidently picks by default. Scores come from Evidently's own
registered StatTest objects (evidently.legacy.calculations.stattests), which the 0.7 API
(ValueDrift, DataDriftPreset) delegates to. Before calling a test, +-inf and NaN are dropped the
way evidently.legacy.calculations.data_drift.get_one_column_drift does.
"""

import json
import math
import os
import sys
from pathlib import Path

# Evidently sums over Python sets of strings, whose order follows the per-process string hash; fix
# it so that re-recording gives byte-identical files (the order moves scores only in the last ulp).
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import numpy as np
import pandas as pd
import evidently
import scipy
from evidently.legacy.core import ColumnType
from evidently.legacy.calculations.stattests import registry
from evidently.legacy.calculations.stattests.registry import get_stattest

HERE = Path(__file__).resolve().parent
NUMERIC_TESTS = ["ks", "wasserstein", "psi", "jensenshannon", "kl_div", "hellinger",
                 "anderson", "cramer_von_mises", "mannw", "t_test", "ed", "es", "empirical_mmd"]
# Evidently refuses chisquare and z on a numerical column when asked by name; it reaches them only
# through its default choice for numerical columns with at most 5 distinct values.
DISCRETE_TESTS = ["chisquare", "z", "psi", "jensenshannon", "kl_div", "hellinger"]
# fisher_exact raises unless both sides have equal length and at most 2 distinct values, and
# cramer_von_mises crashes in its exact branch (both sizes <= 20) under numpy 2; an error is
# recorded as such (Capstan must refuse the same inputs)
CATEGORICAL_TESTS = DISCRETE_TESTS + ["fisher_exact", "TVD"]


def clean(series):
    # what get_one_column_drift does before choosing and calling a test
    return series.replace([np.inf, -np.inf], np.nan).dropna()


def json_value(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def record_column(name, kind, reference, current, tests):
    ctype = ColumnType.Numerical if kind == "numeric" else ColumnType.Categorical
    ref = clean(pd.Series(reference, dtype="float64" if kind == "numeric" else "object"))
    cur = clean(pd.Series(current, dtype="float64" if kind == "numeric" else "object"))
    results = []
    for test_id in tests:
        stattest = get_stattest(ref, cur, ctype, test_id)
        # empirical_mmd permutes with numpy's unseeded global generator; seed it the way TVD seeds itself
        # so that the recorded p-value is reproducible (Capstan draws the same stream)
        np.random.seed(0)
        try:
            r = stattest(ref.copy(), cur.copy(), ctype, None)
        except Exception as e:  # noqa: BLE001 - any failure is the recorded answer
            results.append({"stattest": stattest.name, "error": type(e).__name__})
            continue
        results.append({"stattest": stattest.name, "score": float(r.drift_score),
                        "threshold": float(r.actual_threshold), "drifted": bool(r.drifted)})
    default = get_stattest(ref, cur, ctype, None)
    r = default(ref.copy(), cur.copy(), ctype, None)
    return {
        "name": name,
        "kind": kind,
        "reference": [json_value(v) for v in reference],
        "current": [json_value(v) for v in current],
        "results": results,
        "default": {"stattest": default.name, "score": float(r.drift_score),
                    "threshold": float(r.actual_threshold), "drifted": bool(r.drifted)},
    }


def with_nans(values, rng, share):
    values = list(values)
    for i in rng.choice(len(values), int(len(values) * share), replace=False):
        values[i] = None
    return values


def floats(a):
    return [float(v) for v in a]


def datasets():
    rng = np.random.default_rng(20261123)
    cats = ["a", "b", "c", "d"]
    yield "numeric_small_reference", [
        ("normal_shift", "numeric", floats(rng.normal(0, 1, 500)), floats(rng.normal(0.3, 1, 400)), NUMERIC_TESTS),
        ("no_shift", "numeric", floats(rng.normal(5, 2, 800)), floats(rng.normal(5, 2, 600)), NUMERIC_TESTS),
        ("scale_shift_tiny", "numeric", floats(rng.normal(0, 1, 40)), floats(rng.normal(0, 3, 30)), NUMERIC_TESTS),
        ("ties_rounded", "numeric", floats(np.round(rng.normal(0, 1, 400), 1)),
         floats(np.round(rng.normal(0.2, 1, 300), 1)), NUMERIC_TESTS),
        ("few_values", "numeric", floats(rng.integers(0, 10, 600)), floats(rng.integers(0, 12, 500)),
         NUMERIC_TESTS),
        ("three_values", "numeric", floats(rng.choice([1.0, 2.0, 3.0], 300, p=[.5, .3, .2])),
         floats(rng.choice([1.0, 2.0, 3.0], 300, p=[.4, .3, .3])), NUMERIC_TESTS),
        ("binary_numeric", "numeric", floats(rng.choice([0.0, 1.0], 500, p=[.7, .3])),
         floats(rng.choice([0.0, 1.0], 400, p=[.6, .4])), NUMERIC_TESTS),
    ]
    yield "numeric_large_reference", [
        ("normal_shift_large", "numeric", floats(rng.normal(0, 1, 1500)), floats(rng.normal(0.15, 1.1, 500)),
         NUMERIC_TESTS),
        ("no_shift_large", "numeric", floats(rng.exponential(2, 1200)), floats(rng.exponential(2, 800)),
         NUMERIC_TESTS),
        ("three_values_large", "numeric", floats(rng.choice([1.0, 2.0, 3.0], 1100)),
         floats(rng.choice([1.0, 2.0, 3.0], 700)), NUMERIC_TESTS),
    ]
    yield "numeric_nans", [
        ("nan_shift", "numeric", with_nans(floats(rng.normal(0, 1, 300)), rng, 0.1),
         with_nans(floats(rng.normal(0.4, 1, 300)), rng, 0.3), NUMERIC_TESTS),
        ("nan_large", "numeric", with_nans(floats(rng.lognormal(0, 1, 1300)), rng, 0.05),
         with_nans(floats(rng.lognormal(0, 1, 600)), rng, 0.2), NUMERIC_TESTS),
    ]
    yield "categorical", [
        ("cat_shift", "categorical", list(rng.choice(cats, 500, p=[.4, .3, .2, .1])),
         list(rng.choice(cats, 400, p=[.25, .25, .25, .25])), CATEGORICAL_TESTS),
        ("cat_no_shift", "categorical", list(rng.choice(cats, 700, p=[.4, .3, .2, .1])),
         list(rng.choice(cats, 700, p=[.4, .3, .2, .1])), CATEGORICAL_TESTS),
        ("cat_new_category", "categorical", list(rng.choice(cats, 400, p=[.4, .3, .2, .1])),
         list(rng.choice(cats + ["e"], 300, p=[.35, .3, .2, .1, .05])), CATEGORICAL_TESTS),
        ("cat_missing_category", "categorical", list(rng.choice(cats + ["e"], 300, p=[.35, .3, .2, .1, .05])),
         list(rng.choice(cats, 300, p=[.4, .3, .2, .1])), CATEGORICAL_TESTS),
        ("cat_binary", "categorical", list(rng.choice(["no", "yes"], 600, p=[.8, .2])),
         list(rng.choice(["no", "yes"], 500, p=[.74, .26])), CATEGORICAL_TESTS),
        ("cat_large", "categorical", list(rng.choice(cats, 1500, p=[.4, .3, .2, .1])),
         list(rng.choice(cats, 500, p=[.3, .3, .25, .15])), CATEGORICAL_TESTS),
        ("cat_nulls", "categorical", with_nans(list(rng.choice(cats, 400)), rng, 0.15),
         with_nans(list(rng.choice(cats, 400, p=[.1, .2, .3, .4])), rng, 0.25), CATEGORICAL_TESTS),
    ]
    # small samples: the exact branches of cramer_von_mises (both sizes <= 20) and mannw (a size <= 8, no ties)
    yield "numeric_small_samples", [
        ("tiny_shift", "numeric", floats(rng.normal(0, 1, 7)), floats(rng.normal(1, 1, 6)), NUMERIC_TESTS),
        ("tiny_same", "numeric", floats(rng.normal(0, 1, 8)), floats(rng.normal(0, 1, 8)), NUMERIC_TESTS),
        ("small_cvm_exact", "numeric", floats(rng.normal(0, 1, 20)), floats(rng.normal(0.5, 1.5, 13)),
         NUMERIC_TESTS),
        ("small_ties", "numeric", floats(rng.integers(0, 6, 12)), floats(rng.integers(1, 7, 5)), NUMERIC_TESTS),
    ]
    yield "categorical_equal_length", [
        ("binary_equal", "categorical", list(rng.choice(["no", "yes"], 400, p=[.8, .2])),
         list(rng.choice(["no", "yes"], 400, p=[.72, .28])), CATEGORICAL_TESTS),
        ("binary_equal_same", "categorical", list(rng.choice(["x", "y"], 300, p=[.5, .5])),
         list(rng.choice(["x", "y"], 300, p=[.5, .5])), CATEGORICAL_TESTS),
        ("one_value_each", "categorical", ["p"] * 50, ["q"] * 50, CATEGORICAL_TESTS),
    ]


def main():
    for dataset, columns in datasets():
        doc = {
            "recorded_with": {"evidently": evidently.__version__, "scipy": scipy.__version__,
                              "numpy": np.__version__, "pandas": pd.__version__},
            "dataset": dataset,
            "columns": [record_column(*c) for c in columns],
        }
        for column in doc["columns"]:
            column["reference"] = [str(v) if isinstance(v, np.str_) else v for v in column["reference"]]
            column["current"] = [str(v) if isinstance(v, np.str_) else v for v in column["current"]]
        (HERE / f"{dataset}.json").write_text(json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n")
        print(dataset, [(c["name"], c["default"]["stattest"]) for c in doc["columns"]])


if __name__ == "__main__":
    main()
