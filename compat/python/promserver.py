"""A real Prometheus server (Debian's `prometheus`) scraping Capstan, for the metrics tests.

    with prometheus_scraping([target], tmp_path) as query:
        query('nv_inference_count_total{deployment="iris"}')   # -> Prometheus' result list

It listens on 127.0.0.1 only, scrapes every second, keeps its data under `tmp_path`, and is stopped
(whole process group) when the block ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time

import pytest
import requests

from conftest import _free_port, _stop, _tail


@contextlib.contextmanager
def prometheus_scraping(targets, tmp_path):
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.fail("Debian's prometheus is not installed; ./test-all installs it")
    port = _free_port()
    listed = ", ".join(f"'{t.removeprefix('http://')}'" for t in targets)
    config = tmp_path / "prometheus.yml"
    config.write_text("global:\n  scrape_interval: 1s\n"
                      f"scrape_configs:\n  - job_name: capstan\n    static_configs:\n      - targets: [{listed}]\n")
    log = tmp_path / "prometheus.log"
    cmd = [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'prometheus-data'}",
           f"--web.listen-address=127.0.0.1:{port}"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=dict(os.environ), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"prometheus did not come up (exit {proc.poll()}); log:\n{_tail(log)}")
            try:
                if requests.get(f"http://127.0.0.1:{port}/-/ready", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)

        def query(q):
            r = requests.get(f"http://127.0.0.1:{port}/api/v1/query", params={"query": q}, timeout=10).json()
            assert r["status"] == "success", r
            return r["data"]["result"]

        yield query
    finally:
        _stop(proc)


def wait_for(query, q, timeout=60):
    """The result of `q` once Prometheus has scraped something for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = query(q)
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"Prometheus found nothing for {q} within {timeout} s")
