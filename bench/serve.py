#!/usr/bin/env python3
"""`capstan serve` vs `mlflow models serve` vs raw ONNX Runtime (started by bench/run-serve).

One model (an MLP classifier, 20 features, made here with scikit-learn -> skl2onnx ->
mlflow.onnx.save_model), served by each server in turn on 127.0.0.1 (never both at once):

* throughput at p99 < 10 ms: wrk at 1, 2, 4, 8, 16 and 32 connections; the best requests/s
  whose p99 stays under 10 ms (and the best overall), for batch 1 and batch 32;
* unloaded latency: one connection, p50 and p99;
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
                       "p99_ms": res["latency_ms"]["p99"], "errors": bad})
        if bad:
            log(f"{url}{path} at {c} connections: {res['errors']}")
    under = [p for p in points if p["p99_ms"] < 10 and not p["errors"]]
    return {
        "points": points,
        "best_under_10ms_p99": max(under, key=lambda p: p["req_per_s"]) if under else None,
        "best": max(points, key=lambda p: p["req_per_s"]),
        "unloaded": points[0],
    }


def raw_onnx(model: Path, seconds: float, intra_op: int) -> dict:
    java = subprocess.run(["bash", "-c", f"source {REPO}/scripts/lib.sh && capstan_find_jdk"],
                          capture_output=True, text=True, check=True).stdout.strip()
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
    args = ap.parse_args()
    only = set(args.only.split(","))
    RESULTS.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        model = make_model(work)
        body = bodies(work)
        results = {"machine": {"cores": os.cpu_count()}, "model": "MLP 20-64-64-3 (skl2onnx, zipmap off)",
                   "duration_s": args.duration}
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
                    for proto in protocols:
                        path = "/invocations" if proto == "invocations" else "/v2/models/mlp/infer"
                        log(f"{kind} {proto} batch {batch}")
                        results[kind][f"{proto}-{batch}"] = sweep(server.url, path, body[batch][proto],
                                                                  args.duration, args.warmup)
                results[kind]["memory"] = server.memory()
            finally:
                server.stop()
        if "raw" in only:
            wait_for_quiet(60)
            results["raw_onnx"] = raw_onnx(model, args.duration, 1)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        (RESULTS / f"serve-{stamp}.json").write_text(json.dumps(results, indent=2))
        report = render(results)
        (RESULTS / "serve-latest.md").write_text(report)
        print(report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def render(r: dict) -> str:
    lines = [f"# capstan serve vs mlflow models serve ({r['model']}, {r['machine']['cores']} cores)", ""]
    lines.append("| server / protocol | batch | req/s at p99 < 10 ms | (connections) | best req/s | p50 1 conn (ms) "
                 "| p99 1 conn (ms) |")
    lines.append("|---|---|---|---|---|---|---|")
    for kind in ("mlflow", "capstan"):
        if kind not in r:
            continue
        for key, v in r[kind].items():
            if not isinstance(v, dict) or "points" not in v:
                continue
            proto, batch = key.rsplit("-", 1)
            under = v["best_under_10ms_p99"]
            lines.append(f"| {kind} {proto} | {batch} | {under['req_per_s'] if under else '—'} | "
                         f"{under['connections'] if under else '—'} | {v['best']['req_per_s']} | "
                         f"{v['unloaded']['p50_ms']} | {v['unloaded']['p99_ms']} |")
    if "raw_onnx" in r:
        for batch, v in r["raw_onnx"].items():
            lines.append(f"| raw ONNX Runtime (in-process, 1 thread) | {batch} | {v['calls_per_s']} calls/s | 1 | "
                         f"{v['calls_per_s']} | {v['p50_us'] / 1000:.3f} | {v['p99_us'] / 1000:.3f} |")
    if "mlflow" in r and "capstan" in r:
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
    if "capstan" in r and "raw_onnx" in r:
        for batch in ("1", "32"):
            cap = r["capstan"][f"oip-binary-{batch}"]["unloaded"]["p50_ms"] * 1000
            raw = r["raw_onnx"][batch]["p50_us"]
            lines.append(f"- batch {batch}: Capstan OIP binary p50 at 1 connection {cap:.0f} µs vs raw ONNX Runtime "
                         f"{raw:.0f} µs: +{cap - raw:.0f} µs (HTTP round trip on loopback + decode/encode)")
    for kind in ("mlflow", "capstan"):
        if kind in r:
            lines.append(f"- {kind}: `{r[kind]['command']}`, up in {r[kind]['start_s']} s, memory {r[kind].get('memory')}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
