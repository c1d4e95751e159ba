"""DataDriftPreset options against the matching `capstan drift` flags."""

import numpy as np
import pandas as pd
import pytest

NUMERIC_TESTS = ["ks", "wasserstein", "psi", "jensenshannon", "kl_div", "hellinger", "anderson", "mannw",
                 "t_test", "ed", "cramer_von_mises"]
CATEGORICAL_TESTS = ["chisquare", "z", "psi", "jensenshannon", "kl_div", "hellinger", "TVD"]


def numeric_frame(rng, rows, shift):
    return pd.DataFrame({
        "x": rng.normal(0.2 * shift, 1, rows),
        "y": np.where(rng.random(rows) < 0.1, np.nan, rng.exponential(1 + 0.3 * shift, rows)),
        "z": rng.uniform(0, 10 + shift, rows),
    })


def categorical_frame(rng, rows, shift):
    return pd.DataFrame({
        "a": rng.choice(["u", "v"], rows, p=[0.6, 0.4] if not shift else [0.5, 0.5]),
        "b": rng.choice(["p", "q"], rows, p=[0.8, 0.2]),
    })


@pytest.mark.parametrize("method", NUMERIC_TESTS)
def test_every_numerical_test_by_name(compare, method):
    rng = np.random.default_rng(len(method))
    compare(numeric_frame(rng, 300, 0), numeric_frame(rng, 250, 1), {"method": method}, ["--stattest", method])


@pytest.mark.parametrize("method", CATEGORICAL_TESTS)
def test_every_categorical_test_by_name(compare, method):
    rng = np.random.default_rng(len(method) + 100)
    compare(categorical_frame(rng, 300, 0), categorical_frame(rng, 250, 1), {"method": method},
            ["--stattest", method])


def test_type_specific_and_per_column_tests_and_thresholds(compare):
    rng = np.random.default_rng(21)
    reference = pd.concat([numeric_frame(rng, 1200, 0), categorical_frame(rng, 1200, 0)], axis=1)
    current = pd.concat([numeric_frame(rng, 900, 1), categorical_frame(rng, 900, 1)], axis=1)
    compare(reference, current,
            {"num_method": "ks", "cat_method": "psi", "per_column_method": {"z": "anderson"},
             "threshold": 0.2, "num_threshold": 0.01, "per_column_threshold": {"b": 0.001}},
            ["--stattest", "num=ks", "--stattest", "cat=psi", "--stattest", "z=anderson",
             "--threshold", "0.2", "--threshold", "num=0.01", "--threshold", "b=0.001"])


@pytest.mark.parametrize("share", [0.2, 0.5, 0.75, 1.0])
def test_drift_share(compare, share):
    rng = np.random.default_rng(22)
    reference = numeric_frame(rng, 400, 0)
    current = numeric_frame(rng, 400, 1)
    compare(reference, current, {"drift_share": share}, ["--drift-share", str(share)])


def test_selected_columns(compare):
    rng = np.random.default_rng(23)
    reference = pd.concat([numeric_frame(rng, 500, 0), categorical_frame(rng, 500, 0)], axis=1)
    current = pd.concat([numeric_frame(rng, 500, 1), categorical_frame(rng, 500, 1)], axis=1)
    compare(reference, current, {"columns": ["y", "a"]}, ["--columns", "y,a"])


@pytest.mark.parametrize("method", ["t_test", "ks", "wasserstein", "mannw", "psi", "cramer_von_mises"])
def test_constant_columns(compare, method):
    # a t-test of two constant samples is undefined: Evidently reports a NaN score, not drifted
    rng = np.random.default_rng(24)
    reference = pd.DataFrame({"same": np.full(300, 3.5), "moved": np.full(300, 1.5), "x": rng.normal(0, 1, 300)})
    current = pd.DataFrame({"same": np.full(200, 3.5), "moved": np.full(200, 2.5), "x": rng.normal(0, 1, 200)})
    cap, ev = compare(reference, current, {"method": method}, ["--stattest", method])
    if method == "t_test":
        same = next(c for c in cap["columns"] if c["column"] == "same")
        assert same["drift_score"] == "NaN" and same["drift_detected"] is False
