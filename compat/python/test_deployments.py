"""Deployments in `capstan server`: canary weights, sticky routing, alias roll-out and roll-back under
load with zero failed requests, shadow disagreement, auto-rollback of a breaching canary.

Versions are registered with the real mlflow client (sklearn -> skl2onnx -> mlflow.onnx.log_model);
requests go through the OIP v2 endpoint and MLflow scoring at /api/capstan/deployments/<name>/invocations.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import mlflow
import mlflow.onnx
import numpy as np
import pytest
import requests
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from conftest import unique

pytestmark = pytest.mark.capstan_only

X, Y = load_iris(return_X_y=True)
X = X.astype(np.float32)


@pytest.fixture(scope="module")
def model(server):
    """A registered model with three versions that answer differently."""
    mlflow.set_experiment(unique("deployments"))
    name = unique("deploy")
    for c in (1.0, 0.05, 0.001):
        clf = LogisticRegression(C=c, max_iter=500).fit(X, Y)
        with mlflow.start_run():
            mlflow.onnx.log_model(to_onnx(clf, X[:1], options={id(clf): {"zipmap": False}}), name="model",
                                  registered_model_name=name)
    return name


def deploy(server, spec, status=200):
    r = requests.post(f"{server.url}/api/capstan/deployments", json=spec, timeout=120)
    assert r.status_code == status, r.text
    return r.json()


def infer(server, name, rows=1, headers=None, session=requests):
    body = {"inputs": [{"name": "X", "shape": [rows, 4], "datatype": "FP32", "data": X[:rows].flatten().tolist()}]}
    return session.post(f"{server.url}/v2/models/{name}/infer", json=body, headers=headers or {}, timeout=30)


def status(server, name):
    return requests.get(f"{server.url}/api/capstan/deployments/{name}", timeout=10).json()["deployment"]


def test_canary_weights_split_the_traffic(server, model):
    name = unique("canary")
    deploy(server, {"name": name, "model": model, "traffic": [{"version": "1", "weight": 80},
                                                                {"version": "2", "weight": 20}]})
    session = requests.Session()
    versions = Counter()
    for _ in range(600):
        r = infer(server, name, session=session)
        assert r.status_code == 200, r.text
        assert r.headers["X-Request-ID"]
        versions[r.json()["model_version"]] += 1
    assert set(versions) == {"1", "2"}
    assert 0.14 < versions["2"] / 600 < 0.26, versions
    # MLflow scoring through the same deployment
    r = requests.post(f"{server.url}/api/capstan/deployments/{name}/invocations", json={"inputs": X[:2].tolist()})
    assert r.status_code == 200 and len(r.json()["predictions"]["label"]) == 2
    # a version named in the URL bypasses the weights
    assert requests.get(f"{server.url}/v2/models/{name}/versions/2").status_code == 200
    assert infer(server, f"{name}/versions/1").json()["model_version"] == "1"


def test_sticky_header_keeps_a_caller_on_one_version(server, model):
    name = unique("sticky")
    deploy(server, {"name": name, "model": model, "sticky_header": "X-User",
                    "traffic": [{"version": "1", "weight": 50}, {"version": "2", "weight": 50}]})
    seen = {}
    for user in range(40):
        answers = {infer(server, name, headers={"X-User": f"user-{user}"}).json()["model_version"] for _ in range(5)}
        assert len(answers) == 1, (user, answers)
        seen[user] = answers.pop()
    assert set(seen.values()) == {"1", "2"}


def test_moving_the_alias_rolls_out_and_back_with_zero_failed_requests(server, model):
    client = mlflow.MlflowClient()
    client.set_registered_model_alias(model, "champion", "1")
    name = unique("alias")
    deploy(server, {"name": name, "model": model, "alias": "champion"})
    results, stop = [], threading.Event()

    def load():
        session = requests.Session()
        while not stop.is_set():
            r = infer(server, name, rows=4, session=session)
            results.append((r.status_code, r.json().get("model_version") if r.status_code == 200 else r.text))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        def wait_for(version):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if results and results[-1] == (200, version) and all(v == version for _, v in results[-20:]):
                    return
                time.sleep(0.2)
            pytest.fail(f"traffic did not move to version {version}: {results[-5:]}")

        wait_for("1")
        client.set_registered_model_alias(model, "champion", "2")
        wait_for("2")
        client.set_registered_model_alias(model, "champion", "1")
        wait_for("1")
    finally:
        stop.set()
        for t in threads:
            t.join()
    failures = [r for r in results if r[0] != 200]
    assert not failures, failures[:5]
    assert len(results) > 100
    events = [e["type"] for e in status(server, name)["events"]]
    assert events.count("rolled_out") == 2, events


def test_shadow_gets_copies_and_its_disagreement_is_recorded(server, model):
    name = unique("shadow")
    deploy(server, {"name": name, "model": model, "traffic": [{"version": "1", "weight": 100}],
                    "shadow_version": "3",
                    "rollback": {"max_error_rate": 1, "max_p99_ms": 60000, "window_seconds": 1,
                                 "consecutive_windows": 1, "min_requests": 1}})
    for _ in range(40):
        r = infer(server, name, rows=8)
        assert r.status_code == 200 and r.json()["model_version"] == "1"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shadow = [w for w in status(server, name)["windows"] if w["version"] == "3"]
        if sum(w["shadow_requests"] for w in shadow) >= 40:
            break
        time.sleep(0.5)
    shadow = [w for w in status(server, name)["windows"] if w["version"] == "3"]
    assert sum(w["shadow_requests"] for w in shadow) == 40
    # version 3 is regularised hard: its probabilities differ from version 1's on every request
    assert sum(w["shadow_disagreements"] for w in shadow) == 40
    assert all(w["shadow_errors"] == 0 for w in shadow)
    primary = [w for w in status(server, name)["windows"] if w["version"] == "1"]
    assert sum(w["requests"] for w in primary) == 40
    # the inference log holds each request and, under the same request id, the shadow's prediction
    import json

    records = [json.loads(line) for f in sorted((server.workdir / "inference-log").glob("inference-*.jsonl"))
               for line in f.read_text().splitlines() if name in line]
    served = {r["request_id"]: r for r in records if r["deployment_name"] == name}
    shadowed = {r["request_id"]: r for r in records if r["deployment_name"] == f"{name}/shadow"}
    assert len(served) == 40 and set(shadowed) == set(served)
    some = next(iter(served))
    assert served[some]["model_version"] == "1" and shadowed[some]["model_version"] == "3"
    assert served[some]["inputs"] == shadowed[some]["inputs"]
    assert served[some]["outputs"] != shadowed[some]["outputs"]


def test_a_real_prometheus_splits_the_metrics_by_deployment_and_version(server, model, tmp_path):
    from promserver import prometheus_scraping, wait_for

    name = unique("metered")
    deploy(server, {"name": name, "model": model, "shadow_version": "3",
                    "traffic": [{"version": "1", "weight": 50}, {"version": "2", "weight": 50}]})
    session = requests.Session()
    answered = Counter(infer(server, name, rows=2, session=session).json()["model_version"] for _ in range(60))
    assert set(answered) == {"1", "2"}
    # Triton's statistics extension, per version of the deployment (the shadow's copies are not in it)
    stats = requests.get(f"{server.url}/v2/models/{name}/stats", timeout=10).json()["model_stats"]
    assert {s["version"]: s["inference_stats"]["success"]["count"] for s in stats} == dict(answered)
    assert {s["name"] for s in stats} == {name}
    with prometheus_scraping([server.url], tmp_path) as query:
        def value(q, want):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                result = query(q)
                if result and float(result[0]["value"][1]) == want:
                    return
                time.sleep(0.5)
            pytest.fail(f"{q} = {query(q)}, not {want}")

        by_version = wait_for(query, f'nv_inference_request_success_total{{deployment="{name}"}}')
        assert {r["metric"]["version"] for r in by_version} == {"1", "2"}
        for version, count in answered.items():
            value(f'nv_inference_request_success_total{{deployment="{name}",version="{version}"}}', count)
            value(f'nv_inference_count_total{{deployment="{name}",version="{version}"}}', 2 * count)
        # the shadow's copies are their own deployment series: a dashboard of the deployment leaves them out
        value(f'sum(nv_inference_request_success_total{{deployment="{name}/shadow",version="3"}})', 60)
        value(f'nv_inference_count_total{{deployment="{name}/shadow",model="{model}",version="3"}}', 120)
        p99 = query(f'histogram_quantile(0.99, sum by (le, version) (capstan_inference_request_duration_seconds_bucket'
                    f'{{deployment="{name}"}}))')
        assert {r["metric"]["version"] for r in p99} == {"1", "2"}


def test_a_canary_over_its_p99_limit_is_rolled_back(server, model):
    name = unique("rollback")
    deploy(server, {"name": name, "model": model,
                    "traffic": [{"version": "1", "weight": 50}, {"version": "2", "weight": 50}],
                    # no real request is this fast: the canary breaches in every window
                    "rollback": {"max_error_rate": 0.5, "max_p99_ms": 0.0001, "window_seconds": 1,
                                 "consecutive_windows": 2, "min_requests": 3}})
    session = requests.Session()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for _ in range(20):
            assert infer(server, name, session=session).status_code == 200
        weights = {w["version"]: w["weight"] for w in status(server, name)["weights"]}
        if weights["2"] == 0:
            break
    assert weights == {"1": 100, "2": 0}
    events = status(server, name)["events"]
    assert events[-1]["type"] == "rolled_back" and "v2" in events[-1]["message"]
    assert {infer(server, name, session=session).json()["model_version"] for _ in range(30)} == {"1"}
    # the rollback is stored: the deployment lists the new weights
    listed = requests.get(f"{server.url}/api/capstan/deployments").json()["deployments"]
    spec = next(d["spec"] for d in listed if d["spec"]["name"] == name)
    assert spec["traffic"] == [{"version": "1", "weight": 100}, {"version": "2", "weight": 0}]


def test_bad_deployments_and_requests_get_clear_errors(server, model, tmp_path):
    base = f"{server.url}/api/capstan/deployments"
    r = requests.post(base, json={"name": "x", "model": model, "traffic": [{"version": "1", "weight": 50}]})
    assert r.status_code == 400 and "sum to 50" in r.json()["message"]
    r = requests.post(base, json={"name": "x", "model": model, "traffic": [{"version": "99", "weight": 100}]})
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    r = requests.post(base, json={"name": "x", "model": "no-such-model", "alias": "champion"})
    assert r.status_code == 404
    r = requests.post(base, json={"name": "../x", "model": model, "alias": "champion"})
    assert r.status_code == 400
    assert requests.get(f"{base}/nope").status_code == 404
    r = infer(server, "no-such-deployment")
    assert r.status_code == 404 and "unknown model" in r.json()["error"]

    import mlflow.sklearn

    pickled = unique("pickle")
    with mlflow.start_run():
        mlflow.sklearn.log_model(LogisticRegression(max_iter=300).fit(X, Y), name="model",
                                 registered_model_name=pickled)
    r = requests.post(base, json={"name": pickled, "model": pickled, "traffic": [{"version": "1", "weight": 100}]})
    assert r.status_code == 400 and "mlflow.onnx.log_model" in r.json()["message"]


def test_deployments_are_stored_and_can_be_deleted(server, model):
    import sqlite3

    def stored():
        # the spec lives in the server's metadata database, where replicas on it read it
        with sqlite3.connect(f"file:{server.workdir / 'capstan.db'}?mode=ro", uri=True) as db:
            return {row[0]: row[1] for row in db.execute("SELECT name, model FROM deployments")}

    name = unique("listed")
    deploy(server, {"name": name, "model": model, "traffic": [{"version": "1", "weight": 100}]})
    assert stored()[name] == model
    assert not (server.workdir / "deployments.json").exists()
    assert requests.delete(f"{server.url}/api/capstan/deployments/{name}").status_code == 200
    assert name not in stored()
    assert infer(server, name).status_code == 404


def test_the_deployments_command(server, model):
    import json
    import os
    import shlex
    import subprocess

    from conftest import REPO_ROOT

    cmd = shlex.split(os.environ["CAPSTAN_CMD"]) if os.environ.get("CAPSTAN_CMD") else [str(REPO_ROOT / "capstan")]
    name = unique("cli")

    def capstan(*args):
        return subprocess.run(cmd + ["deployments", *args, "--tracking-uri", server.url], capture_output=True,
                              text=True, timeout=120)

    created = capstan("create", name, "--model", model, "--version", "1=90", "--version", "2=10", "--shadow", "3",
                      "--max-p99-ms", "500")
    assert created.returncode == 0, created.stderr
    assert "v1 90%, v2 10%" in created.stdout
    listed = capstan("list", "--output", "json")
    assert listed.returncode == 0 and name in {d["spec"]["name"] for d in json.loads(listed.stdout)}
    shown = capstan("show", name)
    assert shown.returncode == 0 and "created" in shown.stdout
    bad = capstan("create", name, "--model", model, "--version", "1=50")
    assert bad.returncode == 2 and "sum to 50" in bad.stderr
    assert capstan("delete", name).returncode == 0
    missing = capstan("show", name)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
