"""Session fixtures for the Capstan / MLflow wire-compatibility suite.

The suite drives a *live* tracking server with the real ``mlflow`` client.
The server under test is chosen with ``--target`` (or env ``COMPAT_TARGET``):

* ``mlflow``  - the reference ``mlflow server`` from this virtualenv
* ``capstan`` - ``${CAPSTAN_CMD:-<repo>/capstan} server ...``

Either way the server gets a fresh SQLite backend store and a fresh artifact
directory under pytest's session temp dir, binds 127.0.0.1 on a free port, and
is killed (whole process group) at the end of the session.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGETS = ("mlflow", "capstan")
STARTUP_TIMEOUT_S = float(os.environ.get("COMPAT_STARTUP_TIMEOUT", "180"))

# Must be in the environment before the mlflow client makes its first request:
# a 5xx from the server under test should fail a test quickly, not hang in
# urllib3's exponential back-off.
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "30")
# Never let the client fall back to a local ./mlruns or ./mlflow.db store.
os.environ.pop("MLFLOW_REGISTRY_URI", None)
# Keep matplotlib headless.
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_addoption(parser):
    parser.addoption(
        "--target",
        action="store",
        default=None,
        choices=TARGETS,
        help="server under test: mlflow (reference) or capstan "
        "(default: env COMPAT_TARGET, else mlflow)",
    )


def _target(config) -> str:
    target = config.getoption("--target") or os.environ.get("COMPAT_TARGET") or "mlflow"
    if target not in TARGETS:
        raise pytest.UsageError(f"unknown target {target!r}; expected one of {TARGETS}")
    return target


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "side_by_side: compares two Capstan-independent servers (e.g. `mlflow models serve`); "
        "run once, in the Capstan session",
    )
    config.addinivalue_line(
        "markers", "capstan_only: a Capstan feature MLflow has no counterpart of (deployments); Capstan session only"
    )


def pytest_collection_modifyitems(config, items):
    if _target(config) == "capstan":
        return
    def once(item):
        return item.get_closest_marker("side_by_side") or item.get_closest_marker("capstan_only")

    kept = [item for item in items if not once(item)]
    deselected = [item for item in items if once(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_report_header(config):
    return f"compat target: {_target(config)}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_command(target: str, port: int, workdir: Path) -> list[str]:
    artifacts = workdir / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    if target == "mlflow":
        mlflow_bin = Path(sys.executable).parent / "mlflow"
        exe = [str(mlflow_bin)] if mlflow_bin.exists() else [sys.executable, "-m", "mlflow"]
        return exe + [
            "server",
            "--host", "127.0.0.1",
            "--port", str(port),
            "--backend-store-uri", f"sqlite:///{workdir / 'mlflow.db'}",
            "--artifacts-destination", str(artifacts),
            "--workers", "1",
        ]  # fmt: skip
    cmd = os.environ.get("CAPSTAN_CMD")
    exe = shlex.split(cmd) if cmd else [str(REPO_ROOT / "capstan")]
    return exe + [
        "server",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--backend-store-uri", f"sqlite:///{workdir / 'capstan.db'}",
        "--artifacts-destination", str(artifacts),
        "--inference-log", str(workdir / "inference-log"),
        # test_monitoring.py: a retrain command that prints its environment (the retrain request)
        "--retrain-command", "print-request=/usr/bin/env",
    ]  # fmt: skip


def _tail(path: Path, lines: int = 80) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"<cannot read {path}: {e}>"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Server:
    def __init__(self, target: str, url: str, workdir: Path, log: Path, proc: subprocess.Popen):
        self.target = target
        self.url = url
        self.workdir = workdir
        self.artifacts_dir = workdir / "artifacts"
        self.log = log
        self.proc = proc

    def log_tail(self, lines: int = 80) -> str:
        return _tail(self.log, lines)

    def __repr__(self):
        return f"Server({self.target} at {self.url})"


@pytest.fixture(scope="session", autouse=True)
def server(request, tmp_path_factory):
    target = _target(request.config)
    workdir = tmp_path_factory.mktemp(f"{target}-server")
    log = workdir / "server.log"
    port = _free_port()
    cmd = _server_command(target, port, workdir)
    env = dict(os.environ)
    env.pop("MLFLOW_TRACKING_URI", None)
    with open(log, "wb") as out:
        out.write(("$ " + shlex.join(cmd) + "\n").encode())
        out.flush()
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group, killed as a whole
            )
        except OSError as e:
            pytest.exit(f"cannot start {target} server ({shlex.join(cmd)}): {e}", returncode=3)

    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    ok = False
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{url}/health", timeout=5).status_code == 200:
                ok = True
                break
        except requests.RequestException:
            pass
        time.sleep(0.5)
    if not ok:
        rc = proc.poll()
        _stop(proc)
        msg = (
            f"{target} server did not become healthy at {url}/health within "
            f"{STARTUP_TIMEOUT_S:.0f}s (exit code {rc}); log {log}:\n{_tail(log)}"
        )
        print(msg, file=sys.stderr)
        pytest.exit(msg, returncode=3)

    import mlflow

    os.environ["MLFLOW_TRACKING_URI"] = url
    mlflow.set_tracking_uri(url)
    mlflow.set_registry_uri(url)
    srv = Server(target, url, workdir, log, proc)
    try:
        yield srv
    finally:
        while mlflow.active_run() is not None:
            mlflow.end_run()
        _stop(proc)


def unique(prefix: str = "compat") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def name_factory(request):
    """Unique names for the current test (experiments, models, ...)."""
    base = request.node.name.replace("[", "-").replace("]", "")[:40]

    def make(suffix: str = "") -> str:
        return unique(f"{base}{'-' + suffix if suffix else ''}")

    return make


@pytest.fixture
def client(server):
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=server.url, registry_uri=server.url)


@pytest.fixture
def experiment(server, name_factory):
    """A fresh experiment set as the active one for the fluent API; yields its id."""
    import mlflow

    exp = mlflow.set_experiment(name_factory("exp"))
    try:
        yield exp.experiment_id
    finally:
        while mlflow.active_run() is not None:
            mlflow.end_run()


@pytest.fixture
def http(server):
    """A requests session plus helpers for raw REST calls."""
    s = requests.Session()

    class Http:
        url = server.url
        session = s

        def get(self, path, **kw):
            kw.setdefault("timeout", 60)
            return s.get(server.url + path, **kw)

        def post(self, path, json=None, **kw):
            kw.setdefault("timeout", 60)
            return s.post(server.url + path, json=json, **kw)

        def api(self, method, endpoint, **kw):
            """Call /api/2.0/mlflow/<endpoint> with a JSON body (POST) or params (GET)."""
            path = f"/api/2.0/mlflow/{endpoint}"
            if method == "GET":
                return self.get(path, params=kw)
            return self.post(path, json=kw)

    try:
        yield Http()
    finally:
        s.close()
