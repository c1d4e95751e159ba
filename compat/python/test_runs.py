"""Runs: lifecycle, names, nesting, status, delete/restore."""

import re
import time

import mlflow
import pytest
from mlflow.entities import RunStatus, ViewType

pytestmark = pytest.mark.timeout(300)

# mlflow.utils.name_utils._generate_random_name: "<predicate>-<noun>-<0..1000>",
# at most 20 characters.
GENERATED_NAME = re.compile(r"^[a-z]+-[a-z]+-\d{1,4}$")


def now_ms():
    return int(time.time() * 1000)


def test_start_run_generates_name_and_defaults(client, experiment):
    t0 = now_ms()
    with mlflow.start_run() as run:
        info = run.info
        assert info.experiment_id == experiment
        assert info.status == "RUNNING"
        assert info.lifecycle_stage == "active"
        assert re.fullmatch(r"[0-9a-f]{32}", info.run_id)
        assert GENERATED_NAME.match(info.run_name), info.run_name
        assert len(info.run_name) <= 20
        assert info.artifact_uri == f"mlflow-artifacts:/{experiment}/{info.run_id}/artifacts"
        assert info.start_time >= t0 - 60_000
        assert info.end_time is None
        fetched = client.get_run(info.run_id)
        assert fetched.data.tags["mlflow.runName"] == info.run_name
        assert fetched.info.run_name == info.run_name
        assert fetched.info.status == "RUNNING"
    done = client.get_run(run.info.run_id)
    assert done.info.status == "FINISHED"
    assert done.info.end_time is not None and done.info.end_time >= done.info.start_time


def test_explicit_run_name_and_user_tags(client, experiment):
    with mlflow.start_run(run_name="my-run", tags={"k": "v"}, description="hello") as run:
        pass
    r = client.get_run(run.info.run_id)
    assert r.info.run_name == "my-run"
    assert r.data.tags["mlflow.runName"] == "my-run"
    assert r.data.tags["k"] == "v"
    assert r.data.tags["mlflow.note.content"] == "hello"
    # the fluent client sets source/user tags
    assert "mlflow.source.name" in r.data.tags
    assert "mlflow.user" in r.data.tags
    assert r.info.user_id == r.data.tags["mlflow.user"]


def test_client_create_run_without_name(client, experiment):
    run = client.create_run(experiment)
    assert GENERATED_NAME.match(run.info.run_name)
    assert client.get_run(run.info.run_id).data.tags["mlflow.runName"] == run.info.run_name
    run2 = client.create_run(experiment, run_name="named", start_time=1_700_000_000_000)
    r2 = client.get_run(run2.info.run_id)
    assert r2.info.run_name == "named"
    assert r2.info.start_time == 1_700_000_000_000


def test_nested_runs_parent_tag(client, experiment):
    with mlflow.start_run() as parent:
        with mlflow.start_run(nested=True) as child:
            with mlflow.start_run(nested=True) as grandchild:
                pass
    c = client.get_run(child.info.run_id)
    g = client.get_run(grandchild.info.run_id)
    assert c.data.tags["mlflow.parentRunId"] == parent.info.run_id
    assert g.data.tags["mlflow.parentRunId"] == child.info.run_id
    assert "mlflow.parentRunId" not in client.get_run(parent.info.run_id).data.tags
    children = client.search_runs(
        [experiment], filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'"
    )
    assert [r.info.run_id for r in children] == [child.info.run_id]


def test_end_run_status_and_set_terminated(client, experiment):
    with mlflow.start_run() as r1:
        pass
    mlflow.start_run()
    r2 = mlflow.active_run()
    mlflow.end_run(status="KILLED")
    r3 = client.create_run(experiment)
    client.set_terminated(r3.info.run_id, status="FAILED", end_time=r3.info.start_time + 5)
    r4 = client.create_run(experiment)
    client.set_terminated(r4.info.run_id)

    assert client.get_run(r1.info.run_id).info.status == "FINISHED"
    assert client.get_run(r2.info.run_id).info.status == "KILLED"
    got3 = client.get_run(r3.info.run_id).info
    assert got3.status == "FAILED"
    assert got3.end_time == r3.info.start_time + 5
    assert client.get_run(r4.info.run_id).info.status == "FINISHED"

    # update_run can move a terminated run back to RUNNING / SCHEDULED
    client.update_run(r4.info.run_id, status="SCHEDULED")
    assert client.get_run(r4.info.run_id).info.status == "SCHEDULED"
    assert RunStatus.is_terminated(RunStatus.from_string("FAILED"))


def test_update_run_name(client, experiment):
    run = client.create_run(experiment, run_name="before")
    client.update_run(run.info.run_id, name="after")
    r = client.get_run(run.info.run_id)
    assert r.info.run_name == "after"
    assert r.data.tags["mlflow.runName"] == "after"
    assert r.info.status == "RUNNING"  # status untouched

    # setting the mlflow.runName tag renames the run too
    client.set_tag(run.info.run_id, "mlflow.runName", "via-tag")
    assert client.get_run(run.info.run_id).info.run_name == "via-tag"


def test_resume_run_by_id(client, experiment):
    with mlflow.start_run() as run:
        mlflow.log_param("a", "1")
    with mlflow.start_run(run_id=run.info.run_id):
        mlflow.log_param("b", "2")
        assert client.get_run(run.info.run_id).info.status == "RUNNING"
    r = client.get_run(run.info.run_id)
    assert r.data.params == {"a": "1", "b": "2"}
    assert r.info.status == "FINISHED"


def test_delete_restore_run_and_view_type(client, experiment):
    keep = client.create_run(experiment).info.run_id
    gone = client.create_run(experiment).info.run_id
    client.delete_run(gone)
    assert client.get_run(gone).info.lifecycle_stage == "deleted"

    def ids(view):
        return {r.info.run_id for r in client.search_runs([experiment], run_view_type=view)}

    assert ids(ViewType.ACTIVE_ONLY) == {keep}
    assert ids(ViewType.DELETED_ONLY) == {gone}
    assert ids(ViewType.ALL) == {keep, gone}

    df = mlflow.search_runs([experiment], run_view_type=ViewType.ALL)
    assert set(df["run_id"]) == {keep, gone}

    client.restore_run(gone)
    assert client.get_run(gone).info.lifecycle_stage == "active"
    assert ids(ViewType.ACTIVE_ONLY) == {keep, gone}
    assert ids(ViewType.DELETED_ONLY) == set()

    # fluent delete_run
    mlflow.delete_run(keep)
    assert ids(ViewType.DELETED_ONLY) == {keep}


def test_logging_to_finished_run_is_allowed(client, experiment):
    # Only the lifecycle stage (deleted) blocks writes, not the run status.
    with mlflow.start_run() as run:
        pass
    client.log_param(run.info.run_id, "late", "yes")
    client.log_metric(run.info.run_id, "late_metric", 1.0)
    client.set_tag(run.info.run_id, "late_tag", "yes")
    r = client.get_run(run.info.run_id)
    assert r.data.params["late"] == "yes"
    assert r.data.metrics["late_metric"] == 1.0
    assert r.data.tags["late_tag"] == "yes"
    assert r.info.status == "FINISHED"
