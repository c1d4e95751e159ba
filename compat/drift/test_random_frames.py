"""Seeded random frames of mixed columns against Evidently: default tests, and each numerical and
categorical test by name. Left out: text columns (Evidently's domain classifier is not reproduced),
empirical_mmd (Evidently draws its permutations unseeded) and Epps-Singleton (these frames have binary
columns, which Capstan refuses for es on purpose); a frame Evidently itself stops on is skipped."""

import numpy as np
import pandas as pd
import pytest

from evidently_drift import evidently_drift

NUMERIC_TESTS = ["ks", "wasserstein", "psi", "jensenshannon", "kl_div", "hellinger", "anderson", "mannw",
                 "t_test", "ed", "cramer_von_mises"]
CATEGORICAL_TESTS = ["chisquare", "z", "psi", "jensenshannon", "kl_div", "hellinger", "TVD"]
KINDS = ["normal", "lognormal", "intmany", "intfew", "intnan", "roundfloat", "str", "strnum", "bool", "const",
         "binary"]


def column(rng, kind, rows, shift):
    if kind == "normal":
        v = rng.normal(shift * rng.uniform(0, 1), rng.uniform(0.1, 100), rows)
        if rng.random() < 0.5:
            v[rng.random(rows) < rng.uniform(0, 0.3)] = np.nan
        return v
    if kind == "lognormal":
        return rng.lognormal(shift * 0.3, 1.5, rows)
    if kind == "intmany":
        return rng.integers(0, 50 + int(shift * 10), rows)
    if kind == "intfew":
        return rng.integers(0, rng.integers(2, 11), rows)
    if kind == "intnan":
        v = rng.integers(0, 8, rows).astype(float)
        v[rng.random(rows) < 0.2] = np.nan
        return v
    if kind == "roundfloat":
        return np.round(rng.normal(0, 3, rows) + shift, 0)
    if kind == "str":
        k = int(rng.integers(2, 9))
        v = rng.choice([f"c{i}" for i in range(k + (2 if shift else 0))], rows).astype(object)
        if rng.random() < 0.4:
            v[rng.random(rows) < 0.1] = None
        return v
    if kind == "strnum":
        return rng.choice(["1", "2", "x"], rows)
    if kind == "bool":
        return rng.random(rows) < (0.3 + 0.2 * shift)
    if kind == "const":
        return np.full(rows, 3.5)
    if kind == "binary":
        return rng.choice([0.0, 1.0], rows)
    raise ValueError(kind)


def frames(seed, small=False):
    rng = np.random.default_rng(seed)
    ref_rows = int(rng.choice([40, 200, 999, 1000, 1001, 2000] + ([] if small else [3000, 20000])))
    cur_rows = int(rng.choice([30, 300, 1500] + ([] if small else [5000])))
    kinds = list(rng.choice(KINDS, int(rng.integers(2, 7))))
    shift = float(rng.choice([0.0, 0.5, 2.0]))
    ref = pd.DataFrame({f"{k}_{i}": column(rng, k, ref_rows, 0) for i, k in enumerate(kinds)})
    cur = pd.DataFrame({f"{k}_{i}": column(rng, k, cur_rows, shift) for i, k in enumerate(kinds)})
    return rng, ref, cur


@pytest.mark.parametrize("seed", range(1000, 1016))
def test_default_tests(compare, seed):
    _, ref, cur = frames(seed)
    compare(ref, cur, {}, [], fmt="csv" if seed % 2 else "parquet")


@pytest.mark.parametrize("seed", range(1100, 1124))
def test_named_tests(compare, seed):
    # small frames keep ed's n×n distance matrices small
    rng, ref, cur = frames(seed, small=True)
    num = str(rng.choice(NUMERIC_TESTS))
    cat = str(rng.choice(CATEGORICAL_TESTS))
    try:
        evidently_drift(ref, cur, num_method=num, cat_method=cat)
    except ValueError as e:
        pytest.skip(f"Evidently stops: {e}")
    compare(ref, cur, {"num_method": num, "cat_method": cat}, ["--stattest", f"num={num}", "--stattest", f"cat={cat}"],
            fmt="parquet")
