"""Shared helpers: run `capstan drift` on files and compare its JSON with Evidently's answer."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[2]
RELATIVE = 1e-6
ABSOLUTE = 1e-9


def capstan_command():
    java = os.environ.get("CAPSTAN_JAVA")
    jar = os.environ.get("CAPSTAN_JAR", str(ROOT / "app" / "target" / "capstan-app.jar"))
    if java:
        return [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-jar", jar]
    return [str(ROOT / "capstan")]


def run_capstan(*args):
    """Runs `capstan ARGS`; returns (exit status, stdout, stderr)."""
    done = subprocess.run(capstan_command() + [str(a) for a in args], capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def capstan_drift(reference_file, current_file, tmp_path, *options):
    out = tmp_path / "capstan.json"
    status, stdout, stderr = run_capstan("drift", reference_file, current_file, "--json", out, "--no-progress",
                                         *options)
    assert status in (0, 1), f"capstan drift failed ({status}): {stderr}"
    result = json.loads(out.read_text())
    assert status == (1 if result["dataset_drift"] else 0), "exit status must follow dataset_drift"
    return result


def close(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= ABSOLUTE or abs(a - b) <= RELATIVE * abs(b)


def assert_same_drift(capstan, evidently, context=""):
    by_name = {c["column"]: c for c in capstan["columns"]}
    problems = []
    for ev in evidently["columns"]:
        name = ev["column"]
        cap = by_name.get(name)
        if cap is None:
            problems.append(f"{name}: not tested by Capstan")
            continue
        for key in ("column_type", "stattest", "drift_detected", "threshold"):
            if cap[key] != ev[key]:
                problems.append(f"{name}: {key} capstan={cap[key]!r} evidently={ev[key]!r}")
        if not close(cap["drift_score"], ev["drift_score"]):
            problems.append(f"{name}: drift_score capstan={cap['drift_score']!r} evidently={ev['drift_score']!r}")
    extra = set(by_name) - {c["column"] for c in evidently["columns"]}
    if extra:
        problems.append(f"tested by Capstan only: {sorted(extra)}")
    for key in ("number_of_columns", "number_of_drifted_columns", "dataset_drift", "drift_share"):
        if capstan[key] != evidently[key]:
            problems.append(f"dataset {key}: capstan={capstan[key]!r} evidently={evidently[key]!r}")
    assert not problems, f"{context}\n" + "\n".join(problems)


@pytest.fixture
def compare(tmp_path):
    """compare(reference_df, current_df, preset_options={}, cli_options=[], fmt="csv") -> (capstan, evidently)."""
    import pandas as pd
    from evidently_drift import evidently_drift

    def run(reference, current, preset_options=None, cli_options=(), fmt="csv"):
        files = []
        for name, frame in (("reference", reference), ("current", current)):
            path = tmp_path / f"{name}.{fmt}"
            if fmt == "csv":
                frame.to_csv(path, index=False)
            else:
                frame.to_parquet(path, index=False)
            files.append(path)
        # Evidently sees the data as a user would get it back from the same files
        read = pd.read_csv if fmt == "csv" else pd.read_parquet
        ev = evidently_drift(read(files[0]), read(files[1]), **(preset_options or {}))
        cap = capstan_drift(files[0], files[1], tmp_path, *cli_options)
        assert_same_drift(cap, ev, context=f"options {preset_options} / {list(cli_options)}")
        return cap, ev

    return run
