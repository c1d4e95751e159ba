"""Writes the validation benchmark data: ROWS rows x 6 columns as Parquet, seeded.

    python generate.py OUT_FILE [ROWS]
"""

import sys

import numpy as np
import pandas as pd


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    rng = np.random.default_rng(20261125)
    price = rng.lognormal(3, 1, rows).round(2)
    price[rng.random(rows) < 0.01] = np.nan
    df = pd.DataFrame({
        "id": np.arange(rows, dtype="int64"),
        "age": rng.integers(15, 95, rows),
        "price": price,
        "city": rng.choice(["Paris", "Lyon", "Nice", "Lille", "Rome"], rows),
        "code": pd.Series(rng.integers(0, 1000, rows)).map(lambda n: f"AB-{n:03d}"),
        "score": rng.normal(0, 1, rows),
    })
    df.to_parquet(out, index=False)
    print(f"{out}: {rows} rows x {len(df.columns)} columns")


if __name__ == "__main__":
    main()
