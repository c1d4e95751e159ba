"""Logs the browser test's data with the real `mlflow` client (MLFLOW_TRACKING_URI): an
experiment with a nested sweep, a run with image/text/JSON/CSV/HTML artifacts, a dataset and an
sklearn model registered with an alias, a servable model (scikit-learn converted by skl2onnx, logged
with mlflow.onnx.log_model) in three versions that answer differently, its training data logged as
the reference for a monitor, and values that would run script if a page used them as HTML. Writes
timestamped datasets for dataset monitors into UI_E2E_DATA (one with missing values). Prints one JSON object with the ids,
paths and rows the test uses."""

import json
import os
import struct
import time
import sys
import tempfile
import zlib
from pathlib import Path

import mlflow
import mlflow.onnx
import numpy as np
import pandas as pd
from mlflow import MlflowClient
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

XSS = '<img src=x onerror="window.__xss=1">'


def png(width, height):
    """A small RGB gradient PNG, written without an imaging library."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def main():
    client = MlflowClient()
    exp_id = client.create_experiment("ui-e2e")
    mlflow.set_experiment(experiment_id=exp_id)
    ids = {"experiment_id": exp_id, "children": []}

    with mlflow.start_run(run_name="sweep-parent", description="Sweep over learning rates.\n" + XSS) as parent:
        ids["parent"] = parent.info.run_id
        mlflow.log_param("optimizer", "adam")
        mlflow.set_tag("team", "vision")
        for i, lr in enumerate([0.1, 0.03, 0.01]):
            with mlflow.start_run(run_name=f"child-lr-{lr}", nested=True) as child:
                ids["children"].append(child.info.run_id)
                mlflow.log_params({"lr": lr, "layers": 2 + i, "optimizer": "adam"})
                for step in range(60):
                    loss = 1.0 / (1.0 + step * lr * 4) + 0.02 * i
                    mlflow.log_metrics({"loss": loss, "accuracy": 1 - loss / 2}, step=step)

    with mlflow.start_run(run_name="artifact-run") as run:
        ids["artifact_run"] = run.info.run_id
        mlflow.log_params({"lr": 0.05, "layers": 4, "optimizer": "sgd", "note": XSS})
        mlflow.set_tag("evil", XSS)
        for step in range(40):
            mlflow.log_metric("loss", 1.0 / (1.0 + step * 0.2), step=step)
        with tempfile.TemporaryDirectory() as d:
            image = Path(d) / "gradient.png"
            image.write_bytes(png(64, 48))
            mlflow.log_artifact(str(image), artifact_path="plots")
        mlflow.log_text("hello from the ui test\nsecond line\n", "notes/readme.txt")
        mlflow.log_dict({"model": "cnn", "layers": [64, 32], "dropout": 0.1}, "config.json")
        mlflow.log_text("x,y,label\n1,2,a\n3,4,\"b, quoted\"\n", "data/table.csv")
        mlflow.log_text("<script>window.__xss=2</script>" + XSS, "evil.html")
        df = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]})
        mlflow.log_input(mlflow.data.from_pandas(df, name="train-set"), context="training")
        model = LogisticRegression(max_iter=200).fit(df[["x"]], df["y"])
        info = mlflow.sklearn.log_model(model, name="model", registered_model_name="ui-e2e-model",
                                        pip_requirements=["scikit-learn", "numpy"])
        ids["model_id"] = info.model_id
    client.set_registered_model_alias("ui-e2e-model", "champion", "1")
    client.set_registered_model_tag("ui-e2e-model", "owner", "ui-test")
    ids["model_name"] = "ui-e2e-model"

    # a servable model: three versions regularised differently, so a shadow disagrees with the primary
    X, y = load_iris(return_X_y=True)
    X = X.astype(np.float32)
    ids["serving_model"] = "ui-e2e-iris"
    mlflow.set_experiment("ui-e2e-serving")
    features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    data = Path(os.environ["UI_E2E_DATA"])
    for c in (1.0, 0.05, 0.001):
        clf = LogisticRegression(C=c, max_iter=500).fit(X, y)
        with mlflow.start_run(run_name=f"iris-C{c}") as run:
            mlflow.log_param("C", c)
            mlflow.onnx.log_model(to_onnx(clf, X[:1], options={id(clf): {"zipmap": False}}), name="model",
                                  registered_model_name=ids["serving_model"])
            if c == 1.0:
                # the training data with version 1's predictions: a monitor's reference (features and label)
                reference = pd.DataFrame(X, columns=features)
                reference["label"] = clf.predict(X)
                path = data / "train.csv"
                reference.to_csv(path, index=False)
                mlflow.log_artifact(str(path), artifact_path="reference")
                ids["reference_uri"] = f"runs:/{run.info.run_id}/reference/train.csv"
    ids["iris_rows"] = X[:8].tolist()
    ids["features"] = features
    ids["xss"] = XSS
    rng = np.random.default_rng(7)
    normal = rng.choice(len(X), 40, replace=False)
    ids["normal_rows"] = X[normal].tolist()
    ids["normal_labels"] = y[normal].tolist()
    ids["shifted_rows"] = (X[rng.choice(len(X), 40, replace=False)] + np.array([2.0, 1.0, 2.0, 0], dtype=np.float32)).tolist()

    # a dataset monitor's input: four past hours of scored rows (features, a segment, prediction, truth);
    # hour 2 has too few rows to test, hour 3 is shifted; one segment's name is markup. A copy with
    # missing values in the shifted hour feeds a monitor with the drift extras on
    segments = ["retail", "wholesale", XSS]
    ref = pd.DataFrame(X, columns=features)
    ref["segment"] = [segments[i % 3] for i in range(len(X))]
    ref.to_csv(data / "batch-reference.csv", index=False)
    start = (int(time.time()) // 3600 - 4) * 3600
    frames = []
    for hour, (n, shift) in enumerate(((90, 0.0), (90, 0.0), (5, 0.0), (90, 3.0))):
        frame = pd.DataFrame(X[rng.choice(len(X), n)] + np.float32(shift), columns=features)
        frame["segment"] = rng.choice(segments, n, p=[0.1, 0.1, 0.8] if shift else [1 / 3] * 3)
        frame["ts"] = [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + hour * 3600 + int(s)))
                       for s in rng.integers(0, 3600, n)]
        truth = rng.integers(0, 3, n)
        frame["target"] = truth
        frame["pred"] = np.where(rng.random(n) < (0.5 if shift else 0.9), truth, (truth + 1) % 3)
        frames.append(frame)
    pd.concat(frames).to_csv(data / "batch.csv", index=False)
    # the same hours for a monitor with the drift extras on: in the shifted hour 40% of petal_width is missing
    extras = [f.copy() for f in frames]
    extras[3].loc[extras[3].index[: len(extras[3]) * 2 // 5], "petal_width"] = np.nan
    pd.concat(extras).to_csv(data / "batch-extras.csv", index=False)
    ids["batch_extras_path"] = str(data / "batch-extras.csv")
    ids["batch_path"] = str(data / "batch.csv")
    ids["batch_reference"] = str(data / "batch-reference.csv")
    ids["batch_start"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start))
    json.dump(ids, sys.stdout)


if __name__ == "__main__":
    main()
