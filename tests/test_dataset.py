"""Tests for mojibake.dataset and ``mojibake fix-data`` (single process and local pool)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mojibake
from mojibake.cli import main
from mojibake.dataset import (
    object_spans,
    repair_csv,
    repair_dataset,
    repair_jsonl,
    splice_members,
)
from mojibake.files import TEMP_SUFFIX
from mojibake.parallel import ordered_map

BAD = "it鈥檚 鈥渜uoted鈥"
GOOD = "it’s “quoted”"


def write_jsonl(path: Path, rows: list[dict[str, Any]], ascii_only: bool = False) -> Path:
    """``rows`` as JSONL (alternating compact and spaced separators, so formatting is tested too)."""
    lines = []
    for i, row in enumerate(rows):
        seps = (",", ":") if i % 2 else (", ", ": ")
        lines.append(json.dumps(row, ensure_ascii=ascii_only, separators=seps))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]], dialect: str = "excel") -> Path:
    """``rows`` (id, text, title, score) as CSV with a header, CRLF line ends (the csv default)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, dialect)
    w.writerow(["id", "text", "title", "score"])
    for row in rows:
        w.writerow([row["id"], row["text"] or "", row["title"], row["score"]])
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def invoke(*args: str) -> Any:
    """Run the CLI in-process."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- values and columns -------------------------------------------------------------------------


def test_repair_many_is_lazy_and_passes_non_strings() -> None:
    def texts() -> Iterator[Any]:
        yield BAD
        yield None
        raise AssertionError("read too far")

    out = mojibake.repair_many(texts())
    assert next(out) == GOOD
    assert next(out) is None


def test_repair_many_matches_repair(rows: list[dict[str, Any]]) -> None:
    texts = [r["text"] for r in rows if r["text"] and "mojibake: ignore" not in r["text"]]
    assert list(mojibake.repair_many(texts)) == [mojibake.repair(t) for t in texts]
    assert sum(a != b for a, b in zip(mojibake.repair_many(texts), texts)) > 10


def test_repair_column_pandas_keeps_index_name_dtype() -> None:
    pd = pytest.importorskip("pandas")
    for dtype in (object, "string"):
        s = pd.Series([BAD, None, "clean"], index=[7, 3, 5], name="text", dtype=dtype)
        out = mojibake.repair_column(s)
        assert isinstance(out, pd.Series)
        assert list(out.index) == [7, 3, 5] and out.name == "text" and out.dtype == s.dtype
        assert out[7] == GOOD and pd.isna(out[3]) and out[5] == "clean"
        assert s[7] == BAD  # the input is not modified
    cat = mojibake.repair_column(pd.Series([BAD, "x", BAD], dtype="category"))
    assert cat.tolist() == [GOOD, "x", GOOD]  # not NaN: repaired values are not among the old categories


def test_repair_column_pyarrow_keeps_type() -> None:
    pa = pytest.importorskip("pyarrow")
    arr = pa.array([BAD, None], type=pa.large_string())
    out = mojibake.repair_column(arr)
    assert out.type == pa.large_string() and out.to_pylist() == [GOOD, None]
    chunked = pa.chunked_array([[BAD], ["clean", None]])
    out = mojibake.repair_column(chunked)
    assert isinstance(out, pa.ChunkedArray) and out.num_chunks == 2
    assert out.to_pylist() == [GOOD, "clean", None]
    assert mojibake.repair_column((BAD, 3)) == [GOOD, 3]


# --- JSONL --------------------------------------------------------------------------------------


def test_object_spans_and_splice_keep_everything_else() -> None:
    line = '\ufeff { "a" :1.000 , "text":"' + BAD + '", "t":"x","text" : "\\u9225" ,"n":[1, {"k":"}"}]}\r\n'
    spans = object_spans(line)
    assert list(spans) == ["a", "text", "t", "n"]
    assert line[slice(*spans["text"])] == '"\\u9225"'  # a repeated key: the last one (as json.loads)
    assert line[slice(*spans["n"])] == '[1, {"k":"}"}]'
    out = splice_members(line, {"text": "’", "t": "é"})
    assert out == line.replace('"\\u9225"', '"\\u2019"').replace('"x"', '"é"')
    with pytest.raises(ValueError):
        object_spans('["not", "an object"]')


def test_jsonl_unchanged_lines_keep_bytes_changed_only_their_literal() -> None:
    lines = [
        b'{"id":1,"text":"clean","score":1.000}\n',
        b'{ "score" : 2e3 , "text" : "' + BAD.encode() + b'", "z": "\\u00e9" }\r\n',
        b'{"text": "\\u6d93\\ue15f\\u6783 \\u9225\\u6a9a", "id": 3}\n',
        b"not json\n",
        b"[1, 2]\n",
        b"\n",
        b'{"id": 5, "text": null, "title": "' + BAD.encode() + b'"}',  # no final newline
    ]
    out, summary = repair_jsonl(b"".join(lines), ["text", "title"])
    got = out.splitlines(keepends=True)
    assert got[0] == lines[0] and got[3:6] == lines[3:6]
    assert got[1] == b'{ "score" : 2e3 , "text" : "' + GOOD.encode() + b'", "z": "\\u00e9" }\r\n'
    fixed = mojibake.repair(json.loads(lines[2])["text"])
    assert fixed.startswith("中文") and got[2] == b'{"text": ' + json.dumps(fixed).encode() + b', "id": 3}\n'
    assert got[2].isascii()  # an escaped literal stays escaped
    assert got[6] == b'{"id": 5, "text": null, "title": "' + GOOD.encode() + b'"}'
    assert summary.rows == 6 and summary.invalid_rows == 2 and summary.changed_rows == 3
    cols = dict(summary.columns)
    assert cols["text"].values == 3 and cols["text"].changed == 2
    assert cols["title"].values == 1 and cols["title"].changed == 1
    assert dict(cols["title"].paths) == {"utf-8 as gbk": cols["title"].findings}


def test_jsonl_file_rows_and_other_columns(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    r = repair_dataset(src, tmp_path / "out.jsonl", ["text", "title"], batch_rows=7)
    assert r.error is None and r.written and r.changed
    before = src.read_bytes().splitlines(keepends=True)
    after = (tmp_path / "out.jsonl").read_bytes().splitlines(keepends=True)
    assert len(before) == len(after) == len(rows) == r.summary.rows
    changed = 0
    for old_raw, new_raw, row in zip(before, after, rows):
        new = json.loads(new_raw)
        assert list(new) == list(row)  # key order
        assert {k: v for k, v in new.items() if k not in ("text", "title")} == \
               {k: v for k, v in row.items() if k not in ("text", "title")}
        assert new["text"] == (mojibake.repair(row["text"]) if row["text"] and row["id"] != "ignored" else row["text"])
        assert new["title"] == mojibake.repair(row["title"])
        if new_raw == old_raw:
            assert new == row
        else:
            changed += 1
    assert changed == r.summary.changed_rows > 10
    assert not list(tmp_path.glob("*" + TEMP_SUFFIX))


def test_batches_do_not_change_the_output(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows, ascii_only=True)
    outs = []
    for n in (1, 5, 10_000):
        out = tmp_path / f"out{n}.jsonl"
        r = repair_dataset(src, out, ["text"], batch_rows=n)
        outs.append((out.read_bytes(), r.summary))
    assert outs[0] == outs[1] == outs[2]


# --- CSV / TSV ----------------------------------------------------------------------------------


def test_csv_quoted_newlines_bom_and_untouched_rows(tmp_path: Path) -> None:
    raw = (
        "\ufeffid,text,note\r\n"
        '1,"clean, with comma",x\r\n'
        '2,"' + BAD + ' and\nnewline","keep ""as"" is"\r\n'
        "3," + BAD + ",plain\n"
        "\r\n"
        "4,short\r\n"
        '"5","quoted clean","y"'
    ).encode("utf-8")
    src = tmp_path / "in.csv"
    src.write_bytes(raw)
    r = repair_dataset(src, tmp_path / "out.csv", ["text"])
    out = (tmp_path / "out.csv").read_bytes()
    assert r.error is None and r.summary.rows == 5 and r.summary.changed_rows == 2
    assert out.startswith(b"\xef\xbb\xbfid,text,note\r\n1,\"clean, with comma\",x\r\n")
    assert out.endswith(b'\n\r\n4,short\r\n"5","quoted clean","y"')
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert rows[2] == ["2", GOOD + " and\nnewline", 'keep "as" is']
    assert rows[3] == ["3", GOOD, "plain"]
    assert b"3," + GOOD.encode() + b",plain\n" in out  # the row's own line end is kept


def test_csv_batch_matches_whole_and_tsv(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    src = write_csv(tmp_path / "in.tsv", rows, dialect="excel-tab")
    r = repair_dataset(src, tmp_path / "out.tsv", ["text", "title"], batch_rows=4)
    got = list(csv.reader(io.StringIO((tmp_path / "out.tsv").read_text(encoding="utf-8"), newline=""), "excel-tab"))
    assert got[0] == ["id", "text", "title", "score"]
    for row, new in zip(rows, got[1:]):
        text = row["text"] or ""
        assert new[0] == row["id"] and new[3] == str(row["score"])
        assert new[1] == (text if row["id"] == "ignored" else mojibake.repair(text))
    assert r.summary.rows == len(rows)
    whole, summary = repair_csv(src.read_bytes().decode("utf-8").split("\r\n", 1)[1], [("text", 1), ("title", 2)],
                                "excel-tab")
    assert (tmp_path / "out.tsv").read_bytes().split(b"\r\n", 1)[1] == whole
    assert summary.columns == r.summary.columns


def test_missing_column_is_an_error_and_writes_nothing(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    src = write_csv(tmp_path / "in.csv", rows)
    r = repair_dataset(src, tmp_path / "out.csv", ["body"])
    assert r.error and "body" in r.error and not r.written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


# --- Parquet ------------------------------------------------------------------------------------


def write_parquet(path: Path, rows: list[dict[str, Any]], row_group: int = 16) -> Path:
    """``rows`` as Parquet with small row groups and schema metadata."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.Table.from_pylist([{k: r[k] for k in ("id", "text", "title", "score")} for r in rows])
    table = table.replace_schema_metadata({"origin": "scraper"})
    pq.write_table(table, path, row_group_size=row_group, compression="zstd")
    return path


def test_parquet_repairs_columns_keeps_the_rest(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = write_parquet(tmp_path / "in.parquet", rows)
    r = repair_dataset(src, tmp_path / "out.parquet", ["text", "title"], batch_rows=10)
    assert r.error is None and r.summary.rows == len(rows) and r.changed
    before, after = pq.read_table(src), pq.read_table(tmp_path / "out.parquet")
    assert after.schema == before.schema and after.schema.metadata == before.schema.metadata
    assert after.column("id").equals(before.column("id")) and after.column("score").equals(before.column("score"))
    for row, text, title in zip(rows, after.column("text").to_pylist(), after.column("title").to_pylist()):
        assert text == (row["text"] if row["id"] == "ignored" else next(mojibake.repair_many([row["text"]])))
        assert title == mojibake.repair(row["title"])
    assert pq.ParquetFile(tmp_path / "out.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    bad = repair_dataset(src, tmp_path / "x.parquet", ["score"])
    assert bad.error and "not a string column" in bad.error and not (tmp_path / "x.parquet").exists()


# --- ordered_map: bounded read-ahead --------------------------------------------------------------


def test_ordered_map_reads_at_most_window_ahead() -> None:
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for i in range(100):
            pulled.append(i)
            yield i

    def submit(fn: Any, item: int) -> Future[int]:
        f: Future[int] = Future()
        f.set_result(fn(item))
        return f

    for got in ordered_map(lambda x: x * 2, items(), submit, window=3):
        assert len(pulled) <= got // 2 + 3  # never more than the window past what was returned
    assert len(pulled) == 100


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_fix_data_single_and_pool_same_bytes(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    single = invoke("fix-data", str(src), "-c", "text", "-c", "title", "-o", str(tmp_path / "one.jsonl"), "-j", "1")
    pool = invoke("fix-data", str(src), "-c", "text", "-c", "title", "-o", str(tmp_path / "two.jsonl"), "-j", "2",
                  "--batch-rows", "5")
    assert single.exit_code == pool.exit_code == 1
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes() != src.read_bytes()
    assert "  text: " in single.stderr and "  title: " in single.stderr and "utf-8 as gbk" in single.stderr
    assert single.stderr.split("(")[0].replace("one", "two") == pool.stderr.split("(")[0]


def test_cli_fix_data_json_dry_run_and_exit_codes(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    dry = invoke("fix-data", str(src), "-c", "title", "--dry-run", "--json", "-j", "1")
    assert dry.exit_code == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    report = json.loads(dry.stdout)["files"][0]
    assert report["written"] is False and report["rows"] == len(rows)
    assert report["columns"]["title"]["changed"] == sum(r["title"] != mojibake.repair(r["title"]) for r in rows) > 0
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"text": "nothing to do"}\n', encoding="utf-8")
    res = invoke("fix-data", str(clean), "-c", "text", "-c", "body", "-o", str(tmp_path / "c.jsonl"), "-j", "1")
    assert res.exit_code == 0 and "  body: 0 value(s), 0 changed" in res.stderr  # every column is listed
    assert (tmp_path / "c.jsonl").read_bytes() == clean.read_bytes()
    assert invoke("fix-data", str(clean), "-c", "text").exit_code == 2  # no --output
    missing = invoke("fix-data", str(tmp_path / "nope.jsonl"), "-c", "text", "-o", str(tmp_path / "n.jsonl"))
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr
    assert not (tmp_path / "n.jsonl").exists()


def test_cli_fix_data_several_inputs_into_a_directory(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", rows[:20])
    b = write_csv(tmp_path / "b.csv", rows[20:40])
    res = invoke("fix-data", str(a), str(b), "-c", "text", "-o", str(tmp_path / "out"), "-j", "1")
    assert res.exit_code == 1, res.stderr
    assert sorted(os.listdir(tmp_path / "out")) == ["a.jsonl", "b.csv"]
    s = repair_dataset(a, None, ["text"]).summary
    assert (s.rows, s.changed_rows, s.invalid_rows) == _counts_of(res, "a.jsonl") and s.changed_rows > 0
    assert (tmp_path / "out" / "b.csv").read_bytes() != b.read_bytes()


def _counts_of(res: Any, name: str) -> tuple[int, int, int]:
    """(rows, changed, invalid) as printed for ``name`` in a CLI run's summary."""
    line = next(ln for ln in res.stderr.splitlines() if ln.startswith("mojibake: ") and name in ln.split(" -> ")[0])
    rows, changed, invalid = (int(part.split()[0]) for part in line.split(": ", 2)[2].split(", ")[:3])
    return rows, changed, invalid
