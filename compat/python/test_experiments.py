"""Experiments: create/get, tags, rename, delete/restore, search."""

import time

import mlflow
import pytest
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException

pytestmark = pytest.mark.timeout(300)


def test_set_experiment_creates_then_gets_by_name(client, name_factory):
    name = name_factory()
    assert client.get_experiment_by_name(name) is None

    exp = mlflow.set_experiment(name)
    assert exp.name == name
    assert exp.lifecycle_stage == "active"
    assert exp.experiment_id.isdigit()
    # With --artifacts-destination the server proxies artifacts: the default
    # artifact root of new experiments is the mlflow-artifacts:/ scheme.
    assert exp.artifact_location == f"mlflow-artifacts:/{exp.experiment_id}"

    again = mlflow.set_experiment(name)
    assert again.experiment_id == exp.experiment_id

    by_name = client.get_experiment_by_name(name)
    by_id = client.get_experiment(exp.experiment_id)
    assert by_name.experiment_id == by_id.experiment_id == exp.experiment_id
    assert by_id.name == name
    assert by_id.creation_time and by_id.last_update_time
    assert abs(by_id.creation_time - time.time() * 1000) < 10 * 60 * 1000

    # set_experiment by id also works
    assert mlflow.set_experiment(experiment_id=exp.experiment_id).name == name


def test_default_experiment_exists(client):
    default = client.get_experiment("0")
    assert default.name == "Default"
    assert client.get_experiment_by_name("Default").experiment_id == "0"


def test_create_experiment_with_tags_and_artifact_location(client, name_factory):
    name = name_factory()
    exp_id = client.create_experiment(name, tags={"team": "ml", "prio": "1"})
    exp = client.get_experiment(exp_id)
    assert exp.tags["team"] == "ml"
    assert exp.tags["prio"] == "1"

    client.set_experiment_tag(exp_id, "team", "infra")  # overwrite
    client.set_experiment_tag(exp_id, "empty", "")
    mlflow.set_experiment(experiment_id=exp_id)
    mlflow.set_experiment_tag("fluent", "yes")
    mlflow.set_experiment_tags({"a": "1", "b": "2"})
    tags = client.get_experiment(exp_id).tags
    assert tags["team"] == "infra"
    assert tags["empty"] == ""
    assert tags["fluent"] == "yes"
    assert tags["a"] == "1" and tags["b"] == "2"

    client.delete_experiment_tag(exp_id, "prio")
    assert "prio" not in client.get_experiment(exp_id).tags


def test_rename_experiment(client, name_factory):
    old, new = name_factory("old"), name_factory("new")
    exp_id = client.create_experiment(old)
    before = client.get_experiment(exp_id)
    client.rename_experiment(exp_id, new)
    exp = client.get_experiment(exp_id)
    assert exp.name == new
    assert exp.last_update_time >= before.last_update_time
    assert client.get_experiment_by_name(old) is None
    assert client.get_experiment_by_name(new).experiment_id == exp_id


def test_delete_and_restore_experiment(client, name_factory):
    name = name_factory()
    exp_id = client.create_experiment(name)
    with mlflow.start_run(experiment_id=exp_id) as run:
        mlflow.log_param("p", "1")

    client.delete_experiment(exp_id)
    exp = client.get_experiment(exp_id)
    assert exp.lifecycle_stage == "deleted"
    # get-by-name still finds a deleted experiment
    assert client.get_experiment_by_name(name).lifecycle_stage == "deleted"
    # deleting an experiment soft-deletes its runs
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "deleted"

    active = {e.experiment_id for e in client.search_experiments(filter_string=f"name = '{name}'")}
    deleted = {
        e.experiment_id
        for e in client.search_experiments(
            view_type=ViewType.DELETED_ONLY, filter_string=f"name = '{name}'"
        )
    }
    assert exp_id not in active
    assert exp_id in deleted

    # The name stays taken while the experiment is deleted.
    with pytest.raises(MlflowException) as ei:
        client.create_experiment(name)
    assert ei.value.error_code == "RESOURCE_ALREADY_EXISTS"

    client.restore_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "active"
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "active"


def test_search_experiments_filters_and_order(client, name_factory):
    prefix = name_factory("srch")
    ids = {}
    for suffix, tag in (("b", "x"), ("a", "y"), ("c", "x")):
        ids[suffix] = client.create_experiment(f"{prefix}-{suffix}", tags={"kind": tag})
        time.sleep(0.01)  # distinct creation_time (ms) for the ordering check below

    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"])
    assert [e.name for e in res] == [f"{prefix}-a", f"{prefix}-b", f"{prefix}-c"]

    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name DESC"])
    assert [e.name for e in res] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]

    res = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND tags.kind = 'x'", order_by=["name ASC"]
    )
    assert [e.experiment_id for e in res] == [ids["b"], ids["c"]]

    res = client.search_experiments(filter_string=f"name ILIKE '{prefix.upper()}-A'")
    assert [e.experiment_id for e in res] == [ids["a"]]

    res = client.search_experiments(filter_string=f"name != '{prefix}-a' AND name LIKE '{prefix}%'")
    assert {e.experiment_id for e in res} == {ids["b"], ids["c"]}

    # creation_time ordering (ids were created in order b, a, c)
    res = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%'", order_by=["creation_time DESC"]
    )
    assert [e.experiment_id for e in res][0] == ids["c"]

    # paging through the server with max_results / page_token
    page1 = client.search_experiments(
        max_results=2, filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"]
    )
    assert len(page1) == 2 and page1.token
    page2 = client.search_experiments(
        max_results=2,
        filter_string=f"name LIKE '{prefix}-%'",
        order_by=["name ASC"],
        page_token=page1.token,
    )
    assert [e.name for e in page2] == [f"{prefix}-c"]
    assert not page2.token

    # fluent API
    res = mlflow.search_experiments(filter_string=f"tags.kind = 'y' AND name LIKE '{prefix}%'")
    assert [e.experiment_id for e in res] == [ids["a"]]


def test_search_experiments_view_type_all(client, name_factory):
    prefix = name_factory("vt")
    keep = client.create_experiment(f"{prefix}-keep")
    gone = client.create_experiment(f"{prefix}-gone")
    client.delete_experiment(gone)
    flt = f"name LIKE '{prefix}-%'"
    assert {e.experiment_id for e in client.search_experiments(filter_string=flt)} == {keep}
    assert {
        e.experiment_id
        for e in client.search_experiments(filter_string=flt, view_type=ViewType.ALL)
    } == {keep, gone}
    assert {
        e.experiment_id
        for e in client.search_experiments(filter_string=flt, view_type=ViewType.DELETED_ONLY)
    } == {gone}
