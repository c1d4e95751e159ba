"""Monitors, ground truth and alerts in `capstan server`, end to end: a model registered with the real
mlflow client (sklearn -> skl2onnx -> mlflow.onnx.log_model, its training data logged as an artifact)
is deployed, served over OIP v2, watched by a monitor whose reference is that artifact; a shifted
window drifts, an alert rule fires, a local webhook receiver gets the signed event, a retrain request
is recorded for a pipeline to claim. The anchors are checked number by number: scipy's ks_2samp for the
drift scores of the numerical columns, scikit-learn's metrics for the quality of labelled windows.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from datetime import datetime, timezone

import mlflow
import mlflow.onnx
import numpy as np
import pandas as pd
import pytest
import requests
from scipy.stats import ks_2samp
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, mean_squared_error, precision_score
from sklearn.metrics import recall_score, roc_auc_score

from conftest import unique

pytestmark = pytest.mark.capstan_only

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
WINDOW = 10
SECRET = "hook-secret"

IRIS = load_iris()
X = IRIS.data.astype(np.float32)
Y = IRIS.target


class Receiver:
    """A local webhook receiver: keeps every POST's headers and body."""

    def __init__(self):
        self.calls = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def registered(server):
    """A registered iris model; its run holds the training data (features + predicted label) as CSV."""
    mlflow.set_experiment(unique("monitoring"))
    name = unique("iris-monitored")
    clf = LogisticRegression(max_iter=500).fit(X, Y)
    reference = pd.DataFrame(X, columns=FEATURES)
    reference["label"] = clf.predict(X)
    with mlflow.start_run() as run:
        mlflow.onnx.log_model(to_onnx(clf, X[:1], options={id(clf): {"zipmap": False}}), name="model",
                              registered_model_name=name)
        path = f"{server.workdir}/train.csv"
        reference.to_csv(path, index=False)
        mlflow.log_artifact(path, artifact_path="reference")
        mlflow.log_input(mlflow.data.from_pandas(reference, source=path, name="iris-train"), context="training")
    return {"name": name, "run_id": run.info.run_id, "reference": reference, "clf": clf}


def post(server, path, body, status=200):
    r = requests.post(f"{server.url}/api/capstan/{path}", json=body, timeout=60)
    assert r.status_code == status, r.text
    return r.json()


def get(server, path, status=200):
    r = requests.get(f"{server.url}/api/capstan/{path}", timeout=60)
    assert r.status_code == status, r.text
    return r.json()


def wait_for_window_start(margin=0.3):
    """Sleeps until just after the next window boundary; returns that window's start (epoch seconds)."""
    now = time.time()
    start = (int(now) // WINDOW + 1) * WINDOW
    time.sleep(start - now + margin)
    return start


def iso(epoch_seconds):
    return datetime.fromtimestamp(epoch_seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def serve(server, deployment, rows, session):
    """One request per row; returns (request_id, label, probabilities) per row."""
    out = []
    for row in rows:
        body = {"inputs": [{"name": "X", "shape": [1, 4], "datatype": "FP32", "data": [float(v) for v in row]}]}
        r = session.post(f"{server.url}/v2/models/{deployment}/infer", json=body, timeout=30)
        assert r.status_code == 200, r.text
        outputs = {o["name"]: o["data"] for o in r.json()["outputs"]}
        out.append((r.headers["X-Request-ID"], outputs["label"][0], outputs["probabilities"]))
    return out


def wait_for(predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


def window(server, monitor, start):
    r = requests.get(f"{server.url}/api/capstan/monitors/{monitor}/windows/{iso(start)}", timeout=30)
    return r.json()["window"] if r.status_code == 200 else None


def test_served_traffic_drifts_fires_an_alert_and_gets_its_quality_from_late_labels(server, registered, receiver):
    name = registered["name"]
    deployment = unique("iris-live")
    post(server, "deployments", {"name": deployment, "model": name, "traffic": [{"version": "1", "weight": 100}]})
    monitor = unique("iris-traffic")
    created = post(server, "monitors", {
        "name": monitor, "source": {"deployment": deployment},
        "reference": {"uri": f"runs:/{registered['run_id']}/reference/train.csv"},
        "feature_names": FEATURES, "window_seconds": WINDOW, "delay_seconds": 1, "min_rows": 20,
        "quality": {"task": "classification", "prediction": "label", "score": "probabilities"}})["monitor"]
    assert created["start"].endswith("0Z") and created["latest_window"] is None
    rule = unique("iris-drift")
    post(server, "alerts", {"name": rule, "monitor": monitor,
                            "condition": {"metric": "dataset_drift", "op": "==", "value": 1}, "for_windows": 1,
                            "actions": [{"type": "webhook", "url": receiver.url, "secret": SECRET},
                                        {"type": "retrain"}]})
    shown = get(server, f"alerts/{rule}")["alert"]
    assert shown["actions"][0]["secret"] == "***" and shown["state"] == "ok"

    rng = np.random.default_rng(3)
    normal_idx = rng.choice(len(X), 60, replace=False)
    normal = X[normal_idx]
    shifted = X[rng.choice(len(X), 60, replace=False)] + np.array([2.0, 1.0, 2.0, 0], dtype=np.float32)
    session = requests.Session()
    first = wait_for_window_start()
    served_normal = serve(server, deployment, normal, session)
    assert time.time() < first + WINDOW, "the machine is too slow to serve 60 requests in one window"
    second = wait_for_window_start()
    serve(server, deployment, shifted, session)
    assert time.time() < second + WINDOW

    w1 = wait_for(lambda: window(server, monitor, first), "the first window")
    w2 = wait_for(lambda: window(server, monitor, second), "the second window")
    assert w1["status"] == "ok" and w1["rows"] == 60 and w1["reference_rows"] == 150
    assert w1["dataset_drift"] is False, w1
    assert w2["dataset_drift"] is True, w2
    drifted = {c["column"] for c in w2["columns"] if c["drift_detected"]}
    assert {"sepal_length", "sepal_width", "petal_length"} <= drifted
    assert {c["column"] for c in w2["columns"]} == set(FEATURES) | {"label"}

    # the drift scores are scipy's two-sample KS p-values (the numerical columns' default test here), on
    # the reference as read from its CSV and the served FP32 values as the decimals the client sent
    reference = pd.read_csv(f"{server.workdir}/train.csv")
    for w, data in ((w1, normal), (w2, shifted)):
        for c in w["columns"]:
            if c["stattest"] == "ks":
                j = FEATURES.index(c["column"])
                sent = np.array([float(str(v)) for v in data[:, j]])
                expected = ks_2samp(reference[c["column"]].to_numpy(), sent).pvalue
                assert c["drift_score"] == pytest.approx(expected, rel=1e-6, abs=1e-300), c

    # the full result and the HTML report of the drifted window
    full = get(server, f"monitors/{monitor}/windows/{iso(second)}")["window"]
    assert full["drift"]["dataset_drift"] is True
    assert all("distribution" in c for c in full["drift"]["columns"])
    html = requests.get(f"{server.url}/api/capstan/monitors/{monitor}/windows/{iso(second)}/report.html")
    assert html.status_code == 200 and "sandbox" in html.headers["Content-Security-Policy"]

    # the alert fired once, on the drifted window, and the receiver got the signed event
    events = wait_for(lambda: get(server, f"alerts/{rule}/events")["events"], "a firing event")
    assert [e["kind"] for e in events] == ["firing"] and events[0]["window_start"] == iso(second)
    wait_for(lambda: receiver.calls, "the webhook call")
    headers, body = receiver.calls[0]
    signature = headers.get("X-Capstan-Signature") or headers.get("x-capstan-signature")
    assert signature == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    payload = json.loads(body)
    assert payload["event"]["kind"] == "firing" and payload["window"]["dataset_drift"] is True
    assert SECRET not in body.decode()
    delivered = wait_for(lambda: [d for d in get(server, f"alerts/{rule}/events")["events"][0]["deliveries"]
                                  if d["status"] == "delivered"], "the delivery to be recorded")
    assert delivered[0]["type"] == "webhook"

    # a retrain request waits for a pipeline, which claims and completes it
    pending = [r for r in get(server, "retrain-requests?status=pending")["retrain_requests"] if r["rule"] == rule]
    assert len(pending) == 1
    request = pending[0]
    assert request["deployment"] == deployment and request["model"] == name and request["model_version"] == "1"
    claimed = post(server, f"retrain-requests/{request['id']}/claim", {"worker": "pipeline-1"})["retrain_request"]
    assert claimed["status"] == "claimed"
    conflict = post(server, f"retrain-requests/{request['id']}/claim", {"worker": "pipeline-2"}, status=409)
    assert conflict["error_code"] == "RESOURCE_CONFLICT"
    done = post(server, f"retrain-requests/{request['id']}/complete", {"status": "succeeded", "result": "run 42"})
    assert done["retrain_request"]["status"] == "succeeded"

    # late ground truth: the first window's quality equals scikit-learn's on the same rows
    labels = Y[normal_idx]
    post(server, "ground-truth", {"deployment": deployment, "labels": [
        {"request_id": rid, "label": int(y)} for (rid, _, _), y in zip(served_normal, labels)]})
    quality = wait_for(lambda: (window(server, monitor, first) or {}).get("quality"), "the first window's quality")
    predicted = np.array([p for _, p, _ in served_normal])
    proba = np.array([s for _, _, s in served_normal])
    assert quality["labelled_rows"] == 60
    assert quality["accuracy"] == pytest.approx(accuracy_score(labels, predicted), abs=1e-12)
    assert quality["precision"] == pytest.approx(precision_score(labels, predicted, average="macro", zero_division=0))
    assert quality["recall"] == pytest.approx(recall_score(labels, predicted, average="macro", zero_division=0))
    assert quality["f1"] == pytest.approx(f1_score(labels, predicted, average="macro"), abs=1e-12)
    assert quality["auc"] == pytest.approx(roc_auc_score(labels, proba, multi_class="ovr", average="macro",
                                                         labels=[0, 1, 2]), abs=1e-9)

    # Prometheus gauges show the newest window and the firing rule
    metrics = requests.get(f"{server.url}/metrics").text
    assert f'capstan_monitor_window_end_seconds{{monitor="{monitor}"}}' in metrics
    assert f'capstan_alert_firing{{monitor="{monitor}",rule="{rule}"}} 1.0' in metrics


def test_a_dataset_monitor_windows_rows_by_their_timestamp(server, registered):
    rng = np.random.default_rng(5)
    start = (int(time.time()) // 3600 - 3) * 3600
    frames = []
    for hour, shift in enumerate((0.0, 0.0, 3.0)):
        frame = pd.DataFrame(X[rng.choice(len(X), 80)] + np.float32(shift), columns=FEATURES)
        frame["ts"] = [iso(start + hour * 3600 + int(s)) for s in rng.integers(0, 3600, len(frame))]
        truth = rng.integers(0, 3, len(frame))
        frame["target"] = truth
        frame["label"] = np.where(rng.random(len(frame)) < 0.7, truth, (truth + 1) % 3)
        frames.append(frame)
    scored = pd.concat(frames)
    path = f"{server.workdir}/scored.csv"
    scored.to_csv(path, index=False)
    monitor = unique("scored")
    post(server, "monitors", {"name": monitor, "source": {"path": path, "timestamp_column": "ts"},
                              "reference": {"uri": f"{server.workdir}/train.csv"}, "columns": FEATURES,
                              "window_seconds": 3600, "start": iso(start),
                              "quality": {"task": "classification", "prediction": "label", "target": "target"}})
    windows = post(server, f"monitors/{monitor}/evaluate", {})["windows"]
    assert [w["window_start"] for w in windows[:3]] == [iso(start + h * 3600) for h in range(3)]
    assert [w["dataset_drift"] for w in windows[:3]] == [False, False, True]
    for hour, w in enumerate(windows[:3]):
        frame = frames[hour]
        assert w["rows"] == 80
        assert w["quality"]["accuracy"] == pytest.approx(accuracy_score(frame["target"], frame["label"]))
        assert w["quality"]["f1"] == pytest.approx(f1_score(frame["target"], frame["label"], average="macro"))
    listed = get(server, f"monitors/{monitor}/windows?max_results=2")
    assert len(listed["windows"]) == 2 and "next_page_token" in listed
    shown = get(server, f"monitors/{monitor}")["monitor"]
    assert shown["latest_window"]["window_start"] == shown["latest_tested_window"]["window_start"] == iso(start + 2 * 3600)


def test_a_model_versions_training_dataset_is_a_reference(server, registered):
    rng = np.random.default_rng(11)
    start = (int(time.time()) // 3600 - 2) * 3600
    frame = pd.DataFrame(X[rng.choice(len(X), 60)], columns=FEATURES)
    frame["ts"] = [iso(start + int(s)) for s in rng.integers(0, 3600, len(frame))]
    path = f"{server.workdir}/versioned.csv"
    frame.to_csv(path, index=False)
    monitor = unique("by-version")
    created = post(server, "monitors", {"name": monitor, "source": {"path": path, "timestamp_column": "ts"},
                                        "reference": {"uri": f"models:/{registered['name']}/1"},
                                        "window_seconds": 3600, "start": iso(start)})["monitor"]
    assert created["reference"]["uri"] == f"models:/{registered['name']}/1"
    w = post(server, f"monitors/{monitor}/evaluate", {"window_start": iso(start)})["windows"][0]
    assert w["status"] == "ok" and w["reference_rows"] == 150 and w["number_of_columns"] == 4, w
    missing = requests.post(f"{server.url}/api/capstan/monitors", json={
        "name": unique("no-version"), "source": {"path": path, "timestamp_column": "ts"},
        "reference": {"uri": f"models:/{registered['name']}/99"}})
    assert missing.status_code == 404 and missing.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


def test_regression_quality_equals_scikit_learn(server, registered):
    rng = np.random.default_rng(9)
    start = (int(time.time()) // 3600 - 2) * 3600
    frame = pd.DataFrame(X[rng.choice(len(X), 120)], columns=FEATURES)
    frame["ts"] = [iso(start + int(s)) for s in rng.integers(0, 3600, len(frame))]
    frame["y"] = rng.normal(10, 2, len(frame))
    frame["y_hat"] = frame["y"] + rng.normal(0, 0.5, len(frame))
    path = f"{server.workdir}/regression.csv"
    frame.to_csv(path, index=False)
    monitor = unique("regression")
    post(server, "monitors", {"name": monitor, "source": {"path": path, "timestamp_column": "ts"},
                              "reference": {"uri": f"{server.workdir}/train.csv"}, "columns": FEATURES,
                              "window_seconds": 3600, "start": iso(start),
                              "quality": {"task": "regression", "prediction": "y_hat", "target": "y"}})
    w = post(server, f"monitors/{monitor}/evaluate", {"window_start": iso(start)})["windows"][0]
    assert w["quality"]["rmse"] == pytest.approx(np.sqrt(mean_squared_error(frame["y"], frame["y_hat"])), rel=1e-12)
    assert w["quality"]["mae"] == pytest.approx(mean_absolute_error(frame["y"], frame["y_hat"]), rel=1e-12)


def test_a_real_prometheus_scrapes_the_monitor_gauges(server, registered, tmp_path):
    prometheus = shutil.which("prometheus")
    if prometheus is None:
        pytest.fail("Debian's prometheus is not installed; ./test-all installs it")
    rng = np.random.default_rng(13)
    start = (int(time.time()) // 3600 - 2) * 3600
    frame = pd.DataFrame(X[rng.choice(len(X), 60)] + np.float32(3.0), columns=FEATURES)
    frame["ts"] = [iso(start + int(s)) for s in rng.integers(0, 3600, len(frame))]
    path = f"{server.workdir}/scraped.csv"
    frame.to_csv(path, index=False)
    monitor = unique("scraped")
    post(server, "monitors", {"name": monitor, "source": {"path": path, "timestamp_column": "ts"},
                              "reference": {"uri": f"{server.workdir}/train.csv"}, "columns": FEATURES,
                              "window_seconds": 3600, "start": iso(start)})
    post(server, f"monitors/{monitor}/evaluate", {"window_start": iso(start)})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "prometheus.yml").write_text(
        "global:\n  scrape_interval: 1s\n"
        f"scrape_configs:\n  - job_name: capstan\n    static_configs:\n      - targets: "
        f"['{server.url.removeprefix('http://')}']\n")
    with open(tmp_path / "prometheus.log", "wb") as log:
        proc = subprocess.Popen([prometheus, f"--config.file={tmp_path / 'prometheus.yml'}",
                                 f"--storage.tsdb.path={tmp_path / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=dict(os.environ),
                                start_new_session=True)
    try:
        def query(q):
            try:
                r = requests.get(f"http://127.0.0.1:{port}/api/v1/query", params={"query": q}, timeout=5).json()
            except requests.RequestException:
                return []
            return r["data"]["result"] if r.get("status") == "success" else []

        # the monitor tick (5 s) publishes the newest window; Prometheus scrapes every second
        series = wait_for(lambda: query(f'capstan_monitor_drift_share{{monitor="{monitor}"}}'),
                          "Prometheus to scrape the monitor's drift share", timeout=90)
        assert float(series[0]["value"][1]) == 1.0
        columns = query(f'capstan_monitor_column_drift_detected{{monitor="{monitor}"}}')
        assert {c["metric"]["column"] for c in columns} == set(FEATURES)
        assert query('up{job="capstan"}')[0]["value"][1] == "1"
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)


def test_a_firing_rule_runs_the_configured_retrain_command(server, registered):
    monitor = unique("retrain-cmd")
    start = wait_for_window_start(margin=0.2)
    frame = pd.DataFrame(X[:60] + np.float32(4.0), columns=FEATURES)
    frame["ts"] = iso(start + 1)
    path = f"{server.workdir}/retrain-source.csv"
    frame.to_csv(path, index=False)
    post(server, "monitors", {"name": monitor, "source": {"path": path, "timestamp_column": "ts"},
                              "reference": {"uri": f"{server.workdir}/train.csv"}, "columns": FEATURES,
                              "window_seconds": WINDOW, "delay_seconds": 0, "start": iso(start)})
    rule = unique("retrain-rule")
    post(server, "alerts", {"name": rule, "monitor": monitor,
                            "condition": {"metric": "drift_share", "op": ">=", "value": 0.5},
                            "actions": [{"type": "retrain", "command": "print-request"}]})
    done = wait_for(lambda: [r for r in get(server, "retrain-requests")["retrain_requests"]
                             if r["rule"] == rule and r["status"] in ("succeeded", "failed")],
                    "the retrain command to run", timeout=90)
    request = done[0]
    assert request["status"] == "succeeded", request
    assert request["claimed_by"].startswith("command:print-request@")
    assert f"CAPSTAN_RETRAIN_ID={request['id']}" in request["result"]
    assert f"CAPSTAN_MONITOR={monitor}" in request["result"] and request["result"].endswith("[exit 0]")
    events = get(server, f"alerts/{rule}/events")["events"]
    assert events[0]["deliveries"][0]["type"] == "retrain_command"


@pytest.mark.parametrize("body, status, fragment", [
    ({"name": "bad", "source": {"deployment": "x"}, "reference": {"uri": "/nowhere.csv"}}, 404, "does not exist"),
    ({"name": "bad", "source": {"deployment": "x"}, "reference": {"uri": "/etc/hostname"}}, 403, "outside"),
    ({"name": "bad", "source": {"deployment": "x"}, "reference": {"uri": "relative.csv"}}, 400, "absolute"),
    ({"name": "bad", "source": {}, "reference": {"uri": "/x"}}, 400, "'source' needs"),
    ({"name": "bad/../x", "source": {"deployment": "x"}, "reference": {"uri": "/x"}}, 400, "Monitor name"),
    ({"name": "bad", "source": {"deployment": "x"}, "reference": {"uri": "/x"}, "window_seconds": 5}, 400, "window"),
    ({"name": "bad", "source": {"deployment": "x"}, "reference": {"uri": "/x"}, "drift": {"stattest": "nope"}},
     400, "stat test"),
    ({"name": "bad", "source": {"deployment": "x"}, "reference": {"uri": "/x"}, "quality": {"task": "ranking",
                                                                                         "prediction": "p"}},
     400, "quality.task"),
    ([1, 2], 400, "JSON object"),
])
def test_bad_monitors_are_client_errors(server, body, status, fragment):
    r = requests.post(f"{server.url}/api/capstan/monitors", json=body, timeout=30)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error_code", "message"} and fragment in r.json()["message"], r.text


def test_bad_alerts_ground_truth_and_retrain_calls_are_client_errors(server, registered):
    monitor = unique("for-bad-alerts")
    post(server, "monitors", {"name": monitor, "source": {"deployment": "x"},
                              "reference": {"uri": f"{server.workdir}/train.csv"}})
    cases = [
        ("alerts", {"name": "a", "monitor": "missing", "condition": {"metric": "rows", "op": "<", "value": 1}}, 404),
        ("alerts", {"name": "a", "monitor": monitor, "condition": {"metric": "wat", "op": "<", "value": 1}}, 400),
        ("alerts", {"name": "a", "monitor": monitor, "condition": {"metric": "rows", "op": "~", "value": 1}}, 400),
        ("alerts", {"name": "a", "monitor": monitor, "condition": {"metric": "rows", "op": "<", "value": 1},
                    "actions": [{"type": "retrain", "command": "rm-rf"}]}, 400),
        ("alerts", {"name": "a", "monitor": monitor, "condition": {"metric": "rows", "op": "<", "value": 1},
                    "actions": [{"type": "webhook", "url": "file:///etc/passwd"}]}, 400),
        ("ground-truth", {"deployment": "x", "labels": []}, 400),
        ("ground-truth", {"deployment": "x", "labels": [{"request_id": "r"}]}, 400),
        ("ground-truth", {"deployment": "x", "labels": [{"request_id": "r", "label": {"a": 1}}]}, 400),
        ("retrain-requests/nope/claim", {"worker": "w"}, 404),
        ("retrain-requests/nope/complete", {"status": "done"}, 400),
        (f"monitors/{monitor}/evaluate", {"window_start": "yesterday"}, 400),
        (f"monitors/{monitor}/evaluate", {"window_start": "2999-01-01T00:00:00Z"}, 400),
    ]
    for path, body, status in cases:
        r = requests.post(f"{server.url}/api/capstan/{path}", json=body, timeout=30)
        assert r.status_code == status, (path, body, r.text)
        assert set(r.json()) == {"error_code", "message"}, r.text
    assert requests.get(f"{server.url}/api/capstan/monitors/nope").status_code == 404
    assert requests.get(f"{server.url}/api/capstan/monitors/{monitor}/windows?max_results=x").status_code == 400
    assert requests.get(f"{server.url}/api/capstan/retrain-requests?status=lost").status_code == 400
