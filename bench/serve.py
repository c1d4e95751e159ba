#!/usr/bin/env python3
"""`capstan serve` vs `mlflow models serve` vs raw ONNX Runtime (started by bench/run-serve).

One model (an MLP classifier, 20 features, made here with scikit-learn -> skl2onnx ->
mlflow.onnx.save_model), served by each server in turn on 127.0.0.1 (never both at once):

* throughput at p99 < 10 ms: wrk at 1, 2, 4, 8, 16 and 32 connections; the best requests/s
  whose p99 stays under 10 ms (and the best overall), for batch 1 and batch 32;
* unloaded latency: one connection, p50 and p99;
* latency at fixed request rates (open loop, coordinated-omission-safe: bench/serve/OpenLoop.java
  sends on a fixed schedule and measures from each request's due time): p50/p99/p99.9 and errors
  per rate, and the highest rate with p99 < 10 ms, for batch 1 and batch 32;
* Capstan over MLflow's /invocations and over OIP v2 (JSON and binary tensors);
* raw ONNX Runtime in-process (bench/serve/RawOnnx.java, same session options) as the limit.

Writes bench/results/serve-<timestamp>.json and bench/results/serve-latest.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import driver
from driver import REPO, RESULTS, Server, free_port, log, run_wrk, wait_for_quiet

FEATURES = 20
CONNECTIONS = [1, 2, 4, 8, 16, 32]
OPEN_RATES = "50,100,200,300,500,700,1000,2000,3000,5000,7000,10000,15000,20000"
# open loop: Capstan over MLflow's protocol and over OIP binary tensors; MLflow over its own
OPEN_PROTOCOLS = {"capstan": ["invocations", "oip-binary"], "mlflow": ["invocations"]}


def load_average() -> float:
    """The 1-minute load average (`uptime`), noted with every figure: the machine is shared."""
    return round(os.getloadavg()[0], 2)


def make_model(directory: Path) -> Path:
    import mlflow.onnx
    import numpy as np
    from skl2onnx import to_onnx
    from sklearn.datasets import make_classification
    from sklearn.neural_network import MLPClassifier

    X, y = make_classification(n_samples=4000, n_features=FEATURES, n_informative=12, n_classes=3, random_state=7)
    X = X.astype(np.float32)
    clf = MLPClassifier(hidden_layer_sizes=(64, 64), max_iter=300, random_state=7).fit(X, y)
    onx = to_onnx(clf, X[:1], options={id(clf): {"zipmap": False}})
    model = directory / "mlp"
    mlflow.onnx.save_model(onx, str(model), input_example=X[:2])
    np.save(directory / "X.npy", X[:32])
    return model


def bodies(directory: Path) -> dict:
    import numpy as np

    X = np.load(directory / "X.npy")
    out = {}
    for batch in (1, 32):
        rows = X[:batch]
        inv = directory / f"invocations-{batch}.json"
        inv.write_text(json.dumps({"inputs": rows.tolist()}))
        oip = directory / f"oip-json-{batch}.json"
        oip.write_text(json.dumps({"inputs": [{"name": "X", "shape": list(rows.shape), "datatype": "FP32",
                                               "data": rows.flatten().tolist()}]}))
        header = json.dumps({"inputs": [{"name": "X", "shape": list(rows.shape), "datatype": "FP32",
                                         "parameters": {"binary_data_size": rows.nbytes}}],
                             "outputs": [{"name": "label", "parameters": {"binary_data": True}},
                                         {"name": "probabilities", "parameters": {"binary_data": True}}]}).encode()
        binary = directory / f"oip-binary-{batch}.bin"
        binary.write_bytes(header + rows.astype("<f4").tobytes())
        out[batch] = {"invocations": (str(inv), "application/json", ""),
                      "oip-json": (str(oip), "application/json", ""),
                      "oip-binary": (str(binary), "application/octet-stream", str(len(header)))}
    return out


class Cfg:
    def __init__(self, connections: int, wrk_timeout: float):
        self.connections = connections
        self.threads = min(2, connections)
        self.wrk_timeout = wrk_timeout


def sweep(url: str, path: str, body: tuple, duration: float, warmup: float) -> dict:
    file, content_type, header_length = body
    args = [path, content_type, file, header_length]
    run_wrk(url, "post_body.lua", args, warmup, Cfg(4, 10))
    points = []
    for c in CONNECTIONS:
        res = run_wrk(url, "post_body.lua", args, duration, Cfg(c, 10))
        bad = res["errors"]["status"] + res["errors"]["timeout"] + res["errors"]["connect"]
        points.append({"connections": c, "req_per_s": res["req_per_s"], "p50_ms": res["latency_ms"]["p50"],
                       "p99_ms": res["latency_ms"]["p99"], "errors": bad, "load": load_average()})
        if bad:
            log(f"{url}{path} at {c} connections: {res['errors']}")
    under = [p for p in points if p["p99_ms"] < 10 and not p["errors"]]
    return {
        "points": points,
        "best_under_10ms_p99": max(under, key=lambda p: p["req_per_s"]) if under else None,
        "best": max(points, key=lambda p: p["req_per_s"]),
        "unloaded": points[0],
    }


def find_java() -> str:
    return subprocess.run(["bash", "-c", f"source {REPO}/scripts/lib.sh && capstan_find_jdk"],
                          capture_output=True, text=True, check=True).stdout.strip() + "/bin/java"


def compile_open_loop(work: Path) -> Path:
    classes = work / "openloop-classes"
    subprocess.run([find_java().removesuffix("/java") + "/javac", "-d", str(classes),
                    str(REPO / "bench" / "serve" / "OpenLoop.java")], check=True)
    return classes


def open_loop(classes: Path, url: str, path: str, body: tuple, rates: str, duration: float, warmup: float) -> dict:
    """OpenLoop at each rate in turn (it stops climbing once a rate fails badly)."""
    file, content_type, header_length = body
    p = subprocess.run([find_java(), "-XX:+UseSerialGC", "-cp", str(classes), "OpenLoop", url, path, content_type,
                        file, header_length or "-", rates, str(duration), str(warmup)],
                       capture_output=True, text=True, timeout=3600)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    points = []
    for line in p.stdout.splitlines():
        if line.startswith("OPENLOOP "):
            point = json.loads(line[len("OPENLOOP "):])
            point.setdefault("load", load_average())  # OpenLoop reads it when each rate ends
            points.append(point)
            log(f"  {point['rate']:.0f}/s: p50 {point['p50_ms']} ms, p99 {point['p99_ms']} ms, "
                f"p99.9 {point['p999_ms']} ms, errors {point['errors']} (load {point['load']})")
    under = [pt for pt in points if pt["errors"] == 0 and 0 <= pt["p99_ms"] < 10]
    return {"points": points, "highest_rate_p99_under_10ms": max((pt["rate"] for pt in under), default=None)}


def raw_onnx(model: Path, seconds: float, intra_op: int) -> dict:
    java = find_java().removesuffix("/bin/java")
    jar = REPO / "app" / "target" / "capstan-app.jar"
    p = subprocess.run([f"{java}/bin/java", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", str(jar),
                        str(REPO / "bench" / "serve" / "RawOnnx.java"), str(model / "model.onnx"), str(FEATURES),
                        str(seconds), str(intra_op)], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    rows = [json.loads(l[len("RAWJSON "):]) for l in p.stdout.splitlines() if l.startswith("RAWJSON ")]
    return {str(r["batch"]): r for r in rows}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=8, help="seconds per wrk point")
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--mlflow-workers", type=int, default=2)
    ap.add_argument("--only", default="capstan,mlflow,raw")
    ap.add_argument("--modes", default="closed,open",
                    help="closed: the wrk connection sweep; open: fixed request rates (OpenLoop)")
    ap.add_argument("--open-rates", default=OPEN_RATES, help="requests/s, ascending, comma-separated")
    ap.add_argument("--open-duration", type=float, default=10, help="recorded seconds per rate")
    ap.add_argument("--open-warmup", type=float, default=3, help="unrecorded seconds before each rate")
    args = ap.parse_args()
    only = set(args.only.split(","))
    modes = set(args.modes.split(","))
    RESULTS.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        model = make_model(work)
        body = bodies(work)
        results = {"machine": {"cores": os.cpu_count()}, "model": "MLP 20-64-64-3 (skl2onnx, zipmap off)",
                   "duration_s": args.duration, "open_duration_s": args.open_duration,
                   "started": dt.datetime.now().isoformat(timespec="seconds"), "load_at_start": load_average()}
        classes = compile_open_loop(work) if "open" in modes else None
        venv_bin = Path(sys.executable).parent
        env = dict(os.environ, PATH=f"{venv_bin}:{os.environ.get('PATH', '')}")
        capstan_cmd = os.environ.get("CAPSTAN_CMD", str(REPO / "capstan")).split()
        servers = []
        if "mlflow" in only:
            port = free_port()
            servers.append(("mlflow", Server("mlflow", [str(venv_bin / "mlflow"), "models", "serve", "-m", str(model),
                                                        "--env-manager", "local", "--host", "127.0.0.1",
                                                        "--port", str(port), "--workers", str(args.mlflow_workers)],
                                             work, env), ["invocations"]))
        if "capstan" in only:
            port = free_port()
            servers.append(("capstan", Server("capstan", capstan_cmd + ["serve", str(model), "--name", "mlp",
                                                                        "--port", str(port)], work, env),
                            ["invocations", "oip-json", "oip-binary"]))
        for kind, server, protocols in servers:
            wait_for_quiet(60)
            started = server.start(240)
            server.settle(started)
            log(f"{kind} up in {started:.1f}s: {server.command}")
            results[kind] = {"command": server.command, "start_s": round(started, 2)}
            try:
                for batch in (1, 32):
                    for proto in protocols if "closed" in modes else []:
                        path = "/invocations" if proto == "invocations" else "/v2/models/mlp/infer"
                        log(f"{kind} {proto} batch {batch}")
                        results[kind][f"{proto}-{batch}"] = sweep(server.url, path, body[batch][proto],
                                                                  args.duration, args.warmup)
                    for proto in OPEN_PROTOCOLS[kind] if "open" in modes else []:
                        path = "/invocations" if proto == "invocations" else "/v2/models/mlp/infer"
                        if "closed" not in modes:  # warm the server as the sweep would have
                            run_wrk(server.url, "post_body.lua", [path, body[batch][proto][1],
                                                                  body[batch][proto][0], body[batch][proto][2]],
                                    args.warmup, Cfg(4, 10))
                        log(f"{kind} {proto} batch {batch}, open loop at {args.open_rates} req/s")
                        results[kind][f"open-{proto}-{batch}"] = open_loop(
                            classes, server.url, path, body[batch][proto], args.open_rates, args.open_duration,
                            args.open_warmup)
                results[kind]["memory"] = server.memory()
            finally:
                server.stop()
        if "raw" in only:
            wait_for_quiet(60)
            results["raw_onnx"] = raw_onnx(model, args.duration, 1)
            results["raw_onnx"]["load"] = load_average()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        (RESULTS / f"serve-{stamp}.json").write_text(json.dumps(results, indent=2))
        report = render(results)
        (RESULTS / "serve-latest.md").write_text(report)
        print(report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def render(r: dict) -> str:
    lines = [f"# capstan serve vs mlflow models serve ({r['model']}, {r['machine']['cores']} cores)", "",
             f"Started {r.get('started')}, load average {r.get('load_at_start')} (1 min) at the start.", ""]
    if any("invocations-1" in r.get(kind, {}) for kind in ("mlflow", "capstan")):
        lines.append("## Throughput (closed loop: wrk at 1-32 connections)")
        lines.append("")
        lines.append("| server / protocol | batch | req/s at p99 < 10 ms | (connections) | best req/s | p50 1 conn (ms) "
                     "| p99 1 conn (ms) |")
        lines.append("|---|---|---|---|---|---|---|")
    for kind in ("mlflow", "capstan"):
        if kind not in r:
            continue
        for key, v in r[kind].items():
            if not isinstance(v, dict) or "points" not in v or key.startswith("open-"):
                continue
            proto, batch = key.rsplit("-", 1)
            under = v["best_under_10ms_p99"]
            lines.append(f"| {kind} {proto} | {batch} | {under['req_per_s'] if under else '—'} | "
                         f"{under['connections'] if under else '—'} | {v['best']['req_per_s']} | "
                         f"{v['unloaded']['p50_ms']} | {v['unloaded']['p99_ms']} |")
    if "raw_onnx" in r:
        for batch, v in r["raw_onnx"].items():
            if not isinstance(v, dict):
                continue
            lines.append(f"| raw ONNX Runtime (in-process, 1 thread) | {batch} | {v['calls_per_s']} calls/s | 1 | "
                         f"{v['calls_per_s']} | {v['p50_us'] / 1000:.3f} | {v['p99_us'] / 1000:.3f} |")
    if "mlflow" in r and "capstan" in r and "invocations-1" in r["mlflow"]:
        lines.append("")
        for batch in ("1", "32"):
            m = r["mlflow"][f"invocations-{batch}"]
            for proto in ("invocations", "oip-json", "oip-binary"):
                c = r["capstan"][f"{proto}-{batch}"]
                mu, cu = m["best_under_10ms_p99"], c["best_under_10ms_p99"]
                if mu and cu:
                    lines.append(f"- batch {batch}, Capstan {proto} vs MLflow /invocations at p99 < 10 ms: "
                                 f"{cu['req_per_s'] / mu['req_per_s']:.1f}x")
                elif cu:
                    lines.append(f"- batch {batch}, Capstan {proto}: {cu['req_per_s']} req/s at p99 < 10 ms; "
                                 f"MLflow never reaches p99 < 10 ms (best {m['best']['req_per_s']} req/s, "
                                 f"p99 {m['best']['p99_ms']} ms) — ratio of best: "
                                 f"{c['best']['req_per_s'] / m['best']['req_per_s']:.1f}x")
    if "capstan" in r and "raw_onnx" in r and "oip-binary-1" in r["capstan"]:
        for batch in ("1", "32"):
            cap = r["capstan"][f"oip-binary-{batch}"]["unloaded"]["p50_ms"] * 1000
            raw = r["raw_onnx"][batch]["p50_us"]
            lines.append(f"- batch {batch}: Capstan OIP binary p50 at 1 connection {cap:.0f} µs vs raw ONNX Runtime "
                         f"{raw:.0f} µs: +{cap - raw:.0f} µs (HTTP round trip on loopback + decode/encode)")
    for kind in ("mlflow", "capstan"):
        if kind in r:
            lines.append(f"- {kind}: `{r[kind]['command']}`, up in {r[kind]['start_s']} s, memory {r[kind].get('memory')}")
    open_keys = [(kind, key) for kind in ("mlflow", "capstan") if kind in r for key in r[kind]
                 if key.startswith("open-")]
    if open_keys:
        lines += ["", f"## Latency at fixed request rates (open loop, {r.get('open_duration_s')} s per rate, "
                      "measured from each request's due time)", "",
                  "| server / protocol | batch | rate (req/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | errors | load |",
                  "|---|---|---|---|---|---|---|---|"]
        for kind, key in open_keys:
            proto, batch = key.removeprefix("open-").rsplit("-", 1)
            for pt in r[kind][key]["points"]:
                errors = pt["errors"] if not pt["error_kinds"] else f"{pt['errors']} {pt['error_kinds']}"
                lines.append(f"| {kind} {proto} | {batch} | {pt['rate']:.0f} | {pt['p50_ms']} | {pt['p99_ms']} | "
                             f"{pt['p999_ms']} | {errors} | {pt['load']} |")
        lines.append("")
        for kind, key in open_keys:
            proto, batch = key.removeprefix("open-").rsplit("-", 1)
            best = r[kind][key]["highest_rate_p99_under_10ms"]
            lines.append(f"- {kind} {proto}, batch {batch}: highest rate with p99 < 10 ms and no errors: "
                         f"{f'{best:.0f} req/s' if best else 'none of the rates tried'}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
