"""Tests for mojibake.dask and the CLI's --scheduler/--dask, on a real LocalCluster with worker processes.

Every result is compared with the single-process path on the same input: same output bytes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from test_cli import BAD, GOOD, invoke, run
from test_dataset import write_csv, write_jsonl, write_parquet

import mojibake
import mojibake.dask as mdask
from mojibake.dataset import repair_dataset
from mojibake.files import TEMP_SUFFIX, repair_file


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """One small cluster for the module: 2 worker processes, 1 thread each."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    """A client of the module's cluster."""
    with distributed.Client(cluster) as c:
        yield c


def fix_data(src: Path, out: Path, *extra: str) -> Any:
    """``mojibake fix-data`` in-process, repairing the text and title columns."""
    return invoke(["fix-data", str(src), "-c", "text", "-c", "title", "-o", str(out), *extra], cwd=src.parent)


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_fix_data_same_bytes_single_pool_dask(tmp_path: Path, rows: list[dict[str, Any]], cluster: Any,
                                              kind: str) -> None:
    writer = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}[kind]
    src = writer(tmp_path / f"in.{kind}", rows)
    single = fix_data(src, tmp_path / f"single.{kind}", "-j", "1")
    pool = fix_data(src, tmp_path / f"pool.{kind}", "-j", "2", "--batch-rows", "6")
    dask = fix_data(src, tmp_path / f"dask.{kind}", "--scheduler", cluster.scheduler_address, "--batch-rows", "6")
    assert single.exit_code == pool.exit_code == dask.exit_code == 1, dask.output
    one = (tmp_path / f"single.{kind}").read_bytes()
    assert one == (tmp_path / f"pool.{kind}").read_bytes() == (tmp_path / f"dask.{kind}").read_bytes()
    assert one != src.read_bytes()
    # the same report, timings aside
    assert [ln.split(" (")[0].replace("single", "x") for ln in single.stderr.splitlines()] == \
           [ln.split(" (")[0].replace("dask", "x") for ln in dask.stderr.splitlines()]
    assert not list(tmp_path.glob("*" + TEMP_SUFFIX))


def _tree(root: Path) -> Path:
    """Files to fix: mojibake, CRLF, clean, GBK-encoded, binary."""
    (root / "d").mkdir(parents=True)
    (root / "d" / "a.txt").write_text(BAD, encoding="utf-8")
    (root / "d" / "crlf.txt").write_bytes(BAD.replace("\n", "\r\n").encode())
    (root / "d" / "clean.txt").write_text("all clean, 中文也没有问题。\n", encoding="utf-8")
    (root / "d" / "gbk.txt").write_bytes("中文的句子，没有问题。\n".encode("gbk"))
    (root / "d" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for i in range(20):
        (root / "d" / f"n{i:02d}.txt").write_text(f"line {i}: " + BAD, encoding="utf-8")
    return root


def _report(stdout: str) -> dict[str, Any]:
    """A --json report without its timing."""
    data = json.loads(stdout)
    data["summary"].pop("seconds")
    return data


def test_fix_on_cluster_same_files_and_report(tmp_path: Path, cluster: Any) -> None:
    local, remote = _tree(tmp_path / "local"), _tree(tmp_path / "remote")
    a = invoke(["fix", "--no-config", "-j", "1", "--json", "d"], cwd=local)
    b = invoke(["fix", "--no-config", "--scheduler", cluster.scheduler_address, "--json", "d"], cwd=remote)
    assert a.exit_code == b.exit_code == 1, b.output
    assert _report(a.stdout) == _report(b.stdout)
    for f in sorted((local / "d").iterdir()):
        assert (remote / "d" / f.name).read_bytes() == f.read_bytes()
    assert (remote / "d" / "a.txt").read_text(encoding="utf-8") == GOOD
    assert not list((remote / "d").glob("*" + TEMP_SUFFIX))
    out = invoke(["fix", "--no-config", "--scheduler", cluster.scheduler_address, "-o", "out", "d"], cwd=local)
    assert out.exit_code == 0 and (local / "out" / "d" / "a.txt").read_text(encoding="utf-8") == GOOD


def test_repair_dataframe_matches_pandas(client: Any, rows: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame([{k: r[k] for k in ("id", "text", "title", "score")} for r in rows])
    ddf = dd.from_pandas(frame, npartitions=3)
    got = mdask.repair_dataframe(ddf, ["text", "title"]).compute()
    expected = frame.assign(text=mojibake.repair_column(frame["text"]), title=mojibake.repair_column(frame["title"]))
    pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()))
    assert (got["text"] != frame["text"]).sum() > 10
    with pytest.raises(KeyError):
        mdask.repair_dataframe(ddf, "body")


def test_repair_texts_and_files_bags(client: Any, tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    texts = [r["text"] for r in rows]
    assert mdask.repair_texts(db.from_sequence(texts, npartitions=4)).compute() == list(mojibake.repair_many(texts))
    local, remote = _tree(tmp_path / "local"), _tree(tmp_path / "remote")
    names = sorted(p.name for p in (local / "d").iterdir())
    results = mdask.repair_files(db.from_sequence([str(remote / "d" / n) for n in names], npartitions=3)).compute()
    for name, r in zip(names, results):
        expected = repair_file(local / "d" / name)
        assert (r.changed, r.written, r.encoding, r.skipped, r.finding_count) == \
               (expected.changed, expected.written, expected.encoding, expected.skipped, expected.finding_count)
        assert (remote / "d" / name).read_bytes() == (local / "d" / name).read_bytes()
    assert sum(r.changed for r in results) == 22


def test_script_fix_data_with_scheduler_and_local_dask(tmp_path: Path, rows: list[dict[str, Any]],
                                                       cluster: Any) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows, ascii_only=True)
    single = repair_dataset(src, tmp_path / "one.jsonl", ["text", "title"])  # the single-process path
    remote = run("fix-data", "in.jsonl", "-c", "text", "-c", "title", "-o", "two.jsonl",
                 "--scheduler", cluster.scheduler_address, "--batch-rows", "5", cwd=tmp_path)
    local = run("fix-data", "in.jsonl", "-c", "text", "-c", "title", "-o", "three.jsonl", "--dask", "-j", "2",
                "--batch-rows", "5", cwd=tmp_path)
    assert single.changed and remote.returncode == local.returncode == 1, local.stderr.decode()
    one = (tmp_path / "one.jsonl").read_bytes()
    assert one == (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "three.jsonl").read_bytes()
    assert one != src.read_bytes() and one.isascii()
    assert f"{single.summary.rows} row(s), {single.summary.changed_rows} changed".encode() in local.stderr


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    import dask

    src = write_jsonl(tmp_path / "in.jsonl", [{"text": BAD}])
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        res = invoke(["fix-data", str(src), "-c", "text", "-o", str(tmp_path / "o.jsonl"), "--scheduler",
                      "tcp://127.0.0.1:9"], cwd=tmp_path)
    assert res.exit_code == 2 and "cannot reach" in res.output
    assert not (tmp_path / "o.jsonl").exists()


def test_no_dask_installed_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "mojibake.dask", None)  # import fails as if the extra were missing
    monkeypatch.delattr(mojibake, "dask")
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": BAD}])
    res = invoke(["fix-data", str(src), "-c", "text", "-o", str(tmp_path / "o.jsonl"), "--dask"], cwd=tmp_path)
    assert res.exit_code == 2 and "mojibake[dask]" in res.output
