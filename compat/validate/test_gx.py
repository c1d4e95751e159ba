"""great-expectations 1.24.1 and `capstan validate --json` on the same CSV files and suites: every
expectation's success, and the result numbers both report (observed_value, counts, percentages,
partial_unexpected_list), must agree."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from capstan_cli import run_capstan
from gx_validate import gx_validate

RESULT_KEYS = ["observed_value", "element_count", "unexpected_count", "unexpected_percent", "missing_count",
               "missing_percent", "unexpected_percent_total", "unexpected_percent_nonmissing",
               "partial_unexpected_list", "partial_missing_list"]


def frame(rng, rows):
    price = rng.lognormal(3, 1, rows).round(2)
    price[rng.random(rows) < 0.1] = np.nan
    return pd.DataFrame({
        "id": np.arange(rows),
        "age": rng.integers(15, 90, rows),
        "price": price,
        "city": rng.choice(["Paris", "Lyon", "Nice", "Lille", None], rows, p=[0.4, 0.3, 0.15, 0.1, 0.05]),
        "code": [f"AB-{n:03d}" if n % 17 else f"x{n}" for n in rng.integers(0, 999, rows)],
        "dup": rng.integers(0, rows, rows),
        "flag": rng.random(rows) < 0.3,
    })


def expectations():
    e = lambda t, **kw: {"type": t, "kwargs": kw}  # noqa: E731
    return [
        e("expect_table_row_count_to_be_between", min_value=100, max_value=1000),
        e("expect_table_row_count_to_be_between", min_value=5000),
        e("expect_table_row_count_to_equal", value=500),
        e("expect_table_column_count_to_be_between", min_value=3, max_value=7),
        e("expect_table_column_count_to_equal", value=8),
        e("expect_table_columns_to_match_ordered_list", column_list=["id", "age", "price", "city", "code", "dup", "flag"]),
        e("expect_table_columns_to_match_ordered_list", column_list=["age", "id"]),
        e("expect_table_columns_to_match_set", column_set=["id", "age", "price", "city", "code", "dup", "flag"]),
        e("expect_table_columns_to_match_set", column_set=["id", "age"], exact_match=False),
        e("expect_table_columns_to_match_set", column_set=["id", "age"], exact_match=True),
        e("expect_column_to_exist", column="price"),
        e("expect_column_to_exist", column="nope"),
        e("expect_column_values_to_not_be_null", column="price"),
        e("expect_column_values_to_not_be_null", column="price", mostly=0.8),
        e("expect_column_values_to_not_be_null", column="age"),
        e("expect_column_values_to_be_null", column="price", mostly=0.05),
        e("expect_column_values_to_be_between", column="age", min_value=18, max_value=80),
        e("expect_column_values_to_be_between", column="age", min_value=18, max_value=80, mostly=0.8),
        e("expect_column_values_to_be_between", column="price", min_value=5, strict_min=True),
        e("expect_column_values_to_be_between", column="age", max_value=89, strict_max=True),
        e("expect_column_values_to_be_in_set", column="city", value_set=["Paris", "Lyon", "Nice"]),
        e("expect_column_values_to_be_in_set", column="age", value_set=list(range(15, 60))),
        e("expect_column_values_to_not_be_in_set", column="city", value_set=["Nice"]),
        e("expect_column_values_to_match_regex", column="code", regex="^AB-\\d{3}$"),
        e("expect_column_values_to_match_regex", column="code", regex="-", mostly=0.9),
        e("expect_column_values_to_not_match_regex", column="city", regex="^L"),
        e("expect_column_values_to_be_unique", column="id"),
        e("expect_column_values_to_be_unique", column="dup"),
        e("expect_column_value_lengths_to_be_between", column="city", min_value=5, max_value=5),
        e("expect_column_value_lengths_to_equal", column="code", value=6),
        e("expect_column_mean_to_be_between", column="age", min_value=40, max_value=60),
        e("expect_column_mean_to_be_between", column="price", min_value=0, max_value=10),
        e("expect_column_median_to_be_between", column="price", min_value=10, max_value=30),
        e("expect_column_median_to_be_between", column="age", min_value=50),
        e("expect_column_min_to_be_between", column="age", min_value=15, max_value=20),
        e("expect_column_max_to_be_between", column="price", max_value=100),
        e("expect_column_sum_to_be_between", column="age", min_value=0, max_value=30000),
        e("expect_column_stdev_to_be_between", column="age", min_value=15, max_value=30),
        e("expect_column_stdev_to_be_between", column="price", max_value=5),
        e("expect_column_unique_value_count_to_be_between", column="city", min_value=3, max_value=4),
        e("expect_column_proportion_of_unique_values_to_be_between", column="dup", min_value=0.5, max_value=0.7),
        e("expect_column_distinct_values_to_be_in_set", column="city", value_set=["Paris", "Lyon", "Nice", "Lille"]),
        e("expect_column_distinct_values_to_contain_set", column="city", value_set=["Paris", "Rome"]),
        e("expect_column_distinct_values_to_equal_set", column="city", value_set=["Paris", "Lyon", "Nice", "Lille"]),
    ]


def key(expectation):
    kwargs = {k: v for k, v in expectation["kwargs"].items() if k != "batch_id"}
    return expectation["type"] + json.dumps(kwargs, sort_keys=True)


def gx_in_order(df, suite):
    """GX keeps one expectation per domain in a suite (repeats replace each other), so each runs alone."""
    results = [gx_validate(df, {"name": suite["name"], "expectations": [e]})["results"][0]
               for e in suite["expectations"]]
    return {"success": all(r["success"] for r in results), "results": results}


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if a is None or b is None:
            return a == b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("rows,seed", [(500, 1), (120, 2), (800, 3)])
def test_suite_matches_great_expectations(tmp_path, rows, seed):
    df = frame(np.random.default_rng(seed), rows)
    data = tmp_path / "data.csv"
    df.to_csv(data, index=False)
    suite = {"name": "core", "expectations": expectations()}
    suite_file = tmp_path / "suite.json"
    suite_file.write_text(json.dumps(suite))

    gx = gx_in_order(pd.read_csv(data), suite)
    status, stdout, stderr = run_capstan("validate", data, "--suite", suite_file, "--json", "-")
    assert status in (0, 1), stderr
    capstan = json.loads(stdout)

    problems = []
    for i, (g, c) in enumerate(zip(gx["results"], capstan["results"])):
        name = f"{i} {g['expectation_config']['type']} {json.dumps({k: v for k, v in g['expectation_config']['kwargs'].items() if k != 'batch_id'})}"
        if g["success"] != c["success"]:
            problems.append(f"{name}: success gx={g['success']} capstan={c['success']} ({g['result']} vs {c['result']})")
            continue
        for key in RESULT_KEYS:
            expected, actual = g["result"].get(key), c["result"].get(key)
            if key == "partial_missing_list" and expected is not None and actual is not None:
                # GX lists them in Python set order, which changes from run to run
                expected, actual = sorted(expected, key=str), sorted(actual, key=str)
            if key in g["result"] and key in c["result"] and not same(actual, expected):
                problems.append(f"{name}: {key} gx={g['result'][key]!r} capstan={c['result'][key]!r}")
    assert len(gx["results"]) == len(capstan["results"])
    assert gx["success"] == capstan["success"]
    assert status == (0 if capstan["success"] else 1)
    assert not problems, "\n".join(problems)


def test_edge_cases_match_great_expectations(tmp_path):
    df = pd.DataFrame({
        "empty": [np.nan] * 6,
        "ints": [1, 2, 2, 3, 3, 3],
        "mixed_nan": [1.5, np.nan, 2.5, np.nan, 1.5, 10.0],
        "word": ["a", "bb", "a", "ccc", None, "bb"],
    })
    e = lambda t, **kw: {"type": t, "kwargs": kw}  # noqa: E731
    suite = {"name": "edges", "expectations": [
        e("expect_column_values_to_not_be_null", column="empty"),
        e("expect_column_values_to_be_null", column="empty"),
        e("expect_column_values_to_be_between", column="empty", min_value=0, max_value=1),
        e("expect_column_values_to_be_in_set", column="ints", value_set=[1.0, 2.0]),
        e("expect_column_values_to_be_in_set", column="ints", value_set=[1, 2, 3]),
        e("expect_column_values_to_be_unique", column="mixed_nan"),
        e("expect_column_values_to_be_unique", column="word", mostly=0.3),
        e("expect_column_median_to_be_between", column="ints", min_value=2.5, max_value=2.5),
        e("expect_column_median_to_be_between", column="mixed_nan", min_value=2, max_value=2),
        e("expect_column_stdev_to_be_between", column="mixed_nan", min_value=0, max_value=5),
        e("expect_column_mean_to_be_between", column="ints", min_value=2.333, max_value=2.334),
        e("expect_column_unique_value_count_to_be_between", column="word", min_value=3, max_value=3),
        e("expect_column_proportion_of_unique_values_to_be_between", column="word", min_value=0.6, max_value=0.6),
        e("expect_column_value_lengths_to_be_between", column="word", min_value=2),
        e("expect_column_values_to_match_regex", column="word", regex="b+"),
        e("expect_column_distinct_values_to_equal_set", column="ints", value_set=[1, 2, 3]),
        e("expect_column_distinct_values_to_contain_set", column="word", value_set=["a", "zz"]),
    ]}
    data = tmp_path / "edges.csv"
    df.to_csv(data, index=False)
    suite_file = tmp_path / "suite.yaml"
    suite_file.write_text(json.dumps(suite))  # JSON is YAML

    gx = gx_in_order(pd.read_csv(data), suite)
    status, stdout, stderr = run_capstan("validate", data, "--suite", suite_file, "--json", "-")
    assert status in (0, 1), stderr
    capstan = json.loads(stdout)
    problems = []
    for i, (g, c) in enumerate(zip(gx["results"], capstan["results"])):
        name = f"{i} {suite['expectations'][i]}"
        if g["success"] != c["success"]:
            problems.append(f"{name}: success gx={g['success']} capstan={c['success']} ({g['result']} vs {c['result']})")
            continue
        for key in RESULT_KEYS:
            if key in g["result"] and key in c["result"] and not same(c["result"][key], g["result"][key]):
                problems.append(f"{name}: {key} gx={g['result'][key]!r} capstan={c['result'][key]!r}")
    assert not problems, "\n".join(problems)


def test_bad_suite_and_data_are_one_line_errors(tmp_path):
    data = tmp_path / "d.csv"
    pd.DataFrame({"a": [1, 2]}).to_csv(data, index=False)
    bad = tmp_path / "bad.yaml"
    bad.write_text("expectations: {not: a list}\n")
    for args in (["validate", data, "--suite", bad], ["validate", data, "--suite", tmp_path / "none.yaml"],
                 ["validate", tmp_path / "none.csv", "--suite", bad], ["validate", data]):
        status, _, err = run_capstan(*args)
        assert status == 2, (args, err)
        assert "Exception" not in err and "\tat " not in err, err
