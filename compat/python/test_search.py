"""search_runs: filters, ordering, paging (MlflowClient and the pandas API)."""

import mlflow
import pandas as pd
import pytest
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

pytestmark = pytest.mark.timeout(300)

# name, acc (None = not logged), param model, tag team, status
RUNS = [
    ("alpha-1", 0.70, "lr", "red", "FINISHED"),
    ("alpha-2", 0.95, "rf", "blue", "FINISHED"),
    ("beta-1", None, "lr", "red", "FAILED"),
    ("Beta-2", 0.80, "svm", "green", "RUNNING"),
    ("gamma", 0.60, "rf", "blue", "KILLED"),
]


@pytest.fixture
def corpus(client, experiment):
    ids = {}
    for i, (name, acc, model, team, status) in enumerate(RUNS):
        run = client.create_run(experiment, run_name=name, start_time=1_700_000_000_000 + i * 1000)
        rid = run.info.run_id
        metrics = [Metric("loss", 1.0 - i * 0.1, 1_700_000_000_000, 0)]
        if acc is not None:
            metrics.append(Metric("acc", acc, 1_700_000_000_000, 0))
        client.log_batch(
            rid,
            metrics=metrics,
            params=[Param("model", model), Param("idx", str(i))],
            tags=[RunTag("team", team)],
        )
        if status != "RUNNING":
            client.set_terminated(rid, status=status)
        ids[name] = rid
    return experiment, ids


def names(runs, ids):
    back = {v: k for k, v in ids.items()}
    return [back[r.info.run_id] for r in runs]


def search(client, exp, flt="", **kw):
    return client.search_runs([exp], filter_string=flt, **kw)


def test_filter_metrics_params_tags(client, corpus):
    exp, ids = corpus
    assert set(names(search(client, exp, "metrics.acc > 0.75"), ids)) == {"alpha-2", "Beta-2"}
    assert set(names(search(client, exp, "metrics.acc >= 0.7 AND metrics.acc < 0.9"), ids)) == {
        "alpha-1",
        "Beta-2",
    }
    assert set(names(search(client, exp, "metrics.acc != 0.7"), ids)) == {
        "alpha-2",
        "Beta-2",
        "gamma",
    }
    assert set(names(search(client, exp, "params.model = 'rf'"), ids)) == {"alpha-2", "gamma"}
    assert set(names(search(client, exp, "params.model != 'rf'"), ids)) == {
        "alpha-1",
        "beta-1",
        "Beta-2",
    }
    assert set(names(search(client, exp, "tags.team = 'red'"), ids)) == {"alpha-1", "beta-1"}
    assert set(names(search(client, exp, "tags.team = 'red' AND params.model = 'lr'"), ids)) == {
        "alpha-1",
        "beta-1",
    }
    # backquoted keys and double-quoted values
    assert set(names(search(client, exp, 'params.`model` = "svm"'), ids)) == {"Beta-2"}
    # a param/tag that no run has
    assert search(client, exp, "params.nope = 'x'") == []
    # metric filters on a missing metric exclude the run
    assert "beta-1" not in names(search(client, exp, "metrics.acc < 100"), ids)


def test_filter_like_ilike_in(client, corpus):
    exp, ids = corpus
    assert set(names(search(client, exp, "params.model LIKE 'r%'"), ids)) == {"alpha-2", "gamma"}
    assert set(names(search(client, exp, "tags.team LIKE '%e%'"), ids)) == {
        "alpha-1",
        "alpha-2",
        "beta-1",
        "Beta-2",
        "gamma",
    }
    # LIKE is case-sensitive, ILIKE is not
    assert set(names(search(client, exp, "attributes.run_name LIKE 'beta%'"), ids)) == {"beta-1"}
    assert set(names(search(client, exp, "attributes.run_name ILIKE 'beta%'"), ids)) == {
        "beta-1",
        "Beta-2",
    }
    # IN / NOT IN: only attributes.run_id (and datasets.*) accept a list ...
    flt = f"attributes.run_id NOT IN ('{ids['alpha-1']}', '{ids['alpha-2']}')"
    assert set(names(search(client, exp, flt), ids)) == {"beta-1", "Beta-2", "gamma"}
    with pytest.raises(MlflowException) as ei:
        search(client, exp, "attributes.status IN ('FAILED', 'KILLED')")
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"
    # ... but not for params/tags/metrics: the server rejects it
    with pytest.raises(MlflowException) as ei:
        search(client, exp, "params.model IN ('lr', 'svm')")
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"


def test_filter_attributes(client, corpus):
    exp, ids = corpus
    assert names(search(client, exp, "attributes.status = 'FAILED'"), ids) == ["beta-1"]
    assert set(names(search(client, exp, "attributes.status != 'FINISHED'"), ids)) == {
        "beta-1",
        "Beta-2",
        "gamma",
    }
    assert names(search(client, exp, "attributes.run_name = 'gamma'"), ids) == ["gamma"]
    assert names(search(client, exp, "run_name = 'gamma'"), ids) == ["gamma"]
    wanted = [ids["alpha-1"], ids["gamma"]]
    flt = f"attributes.run_id IN ('{wanted[0]}', '{wanted[1]}')"
    assert set(names(search(client, exp, flt), ids)) == {"alpha-1", "gamma"}
    assert names(search(client, exp, f"attributes.run_id = '{ids['Beta-2']}'"), ids) == ["Beta-2"]
    t = 1_700_000_000_000 + 2500
    assert set(names(search(client, exp, f"attributes.start_time > {t}"), ids)) == {
        "Beta-2",
        "gamma",
    }
    # end_time is set for terminated runs only
    assert "Beta-2" not in names(search(client, exp, "attributes.end_time > 0"), ids)
    assert set(names(search(client, exp, "tags.mlflow.runName LIKE 'alpha-%'"), ids)) == {
        "alpha-1",
        "alpha-2",
    }


def test_order_by(client, corpus):
    exp, ids = corpus
    desc = names(search(client, exp, order_by=["metrics.acc DESC"]), ids)
    assert desc == ["alpha-2", "Beta-2", "alpha-1", "gamma", "beta-1"]  # missing metric last
    asc = names(search(client, exp, order_by=["metrics.acc ASC"]), ids)
    assert asc == ["gamma", "alpha-1", "Beta-2", "alpha-2", "beta-1"]  # missing metric last
    by_name = names(search(client, exp, order_by=["attributes.run_name ASC"]), ids)
    assert by_name == sorted(ids)  # plain byte order: upper-case first
    # default order: start_time DESC
    assert names(search(client, exp), ids) == [r[0] for r in reversed(RUNS)]
    assert names(search(client, exp, order_by=["attributes.start_time ASC"]), ids) == [
        r[0] for r in RUNS
    ]
    # multi-key ordering, params are strings
    multi = names(search(client, exp, order_by=["params.model ASC", "metrics.loss DESC"]), ids)
    assert multi == ["alpha-1", "beta-1", "alpha-2", "gamma", "Beta-2"]
    by_tag = names(search(client, exp, order_by=["tags.team DESC", "attributes.run_name"]), ids)
    assert by_tag == ["alpha-1", "beta-1", "Beta-2", "alpha-2", "gamma"]


def test_search_runs_pandas(corpus):
    exp, ids = corpus
    df = mlflow.search_runs([exp], filter_string="params.model = 'rf'", order_by=["metrics.acc DESC"])
    assert isinstance(df, pd.DataFrame)
    assert list(df["run_id"]) == [ids["alpha-2"], ids["gamma"]]
    assert list(df["metrics.acc"]) == [0.95, 0.60]
    assert list(df["params.model"]) == ["rf", "rf"]
    assert list(df["tags.team"]) == ["blue", "blue"]
    assert list(df["status"]) == ["FINISHED", "KILLED"]
    assert "tags.mlflow.runName" in df.columns
    assert "start_time" in df.columns and "end_time" in df.columns

    runs = mlflow.search_runs([exp], output_format="list", filter_string="tags.team = 'green'")
    assert [r.info.run_id for r in runs] == [ids["Beta-2"]]

    # search by experiment name
    name = mlflow.get_experiment(exp).name
    df = mlflow.search_runs(experiment_names=[name])
    assert set(df["run_id"]) == set(ids.values())


def test_datasets_filter(client, experiment):
    df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    with mlflow.start_run() as with_ds:
        mlflow.log_input(mlflow.data.from_pandas(df, name="train-set"), context="training")
    with mlflow.start_run() as other_ds:
        mlflow.log_input(mlflow.data.from_pandas(df, name="eval-set"), context="eval")
    with mlflow.start_run():
        pass
    res = client.search_runs([experiment], "datasets.name = 'train-set'")
    assert [r.info.run_id for r in res] == [with_ds.info.run_id]
    res = client.search_runs([experiment], "datasets.context = 'eval'")
    assert [r.info.run_id for r in res] == [other_ds.info.run_id]
    res = client.search_runs([experiment], "datasets.name IN ('train-set', 'nope')")
    assert [r.info.run_id for r in res] == [with_ds.info.run_id]
    res = client.search_runs([experiment], "datasets.name LIKE '%-set'")
    assert {r.info.run_id for r in res} == {with_ds.info.run_id, other_ds.info.run_id}


@pytest.mark.timeout(600)
def test_paging_returns_every_run_once(client, experiment):
    n = 23
    created = set()
    for i in range(n):
        run = client.create_run(experiment, start_time=1_700_000_000_000 + (i % 5))
        client.log_metric(run.info.run_id, "i", float(i))
        created.add(run.info.run_id)
    seen = []
    token = None
    pages = 0
    while True:
        page = client.search_runs(
            [experiment], max_results=5, page_token=token, order_by=["attributes.start_time DESC"]
        )
        pages += 1
        assert len(page) <= 5
        seen.extend(r.info.run_id for r in page)
        token = page.token
        if not token:
            break
        assert pages < 20
    assert pages == 5
    assert len(seen) == n
    assert set(seen) == created

    # paging with a metric order
    seen = []
    token = None
    while True:
        page = client.search_runs(
            [experiment], max_results=7, page_token=token, order_by=["metrics.i ASC"]
        )
        seen.extend(r.data.metrics["i"] for r in page)
        token = page.token
        if not token:
            break
    assert seen == [float(i) for i in range(n)]

    # the pandas API pages internally
    assert len(mlflow.search_runs([experiment], max_results=n)) == n


def test_search_across_experiments(client, name_factory):
    e1 = client.create_experiment(name_factory("e1"))
    e2 = client.create_experiment(name_factory("e2"))
    r1 = client.create_run(e1).info.run_id
    r2 = client.create_run(e2).info.run_id
    got = {r.info.run_id for r in client.search_runs([e1, e2])}
    assert got == {r1, r2}


def test_bad_order_by_rejected(client, experiment):
    with pytest.raises(MlflowException) as ei:
        client.search_runs([experiment], order_by=["metrics.acc SIDEWAYS"])
    assert ei.value.error_code == "INVALID_PARAMETER_VALUE"
