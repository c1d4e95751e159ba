#!/usr/bin/env python3
"""Seed an MLflow-compatible tracking server with N runs through the REST API.

Every run gets a deterministic name, 3 params and 3 metrics derived only from
(--seed, run index), so two servers seeded with the same arguments hold the
same data and must return the same search results.

Used by bench/driver.py (scenario b); can also be run on its own:

    python bench/seed.py --url http://127.0.0.1:5000 --runs 20000 --experiment bench-search
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

import requests

SEEDER_VERSION = 1  # bump when the generated data changes (invalidates bench/.cache)
P1_VALUES = ("x", "y", "z", "w")

_local = threading.local()


def _session() -> requests.Session:
    s = getattr(_local, "session", None)
    if s is None:
        s = requests.Session()
        _local.session = s
    return s


def post(url: str, path: str, body: dict, retries: int = 8) -> dict:
    """POST JSON, retrying transient failures (SQLite 'database is locked', resets)."""
    delay = 0.05
    last = None
    for _ in range(retries):
        try:
            r = _session().post(url + path, json=body, timeout=120)
            if r.status_code == 200:
                return r.json() if r.content else {}
            last = f"HTTP {r.status_code}: {r.text[:300]}"
            if r.status_code < 500 and r.status_code != 429:
                break
        except requests.RequestException as e:  # connection reset etc.
            last = repr(e)
        time.sleep(delay)
        delay = min(delay * 2, 2.0)
    raise RuntimeError(f"POST {path} failed: {last}")


def run_data(seed: int, i: int) -> dict:
    rng = random.Random(seed * 1_000_003 + i)
    return {
        "name": f"run-{i:06d}",
        "start_time": 1_700_000_000_000 + i,
        "params": [
            {"key": "p1", "value": rng.choice(P1_VALUES)},
            {"key": "p2", "value": f"v{rng.randrange(100)}"},
            {"key": "p3", "value": str(i)},
        ],
        "metrics": [
            {"key": k, "value": round(rng.random(), 9), "timestamp": 1_700_000_000_000 + i, "step": 0}
            for k in ("m1", "m2", "m3")
        ],
    }


def ensure_experiment(url: str, name: str) -> str:
    r = _session().get(url + "/api/2.0/mlflow/experiments/get-by-name",
                       params={"experiment_name": name}, timeout=60)
    if r.status_code == 200:
        return r.json()["experiment"]["experiment_id"]
    return post(url, "/api/2.0/mlflow/experiments/create", {"name": name})["experiment_id"]


def seed_one(url: str, exp_id: str, seed: int, i: int) -> None:
    d = run_data(seed, i)
    run = post(url, "/api/2.0/mlflow/runs/create", {
        "experiment_id": exp_id, "run_name": d["name"], "start_time": d["start_time"],
    })
    run_id = run["run"]["info"]["run_id"]
    post(url, "/api/2.0/mlflow/runs/log-batch",
         {"run_id": run_id, "params": d["params"], "metrics": d["metrics"], "tags": []})


def seed(url: str, experiment: str, runs: int, seed_value: int = 42, workers: int = 8,
         progress: bool = True) -> dict:
    """Create `runs` runs in `experiment`; returns timing figures."""
    exp_id = ensure_experiment(url, experiment)
    t0 = time.monotonic()
    done = 0
    last_print = t0
    with ThreadPoolExecutor(max_workers=workers) as ex:
        # Submit in chunks to keep memory flat and fail fast.
        chunk = 2000
        for start in range(0, runs, chunk):
            futs = [ex.submit(seed_one, url, exp_id, seed_value, i)
                    for i in range(start, min(start + chunk, runs))]
            for f in as_completed(futs):
                f.result()
                done += 1
                now = time.monotonic()
                if progress and now - last_print >= 15:
                    last_print = now
                    rate = done / (now - t0)
                    print(f"    seeded {done}/{runs} runs ({rate:.0f} runs/s, "
                          f"eta {(runs - done) / max(rate, 1e-9):.0f}s)", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - t0
    return {"experiment_id": exp_id, "runs": runs, "seed": seed_value, "workers": workers,
            "seconds": round(elapsed, 2), "runs_per_s": round(runs / elapsed, 1),
            "requests_per_s": round(2 * runs / elapsed, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--runs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--experiment", default="bench-search")
    a = ap.parse_args()
    print(json.dumps(seed(a.url.rstrip("/"), a.experiment, a.runs, a.seed, a.workers)))


if __name__ == "__main__":
    main()
