"""Inputs Evidently cannot answer: what it does, and Capstan's documented behaviour (docs/drift.md)."""

import json

import numpy as np
import pandas as pd
import pytest

from conftest import run_capstan
from evidently_drift import evidently_drift


def write(tmp_path, reference, current):
    ref, cur = tmp_path / "reference.csv", tmp_path / "current.csv"
    reference.to_csv(ref, index=False)
    current.to_csv(cur, index=False)
    return ref, cur


def test_an_all_missing_column_stops_evidently_and_is_skipped_by_capstan(tmp_path):
    rng = np.random.default_rng(41)
    reference = pd.DataFrame({"a": rng.normal(0, 1, 300), "e": rng.normal(0, 1, 300)})
    current = pd.DataFrame({"a": rng.normal(0, 1, 300), "e": [np.nan] * 300})
    ref, cur = write(tmp_path, reference, current)
    with pytest.raises(ValueError, match="empty column 'e'"):
        evidently_drift(pd.read_csv(ref), pd.read_csv(cur))

    status, _, err = run_capstan("drift", ref, cur, "--json", tmp_path / "out.json")

    assert status in (0, 1)
    report = json.loads((tmp_path / "out.json").read_text())
    assert [c["column"] for c in report["columns"]] == ["a"]
    assert [s["column"] for s in report["skipped_columns"]] == ["e"]
    assert "column 'e' not tested" in err


def test_a_column_missing_from_the_reference(tmp_path):
    ref, cur = write(tmp_path, pd.DataFrame({"a": [1.5, 2.5]}), pd.DataFrame({"a": [1.5, 2.5], "b": [1.0, 2.0]}))
    with pytest.raises(Exception):
        evidently_drift(pd.read_csv(ref), pd.read_csv(cur))

    status, out, err = run_capstan("drift", ref, cur)

    assert status == 2
    assert err.strip() == "capstan drift: Column 'b' is in the current data but not in the reference (its columns: a)"
    assert "Exception" not in err and "\tat " not in err


def test_text_in_a_numeric_column(tmp_path):
    rng = np.random.default_rng(42)
    reference = pd.DataFrame({"x": rng.normal(0, 1, 200)})
    current = pd.DataFrame({"x": ["1.5", "oops"] * 100})
    ref, cur = write(tmp_path, reference, current)

    status, _, err = run_capstan("drift", ref, cur)

    assert status == 2
    assert err.strip().startswith("capstan drift: Column 'x' holds string values in the current data but float")


@pytest.mark.parametrize("content", [b"", b"\x00\x01garbage\xff"])
def test_unreadable_files(tmp_path, content):
    good = tmp_path / "good.csv"
    pd.DataFrame({"a": [1.0, 2.0]}).to_csv(good, index=False)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(content)

    for args in ([bad, good], [tmp_path / "missing.csv", good], [tmp_path, good]):
        status, _, err = run_capstan("drift", *args)
        assert status == 2, err
        assert err.startswith("capstan drift: ") and err.count("\n") == 1, err
