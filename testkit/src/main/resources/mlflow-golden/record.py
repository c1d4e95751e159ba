#!/usr/bin/env python3
"""Records the MLflow responses the CLI and client tests replay (golden files, never typed by hand).

Start a real MLflow server on an empty SQLite store, then run:
    mlflow server --backend-store-uri sqlite:////tmp/mlrec/m.db --default-artifact-root /tmp/mlrec/art \
        --host 127.0.0.1 --port 5111 --workers 1
    python3 record.py http://127.0.0.1:5111 OUT_DIR
MLflow answers experiments/search without max_results with INVALID_PARAMETER_VALUE, so every
search here sends one, as MLflow's Python client does. Each file is {"request": {...}, "status": N, "body": {...}} for one exchange. Uses only the stdlib.
"""
import json
import pathlib
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/") + "/api/2.0/mlflow"
OUT = pathlib.Path(sys.argv[2])


def call(method, path, body=None, query=None):
    url = BASE + path
    if query:
        url += "?" + urllib.parse.urlencode(query, doseq=True)
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def record(name, method, path, body=None, query=None):
    status, answer = call(method, path, body, query)
    request = {"method": method, "path": path}
    if body is not None:
        request["body"] = body
    if query is not None:
        request["query"] = query
    (OUT / (name + ".json")).write_text(json.dumps({"request": request, "status": status, "body": answer}, indent=2) + "\n")
    return answer


def ok(method, path, body=None, query=None):
    status, answer = call(method, path, body, query)
    assert status == 200, (path, status, answer)
    return answer


OUT.mkdir(parents=True, exist_ok=True)
now = int(time.time() * 1000)
churn = ok("POST", "/experiments/create", {"name": "churn", "tags": [{"key": "team", "value": "growth"}]})["experiment_id"]
ok("POST", "/experiments/create", {"name": "fraud"})
baseline = ok("POST", "/runs/create", {"experiment_id": churn, "run_name": "baseline", "start_time": now,
                                       "tags": [{"key": "owner", "value": "ana"}]})["run"]["info"]["run_id"]
ok("POST", "/runs/log-batch", {"run_id": baseline,
                               "params": [{"key": "lr", "value": "0.1"}, {"key": "depth", "value": "6"}],
                               "metrics": [{"key": "loss", "value": v, "timestamp": now + i, "step": i}
                                           for i, v in enumerate([0.9, 0.5, 0.25])]
                               + [{"key": "auc", "value": 0.81, "timestamp": now + 3, "step": 2}]})
ok("POST", "/runs/update", {"run_id": baseline, "status": "FINISHED", "end_time": now + 60000})
tuned = ok("POST", "/runs/create", {"experiment_id": churn, "run_name": "tuned", "start_time": now + 120000})["run"]["info"]["run_id"]
ok("POST", "/registered-models/create", {"name": "churn-model", "description": "Predicts churn",
                                         "tags": [{"key": "domain", "value": "growth"}]})
ok("POST", "/model-versions/create", {"name": "churn-model", "source": f"runs:/{baseline}/model", "run_id": baseline})
ok("POST", "/model-versions/create", {"name": "churn-model", "source": f"runs:/{tuned}/model", "run_id": tuned})
ok("POST", "/registered-models/alias", {"name": "churn-model", "alias": "champion", "version": "2"})
ok("POST", "/registered-models/alias", {"name": "churn-model", "alias": "baseline", "version": "1"})
ok("POST", "/registered-models/create", {"name": "fraud-model"})

record("experiments-search", "POST", "/experiments/search", {"max_results": 100})
first = record("experiments-search-page1", "POST", "/experiments/search", {"max_results": 2, "order_by": ["name ASC"]})
record("experiments-search-page2", "POST", "/experiments/search",
       {"max_results": 2, "order_by": ["name ASC"], "page_token": first["next_page_token"]})
record("experiments-get", "GET", "/experiments/get", query={"experiment_id": churn})
record("experiments-get-by-name", "GET", "/experiments/get-by-name", query={"experiment_name": "churn"})
record("experiments-get-by-name.missing", "GET", "/experiments/get-by-name", query={"experiment_name": "nope"})
record("experiments-search.bad-filter", "POST", "/experiments/search", {"max_results": 100, "filter": "name ~~ 'x'"})
record("runs-search", "POST", "/runs/search", {"experiment_ids": [churn], "max_results": 1000, "order_by": ["attributes.start_time ASC"]})
record("runs-search.bad-filter", "POST", "/runs/search", {"experiment_ids": [churn], "max_results": 1000, "filter": "metrics.loss >>> 1"})
record("runs-get", "GET", "/runs/get", query={"run_id": baseline})
record("runs-get.missing", "GET", "/runs/get", query={"run_id": "0" * 32})
record("metrics-get-history", "GET", "/metrics/get-history", query={"run_id": baseline, "metric_key": "loss"})
record("registered-models-search", "GET", "/registered-models/search", query={"max_results": 100})
record("registered-models-get", "GET", "/registered-models/get", query={"name": "churn-model"})
record("registered-models-get.missing", "GET", "/registered-models/get", query={"name": "nope"})
record("model-versions-search", "GET", "/model-versions/search", query={"filter": "name='churn-model'", "max_results": 10000})
record("model-versions-get", "GET", "/model-versions/get", query={"name": "churn-model", "version": "2"})
