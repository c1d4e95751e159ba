"""Raw REST checks for wire details the Python client does not expose."""

import json
import math
import re
import uuid

import pytest
import requests

pytestmark = pytest.mark.timeout(300)

ERROR_KEYS = {"error_code", "message"}


def assert_error(resp, status, code):
    assert resp.status_code == status, (resp.status_code, resp.text)
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert ERROR_KEYS <= body.keys(), body
    assert body["error_code"] == code, body
    return body


@pytest.fixture
def exp_id(http):
    r = http.api("POST", "experiments/create", name=f"http-{uuid.uuid4().hex}")
    assert r.status_code == 200, r.text
    return r.json()["experiment_id"]


@pytest.fixture
def run_id(http, exp_id):
    r = http.api("POST", "runs/create", experiment_id=exp_id, start_time=1_700_000_000_000)
    assert r.status_code == 200, r.text
    return r.json()["run"]["info"]["run_id"]


def test_health_and_version(http):
    r = http.get("/health")
    assert r.status_code == 200
    assert r.text == "OK"
    r = http.get("/version")
    assert r.status_code == 200
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", r.text.strip()), r.text


def test_unknown_endpoint_is_404(http):
    assert http.get("/api/2.0/mlflow/nope").status_code == 404
    assert http.post("/api/2.0/mlflow/nope", json={}).status_code == 404
    # wrong method on a known endpoint
    assert http.get("/api/2.0/mlflow/runs/create").status_code == 405


def test_json_content_type_and_shapes(http, exp_id):
    r = http.api("GET", "experiments/get", experiment_id=exp_id)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    exp = r.json()["experiment"]
    assert exp["experiment_id"] == exp_id  # ids are strings on the wire
    assert exp["lifecycle_stage"] == "active"
    assert isinstance(exp["creation_time"], int)  # int64 as JSON numbers
    # empty responses are an empty JSON object
    r = http.api("POST", "experiments/set-experiment-tag", experiment_id=exp_id, key="k", value="v")
    assert r.status_code == 200 and r.json() == {}


def test_error_body_shape(http):
    r = http.api("GET", "runs/get", run_id="0" * 32)
    body = assert_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    assert isinstance(body["message"], str) and body["message"]
    r = http.api("GET", "experiments/get", experiment_id="999999999")
    assert_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    r = http.api("GET", "experiments/get-by-name", experiment_name=f"nope-{uuid.uuid4().hex}")
    assert_error(r, 404, "RESOURCE_DOES_NOT_EXIST")
    # missing required parameter
    r = http.api("POST", "experiments/create")
    assert_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = http.api("GET", "runs/get")
    assert_error(r, 400, "INVALID_PARAMETER_VALUE")
    # wrong type
    r = http.api("POST", "runs/log-metric", run_id="0" * 32, key="m", value="abc", timestamp=1)
    assert_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_duplicate_is_400_resource_already_exists(http, exp_id):
    name = http.api("GET", "experiments/get", experiment_id=exp_id).json()["experiment"]["name"]
    r = http.api("POST", "experiments/create", name=name)
    assert_error(r, 400, "RESOURCE_ALREADY_EXISTS")


def test_int64_as_strings_accepted(http, exp_id):
    r = http.api("POST", "runs/create", experiment_id=exp_id, start_time="1700000000000")
    assert r.status_code == 200, r.text
    info = r.json()["run"]["info"]
    assert info["start_time"] == 1_700_000_000_000
    rid = info["run_id"]
    r = http.api(
        "POST", "runs/log-metric", run_id=rid, key="m", value=2.5, timestamp="1700000000123", step="7"
    )
    assert r.status_code == 200, r.text
    r = http.api(
        "POST",
        "runs/log-batch",
        run_id=rid,
        metrics=[{"key": "b", "value": 1, "timestamp": "1700000000001", "step": "3"}],
    )
    assert r.status_code == 200, r.text
    hist = http.api("GET", "metrics/get-history", run_id=rid, metric_key="m").json()["metrics"]
    assert hist == [{"key": "m", "value": 2.5, "timestamp": 1_700_000_000_123, "step": 7}]


def test_nan_emitted_as_string(http, run_id):
    r = http.api("POST", "runs/log-metric", run_id=run_id, key="n", value="NaN", timestamp=1, step=0)
    assert r.status_code == 200, r.text
    # NOTE: a bare NaN / -1e400 JSON token (non-standard JSON) is not tested:
    # MLflow 3.17.2 stores such a metric as value 0.0, timestamp 0, step 0.
    r = http.api("GET", "runs/get", run_id=run_id)
    assert '"NaN"' in r.text  # the JSON string "NaN", not a bare NaN token
    metrics = {m["key"]: m for m in r.json()["run"]["data"]["metrics"]}
    assert metrics["n"]["value"] == "NaN"
    hist = http.api("GET", "metrics/get-history", run_id=run_id, metric_key="n").json()
    assert hist["metrics"][0]["value"] == "NaN"


def test_infinity_is_clamped(http, run_id):
    # MLflow's SQL store stores +/-inf as +/-DBL_MAX; on the wire it is a plain number.
    for key, value in (("pinf", "Infinity"), ("ninf", "-Infinity")):
        r = http.api("POST", "runs/log-metric", run_id=run_id, key=key, value=value, timestamp=1)
        assert r.status_code == 200, r.text
    metrics = {
        m["key"]: m["value"]
        for m in http.api("GET", "runs/get", run_id=run_id).json()["run"]["data"]["metrics"]
    }
    assert metrics["pinf"] in (1.7976931348623157e308, "Infinity")
    assert metrics["ninf"] in (-1.7976931348623157e308, "-Infinity")
    assert not any(isinstance(v, float) and math.isinf(v) for v in metrics.values())


def test_metric_history_paging(http, run_id):
    metrics = [{"key": "h", "value": float(i), "timestamp": 1000 + i, "step": i} for i in range(25)]
    assert http.api("POST", "runs/log-batch", run_id=run_id, metrics=metrics).status_code == 200
    seen, token, pages = [], None, 0
    while True:
        params = {"run_id": run_id, "metric_key": "h", "max_results": 10}
        if token:
            params["page_token"] = token
        body = http.get("/api/2.0/mlflow/metrics/get-history", params=params).json()
        pages += 1
        seen += [m["step"] for m in body.get("metrics", [])]
        token = body.get("next_page_token")
        if not token:
            break
        assert pages < 10
    assert seen == list(range(25))
    assert pages == 3
    # without max_results: everything in one response, no token
    body = http.api("GET", "metrics/get-history", run_id=run_id, metric_key="h").json()
    assert len(body["metrics"]) == 25 and "next_page_token" not in body


def test_long_param_and_tag_values_are_truncated(http, run_id):
    # MLflow 3.17 silently truncates over-long values (params to 6000 chars,
    # tags to 8000 chars) instead of rejecting them.
    assert http.api("POST", "runs/log-parameter", run_id=run_id, key="p", value="x" * 7000).ok
    assert http.api("POST", "runs/set-tag", run_id=run_id, key="t", value="y" * 9000).ok
    data = http.api("GET", "runs/get", run_id=run_id).json()["run"]["data"]
    params = {p["key"]: p["value"] for p in data["params"]}
    tags = {t["key"]: t["value"] for t in data["tags"]}
    assert params["p"] == "x" * 6000
    assert tags["t"] == "y" * 8000
    # keys are not truncated: too long is an error
    r = http.api("POST", "runs/set-tag", run_id=run_id, key="k" * 251, value="v")
    assert_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_ajax_api_prefix(http, exp_id):
    r = http.get("/ajax-api/2.0/mlflow/experiments/get", params={"experiment_id": exp_id})
    assert r.status_code == 200
    assert r.json()["experiment"]["experiment_id"] == exp_id
    r = http.post(
        "/ajax-api/2.0/mlflow/experiments/search", json={"max_results": 5, "filter": "name = 'Default'"}
    )
    assert r.status_code == 200
    assert [e["name"] for e in r.json()["experiments"]] == ["Default"]


def test_get_and_post_search(http, exp_id, run_id):
    # search endpoints answer POST with a JSON body and GET with query params
    r = http.post("/api/2.0/mlflow/runs/search", json={"experiment_ids": [exp_id]})
    assert r.status_code == 200
    assert [x["info"]["run_id"] for x in r.json()["runs"]] == [run_id]
    r = http.get("/api/2.0/mlflow/experiments/search", params={"max_results": 10})
    assert r.status_code == 200 and "experiments" in r.json()
    # a search that matches nothing returns {} (empty repeated fields are omitted)
    r = http.post(
        "/api/2.0/mlflow/runs/search",
        json={"experiment_ids": [exp_id], "filter": "tags.none = 'x'"},
    )
    assert r.status_code == 200 and r.json() == {}


def test_mlflow_artifacts_listing_and_download(http, run_id, exp_id):
    base = f"/api/2.0/mlflow-artifacts/artifacts/{exp_id}/{run_id}/artifacts"
    r = http.session.put(http.url + base + "/dir/a.txt", data=b"hello", timeout=60)
    assert r.status_code == 200, r.text
    r = http.session.put(http.url + base + "/dir/sub/b.txt", data=b"world!", timeout=60)
    assert r.status_code == 200, r.text

    r = http.get("/api/2.0/mlflow-artifacts/artifacts", params={"path": f"{exp_id}/{run_id}/artifacts/dir"})
    assert r.status_code == 200
    files = sorted(r.json()["files"], key=lambda f: f["path"])
    # the proxy lists *basenames*, not paths relative to the root
    assert files == [
        {"path": "a.txt", "is_dir": False, "file_size": 5},
        {"path": "sub", "is_dir": True},
    ]
    r = http.get(base + "/dir/sub/b.txt")
    assert r.status_code == 200 and r.content == b"world!"
    # run-scoped listing via the tracking API: paths relative to the run root
    r = http.api("GET", "artifacts/list", run_id=run_id, path="dir")
    assert r.status_code == 200
    body = r.json()
    assert body["root_uri"] == f"mlflow-artifacts:/{exp_id}/{run_id}/artifacts"
    assert sorted(f["path"] for f in body["files"]) == ["dir/a.txt", "dir/sub"]
    # a missing file
    assert 400 <= http.get(base + "/dir/missing.txt").status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "%2e%2e/x",
        "a/../../x",
        "/etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_artifact_list_traversal_refused(http, path):
    r = http.get(f"/api/2.0/mlflow-artifacts/artifacts?path={path}")
    assert 400 <= r.status_code < 500, (r.status_code, r.text)


@pytest.mark.parametrize(
    "suffix",
    [
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "x/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%252e%252e/%252e%252e/etc/passwd",
    ],
)
def test_artifact_download_upload_traversal_refused(http, suffix):
    url = http.url + "/api/2.0/mlflow-artifacts/artifacts/" + suffix
    # requests would normalise "..", so send the path as-is via a prepared request
    for method, data in (("GET", None), ("PUT", b"evil")):
        req = http.session.prepare_request(requests.Request(method, url, data=data))
        req.url = url
        r = http.session.send(req, timeout=60)
        assert 400 <= r.status_code < 500, (method, suffix, r.status_code, r.text[:200])


def test_missing_content_type_on_post(http, exp_id):
    r = http.session.post(
        http.url + "/api/2.0/mlflow/runs/create",
        data=json.dumps({"experiment_id": exp_id}),
        headers={"Content-Type": ""},
        timeout=60,
    )
    assert_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_server_info(http):
    # The MLflow 3 client calls GET /api/3.0/mlflow/server-info (e.g. when logging models).
    r = http.get("/api/3.0/mlflow/server-info")
    assert r.status_code == 200
    assert isinstance(r.json(), dict)
