"""Params, metrics, tags, log_batch, metric history, dataset inputs."""

import math
import sys
import time

import mlflow
import pandas as pd
import pytest
from mlflow.entities import Metric, Param, RunTag

pytestmark = pytest.mark.timeout(300)


def now_ms():
    return int(time.time() * 1000)


def test_params_metrics_tags_fluent(client, experiment):
    with mlflow.start_run() as run:
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"epochs": 10, "opt": "adam", "empty": ""})
        mlflow.log_metric("loss", 0.5)
        mlflow.log_metrics({"acc": 0.9, "f1": 0.8}, step=2)
        mlflow.set_tag("stage", "dev")
        mlflow.set_tags({"t1": "a", "t2": 3})
        # re-logging the same value for a param is fine
        mlflow.log_param("lr", 0.01)
    r = client.get_run(run.info.run_id)
    assert r.data.params == {"lr": "0.01", "epochs": "10", "opt": "adam", "empty": ""}
    assert r.data.metrics == {"loss": 0.5, "acc": 0.9, "f1": 0.8}
    assert r.data.tags["stage"] == "dev"
    assert r.data.tags["t1"] == "a"
    assert r.data.tags["t2"] == "3"


def test_latest_metric_value_is_max_step_then_timestamp(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    t = now_ms()
    client.log_metric(run_id, "m", 1.0, timestamp=t, step=5)
    client.log_metric(run_id, "m", 2.0, timestamp=t + 10, step=1)  # later ts, lower step
    client.log_metric(run_id, "m", 3.0, timestamp=t - 10, step=5)  # same step, older ts
    # run.data.metrics holds the value at the highest step, then latest timestamp
    assert client.get_run(run_id).data.metrics["m"] == 1.0
    client.log_metric(run_id, "m", 4.0, timestamp=t + 20, step=5)
    assert client.get_run(run_id).data.metrics["m"] == 4.0


def test_delete_tag_and_long_values(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    client.set_tag(run_id, "gone", "x")
    client.delete_tag(run_id, "gone")
    assert "gone" not in client.get_run(run_id).data.tags

    long_param = "p" * 6000  # MAX_PARAM_VAL_LENGTH
    long_tag = "t" * 8000  # MAX_TAG_VAL_LENGTH is 8000
    client.log_param(run_id, "long", long_param)
    client.set_tag(run_id, "long", long_tag)
    r = client.get_run(run_id)
    assert r.data.params["long"] == long_param
    assert r.data.tags["long"] == long_tag

    # keys with allowed punctuation
    client.log_metric(run_id, "a/b.c-d_e f:g", 1.0)
    assert client.get_run(run_id).data.metrics["a/b.c-d_e f:g"] == 1.0


def test_log_batch(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    t = now_ms()
    metrics = [Metric("bm", float(i), t + i, i) for i in range(50)]
    metrics += [Metric("other", 7.0, t, 0)]
    params = [Param(f"p{i}", str(i)) for i in range(20)]
    tags = [RunTag(f"t{i}", f"v{i}") for i in range(10)]
    client.log_batch(run_id, metrics=metrics, params=params, tags=tags)
    r = client.get_run(run_id)
    assert r.data.metrics["bm"] == 49.0
    assert r.data.metrics["other"] == 7.0
    assert r.data.params == {f"p{i}": str(i) for i in range(20)}
    for i in range(10):
        assert r.data.tags[f"t{i}"] == f"v{i}"
    hist = client.get_metric_history(run_id, "bm")
    assert [(m.value, m.step, m.timestamp) for m in hist] == [
        (float(i), i, t + i) for i in range(50)
    ]

    # empty batch is accepted
    client.log_batch(run_id)
    # same param value again in a batch is accepted (idempotent)
    client.log_batch(run_id, params=[Param("p0", "0")])


def test_log_batch_client_splits_large_batches(client, experiment):
    # The client chunks > 1000 metrics itself; the server sees several requests.
    run_id = client.create_run(experiment).info.run_id
    t = now_ms()
    client.log_batch(run_id, metrics=[Metric("big", float(i), t, i) for i in range(2500)])
    assert len(client.get_metric_history(run_id, "big")) == 2500


def test_metric_history_steps_timestamps(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    t = 1_700_000_000_000
    points = [(0.1, t, 0), (0.2, t + 1000, 1), (0.3, t + 2000, 2), (0.25, t + 3000, 2)]
    for v, ts, step in points:
        client.log_metric(run_id, "loss", v, timestamp=ts, step=step)
    hist = client.get_metric_history(run_id, "loss")
    assert sorted((m.value, m.timestamp, m.step) for m in hist) == sorted(points)
    assert all(m.key == "loss" for m in hist)
    # unknown key → empty list
    assert client.get_metric_history(run_id, "nope") == []

    # negative steps and step 0 default
    client.log_metric(run_id, "neg", 1.0, step=-3)
    client.log_metric(run_id, "nostep", 1.0)
    assert client.get_metric_history(run_id, "neg")[0].step == -3
    assert client.get_metric_history(run_id, "nostep")[0].step == 0


def test_nan_and_inf_metric_values(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    client.log_metric(run_id, "nan", float("nan"), step=0)
    client.log_metric(run_id, "pinf", float("inf"), step=0)
    client.log_metric(run_id, "ninf", float("-inf"), step=0)
    client.log_batch(run_id, metrics=[Metric("bnan", float("nan"), now_ms(), 1)])
    r = client.get_run(run_id)
    assert math.isnan(r.data.metrics["nan"])
    assert math.isnan(r.data.metrics["bnan"])
    # MLflow's SQL store clamps +/-inf to +/-sys.float_info.max when storing
    # (SqlAlchemyStore._get_metric_value_details): that is what the client reads back
    assert r.data.metrics["pinf"] == sys.float_info.max
    assert r.data.metrics["ninf"] == -sys.float_info.max
    assert math.isnan(client.get_metric_history(run_id, "nan")[0].value)
    assert client.get_metric_history(run_id, "pinf")[0].value == sys.float_info.max
    assert client.get_metric_history(run_id, "ninf")[0].value == -sys.float_info.max


@pytest.mark.timeout(600)
def test_many_metric_points_history(client, experiment):
    run_id = client.create_run(experiment).info.run_id
    t = now_ms()
    n = 3000
    batch = [Metric("curve", i * 0.5, t + i, i) for i in range(n)]
    for lo in range(0, n, 1000):  # server limit: 1000 metrics per log-batch
        client.log_batch(run_id, metrics=batch[lo : lo + 1000])
    hist = client.get_metric_history(run_id, "curve")
    assert len(hist) == n
    assert sorted(m.step for m in hist) == list(range(n))
    assert {m.step: m.value for m in hist} == {i: i * 0.5 for i in range(n)}
    assert client.get_run(run_id).data.metrics["curve"] == (n - 1) * 0.5


def test_log_input_dataset(client, experiment):
    df = pd.DataFrame({"x": [1, 2, 3], "y": [0, 1, 0]})
    ds = mlflow.data.from_pandas(df, name="compat-ds", targets="y")
    with mlflow.start_run() as run:
        mlflow.log_input(ds, context="training", tags={"extra": "1"})
    r = client.get_run(run.info.run_id)
    inputs = r.inputs.dataset_inputs
    assert len(inputs) == 1
    d = inputs[0].dataset
    assert d.name == "compat-ds"
    assert d.digest == ds.digest
    assert d.source_type == ds._to_mlflow_entity().source_type
    assert d.schema and d.profile  # JSON blobs stored verbatim
    tags = {t.key: t.value for t in inputs[0].tags}
    assert tags["mlflow.data.context"] == "training"
    assert tags["extra"] == "1"

    # logging the same dataset again does not duplicate the input
    with mlflow.start_run(run_id=run.info.run_id):
        mlflow.log_input(ds, context="training")
    assert len(client.get_run(run.info.run_id).inputs.dataset_inputs) == 1
