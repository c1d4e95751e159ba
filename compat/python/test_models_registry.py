"""Logged models (MLflow 3), sklearn autolog and the model registry."""

import warnings

import mlflow
import numpy as np
import pytest
from mlflow.exceptions import MlflowException
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

pytestmark = pytest.mark.timeout(600)

# Explicit requirements keep log_model from spawning a slow inference subprocess.
PIP_REQS = ["scikit-learn", "numpy"]


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True, as_frame=True)
    return X, y


def error_code(excinfo):
    return excinfo.value.error_code


def _run_with_artifact(client, experiment, tmp_path, artifact_path="model"):
    """A run with a small directory artifact usable as a model version source."""
    d = tmp_path / "m"
    d.mkdir(exist_ok=True)
    (d / "MLmodel").write_text("flavors: {}\n")
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(d), artifact_path=artifact_path)
    return run.info.run_id


# --------------------------------------------------------------------------- logged models


def test_sklearn_log_model_register_and_load(client, experiment, name_factory, iris):
    X, y = iris
    model = LogisticRegression(max_iter=300).fit(X, y)
    expected = model.predict(X)
    reg_name = name_factory("reg")
    with mlflow.start_run() as run:
        info = mlflow.sklearn.log_model(
            model,
            name="model",
            registered_model_name=reg_name,
            pip_requirements=PIP_REQS,
            input_example=X.head(3),
        )
    run_id = run.info.run_id

    # MLflow 3: the model is a LoggedModel with its own id and artifact location
    assert info.model_id.startswith("m-")
    assert info.model_uri == f"models:/{info.model_id}"
    assert str(info.registered_model_version) == "1"
    lm = client.get_logged_model(info.model_id)
    assert lm.name == "model"
    assert lm.source_run_id == run_id
    assert lm.experiment_id == experiment
    assert str(lm.status) in ("READY", "LoggedModelStatus.READY")
    assert lm.artifact_location == f"mlflow-artifacts:/{experiment}/models/{info.model_id}/artifacts"
    # the run records the model as an output
    outs = client.get_run(run_id).outputs.model_outputs
    assert [o.model_id for o in outs] == [info.model_id]

    mv = client.get_model_version(reg_name, "1")
    assert mv.source == f"models:/{info.model_id}"
    assert mv.run_id == run_id
    assert mv.status == "READY"
    assert mv.current_stage == "None"
    assert client.get_model_version_download_uri(reg_name, "1") == lm.artifact_location

    client.set_registered_model_alias(reg_name, "champion", "1")
    for uri in (
        f"models:/{reg_name}@champion",
        f"models:/{reg_name}/1",
        info.model_uri,
        f"runs:/{run_id}/model",
    ):
        loaded = mlflow.pyfunc.load_model(uri)
        np.testing.assert_array_equal(loaded.predict(X), expected, err_msg=uri)

    # the sklearn flavor loads too
    sk = mlflow.sklearn.load_model(f"models:/{reg_name}@champion")
    np.testing.assert_array_equal(sk.predict(X), expected)

    # registering the same logged model again makes version 2
    mv2 = mlflow.register_model(info.model_uri, reg_name)
    assert mv2.version == "2"
    np.testing.assert_array_equal(
        mlflow.pyfunc.load_model(f"models:/{reg_name}/2").predict(X), expected
    )


def test_search_logged_models(client, experiment, iris):
    X, y = iris
    model = LogisticRegression(max_iter=300).fit(X, y)
    with mlflow.start_run():
        a = mlflow.sklearn.log_model(model, name="a", pip_requirements=PIP_REQS)
        b = mlflow.sklearn.log_model(model, name="b", pip_requirements=PIP_REQS)
    found = client.search_logged_models(experiment_ids=[experiment])
    assert {m.model_id for m in found} == {a.model_id, b.model_id}
    found = client.search_logged_models(experiment_ids=[experiment], filter_string="name = 'b'")
    assert [m.model_id for m in found] == [b.model_id]


def test_sklearn_autolog(client, experiment, iris):
    X, y = iris
    mlflow.sklearn.autolog(log_input_examples=False, log_model_signatures=True, silent=True)
    try:
        with mlflow.start_run() as run:
            LogisticRegression(C=0.5, max_iter=250).fit(X, y)
    finally:
        mlflow.sklearn.autolog(disable=True)
    r = client.get_run(run.info.run_id)
    assert r.data.params["C"] == "0.5"
    assert r.data.params["max_iter"] == "250"
    assert "training_accuracy_score" in r.data.metrics
    assert 0.8 < r.data.metrics["training_accuracy_score"] <= 1.0
    assert r.data.tags["estimator_name"] == "LogisticRegression"
    assert r.data.tags["estimator_class"] == "sklearn.linear_model._logistic.LogisticRegression"
    # autolog logs the model as a LoggedModel linked to the run
    outs = r.outputs.model_outputs
    assert len(outs) == 1
    loaded = mlflow.pyfunc.load_model(f"models:/{outs[0].model_id}")
    assert loaded.predict(X.head(5)).shape == (5,)
    # and the training dataset as an input
    assert any(
        {t.key: t.value for t in di.tags}.get("mlflow.data.context") == "train"
        for di in r.inputs.dataset_inputs
    )


# --------------------------------------------------------------------------- registry CRUD


def test_registered_model_crud(client, name_factory):
    name = name_factory()
    rm = client.create_registered_model(name, tags={"k": "v"}, description="first")
    assert rm.name == name
    assert rm.description == "first"
    assert rm.tags == {"k": "v"}
    assert rm.creation_timestamp and rm.last_updated_timestamp

    with pytest.raises(MlflowException) as ei:
        client.create_registered_model(name)
    assert error_code(ei) == "RESOURCE_ALREADY_EXISTS"

    got = client.get_registered_model(name)
    assert got.description == "first" and got.tags == {"k": "v"}
    assert got.latest_versions == []

    client.update_registered_model(name, description="second")
    assert client.get_registered_model(name).description == "second"

    client.set_registered_model_tag(name, "k2", "v2")
    client.delete_registered_model_tag(name, "k")
    assert client.get_registered_model(name).tags == {"k2": "v2"}

    new = name_factory("renamed")
    client.rename_registered_model(name, new)
    assert client.get_registered_model(new).description == "second"
    with pytest.raises(MlflowException) as ei:
        client.get_registered_model(name)
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"

    client.delete_registered_model(new)
    with pytest.raises(MlflowException) as ei:
        client.get_registered_model(new)
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"
    # the name can be reused after deletion (registry deletes are hard deletes)
    client.create_registered_model(new)


def test_model_version_crud(client, experiment, name_factory, tmp_path):
    run_id = _run_with_artifact(client, experiment, tmp_path)
    name = name_factory()
    client.create_registered_model(name)
    src = f"runs:/{run_id}/model"
    mv1 = client.create_model_version(name, src, run_id=run_id, tags={"t": "1"}, description="d1")
    assert mv1.version == "1"
    assert mv1.name == name
    assert mv1.source == src
    assert mv1.run_id == run_id
    assert mv1.status == "READY"
    assert mv1.current_stage == "None"
    assert mv1.tags == {"t": "1"}
    assert mv1.description == "d1"
    mv2 = client.create_model_version(name, src, run_id=run_id)
    assert mv2.version == "2"

    # A runs:/ source is stored verbatim and returned as the download URI (only
    # models:/ sources are resolved to a storage location at creation time).
    assert client.get_model_version_download_uri(name, "1") == src

    got = client.get_model_version(name, "1")
    assert got.source == src and got.tags == {"t": "1"}

    client.update_model_version(name, "1", description="updated")
    assert client.get_model_version(name, "1").description == "updated"
    client.set_model_version_tag(name, "1", "t2", "x")
    client.delete_model_version_tag(name, "1", "t")
    assert client.get_model_version(name, "1").tags == {"t2": "x"}

    latest = client.get_registered_model(name).latest_versions
    assert [v.version for v in latest] == ["2"]  # latest per stage ("None")

    client.delete_model_version(name, "1")
    with pytest.raises(MlflowException) as ei:
        client.get_model_version(name, "1")
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"
    # versions are never reused
    assert client.create_model_version(name, src, run_id=run_id).version == "3"

    # deleting the registered model deletes its versions
    client.delete_registered_model(name)
    with pytest.raises(MlflowException) as ei:
        client.get_model_version(name, "2")
    assert error_code(ei) == "RESOURCE_DOES_NOT_EXIST"


def test_search_registered_models_and_versions(client, experiment, name_factory, tmp_path):
    run_a = _run_with_artifact(client, experiment, tmp_path)
    run_b = _run_with_artifact(client, experiment, tmp_path)
    prefix = name_factory("s")
    names = [f"{prefix}-b", f"{prefix}-a", f"{prefix}-c"]
    for n in names:
        client.create_registered_model(n, tags={"grp": "odd" if n.endswith(("a", "c")) else "even"})
    client.create_model_version(names[0], f"runs:/{run_a}/model", run_id=run_a)
    client.create_model_version(names[0], f"runs:/{run_b}/model", run_id=run_b)
    client.create_model_version(names[1], f"runs:/{run_b}/model", run_id=run_b)

    res = client.search_registered_models(filter_string=f"name LIKE '{prefix}-%'")
    assert [m.name for m in res] == sorted(names)  # default order: name ASC
    res = client.search_registered_models(
        filter_string=f"name LIKE '{prefix}-%'", order_by=["name DESC"]
    )
    assert [m.name for m in res] == sorted(names, reverse=True)
    res = client.search_registered_models(filter_string=f"name = '{prefix}-a'")
    assert [m.name for m in res] == [f"{prefix}-a"]
    res = client.search_registered_models(
        filter_string=f"name ILIKE '{prefix.upper()}-%' AND tags.grp = 'odd'"
    )
    assert [m.name for m in res] == [f"{prefix}-a", f"{prefix}-c"]
    page1 = client.search_registered_models(
        filter_string=f"name LIKE '{prefix}-%'", max_results=2
    )
    assert len(page1) == 2 and page1.token
    page2 = client.search_registered_models(
        filter_string=f"name LIKE '{prefix}-%'", max_results=2, page_token=page1.token
    )
    assert [m.name for m in page1] + [m.name for m in page2] == sorted(names)

    mvs = client.search_model_versions(f"name = '{names[0]}'")
    assert sorted(v.version for v in mvs) == ["1", "2"]
    mvs = client.search_model_versions(f"run_id = '{run_b}'")
    assert sorted((v.name, v.version) for v in mvs) == sorted([(names[0], "2"), (names[1], "1")])
    mvs = client.search_model_versions(f"name = '{names[0]}' AND run_id = '{run_a}'")
    assert [(v.name, v.version) for v in mvs] == [(names[0], "1")]
    mvs = client.search_model_versions(f"name LIKE '{prefix}-%'", order_by=["version_number DESC"])
    assert [int(v.version) for v in mvs][:2] == [2, 1]
    mvs = client.search_model_versions(f"run_id IN ('{run_a}', 'nope')")
    assert [(v.name, v.version) for v in mvs] == [(names[0], "1")]


def test_stages_and_latest_versions(client, experiment, name_factory, tmp_path):
    run_id = _run_with_artifact(client, experiment, tmp_path)
    name = name_factory()
    client.create_registered_model(name)
    for _ in range(3):
        client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mv = client.transition_model_version_stage(name, "1", "Production")
        assert mv.current_stage == "Production"
        client.transition_model_version_stage(name, "2", "staging")  # case-insensitive
        assert client.get_model_version(name, "2").current_stage == "Staging"

        # archive_existing_versions moves the old Production version to Archived
        client.transition_model_version_stage(
            name, "3", "Production", archive_existing_versions=True
        )
        assert client.get_model_version(name, "1").current_stage == "Archived"
        assert client.get_model_version(name, "3").current_stage == "Production"
        assert client.get_model_version(name, "2").current_stage == "Staging"

        latest = client.get_latest_versions(name, stages=["Production"])
        assert [v.version for v in latest] == ["3"]
        latest = client.get_latest_versions(name)
        assert {(v.current_stage, v.version) for v in latest} == {
            ("Production", "3"),
            ("Staging", "2"),
            ("Archived", "1"),
        }
        assert client.get_latest_versions(name, stages=["None"]) == []

        with pytest.raises(MlflowException) as ei:
            client.transition_model_version_stage(name, "1", "Nonsense")
        assert error_code(ei) == "INVALID_PARAMETER_VALUE"


def test_aliases(client, experiment, name_factory, tmp_path):
    run_id = _run_with_artifact(client, experiment, tmp_path)
    name = name_factory()
    client.create_registered_model(name)
    client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)
    client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id)

    client.set_registered_model_alias(name, "champion", "1")
    client.set_registered_model_alias(name, "challenger", "2")
    assert client.get_model_version_by_alias(name, "champion").version == "1"
    assert client.get_registered_model(name).aliases == {"champion": "1", "challenger": "2"}
    assert client.get_model_version(name, "2").aliases == ["challenger"]

    # moving an alias
    client.set_registered_model_alias(name, "champion", "2")
    assert client.get_model_version_by_alias(name, "champion").version == "2"
    assert sorted(client.get_model_version(name, "2").aliases) == ["challenger", "champion"]
    assert client.get_model_version(name, "1").aliases == []

    client.delete_registered_model_alias(name, "challenger")
    assert client.get_registered_model(name).aliases == {"champion": "2"}

    with pytest.raises(MlflowException) as ei:
        client.get_model_version_by_alias(name, "challenger")
    assert error_code(ei) == "INVALID_PARAMETER_VALUE"

    # deleting the version drops its aliases
    client.delete_model_version(name, "2")
    assert client.get_registered_model(name).aliases == {}
