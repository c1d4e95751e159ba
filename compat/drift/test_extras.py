"""Capstan's opt-in extras against their references: statsmodels' multipletests and proportions_ztest,
SciPy's fisher_exact and contingency.association, NumPy's moments; and sketch mode against Evidently."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import fisher_exact
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from conftest import assert_same_drift, capstan_drift, close
from test_generated import mixed, with_nans

P_VALUE_TESTS = {"ks", "chisquare", "z", "anderson", "cramer_von_mises", "mannw", "t_test", "es", "fisher_exact",
                 "TVD", "empirical_mmd"}


def write(frame, path):
    if str(path).endswith(".parquet"):
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


def files(tmp_path, reference, current, fmt="csv"):
    return (write(reference, tmp_path / f"reference.{fmt}"), write(current, tmp_path / f"current.{fmt}"))


def frames(seed, rows_reference=800, rows_current=700):
    rng = np.random.default_rng(seed)
    reference = mixed(rng, rows_reference, 0)
    current = mixed(rng, rows_current, 1)
    # missing shares that move a little, a lot, or not at all
    current["normal"] = with_nans(current["normal"], rng, 0.03)
    reference["same"] = with_nans(reference["same"], rng, 0.01)
    current["same"] = with_nans(current["same"], rng, 0.012)
    return reference, current


def family(report):
    """The p-values Capstan corrects, in its order: per column the value test (if a p-value), then missing."""
    values = []
    for column in report["columns"]:
        if column["stattest"] in P_VALUE_TESTS:
            values.append(("value", column["column"], column["drift_score"]))
        if "missing_drift" in column:
            values.append(("missing", column["column"], column["missing_drift"]["p_value"]))
    return values


@pytest.mark.parametrize("method", ["bonferroni", "holm", "bh", "by"])
@pytest.mark.parametrize("seed", [1, 2])
def test_corrections_are_statsmodels_multipletests(tmp_path, method, seed):
    reference, current = frames(seed)
    ref, cur = files(tmp_path, reference, current)
    report = capstan_drift(ref, cur, tmp_path, "--correction", method, "--missing-drift", "--threshold", "0.05")
    name = {"bh": "fdr_bh", "by": "fdr_by"}.get(method, method)
    assert report["multiple_testing"]["statsmodels_method"] == name
    tests = family(report)
    assert report["multiple_testing"]["number_of_tests"] == len(tests) > 5
    reject, corrected, _, _ = multipletests([p for _, _, p in tests], alpha=0.05, method=name)
    by_name = {c["column"]: c for c in report["columns"]}
    problems = []
    for (kind, column, _), want, rejected in zip(tests, corrected, reject):
        entry = by_name[column] if kind == "value" else by_name[column]["missing_drift"]
        got = entry["adjusted_drift_score" if kind == "value" else "adjusted_p_value"]
        if not close(got, float(want)):
            problems.append(f"{kind} {column}: adjusted capstan={got!r} statsmodels={want!r}")
        decided = entry["drift_detected_adjusted"]
        if decided != bool(rejected) and not math.isclose(float(want), 0.05, rel_tol=1e-9):
            problems.append(f"{kind} {column}: decision capstan={decided} statsmodels={bool(rejected)}")
    assert not problems, "\n".join(problems)
    # the vote counts the corrected decisions
    counted = sum(1 for c in report["columns"] if c["counts_as_drifted"])
    assert report["number_of_drifted_columns"] == counted
    assert counted == sum(1 for c in report["columns"]
                          if c.get("drift_detected_adjusted", c["drift_detected"]))


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_missing_value_drift_is_statsmodels_ztest_or_scipy_fisher(tmp_path, seed):
    rng = np.random.default_rng(seed)
    reference, current = frames(seed, 600, 400)
    # a few missing values only: Fisher's exact test
    reference["rare"] = with_nans(rng.normal(0, 1, len(reference)), rng, 0.004)
    current["rare"] = with_nans(rng.normal(0, 1, len(current)), rng, 0.02)
    # every value gone: the column is skipped, and its missing-value drift reported there
    reference["gone"] = rng.normal(0, 1, len(reference))
    current["gone"] = np.nan
    ref, cur = files(tmp_path, reference, current)
    report = capstan_drift(ref, cur, tmp_path, "--missing-drift", "--missing-threshold", "0.01")
    # what Evidently decides is untouched
    assert "counts_as_drifted" not in report["columns"][0]
    back_ref, back_cur = pd.read_csv(ref), pd.read_csv(cur)
    seen = set()
    gone = next(c for c in report["skipped_columns"] if c["column"] == "gone")
    _, want = proportions_ztest([0, len(current)], [len(reference), len(current)])
    assert gone["missing_drift"]["stattest"] == "z" and close(gone["missing_drift"]["p_value"], float(want))
    assert gone["missing_drift"]["drift_detected"] and gone["missing_drift"]["current_share"] == 1.0
    for column in report["columns"]:
        name = column["column"]
        m = column["missing_drift"]
        mr, nr = int(back_ref[name].isna().sum()), len(back_ref)
        mc, nc = int(back_cur[name].isna().sum()), len(back_cur)
        assert m["reference_share"] == pytest.approx(mr / nr, rel=1e-12)
        assert m["current_share"] == pytest.approx(mc / nc, rel=1e-12)
        pooled = (mr + mc) / (nr + nc)
        if mr + mc == 0:
            assert m["p_value"] == 1.0
            continue
        expected_test = "z" if min(nr, nc) * min(pooled, 1 - pooled) >= 5 else "fisher_exact"
        assert m["stattest"] == expected_test, name
        seen.add(expected_test)
        if expected_test == "z":
            _, want = proportions_ztest([mr, mc], [nr, nc])
        else:
            want = fisher_exact([[mr, nr - mr], [mc, nc - mc]]).pvalue
        assert close(m["p_value"], float(want)), f"{name}: capstan={m['p_value']} reference={want}"
        assert m["drift_detected"] == (m["p_value"] < 0.01)
    assert seen == {"z", "fisher_exact"}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_effect_sizes_are_numpy_and_scipy_association(tmp_path, fmt):
    reference, current = frames(6, 900, 600)
    ref, cur = files(tmp_path, reference, current, fmt)
    report = capstan_drift(ref, cur, tmp_path, "--effect-sizes")
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    back_ref, back_cur = read(ref), read(cur)
    numerical = categorical = 0
    for column in report["columns"]:
        name = column["column"]
        effect = column["effect_size"]
        if column["column_type"] == "num":
            numerical += 1
            r = back_ref[name].dropna().to_numpy(dtype=float)
            c = back_cur[name].dropna().to_numpy(dtype=float)
            sr, sc = r.std(ddof=1), c.std(ddof=1)
            pooled = math.sqrt(((len(r) - 1) * sr ** 2 + (len(c) - 1) * sc ** 2) / (len(r) + len(c) - 2))
            want = {"reference_mean": r.mean(), "current_mean": c.mean(), "reference_median": np.median(r),
                    "current_median": np.median(c), "reference_std": sr, "current_std": sc,
                    "cohens_d": (c.mean() - r.mean()) / pooled, "mean_shift": c.mean() - r.mean(),
                    "median_shift": np.median(c) - np.median(r), "std_shift": sc - sr}
            for key, value in want.items():
                assert abs(effect[key] - value) <= 1e-9 * max(1.0, abs(value)), f"{name} {key}: {effect[key]} vs {value}"
        else:
            categorical += 1
            r = back_ref[name].dropna()
            c = back_cur[name].dropna()
            # categories as Capstan (and Evidently) compare them: numbers by value, booleans as True/False
            if r.dtype == bool or c.dtype == bool:
                r, c = r.map(str), c.map(str)
            values = sorted(set(r) | set(c), key=str)
            table = np.array([[int((r == v).sum()) for v in values], [int((c == v).sum()) for v in values]])
            v = association(table, method="cramer") if len(values) > 1 else 0.0
            assert effect["cramers_v"] == pytest.approx(v, rel=1e-9, abs=1e-12), name
            shares_r = table[0] / table[0].sum()
            shares_c = table[1] / table[1].sum()
            largest = np.max(np.abs(shares_c - shares_r))
            assert abs(effect["largest_share_change"]["change"]) == pytest.approx(largest, rel=1e-12), name
    assert numerical >= 4 and categorical >= 4


def test_extras_do_not_touch_evidentlys_numbers(compare):
    reference, current = frames(7)
    compare(reference, current, {}, ["--effect-sizes", "--missing-drift"])


def test_sketch_mode_against_evidently(tmp_path):
    """Large numerical columns: Evidently's score inside Capstan's bounds; categorical and small ones: equal."""
    from evidently_drift import evidently_drift

    rng = np.random.default_rng(8)
    rows = 60_000

    def frame(shift, n):
        return pd.DataFrame({
            "normal": rng.normal(0.05 * shift, 1, n),
            "skewed": with_nans(rng.exponential(1 + 0.05 * shift, n), rng, 0.02),
            "city": rng.choice(["Paris", "Lyon", "Nice", "Lille"], n,
                               p=[0.4, 0.3, 0.2, 0.1] if not shift else [0.35, 0.3, 0.2, 0.15]),
            "level": rng.integers(0, 4, n),
            "few": rng.choice([0.5, 1.5, 2.5], n),
        })

    reference, current = frame(0, rows), frame(1, rows // 2)
    ref, cur = files(tmp_path, reference, current, "parquet")
    evidently = evidently_drift(pd.read_parquet(ref), pd.read_parquet(cur))
    sketch = capstan_drift(ref, cur, tmp_path, "--sketch")
    by_name = {c["column"]: c for c in sketch["columns"]}
    for ev in evidently["columns"]:
        cap = by_name[ev["column"]]
        assert cap["stattest"] == ev["stattest"] and cap["column_type"] == ev["column_type"], ev["column"]
        if cap["sketch_estimate"]:
            low, high = cap["drift_score_bounds"]
            assert low <= ev["drift_score"] <= high, f"{ev['column']}: {ev['drift_score']} not in [{low}, {high}]"
        else:
            assert close(cap["drift_score"], ev["drift_score"]), ev["column"]
            assert cap["drift_detected"] == ev["drift_detected"], ev["column"]
    assert {c for c in by_name if by_name[c]["sketch_estimate"]} == {"normal", "skewed"}


def test_sketch_mode_refuses_what_it_cannot_run(tmp_path):
    from conftest import run_capstan

    rng = np.random.default_rng(9)
    frame = pd.DataFrame({"x": rng.normal(0, 1, 20_000)})
    ref, cur = files(tmp_path, frame, frame)
    status, _, stderr = run_capstan("drift", ref, cur, "--sketch", "--stattest", "anderson")
    assert status == 2
    assert stderr.strip().startswith("capstan drift: Column 'x': stat test 'anderson' cannot run in sketch mode")
    assert len(stderr.strip().splitlines()) == 1
    status, _, stderr = run_capstan("drift", ref, cur, "--sketch-k", "5")
    assert status == 2 and stderr.strip() == "capstan drift: Sketch k must be between 8 and 65535, got 5"
    status, _, stderr = run_capstan("drift", ref, cur, "--correction", "nope")
    assert status == 2 and "Unknown multiple-testing correction 'nope'" in stderr
