"""Client workflows across the API (resume, async logging, paging, registry copies, stages, nested
artifacts, logged-model search), each checked against what `mlflow server` answers."""
import math
import os
import time

import mlflow
import pytest
from mlflow.entities import Metric, Param, ViewType
from mlflow.exceptions import MlflowException


def test_resume_run_and_end_status(client, experiment):
    mlflow.set_experiment(experiment_id=experiment)
    with mlflow.start_run() as run:
        mlflow.log_param("a", 1)
    with mlflow.start_run(run_id=run.info.run_id):
        mlflow.log_metric("m", 2.0)
    mlflow.start_run(run_id=run.info.run_id)
    mlflow.end_run(status="KILLED")
    got = client.get_run(run.info.run_id)
    assert got.info.status == "KILLED"
    assert got.data.params == {"a": "1"}
    assert got.data.metrics == {"m": 2.0}
    assert got.info.end_time is not None


def test_log_batch_limits_and_errors(client, experiment):
    run = client.create_run(experiment)
    rid = run.info.run_id
    ts = int(time.time() * 1000)
    client.log_batch(rid, metrics=[Metric("m%d" % i, i, ts, 0) for i in range(1000)])
    # the client splits bigger batches itself
    client.log_batch(rid, metrics=[Metric("x%d" % i, i, ts, 0) for i in range(1001)])
    client.log_batch(rid, params=[Param("p%d" % i, str(i)) for i in range(150)])
    # same param value again is fine, a different one is not
    client.log_batch(rid, params=[Param("p1", "1")])
    with pytest.raises(MlflowException) as e:
        client.log_batch(rid, params=[Param("p1", "changed")])
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    assert len(client.get_run(rid).data.metrics) == 2001


def test_async_logging(client, experiment):
    mlflow.set_experiment(experiment_id=experiment)
    with mlflow.start_run() as run:
        for step in range(50):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step, synchronous=False)
        mlflow.log_params({"lr": 0.1, "depth": 3}, synchronous=False)
        mlflow.set_tags({"t": "v"}, synchronous=False)
    hist = client.get_metric_history(run.info.run_id, "loss")
    assert [m.step for m in hist] == list(range(50))
    got = client.get_run(run.info.run_id)
    assert got.data.params == {"lr": "0.1", "depth": "3"}
    assert got.data.tags["t"] == "v"


def test_search_experiments_filters_and_order(client, name_factory):
    base = name_factory("exps")
    ids = [client.create_experiment(f"{base}-{i}", tags={"team": "a" if i % 2 else "b", "i": str(i)}) for i in range(5)]
    found = client.search_experiments(filter_string=f"name LIKE '{base}-%' AND tags.team = 'a'", order_by=["name DESC"])
    assert [e.name for e in found] == [f"{base}-3", f"{base}-1"]
    client.delete_experiment(ids[0])
    active = client.search_experiments(filter_string=f"name LIKE '{base}%'", view_type=ViewType.ACTIVE_ONLY)
    assert len(active) == 4
    deleted = client.search_experiments(filter_string=f"name LIKE '{base}%'", view_type=ViewType.DELETED_ONLY)
    assert [e.experiment_id for e in deleted] == [ids[0]]
    page = client.search_experiments(filter_string=f"name LIKE '{base}%'", max_results=2, order_by=["name ASC"],
                                     view_type=ViewType.ALL)
    assert len(page) == 2 and page.token
    rest = client.search_experiments(filter_string=f"name LIKE '{base}%'", max_results=10, order_by=["name ASC"],
                                     view_type=ViewType.ALL, page_token=page.token)
    assert [e.name for e in list(page) + list(rest)] == sorted(f"{base}-{i}" for i in range(5))
    by_time = client.search_experiments(filter_string=f"name LIKE '{base}%' AND creation_time > 0",
                                        order_by=["last_update_time DESC"])
    assert len(by_time) == 4


def test_search_runs_pandas_and_attributes(client, experiment):
    mlflow.set_experiment(experiment_id=experiment)
    for i in range(6):
        with mlflow.start_run(run_name=f"r{i}"):
            mlflow.log_metric("acc", i / 10)
            mlflow.log_param("k", i % 3)
            mlflow.set_tag("kind", "even" if i % 2 == 0 else "odd")
    df = mlflow.search_runs([experiment], filter_string="metrics.acc >= 0.2 and tags.kind = 'even'",
                            order_by=["metrics.acc DESC"])
    assert list(df["tags.mlflow.runName"]) == ["r4", "r2"]
    assert list(df["params.k"]) == ["1", "2"]
    with pytest.raises(MlflowException) as e:
        mlflow.search_runs([experiment], filter_string="params.k IN ('0', '1')")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    df2 = mlflow.search_runs([experiment], filter_string="attributes.run_name LIKE 'r%' and params.k != '2'",
                             order_by=["attributes.start_time ASC"])
    assert list(df2["tags.mlflow.runName"]) == ["r0", "r1", "r3", "r4"]
    runs = mlflow.search_runs([experiment], output_format="list", filter_string="attributes.status = 'FINISHED'",
                              max_results=3, order_by=["params.k DESC", "metrics.acc ASC"])
    assert [r.data.tags["mlflow.runName"] for r in runs] == ["r2", "r5", "r1"]
    none = mlflow.search_runs([experiment], filter_string="metrics.nope > 1")
    assert len(none) == 0


def test_registry_search_and_copy(client, name_factory):
    name = name_factory("reg")
    client.create_registered_model(name, tags={"owner": "x"}, description="d")
    run = client.create_run(client.create_experiment(name_factory("regexp")))
    for i in range(3):
        client.create_model_version(name, f"runs:/{run.info.run_id}/model", run.info.run_id, tags={"i": str(i)})
    vs = client.search_model_versions(f"name = '{name}' AND tag.i = '1'")
    assert [v.version for v in vs] == ["2"]
    vs = client.search_model_versions(f"run_id = '{run.info.run_id}'", order_by=["version_number DESC"])
    assert [v.version for v in vs] == ["3", "2", "1"]
    ms = client.search_registered_models(f"name LIKE '{name[:-2]}%' AND tags.owner = 'x'")
    assert [m.name for m in ms] == [name]
    target = name_factory("copy")
    copied = client.copy_model_version(f"models:/{name}/2", target)
    assert copied.name == target and copied.version == "1"
    assert client.get_model_version(target, "1").source.startswith("models:/")
    client.set_registered_model_alias(name, "champ", "3")
    assert client.get_model_version_by_alias(name, "champ").version == "3"
    client.delete_model_version(name, "3")
    with pytest.raises(MlflowException) as e:
        client.get_model_version_by_alias(name, "champ")
    assert e.value.error_code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE")
    latest = client.get_latest_versions(name)
    assert [v.version for v in latest] == ["2"]


def test_stage_transition_archive_existing(client, name_factory):
    name = name_factory("stage")
    client.create_registered_model(name)
    run = client.create_run(client.create_experiment(name_factory("stexp")))
    for _ in range(2):
        client.create_model_version(name, f"runs:/{run.info.run_id}/m", run.info.run_id)
    client.transition_model_version_stage(name, "1", "Production")
    client.transition_model_version_stage(name, "2", "Production", archive_existing_versions=True)
    assert client.get_model_version(name, "1").current_stage == "Archived"
    assert client.get_model_version(name, "2").current_stage == "Production"
    with pytest.raises(MlflowException) as e:
        client.transition_model_version_stage(name, "2", "Bogus")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_artifacts_nested_and_download(client, experiment, tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "x.txt").write_text("x")
    (src / "top.txt").write_text("t")
    mlflow.set_experiment(experiment_id=experiment)
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(src), artifact_path="data")
        mlflow.log_text("hello", "notes/n.txt")
        mlflow.log_dict({"k": [1, 2]}, "d.json")
    rid = run.info.run_id
    top = sorted(f.path for f in client.list_artifacts(rid))
    assert top == ["d.json", "data", "notes"]
    nested = [(f.path, f.is_dir) for f in client.list_artifacts(rid, "data/a")]
    assert nested == [("data/a/b", True)]
    out = mlflow.artifacts.download_artifacts(run_id=rid, artifact_path="data", dst_path=str(tmp_path / "dl"))
    assert open(os.path.join(out, "a", "b", "x.txt")).read() == "x"
    assert mlflow.artifacts.load_dict(f"runs:/{rid}/d.json") == {"k": [1, 2]}
    assert mlflow.artifacts.load_text(f"runs:/{rid}/notes/n.txt") == "hello"


def test_metric_edge_values(client, experiment):
    run = client.create_run(experiment)
    rid = run.info.run_id
    client.log_metric(rid, "nan", float("nan"))
    client.log_metric(rid, "inf", float("inf"))
    client.log_metric(rid, "ninf", float("-inf"))
    client.log_metric(rid, "big", 1e308, step=2**40)
    m = client.get_run(rid).data.metrics
    # SQLite keeps ±inf as ±max float in MLflow's store
    assert math.isnan(m["nan"]) and m["inf"] == 1.7976931348623157e+308 and m["ninf"] == -1.7976931348623157e+308
    h = client.get_metric_history(rid, "big")
    assert h[0].step == 2**40 and h[0].value == 1e308


def test_experiment_artifact_location_and_rename(client, name_factory, tmp_path):
    name = name_factory("loc")
    eid = client.create_experiment(name)
    exp = client.get_experiment(eid)
    assert exp.artifact_location
    client.rename_experiment(eid, name + "-new")
    assert client.get_experiment_by_name(name + "-new").experiment_id == eid
    assert client.get_experiment_by_name(name) is None
    client.set_experiment_tag(eid, "k", "v")
    assert client.get_experiment(eid).tags["k"] == "v"
    with pytest.raises(MlflowException) as e:
        client.create_experiment(name + "-new")
    assert e.value.error_code == "RESOURCE_ALREADY_EXISTS"


def test_logged_models_search(client, experiment):
    mlflow.set_experiment(experiment_id=experiment)
    a = mlflow.initialize_logged_model(name="m-a", tags={"t": "1"}, params={"p": "x"})
    b = mlflow.initialize_logged_model(name="m-b")
    mlflow.finalize_logged_model(a.model_id, "READY")
    got = mlflow.search_logged_models(experiment_ids=[experiment], filter_string="name = 'm-a'", output_format="list")
    assert [m.model_id for m in got] == [a.model_id]
    for f in ["attributes.name = 'm-a'", "name LIKE 'm-a%'", "tags.t = '1'", "params.p = 'x'"]:
        found = mlflow.search_logged_models(experiment_ids=[experiment], filter_string=f, output_format="list")
        assert [m.name for m in found] == ["m-a"], f
    mlflow.set_logged_model_tags(b.model_id, {"x": "y"})
    assert mlflow.get_logged_model(b.model_id).tags["x"] == "y"
    mlflow.delete_logged_model_tag(b.model_id, "x")
    assert "x" not in mlflow.get_logged_model(b.model_id).tags
