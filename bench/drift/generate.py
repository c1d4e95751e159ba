"""Writes the drift benchmark data: reference and current, ROWS rows x 20 mixed columns, as CSV and Parquet.

    python generate.py OUT_DIR [ROWS]

Columns: 10 float columns (normal, lognormal, uniform; some shifted in current, some with NaNs),
3 integer columns with many values (numerical for Evidently), 2 integer columns with few values
(categorical for Evidently), 4 string columns with 3-50 categories, 1 boolean. Seeded, so the same
files come out every time.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def frame(rng, rows, shift):
    cols = {}
    for i in range(4):
        cols[f"normal_{i}"] = rng.normal(shift * (i % 2) * 0.1, 1 + shift * 0.05 * i, rows)
    for i in range(3):
        cols[f"lognormal_{i}"] = rng.lognormal(0 + shift * 0.02 * i, 1, rows)
    for i in range(3):
        v = rng.uniform(0, 100 + shift * i, rows)
        v[rng.random(rows) < 0.02 + 0.03 * shift] = np.nan
        cols[f"uniform_nan_{i}"] = v
    for i in range(3):
        cols[f"count_{i}"] = rng.poisson(20 + shift * i, rows).astype("int64")
    for i in range(2):
        cols[f"level_{i}"] = rng.integers(0, 5 + i, rows).astype("int64")
    cats = [list("abc"), [f"city_{k}" for k in range(12)], [f"sku_{k}" for k in range(50)], ["low", "mid", "high"]]
    for i, values in enumerate(cats):
        p = np.linspace(1, 1 + shift * (i + 1) * 0.2, len(values))
        cols[f"category_{i}"] = rng.choice(values, rows, p=p / p.sum())
    cols["flag"] = rng.random(rows) < 0.3 + 0.05 * shift
    return pd.DataFrame(cols)


def main():
    out = Path(sys.argv[1])
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261124)
    for name, shift in (("reference", 0.0), ("current", 1.0)):
        df = frame(rng, rows, shift)
        df.to_csv(out / f"{name}.csv", index=False)
        df.to_parquet(out / f"{name}.parquet", index=False)
        print(f"{out / name}.csv/.parquet: {len(df)} rows x {len(df.columns)} columns")


if __name__ == "__main__":
    main()
