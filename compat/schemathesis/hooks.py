"""Capstan's own Schemathesis checks, loaded through SCHEMATHESIS_HOOKS by ./run.

capstan_no_server_error
    No response is a 5xx (MLflow's client retries 5xx for minutes, so a client mistake answered
    with 500 hangs real users). The single exception is the one MLflow itself makes on purpose:
    renaming a deleted experiment answers 500 INVALID_STATE, and Capstan keeps that for fidelity.
    Used instead of the built-in not_a_server_error, which cannot express that exception.

capstan_error_shape
    Every 4xx/5xx answer under /api or /ajax-api is a JSON object with string "error_code" and
    "message" (MLflow's error shape; the Python client turns anything else into INTERNAL_ERROR).

Request targets Jetty refuses before routing (encoded '/', dot segments, control characters)
    are answered in the same JSON shape by Capstan's JsonErrorHandler, so nothing is filtered.
"""

import json

import schemathesis

_INVALID_STATE_PATHS = {"/api/2.0/mlflow/experiments/update"}


def _json(response):
    try:
        return json.loads(response.content or b"")
    except ValueError:
        return None


@schemathesis.check
def capstan_no_server_error(ctx, response, case):
    status = response.status_code
    if status < 500:
        return None
    body = _json(response)
    if (
        status == 500
        and case.operation.path in _INVALID_STATE_PATHS
        and isinstance(body, dict)
        and body.get("error_code") == "INVALID_STATE"
    ):
        return None
    raise AssertionError(f"Server error {status}: {response.content[:300]!r}")


@schemathesis.check
def capstan_error_shape(ctx, response, case):
    status = response.status_code
    path = case.operation.path
    if status < 400 or not (path.startswith("/api/") or path.startswith("/ajax-api/")):
        return None
    body = _json(response)
    if not isinstance(body, dict):
        raise AssertionError(f"{status} error body is not a JSON object: {response.content[:300]!r}")
    for field in ("error_code", "message"):
        if not isinstance(body.get(field), str):
            raise AssertionError(f"{status} error body lacks a string {field!r}: {body!r}")
    return None
