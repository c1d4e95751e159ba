"""Server-side error cases, as seen through the real client (MlflowException.error_code).

All assertions here are about errors the *server* returns: the client forwards
the JSON ``error_code`` it receives as ``MlflowException.error_code``.
"""

import uuid

import mlflow
import pytest
from mlflow.entities import Metric, Param
from mlflow.exceptions import MlflowException, RestException

pytestmark = pytest.mark.timeout(300)

MISSING_RUN = "0" * 32


def raises_code(code, fn, *args, **kwargs):
    with pytest.raises(MlflowException) as ei:
        fn(*args, **kwargs)
    assert ei.value.error_code == code, str(ei.value)
    return ei.value


def test_unknown_run(client):
    e = raises_code("RESOURCE_DOES_NOT_EXIST", client.get_run, MISSING_RUN)
    assert isinstance(e, RestException)
    assert MISSING_RUN in e.message
    raises_code("RESOURCE_DOES_NOT_EXIST", client.delete_run, MISSING_RUN)
    raises_code("RESOURCE_DOES_NOT_EXIST", client.log_param, MISSING_RUN, "a", "1")
    raises_code("RESOURCE_DOES_NOT_EXIST", client.log_metric, MISSING_RUN, "a", 1.0)
    raises_code("RESOURCE_DOES_NOT_EXIST", client.set_tag, MISSING_RUN, "a", "1")


def test_metric_history_of_unknown_run_is_empty(client):
    # MLflow does not check that the run exists here: an empty history comes back.
    assert client.get_metric_history(MISSING_RUN, "m") == []


def test_unknown_experiment(client):
    raises_code("RESOURCE_DOES_NOT_EXIST", client.get_experiment, "987654321")
    raises_code("RESOURCE_DOES_NOT_EXIST", client.create_run, "987654321")
    raises_code("RESOURCE_DOES_NOT_EXIST", client.delete_experiment, "987654321")
    # non-numeric experiment ids are rejected as invalid, not "not found"
    raises_code("INVALID_PARAMETER_VALUE", client.get_experiment, "not-a-number")
    # get-by-name: the server answers 404 RESOURCE_DOES_NOT_EXIST, the client maps it to None
    assert client.get_experiment_by_name(f"missing-{uuid.uuid4().hex}") is None


def test_duplicate_experiment(client, name_factory):
    name = name_factory()
    client.create_experiment(name)
    e = raises_code("RESOURCE_ALREADY_EXISTS", client.create_experiment, name)
    assert name in e.message


def test_rename_experiment_to_existing_name(client, name_factory):
    a, b = name_factory("a"), name_factory("b")
    client.create_experiment(a)
    bid = client.create_experiment(b)
    # NOTE: MLflow 3.17.2 answers HTTP 400 with error_code BAD_REQUEST (a raw
    # SQL IntegrityError message). Only "it is rejected with a 4xx" is asserted.
    with pytest.raises(MlflowException) as ei:
        client.rename_experiment(bid, a)
    assert 400 <= ei.value.get_http_status_code() < 500
    assert client.get_experiment(bid).name == b


def test_change_param_value(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    client.log_param(run_id, "p", "1")
    e = raises_code("INVALID_PARAMETER_VALUE", client.log_param, run_id, "p", "2")
    assert "p" in e.message
    raises_code("INVALID_PARAMETER_VALUE", client.log_batch, run_id, params=[Param("p", "3")])
    assert client.get_run(run_id).data.params["p"] == "1"


def test_invalid_filters(client, experiment):
    for flt in (
        "metrics.acc >>> 1",
        "foo.acc = 1",
        "params.x = 'a' OR params.y = 'b'",
        "params.x > 1",
        "metrics.acc > 'a'",
        "attributes.nope = 'x'",
        "params.model IN ('a', 'b')",
    ):
        raises_code("INVALID_PARAMETER_VALUE", client.search_runs, [experiment], flt)
    raises_code(
        "INVALID_PARAMETER_VALUE", client.search_experiments, filter_string="name = "
    )
    raises_code(
        "INVALID_PARAMETER_VALUE", client.search_registered_models, filter_string="nme = 'x'"
    )
    raises_code(
        "INVALID_PARAMETER_VALUE", client.search_model_versions, filter_string="name >< 'x'"
    )


def test_invalid_paging_args(client, experiment):
    raises_code("INVALID_PARAMETER_VALUE", client.search_runs, [experiment], max_results=50001)
    raises_code("INVALID_PARAMETER_VALUE", client.search_runs, [experiment], page_token="garbage")
    raises_code("INVALID_PARAMETER_VALUE", client.search_experiments, max_results=50001)


def test_log_batch_server_limits(http, client, experiment):
    # The client splits big batches itself, so the limits are probed with raw
    # REST calls; the error code is what MlflowException.error_code would carry.
    run_id = client.create_run(experiment).info.run_id

    def batch(**kw):
        r = http.api("POST", "runs/log-batch", run_id=run_id, **kw)
        assert r.status_code == 400, r.text
        return r.json()

    m = [{"key": "m", "value": 1.0, "timestamp": 1, "step": i} for i in range(1001)]
    assert batch(metrics=m)["error_code"] == "INVALID_PARAMETER_VALUE"
    p = [{"key": f"p{i}", "value": "1"} for i in range(101)]
    assert batch(params=p)["error_code"] == "INVALID_PARAMETER_VALUE"
    t = [{"key": f"t{i}", "value": "1"} for i in range(101)]
    assert batch(tags=t)["error_code"] == "INVALID_PARAMETER_VALUE"
    # total > 1000 even though each list is within its own limit
    r = batch(metrics=m[:950], params=p[:100])
    assert r["error_code"] == "INVALID_PARAMETER_VALUE"
    # duplicate param keys in one batch
    dup = [{"key": "d", "value": "1"}, {"key": "d", "value": "2"}]
    assert batch(params=dup)["error_code"] == "INVALID_PARAMETER_VALUE"
    # nothing of the rejected batches was written
    data = client.get_run(run_id).data
    assert data.metrics == {} and data.params == {}

    # exactly at the limits is fine
    r = http.api("POST", "runs/log-batch", run_id=run_id, metrics=m[:1000])
    assert r.status_code == 200, r.text
    r = http.api("POST", "runs/log-batch", run_id=run_id, params=p[:100])
    assert r.status_code == 200, r.text


def test_logging_to_deleted_run(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    client.delete_run(run_id)
    raises_code("INVALID_PARAMETER_VALUE", client.log_param, run_id, "a", "1")
    raises_code("INVALID_PARAMETER_VALUE", client.log_metric, run_id, "a", 1.0)
    raises_code("INVALID_PARAMETER_VALUE", client.set_tag, run_id, "a", "1")
    raises_code(
        "INVALID_PARAMETER_VALUE", client.log_batch, run_id, metrics=[Metric("a", 1.0, 1, 0)]
    )
    raises_code("INVALID_PARAMETER_VALUE", client.set_terminated, run_id)
    # reads still work
    assert client.get_run(run_id).info.lifecycle_stage == "deleted"


def test_create_run_in_deleted_experiment(client, name_factory):
    exp_id = client.create_experiment(name_factory())
    client.delete_experiment(exp_id)
    raises_code("INVALID_PARAMETER_VALUE", client.create_run, exp_id)


def test_invalid_keys(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    # path-traversal-like keys are rejected by the server
    raises_code("INVALID_PARAMETER_VALUE", client.log_param, run_id, "../x", "1")
    raises_code("INVALID_PARAMETER_VALUE", client.log_metric, run_id, "a/../../b", 1.0)


def test_registry_errors(client, experiment, name_factory, tmp_path):
    name = name_factory()
    client.create_registered_model(name)
    raises_code("RESOURCE_ALREADY_EXISTS", client.create_registered_model, name)
    missing = f"missing-{uuid.uuid4().hex}"
    raises_code("RESOURCE_DOES_NOT_EXIST", client.get_registered_model, missing)
    raises_code("RESOURCE_DOES_NOT_EXIST", client.delete_registered_model, missing)
    raises_code("RESOURCE_DOES_NOT_EXIST", client.update_registered_model, missing, "d")
    raises_code("RESOURCE_DOES_NOT_EXIST", client.get_model_version, name, "7")
    raises_code("RESOURCE_DOES_NOT_EXIST", client.get_model_version_by_alias, missing, "a")
    # a missing alias on an existing model is INVALID_PARAMETER_VALUE, not 404
    raises_code("INVALID_PARAMETER_VALUE", client.get_model_version_by_alias, name, "nope")
    # alias to a missing version
    raises_code("RESOURCE_DOES_NOT_EXIST", client.set_registered_model_alias, name, "a", "5")

    d = tmp_path / "m"
    d.mkdir()
    (d / "MLmodel").write_text("flavors: {}\n")
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(d), artifact_path="model")
    run_id = run.info.run_id
    client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)
    # "latest" is a reserved alias name
    raises_code("INVALID_PARAMETER_VALUE", client.set_registered_model_alias, name, "latest", "1")
    raises_code("INVALID_PARAMETER_VALUE", client.set_registered_model_alias, name, "LATEST", "1")
    # version for a missing registered model
    raises_code(
        "RESOURCE_DOES_NOT_EXIST",
        client.create_model_version,
        missing,
        f"runs:/{run_id}/model",
        run_id=run_id,
    )
    # local file sources are refused
    raises_code("INVALID_PARAMETER_VALUE", client.create_model_version, name, "/etc", run_id=run_id)
    # a runs:/ source must name the run given in run_id
    other = client.create_run(experiment).info.run_id
    raises_code(
        "INVALID_PARAMETER_VALUE",
        client.create_model_version,
        name,
        f"runs:/{other}/model",
        run_id=run_id,
    )
    # relative path segments in the source are refused
    raises_code(
        "INVALID_PARAMETER_VALUE",
        client.create_model_version,
        name,
        f"runs:/{run_id}/model/../../x",
        run_id=run_id,
    )
    # a registered model rename onto an existing name
    other_name = name_factory("other")
    client.create_registered_model(other_name)
    raises_code("RESOURCE_ALREADY_EXISTS", client.rename_registered_model, other_name, name)


def test_deleting_a_deleted_or_restoring_an_active_experiment_is_not_found(client, name_factory):
    # MLflow looks the experiment up among the active ones to delete it, among the deleted to restore it
    eid = client.create_experiment(name_factory("lifecycle"))
    e = raises_code("RESOURCE_DOES_NOT_EXIST", client.restore_experiment, eid)
    assert f"No Experiment with id={eid} exists" in e.message
    client.delete_experiment(eid)
    raises_code("RESOURCE_DOES_NOT_EXIST", client.delete_experiment, eid)
    client.restore_experiment(eid)
    assert client.get_experiment(eid).lifecycle_stage == "active"
