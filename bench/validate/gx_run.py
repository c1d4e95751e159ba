"""Runs great-expectations 1.24.1 on a Parquet file with a YAML suite (result_format BASIC), as the
validation benchmark's GX side: pandas.read_parquet, one validation of the whole suite, results to JSON.

    python gx_run.py DATA.parquet SUITE.yaml OUT.json
"""

import json
import sys
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "compat" / "validate"))
from gx_validate import gx_validate  # noqa: E402


def main():
    data, suite_file, out = sys.argv[1:4]
    suite = YAML(typ="safe").load(Path(suite_file).read_text())
    result = gx_validate(pd.read_parquet(data), suite)
    Path(out).write_text(json.dumps(result, indent=1))
    return 0 if result["success"] else 1


if __name__ == "__main__":
    sys.exit(main())
