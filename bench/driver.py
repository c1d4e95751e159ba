#!/usr/bin/env python3
"""Capstan vs `mlflow server` benchmark driver (started by bench/run).

Runs the chosen scenarios against each server in turn (never both at once),
all traffic on 127.0.0.1, bounded in time, and writes
bench/results/<timestamp>.json and bench/results/latest.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

import seed as seeder

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WRK_DIR = BENCH / "wrk"
CACHE = BENCH / ".cache"
RESULTS = BENCH / "results"
CLK_TCK = os.sysconf("SC_CLK_TCK")

SEARCH_FILTER = "metrics.m1 > 0.5 and params.p1 = 'x'"
SEARCH_ORDER = "metrics.m1 DESC"
SEARCH_MAX = 100

WARNINGS: list[str] = []


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def warn(msg: str) -> None:
    WARNINGS.append(msg)
    log("WARNING: " + msg)


# --------------------------------------------------------------------------- processes

def proc_tree(root: int) -> list[int]:
    """root and all its descendants (by PPid), from /proc."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        if os.path.exists(f"/proc/{p}"):
            out.append(p)
            todo.extend(children.get(p, []))
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cmd(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()[:120]
    except OSError:
        return "?"


def memory(root: int) -> dict:
    pids = proc_tree(root)
    per = [{"pid": p, "rss_mib": round(_status_kb(p, "VmRSS") / 1024, 1), "cmd": _cmd(p)} for p in pids]
    return {
        "processes": len(pids),
        "rss_mib": round(sum(x["rss_mib"] for x in per), 1),
        "pss_mib": round(sum(_pss_kb(p) for p in pids) / 1024, 1),
        "per_process": per,
    }


def cpu_seconds(root: int) -> float:
    total = 0
    for p in proc_tree(root):
        try:
            with open(f"/proc/{p}/stat") as f:
                st = f.read()
            fields = st[st.rindex(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def system_busy_s() -> float:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    return (v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / CLK_TCK


def children_cpu_s() -> float:
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_busy() -> list[str]:
    r = subprocess.run(["pgrep", "-fa", "maven"], capture_output=True, text=True)
    return [l for l in r.stdout.splitlines() if l.strip()]


def busy_cores(window: float = 2.0) -> float:
    a = system_busy_s()
    time.sleep(window)
    return (system_busy_s() - a) / window


def wait_for_quiet(max_wait: float, max_cores: float = 0.3) -> None:
    """Wait (bounded) for no Maven build and an otherwise idle machine."""
    deadline = time.monotonic() + max_wait
    said = False
    while True:
        busy, cores = build_busy(), busy_cores()
        if not busy and cores <= max_cores:
            return
        if time.monotonic() >= deadline:
            if busy:
                warn("a Maven build was still running during the benchmark; figures are unreliable")
            else:
                warn(f"machine not idle ({cores:.2f} cores busy) when the benchmark started")
            return
        if not said:
            said = True
            what = ("a Maven build is running:\n  " + "\n  ".join(busy)) if busy else f"{cores:.2f} cores busy"
            log(f"waiting up to {max_wait:.0f}s for a quiet machine; {what}")
        time.sleep(5)


class Server:
    def __init__(self, kind: str, argv: list[str], workdir: Path, env: dict, env_note: str = ""):
        self.kind, self.argv, self.workdir, self.env, self.env_note = kind, argv, workdir, env, env_note
        self.port = int(argv[argv.index("--port") + 1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = workdir / f"{kind}-{self.port}.log"

    @property
    def command(self) -> str:
        return self.env_note + shlex.join(self.argv)

    def start(self, timeout: float) -> float:
        """Spawn; return seconds until the first GET /health == 200 (polled every 20 ms)."""
        logf = open(self.log_path, "wb")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=self.env, cwd=self.workdir, start_new_session=True)
        logf.close()
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited with code {self.proc.returncode} before /health "
                                   f"answered; log tail:\n{self.log_tail()}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/health")
                status = c.getresponse().status
                c.close()
                if status == 200:
                    return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"{self.kind} did not answer GET /health within {timeout:.0f}s; "
                           f"log tail:\n{self.log_tail()}")

    def settle(self, t_spawn_to_health: float, max_wait: float = 120, window: float = 1.0,
               idle_cores: float = 0.10) -> float:
        """Wait until the process tree uses < idle_cores CPU over `window` s (workers may still be
        importing after the first /health 200). Returns seconds from spawn to idle."""
        t0 = time.monotonic()
        prev = self.cpu()
        while time.monotonic() - t0 < max_wait:
            time.sleep(window)
            cur = self.cpu()
            if cur - prev < idle_cores * window:
                break
            prev = cur
        else:
            warn(f"{self.kind} still busy after waiting {max_wait:.0f}s for it to go idle")
        return t_spawn_to_health + (time.monotonic() - t0) - window

    def stop(self) -> None:
        if not self.proc or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # start_new_session: the server leads its own process group
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            log(f"{self.kind} did not stop on SIGTERM within 20s; killing")
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        # stray workers still in our process group
        time.sleep(0.3)
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def memory(self) -> dict:
        return memory(self.proc.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)


# --------------------------------------------------------------------------- HTTP helpers

SESSION = requests.Session()


def api(url: str, path: str, body: dict | None = None, params: dict | None = None) -> dict:
    if body is None:
        r = SESSION.get(url + path, params=params, timeout=300)
    else:
        r = SESSION.post(url + path, json=body, timeout=300)
    if r.status_code != 200:
        raise RuntimeError(f"{path} -> HTTP {r.status_code}: {r.text[:500]}")
    return r.json() if r.content else {}


def create_experiment(url: str, name: str) -> str:
    return api(url, "/api/2.0/mlflow/experiments/create", {"name": name})["experiment_id"]


def create_run(url: str, exp_id: str) -> str:
    return api(url, "/api/2.0/mlflow/runs/create",
               {"experiment_id": exp_id, "start_time": int(time.time() * 1000)})["run"]["info"]["run_id"]


def count_runs(url: str, exp_id: str, limit: int = 200_000) -> int:
    n, token = 0, None
    while n < limit:
        body = {"experiment_ids": [exp_id], "max_results": 1000}
        if token:
            body["page_token"] = token
        r = api(url, "/api/2.0/mlflow/runs/search", body)
        n += len(r.get("runs", []))
        token = r.get("next_page_token")
        if not token:
            break
    return n


# --------------------------------------------------------------------------- wrk

def run_wrk(url: str, script: str, script_args: list[str], duration: float, cfg) -> dict:
    argv = ["wrk", "-t", str(cfg.threads), "-c", str(cfg.connections), "-d", f"{duration:g}s",
            "--timeout", f"{cfg.wrk_timeout:g}s", "--latency", "-s", str(WRK_DIR / script), url, "--", *script_args]
    env = dict(os.environ, BENCH_WRK_DIR=str(WRK_DIR))
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=duration + cfg.wrk_timeout + 60)
    line = next((l for l in p.stdout.splitlines() if l.startswith("BENCHJSON ")), None)
    if p.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (rc={p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    raw = json.loads(line[len("BENCHJSON "):])
    secs = raw["duration_us"] / 1e6
    errs = raw["errors"]
    ok = raw["requests"] - errs["status"]
    lat = raw["latency_us"]
    return {
        "wrk_command": shlex.join(argv[:-len(script_args) - 1] + ["--", *[a if len(a) < 60 else a[:57] + "..."
                                                                          for a in script_args]]),
        "requests": raw["requests"], "ok_requests": ok, "seconds": round(secs, 2),
        "req_per_s": round(ok / secs, 1) if secs else 0.0,
        "errors": errs,
        "latency_ms": {k: round(v / 1000, 2) for k, v in lat.items()},
        "wrk_text": "\n".join(l for l in p.stdout.splitlines() if not l.startswith("BENCHJSON ")),
    }


def wrk_phase(server: Server, script: str, args_for, cfg, duration: float | None = None) -> dict:
    """Optional warm-up, then the measured wrk run; adds server CPU seconds."""
    duration = duration or cfg.duration
    if cfg.warmup > 0:
        run_wrk(server.url, script, args_for("warmup"), cfg.warmup, cfg)
        # requests wrk abandoned at the end of the warm-up may still run on the server
        server.settle(0, max_wait=180)
    cpu0, sys0, wrk0 = server.cpu(), system_busy_s(), children_cpu_s()
    res = run_wrk(server.url, script, args_for("measure"), duration, cfg)
    if res["ok_requests"] < 20:
        warn(f"{server.kind} {script}: only {res['ok_requests']} requests completed in {duration:g}s; "
             f"use a longer duration for meaningful figures")
    res["server_cpu_s"] = round(server.cpu() - cpu0, 2)
    res["wrk_cpu_s"] = round(children_cpu_s() - wrk0, 2)
    other = (system_busy_s() - sys0) - res["server_cpu_s"] - res["wrk_cpu_s"]
    res["other_cpu_cores"] = round(max(other, 0) / res["seconds"], 2) if res["seconds"] else None
    if res["other_cpu_cores"] and res["other_cpu_cores"] > 0.25:
        warn(f"{server.kind} {script}: other processes used {res['other_cpu_cores']} cores during the run")
    res["server_cpu_ms_per_req"] = round(1000 * res["server_cpu_s"] / res["ok_requests"], 3) if res["ok_requests"] else None
    if res["errors"]["status"] or res["errors"]["timeout"] or res["errors"]["connect"]:
        warn(f"{server.kind} {script}: wrk errors {res['errors']}")
    return res


# --------------------------------------------------------------------------- scenarios

def scenario_a(server: Server, cfg) -> dict:
    """log-batch, 100 metrics per request, spread over a few runs."""
    exp = create_experiment(server.url, f"bench-logbatch-{int(time.time()*1000)}")
    runs = {ph: [create_run(server.url, exp) for _ in range(cfg.batch_runs)] for ph in ("warmup", "measure")}
    # sanity: one request in exactly the shape the Lua script sends
    api(server.url, "/api/2.0/mlflow/runs/log-batch", {"run_id": runs["warmup"][0], "params": [], "tags": [], "metrics": [
        {"key": f"sanity{j}", "value": 0.5, "timestamp": int(time.time() * 1000), "step": 0}
        for j in range(cfg.metrics_per_request)]})
    base = int(time.time() * 1000)
    res = wrk_phase(server, "log_batch.lua",
                    lambda ph: [str(cfg.metrics_per_request), str(base), str(cfg.threads), *runs[ph]], cfg)
    res["points_per_s"] = round(res["req_per_s"] * cfg.metrics_per_request, 1)
    # verify the rows exist: history length of key m0 summed over the measured runs
    stored = 0
    for r in runs["measure"]:
        h = api(server.url, "/api/2.0/mlflow/metrics/get-history", params={"run_id": r, "metric_key": "m0",
                                                                           "max_results": 1000000})
        stored += len(h.get("metrics", []))
    res["verified_requests_stored"] = stored
    if stored < res["ok_requests"]:
        warn(f"{server.kind} (a): only {stored} of {res['ok_requests']} acknowledged batches found via get-history")
    return res


def scenario_c(server: Server, cfg) -> dict:
    """runs/create with a fixed body."""
    exps = {ph: create_experiment(server.url, f"bench-create-{ph}-{int(time.time()*1000)}") for ph in ("warmup", "measure")}
    create_run(server.url, exps["warmup"])  # sanity
    base = int(time.time() * 1000)
    res = wrk_phase(server, "create_run.lua", lambda ph: [exps[ph], str(base)], cfg)
    res["verified_runs_stored"] = count_runs(server.url, exps["measure"])
    if res["verified_runs_stored"] < res["ok_requests"]:
        warn(f"{server.kind} (c): only {res['verified_runs_stored']} of {res['ok_requests']} created runs found")
    return res


def search_fingerprint(url: str, exp_id: str) -> dict:
    r = api(url, "/api/2.0/mlflow/runs/search", {"experiment_ids": [exp_id], "filter": SEARCH_FILTER,
                                                  "order_by": [SEARCH_ORDER], "max_results": SEARCH_MAX})
    runs = r.get("runs", [])
    names = [x["info"].get("run_name") or "" for x in runs]
    m1 = []
    for x in runs:
        m1 += [m["value"] for m in x.get("data", {}).get("metrics", []) if m["key"] == "m1"]
    ordered = all(a >= b for a, b in zip(m1, m1[1:]))
    return {"returned": len(runs), "has_next_page": bool(r.get("next_page_token")), "ordered_desc": ordered,
            "first_names": names[:3], "names_sha256": hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]}


def expected_matches(cfg) -> int:
    """How many seeded runs satisfy SEARCH_FILTER (computed from the seeder's data)."""
    n = 0
    for i in range(cfg.runs):
        d = seeder.run_data(cfg.seed, i)
        if d["params"][0]["value"] == "x" and d["metrics"][0]["value"] > 0.5:
            n += 1
    return n


def python_probe(url: str, path: str, body: dict, clients: int, duration: float) -> dict:
    """Closed-loop latency probe: `clients` threads, each sending its next request when the previous
    one answered, until `duration` s have passed (requests in flight then are waited for). Unlike
    wrk's figures these are plain measured latencies, without wrk's coordinated-omission correction."""
    import threading
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        s = requests.Session()
        while time.monotonic() < deadline:
            t = time.monotonic()
            try:
                ok = s.post(url + path, json=body, timeout=300).status_code == 200
            except requests.RequestException:
                ok = False
            d = time.monotonic() - t
            with lock:
                if ok:
                    lat.append(d)
                else:
                    errors[0] += 1

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    lat.sort()
    q = lambda p: round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else None
    return {"clients": clients, "seconds": round(elapsed, 2), "ok_requests": len(lat), "errors": errors[0],
            "req_per_s": round(len(lat) / elapsed, 2) if elapsed else 0.0,
            "latency_ms": {"mean": round(1000 * statistics.mean(lat), 2) if lat else None,
                           "p50": q(0.50), "p90": q(0.90), "p99": q(0.99),
                           "max": round(1000 * lat[-1], 2) if lat else None}}


def search_phase(server: Server, exp_id: str, cfg) -> dict:
    fp = search_fingerprint(server.url, exp_id)
    fp["expected_total_matches"] = expected_matches(cfg)
    want = min(SEARCH_MAX, fp["expected_total_matches"])
    if fp["returned"] != want or not fp["ordered_desc"] or fp["has_next_page"] != (fp["expected_total_matches"] > SEARCH_MAX):
        warn(f"{server.kind} (b): unexpected search result {fp} (expected {want} runs)")
    res = wrk_phase(server, "search_runs.lua", lambda ph: [exp_id, SEARCH_FILTER, SEARCH_ORDER, str(SEARCH_MAX)], cfg,
                    duration=max(cfg.duration, cfg.search_duration))
    res["result_check"] = fp
    if cfg.probe_duration > 0:
        server.settle(0, max_wait=180)  # let requests abandoned by wrk finish
        res["python_probe"] = python_probe(server.url, "/api/2.0/mlflow/runs/search", {
            "experiment_ids": [exp_id], "filter": SEARCH_FILTER, "order_by": [SEARCH_ORDER],
            "max_results": SEARCH_MAX, "run_view_type": "ACTIVE_ONLY"}, cfg.connections, cfg.probe_duration)
    return res


# --------------------------------------------------------------------------- per-server flow

def mlflow_argv(cfg, port: int, workdir: Path, db: Path) -> list[str]:
    argv = [cfg.mlflow_cmd, "server", "--host", "127.0.0.1", "--port", str(port),
            "--backend-store-uri", f"sqlite:///{db}", "--artifacts-destination", str(workdir / "art")]
    if cfg.mlflow_workers:
        argv += ["--workers", str(cfg.mlflow_workers)]
    return argv


def capstan_argv(cfg, port: int, workdir: Path, db: Path) -> list[str]:
    return shlex.split(cfg.capstan_cmd) + ["server", "--host", "127.0.0.1", "--port", str(port),
                                           "--backend-store-uri", f"sqlite:///{db}",
                                           "--artifacts-destination", str(workdir / "art")]


def server_env(cfg) -> dict:
    env = dict(os.environ)
    env.update({"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true", "PYTHONUNBUFFERED": "1"})
    if cfg.mlflow_no_jobs:
        env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
    return env


def new_server(kind: str, cfg, tmp: Path, name: str, db_src: Path | None = None) -> Server:
    wd = tmp / f"{kind}-{name}"
    wd.mkdir(parents=True)
    (wd / "art").mkdir()
    db = wd / f"{kind}.db"
    if db_src:
        shutil.copyfile(db_src, db)
    argv = (mlflow_argv if kind == "mlflow" else capstan_argv)(cfg, free_port(), wd, db)
    env, note = server_env(cfg), ""
    if kind == "mlflow" and cfg.mlflow_no_jobs:
        note = "MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false "
    if kind == "capstan":
        # built once by `capstan --version` before timing; never rebuild mid-benchmark
        env.setdefault("CAPSTAN_NO_BUILD", "1")
        if os.environ.get("CAPSTAN_JAVA_OPTS"):
            note = f"CAPSTAN_JAVA_OPTS={shlex.quote(os.environ['CAPSTAN_JAVA_OPTS'])} "
    return Server(kind, argv, wd, env, note)


def mlflow_cache_path(cfg) -> Path:
    key = f"mlflow-{cfg.mlflow_version}-runs{cfg.runs}-seed{cfg.seed}-v{seeder.SEEDER_VERSION}"
    return CACHE / f"{key}.db"


def runtime_of(pid: int) -> str:
    """The executable actually serving (e.g. which JVM the launcher exec'd) and its version."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return "?"
    ver = cmd_out([exe, "-version"] if "java" in Path(exe).name else [exe, "--version"], timeout=30)
    return f"{exe}: {ver.splitlines()[0] if ver else '?'}"


def short_mem(m: dict) -> str:
    return f"{m['processes']} processes, RSS {m['rss_mib']} MiB, PSS {m['pss_mib']} MiB"


def bench_server(kind: str, cfg, tmp: Path) -> dict:
    out: dict = {"scenarios": {}}
    sc = out["scenarios"]
    wait_for_quiet(cfg.wait_build)

    # (d) extra start-time repetitions on fresh empty DBs
    starts = []
    for i in range(cfg.start_reps - 1 if "d" in cfg.only else 0):
        s = new_server(kind, cfg, tmp, f"start{i}")
        try:
            starts.append(s.start(cfg.start_timeout))
            log(f"{kind}: start #{len(starts)} {starts[-1]:.2f}s")
        finally:
            s.stop()

    # instance 1: empty DB -> (d) start + RSS, (c), (a), RSS after load
    if cfg.only & {"a", "c", "d"}:
        s = new_server(kind, cfg, tmp, "main")
        out["command"] = s.command
        log(f"{kind}: starting: {s.command}")
        try:
            starts.append(s.start(cfg.start_timeout))
            log(f"{kind}: /health 200 after {starts[-1]:.2f}s")
            out["runtime"] = runtime_of(s.proc.pid)
            out["settled_s"] = round(s.settle(starts[-1]), 2)
            log(f"{kind}: CPU idle {out['settled_s']:.2f}s after spawn")
            out["memory_after_start"] = s.memory()
            log(f"{kind}: after start {short_mem(out['memory_after_start'])}")
            if "c" in cfg.only:
                log(f"{kind}: (c) runs/create for {cfg.duration}s")
                sc["c"] = scenario_c(s, cfg)
                log(f"{kind}: (c) {sc['c']['req_per_s']} req/s")
            if "a" in cfg.only:
                log(f"{kind}: (a) log-batch x{cfg.metrics_per_request} for {cfg.duration}s")
                sc["a"] = scenario_a(s, cfg)
                log(f"{kind}: (a) {sc['a']['req_per_s']} req/s = {sc['a']['points_per_s']} points/s")
            out["memory_after_load_ac"] = s.memory()
            log(f"{kind}: after (a)/(c) {short_mem(out['memory_after_load_ac'])}")
        finally:
            s.stop()
    if starts:
        sc["d"] = {"start_s_all": [round(x, 3) for x in starts], "start_s_median": round(statistics.median(starts), 3),
                   "settled_s": out.get("settled_s"),
                   "memory_after_start": out.get("memory_after_start"),
                   "memory_after_load_ac": out.get("memory_after_load_ac")}

    # instance 2: seeded DB -> (b)
    if "b" in cfg.only:
        wait_for_quiet(cfg.wait_build)
        cached = mlflow_cache_path(cfg) if kind == "mlflow" else None
        use_cache = bool(cached and cached.exists() and not cfg.no_cache)
        s = new_server(kind, cfg, tmp, "search", db_src=cached if use_cache else None)
        out.setdefault("command", s.command)
        b: dict = {"runs": cfg.runs, "seed": cfg.seed}
        try:
            b["start_s"] = round(s.start(cfg.start_timeout), 3)
            b["settled_s"] = round(s.settle(b["start_s"]), 2)
            if use_cache:
                log(f"{kind}: (b) using cached seeded DB {cached}")
                exp_id = api(s.url, "/api/2.0/mlflow/experiments/get-by-name",
                             params={"experiment_name": "bench-search"})["experiment"]["experiment_id"]
                prev = cached.with_suffix(".json")
                b["seeding"] = json.loads(prev.read_text()) if prev.exists() else {}
                b["seeding"]["cached"] = str(cached.relative_to(REPO))
            else:
                log(f"{kind}: (b) seeding {cfg.runs} runs via REST with {cfg.seed_workers} threads")
                b["seeding"] = seeder.seed(s.url, "bench-search", cfg.runs, cfg.seed, cfg.seed_workers)
                exp_id = b["seeding"]["experiment_id"]
                log(f"{kind}: (b) seeded in {b['seeding']['seconds']}s ({b['seeding']['runs_per_s']} runs/s)")
                if cached:
                    CACHE.mkdir(exist_ok=True)
                    tmpdb = cached.with_suffix(".db.tmp")
                    src = sqlite3.connect(s.argv[s.argv.index("--backend-store-uri") + 1][len("sqlite:///"):])
                    dst = sqlite3.connect(tmpdb)
                    src.backup(dst)
                    dst.close(), src.close()
                    os.replace(tmpdb, cached)
                    cached.with_suffix(".json").write_text(json.dumps(b["seeding"], indent=1))
                    log(f"{kind}: (b) cached seeded DB at {cached}")
            log(f"{kind}: (b) runs/search for {max(cfg.duration, cfg.search_duration):g}s")
            b.update(search_phase(s, exp_id, cfg))
            log(f"{kind}: (b) {b['req_per_s']} req/s p50 {b['latency_ms']['p50']} ms p99 {b['latency_ms']['p99']} ms")
            if "python_probe" in b:
                pp = b["python_probe"]
                log(f"{kind}: (b) python probe {pp['req_per_s']} req/s p50 {pp['latency_ms']['p50']} ms "
                    f"p99 {pp['latency_ms']['p99']} ms")
            b["memory_after_load_b"] = s.memory()
        finally:
            s.stop()
        sc["b"] = b
    return out


# --------------------------------------------------------------------------- machine facts / report

def cmd_out(argv: list[str], timeout: float = 30) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        return (p.stdout + p.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unavailable ({e})"


def machine_facts(cfg) -> dict:
    mem = cpu = "?"
    with open("/proc/meminfo") as f:
        for l in f:
            if l.startswith("MemTotal:"):
                mem = f"{int(l.split()[1]) / 1024 / 1024:.1f} GiB"
    with open("/proc/cpuinfo") as f:
        for l in f:
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
    git = cmd_out(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    return {
        "nproc": len(os.sched_getaffinity(0)), "memory": mem, "cpu": cpu,
        "kernel": platform.release(),
        "jdk": cmd_out(["java", "-version"]).splitlines()[0] if shutil.which("java") else "none",
        "python": platform.python_version(), "python_exe": sys.executable,
        "mlflow": cfg.mlflow_version,
        "wrk": cmd_out(["wrk", "-v"]).splitlines()[0].split(" Copyright")[0],
        "git": git if "fatal" not in git else "no commits",
    }


def fmt(v, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        v = f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    elif isinstance(v, int):
        v = f"{v:,}"
    return f"{v}{unit}"


def table_rows(res: dict) -> list[tuple[str, object, object]]:
    def get(kind, *path):
        cur = res["servers"].get(kind, {})
        for p in path:
            if not isinstance(cur, dict) or p not in cur:
                return None
            cur = cur[p]
        return cur

    rows = []
    def add(label, *path):
        m, c = get("mlflow", *path), get("capstan", *path)
        if m is not None or c is not None:
            rows.append((label, m, c))

    add("(a) log-batch req/s", "scenarios", "a", "req_per_s")
    add("(a) metric points/s", "scenarios", "a", "points_per_s")
    add("(a) latency p50 ms", "scenarios", "a", "latency_ms", "p50")
    add("(a) latency p99 ms", "scenarios", "a", "latency_ms", "p99")
    add("(a) server CPU ms/req", "scenarios", "a", "server_cpu_ms_per_req")
    add("(a) other CPU cores busy", "scenarios", "a", "other_cpu_cores")
    add("(b) seeding s (REST)", "scenarios", "b", "seeding", "seconds")
    add("(b) seeding runs/s", "scenarios", "b", "seeding", "runs_per_s")
    add("(b) search req/s", "scenarios", "b", "req_per_s")
    add("(b) search p50 ms", "scenarios", "b", "latency_ms", "p50")
    add("(b) search p99 ms", "scenarios", "b", "latency_ms", "p99")
    add("(b) search req/s (python probe)", "scenarios", "b", "python_probe", "req_per_s")
    add("(b) search p50 ms (python probe)", "scenarios", "b", "python_probe", "latency_ms", "p50")
    add("(b) search p99 ms (python probe)", "scenarios", "b", "python_probe", "latency_ms", "p99")
    add("(b) server CPU ms/req", "scenarios", "b", "server_cpu_ms_per_req")
    add("(b) other CPU cores busy", "scenarios", "b", "other_cpu_cores")
    add("(b) result fingerprint", "scenarios", "b", "result_check", "names_sha256")
    add("(c) runs/create req/s", "scenarios", "c", "req_per_s")
    add("(c) latency p50 ms", "scenarios", "c", "latency_ms", "p50")
    add("(c) latency p99 ms", "scenarios", "c", "latency_ms", "p99")
    add("(c) server CPU ms/req", "scenarios", "c", "server_cpu_ms_per_req")
    add("(c) other CPU cores busy", "scenarios", "c", "other_cpu_cores")
    add("(d) start s (median, empty DB)", "scenarios", "d", "start_s_median")
    add("(d) start → CPU idle s (empty DB)", "scenarios", "d", "settled_s")
    add("(d) start s (seeded DB)", "scenarios", "b", "start_s")
    add("(d) processes", "memory_after_start", "processes")
    add("(d) RSS MiB after start", "memory_after_start", "rss_mib")
    add("(d) PSS MiB after start", "memory_after_start", "pss_mib")
    add("(d) RSS MiB after (a)+(c)", "memory_after_load_ac", "rss_mib")
    add("(d) PSS MiB after (a)+(c)", "memory_after_load_ac", "pss_mib")
    add("(d) RSS MiB after (b)", "scenarios", "b", "memory_after_load_b", "rss_mib")
    add("(d) PSS MiB after (b)", "scenarios", "b", "memory_after_load_b", "pss_mib")
    return rows


def ratio(m, c):
    if isinstance(m, (int, float)) and isinstance(c, (int, float)) and m:
        return f"{c / m:.2f}x"
    if isinstance(m, str) and isinstance(c, str):
        return "same" if m == c else "DIFFERENT"
    return "–"


def render_markdown(res: dict) -> str:
    mf = res["machine"]
    cfg = res["config"]
    lines = [f"# Capstan vs MLflow benchmark — {res['timestamp']}", "",
             f"Machine: {mf['nproc']} CPUs ({mf['cpu']}), {mf['memory']} RAM, Linux {mf['kernel']}; "
             f"{mf['jdk']}; Python {mf['python']}; mlflow {mf['mlflow']}; {mf['wrk']}; git {mf['git']}.", "",
             f"Load: wrk -t{cfg['threads']} -c{cfg['connections']}, {cfg['duration']}s measured after "
             f"{cfg['warmup']}s warm-up per scenario; (a) {cfg['metrics_per_request']} metrics/request over "
             f"{cfg['batch_runs']} runs; (b) {cfg['runs']} seeded runs, "
             f"{max(cfg['duration'], cfg['search_duration']):g}s measured, filter `{SEARCH_FILTER}`, "
             f"order `{SEARCH_ORDER}`, max_results {SEARCH_MAX}. Servers run one at a time, SQLite backend.", "",
             "| metric | MLflow | Capstan | Capstan/MLflow |", "|---|---:|---:|---:|"]
    for label, m, c in table_rows(res):
        lines.append(f"| {label} | {fmt(m)} | {fmt(c)} | {ratio(m, c) if 'other CPU' not in label else '–'} |")
    lines.append("")
    for kind in ("mlflow", "capstan"):
        s = res["servers"].get(kind, {})
        if "skipped" in s:
            lines.append(f"- {kind}: **skipped** — {s['skipped']}")
        elif "command" in s:
            lines.append(f"- {kind} command: `{s['command']}`" +
                         (f" (runtime: {s['runtime']})" if s.get("runtime") else ""))
    for kind in ("mlflow", "capstan"):
        seeding = res["servers"].get(kind, {}).get("scenarios", {}).get("b", {}).get("seeding", {})
        if seeding.get("cached"):
            lines.append(f"- {kind} (b): seeded DB reused from `{seeding['cached']}`; seeding figures are "
                         "from when it was made")
    for label in ("a", "b", "c"):
        for kind in ("mlflow", "capstan"):
            w = res["servers"].get(kind, {}).get("scenarios", {}).get(label, {}).get("wrk_command")
            if w:
                lines.append(f"- ({label}) wrk: `{w}`")
                break
    if res.get("warnings"):
        lines += ["", "Warnings:"] + [f"- {w}" for w in res["warnings"]]
    lines += ["", "wrk's latency figures include wrk's coordinated-omission correction (synthetic samples "
              "added for slow responses), so they overstate measured latency, most for skewed distributions; "
              "the python-probe rows are plain measured latencies with the same number of clients.",
              "", "Ratios: >1 means Capstan's figure is higher (better for req/s, worse for latency/time/memory).",
              "RSS sums VmRSS over the server's process tree (double-counts pages shared by forked workers); "
              "PSS divides shared pages fairly.", ""]
    return "\n".join(lines)


def print_table(res: dict) -> None:
    rows = table_rows(res)
    w = max([len(r[0]) for r in rows] + [10])
    print(f"\n{'metric':<{w}}  {'MLflow':>14}  {'Capstan':>14}  {'C/M':>9}")
    for label, m, c in rows:
        r = ratio(m, c) if "other CPU" not in label else "–"
        print(f"{label:<{w}}  {fmt(m):>14}  {fmt(c):>14}  {r:>9}")
    for kind in ("mlflow", "capstan"):
        s = res["servers"].get(kind, {})
        if "skipped" in s:
            print(f"{kind}: SKIPPED — {s['skipped']}")


# --------------------------------------------------------------------------- main

def prepare_capstan(cfg) -> str | None:
    """Returns a skip reason, or None if Capstan is ready (built by `capstan --version`)."""
    argv = shlex.split(cfg.capstan_cmd)
    exe = argv[0]
    if not (shutil.which(exe) or Path(exe).exists()):
        return f"{exe} not found (set CAPSTAN_CMD)"
    log(f"capstan: building/checking with `{cfg.capstan_cmd} --version` (not timed as start time)")
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv + ["--version"], capture_output=True, text=True, timeout=cfg.build_timeout,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"`{cfg.capstan_cmd} --version` failed: {e}"
    if p.returncode != 0:
        return f"`{cfg.capstan_cmd} --version` exited {p.returncode}: {(p.stdout + p.stderr)[-500:]}"
    cfg.capstan_version = (p.stdout.strip() or p.stderr.strip()).splitlines()[-1] if (p.stdout or p.stderr) else "?"
    log(f"capstan: {cfg.capstan_version} ({time.monotonic() - t0:.1f}s)")
    return None


def main() -> int:
    ap = argparse.ArgumentParser(prog="bench/run", description="Capstan vs mlflow server benchmarks (SQLite, wrk).")
    ap.add_argument("--only", default="a,b,c,d", help="comma-separated scenarios from a,b,c,d (default all)")
    ap.add_argument("--duration", type=float, default=20, help="measured seconds per wrk scenario (default 20)")
    ap.add_argument("--warmup", type=float, default=5, help="warm-up seconds before each measured wrk run (default 5)")
    ap.add_argument("--search-duration", type=float, default=60,
                    help="measured seconds for (b), at least --duration (default 60: MLflow needs seconds per search)")
    ap.add_argument("--probe-duration", type=float, default=30,
                    help="seconds of the Python closed-loop latency probe after (b)'s wrk run; 0 = off (default 30)")
    ap.add_argument("--runs", type=int, default=20000, help="runs seeded for scenario b (default 20000)")
    ap.add_argument("--seed", type=int, default=42, help="seeder RNG seed (default 42)")
    ap.add_argument("--seed-workers", type=int, default=8, help="concurrent seeding requests (default 8)")
    ap.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads (default 1: leaves CPU to the server)")
    ap.add_argument("--wrk-timeout", type=float, default=60, help="wrk per-request timeout seconds (default 60)")
    ap.add_argument("--metrics-per-request", type=int, default=100)
    ap.add_argument("--batch-runs", type=int, default=4, help="runs the log-batch load is spread over (default 4)")
    ap.add_argument("--start-reps", type=int, default=3, help="server starts measured for (d) (default 3)")
    ap.add_argument("--start-timeout", type=float, default=300)
    ap.add_argument("--build-timeout", type=float, default=1800)
    ap.add_argument("--wait-build", type=float, default=900, help="max seconds to wait for a running Maven build")
    ap.add_argument("--servers", default="mlflow,capstan", help="which servers (default mlflow,capstan)")
    ap.add_argument("--mlflow-workers", type=int, default=None, help="pass --workers to mlflow server (default: its own)")
    ap.add_argument("--mlflow-no-jobs", action="store_true",
                    help="set MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false (no huey job-runner processes)")
    ap.add_argument("--no-cache", action="store_true", help="re-seed MLflow for (b) even if a cached DB exists")
    ap.add_argument("--tag", default="", help="free text stored in the results")
    cfg = ap.parse_args()
    cfg.only = {x.strip() for x in cfg.only.split(",") if x.strip()}
    if not cfg.only <= set("abcd"):
        ap.error("--only takes a comma-separated subset of a,b,c,d")
    servers = [x.strip() for x in cfg.servers.split(",") if x.strip()]
    cfg.mlflow_cmd = os.environ.get("MLFLOW_CMD") or str(Path(sys.executable).parent / "mlflow")
    cfg.capstan_cmd = os.environ.get("CAPSTAN_CMD") or str(REPO / "capstan")
    cfg.capstan_version = None
    import importlib.metadata as md
    cfg.mlflow_version = md.version("mlflow")

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    res: dict = {"timestamp": stamp, "tag": cfg.tag, "config": {
        k: (sorted(v) if isinstance(v, set) else v) for k, v in vars(cfg).items()}, "servers": {}}
    res["machine"] = machine_facts(cfg)
    log("machine: " + ", ".join(f"{k}={v}" for k, v in res["machine"].items()))

    skip = prepare_capstan(cfg) if "capstan" in servers else "not selected (--servers)"
    res["machine"]["capstan"] = cfg.capstan_version
    if skip:
        log(f"capstan: SKIPPED — {skip}")

    tmp = Path(tempfile.mkdtemp(prefix="capstan-bench-"))
    try:
        for kind in ("mlflow", "capstan"):
            if kind not in servers:
                continue
            if kind == "capstan" and skip:
                res["servers"]["capstan"] = {"skipped": skip}
                continue
            try:
                res["servers"][kind] = bench_server(kind, cfg, tmp)
            except Exception as e:  # keep the other server's figures
                warn(f"{kind} failed: {e}")
                res["servers"][kind] = {"skipped": f"failed: {str(e)[:400]}"}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    cap_rt = res["servers"].get("capstan", {}).get("runtime")
    if cap_rt:  # the JVM Capstan's launcher actually exec'd, not whatever `java` is on PATH
        res["machine"]["jdk"] = cap_rt.split(": ", 1)[-1] + f" ({cap_rt.split(':', 1)[0]})"
    res["warnings"] = WARNINGS
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stamp}.json").write_text(json.dumps(res, indent=1))
    (RESULTS / "latest.md").write_text(render_markdown(res))
    print_table(res)
    print(f"\nwrote {RESULTS / (stamp + '.json')} and {RESULTS / 'latest.md'}")
    return 0 if all("skipped" not in res["servers"].get(k, {}) or k == "capstan" for k in servers) else 1


if __name__ == "__main__":
    sys.exit(main())
