"""Artifacts through the server's mlflow-artifacts proxy."""

import hashlib
import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mlflow  # noqa: E402
import pytest  # noqa: E402
from mlflow.artifacts import download_artifacts  # noqa: E402

pytestmark = pytest.mark.timeout(300)


def listing(client, run_id, path=None):
    return {(f.path, f.is_dir, f.file_size) for f in client.list_artifacts(run_id, path)}


def test_log_artifact_file_and_download(client, experiment, tmp_path):
    src = tmp_path / "hello.txt"
    src.write_text("hello world\n")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(src))
        mlflow.log_artifact(str(src), artifact_path="nested/dir")
    run_id = run.info.run_id

    assert listing(client, run_id) == {("hello.txt", False, 12), ("nested", True, None)}
    assert listing(client, run_id, "nested") == {("nested/dir", True, None)}
    assert listing(client, run_id, "nested/dir") == {("nested/dir/hello.txt", False, 12)}
    # listing a file path or a missing path gives an empty list
    assert client.list_artifacts(run_id, "nope") == []

    out = tmp_path / "dl"
    out.mkdir()
    p = client.download_artifacts(run_id, "hello.txt", str(out))
    assert Path(p).read_text() == "hello world\n"
    p = download_artifacts(run_id=run_id, artifact_path="nested/dir/hello.txt", dst_path=str(out))
    assert Path(p).read_text() == "hello world\n"
    # via artifact URI too
    p = download_artifacts(artifact_uri=f"runs:/{run_id}/hello.txt", dst_path=str(out / "u"))
    assert Path(p).read_text() == "hello world\n"


def test_a_semicolon_in_a_file_name_is_kept(client, experiment, tmp_path):
    # a path parameter to some HTTP servers; MLflow keeps it as part of the name
    src = tmp_path / "scores;v2.csv"
    src.write_text("a,b\n1,2\n")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(src), artifact_path="eval;2026")
    run_id = run.info.run_id
    assert listing(client, run_id) == {("eval;2026", True, None)}
    assert listing(client, run_id, "eval;2026") == {("eval;2026/scores;v2.csv", False, 8)}
    p = client.download_artifacts(run_id, "eval;2026/scores;v2.csv", str(tmp_path / "dl"))
    assert Path(p).read_text() == "a,b\n1,2\n"


def test_log_artifacts_directory_tree(client, experiment, tmp_path):
    root = tmp_path / "tree"
    (root / "a" / "b").mkdir(parents=True)
    (root / "top.txt").write_text("top")
    (root / "a" / "mid.json").write_text('{"k": 1}')
    (root / "a" / "b" / "leaf.bin").write_bytes(bytes(range(256)))
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(root), artifact_path="data")
        mlflow.log_artifacts(str(root))  # at the root too
    run_id = run.info.run_id

    assert listing(client, run_id) == {
        ("data", True, None),
        ("a", True, None),
        ("top.txt", False, 3),
    }
    assert listing(client, run_id, "data") == {
        ("data/a", True, None),
        ("data/top.txt", False, 3),
    }
    assert listing(client, run_id, "data/a") == {
        ("data/a/b", True, None),
        ("data/a/mid.json", False, 8),
    }
    assert listing(client, run_id, "data/a/b") == {("data/a/b/leaf.bin", False, 256)}

    # download a whole directory
    dst = tmp_path / "out"
    dst.mkdir()
    local = Path(client.download_artifacts(run_id, "data", str(dst)))
    assert (local / "top.txt").read_text() == "top"
    assert json.loads((local / "a" / "mid.json").read_text()) == {"k": 1}
    assert (local / "a" / "b" / "leaf.bin").read_bytes() == bytes(range(256))

    # and the whole run
    everything = Path(download_artifacts(run_id=run_id, dst_path=str(tmp_path / "all")))
    files = sorted(str(p.relative_to(everything)) for p in everything.rglob("*") if p.is_file())
    assert files == sorted(
        ["top.txt", "a/mid.json", "a/b/leaf.bin", "data/top.txt", "data/a/mid.json", "data/a/b/leaf.bin"]
    )


def test_log_dict_text_figure(client, experiment, tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 4])
    with mlflow.start_run() as run:
        mlflow.log_dict({"a": [1, 2], "b": "x"}, "cfg/config.json")
        mlflow.log_dict({"y": 1}, "cfg/config.yaml")
        mlflow.log_text("some text\nü", "notes/readme.txt")
        mlflow.log_figure(fig, "plots/fig.png")
    plt.close(fig)
    run_id = run.info.run_id

    assert mlflow.artifacts.load_dict(f"runs:/{run_id}/cfg/config.json") == {"a": [1, 2], "b": "x"}
    # .yaml keys are written as YAML (load_dict only parses JSON)
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/cfg/config.yaml").strip() == "y: 1"
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/notes/readme.txt") == "some text\nü"
    png = Path(client.download_artifacts(run_id, "plots/fig.png", str(tmp_path))).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    names = {f.path for f in client.list_artifacts(run_id)}
    assert names == {"cfg", "notes", "plots"}


@pytest.mark.timeout(900)
def test_large_artifact_roundtrip(client, experiment, tmp_path):
    size = 30 * 1024 * 1024
    src = tmp_path / "big.bin"
    h = hashlib.sha256()
    with open(src, "wb") as f:
        remaining = size
        while remaining:
            chunk = os.urandom(min(remaining, 1 << 20))
            h.update(chunk)
            f.write(chunk)
            remaining -= len(chunk)
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(src), artifact_path="blobs")
    run_id = run.info.run_id
    assert listing(client, run_id, "blobs") == {("blobs/big.bin", False, size)}

    dst = tmp_path / "dl"
    dst.mkdir()
    got = Path(client.download_artifacts(run_id, "blobs/big.bin", str(dst)))
    assert got.stat().st_size == size
    h2 = hashlib.sha256()
    with open(got, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h2.update(chunk)
    assert h2.hexdigest() == h.hexdigest()


def test_overwrite_and_empty_file(client, experiment, tmp_path):
    f = tmp_path / "x.txt"
    with mlflow.start_run() as run:
        f.write_text("v1")
        mlflow.log_artifact(str(f))
        f.write_text("version-2")
        mlflow.log_artifact(str(f))  # same path: overwritten
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        mlflow.log_artifact(str(empty))
    run_id = run.info.run_id
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/x.txt") == "version-2"
    # MLflow omits file_size when it is 0 (FileInfo.to_proto only sets truthy
    # sizes), so the client sees None for an empty file.
    assert listing(client, run_id) == {("x.txt", False, 9), ("empty.txt", False, None)}
    dst = tmp_path / "dl"
    dst.mkdir()
    assert Path(client.download_artifacts(run_id, "empty.txt", str(dst))).read_bytes() == b""


def test_artifacts_stored_under_destination(server, experiment, tmp_path):
    """The proxy writes to <artifacts-destination>/<exp_id>/<run_id>/artifacts/<path>."""
    f = tmp_path / "where.txt"
    f.write_text("here")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(f), artifact_path="d")
    on_disk = server.artifacts_dir / experiment / run.info.run_id / "artifacts" / "d" / "where.txt"
    assert on_disk.read_text() == "here"
