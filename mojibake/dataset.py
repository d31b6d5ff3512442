"""Datasets: repair named text columns of JSONL, CSV/TSV and Parquet files, batch by batch.

Policies:

* Only the named columns change; other columns, the row order and the header pass through.
* JSONL and CSV: a row whose columns need no change keeps its exact bytes; in a changed JSONL
  row only the changed string literals are rewritten (key order, spacing, escapes of the other
  members stay). Lines that are not a JSON object pass through and are counted as invalid.
* Parquet (pyarrow): the schema and its metadata are kept; values are rewritten batch by batch.
* Each value is repaired alone (``files.repair_piece``: the same repair as ``mojibake fix``,
  ignore markers included), so batches are independent: they run in this process, on a local
  pool or on a Dask cluster (any ``submit``, see ``parallel.py``) with the same output bytes.
* Memory is bounded by the batch size times the number of batches in flight.
* Output goes through ``files.AtomicOutput``: a temp file beside the target, fsynced, then
  ``os.replace``-d; nothing is left behind on error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, AnyStr, BinaryIO

from .files import AtomicOutput, FileError, Options, repair_piece
from .finding import DEFAULT_THRESHOLD, Finding
from .parallel import Submit, ordered_map

FORMATS = ("jsonl", "csv", "tsv", "parquet")
"""Dataset formats understood by ``repair_dataset``."""

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".csv": "csv", ".tsv": "tsv",
            ".parquet": "parquet", ".pq": "parquet"}
"""File name suffix -> format."""

BATCH_ROWS = 10_000
"""Rows per batch (the unit of work sent to a worker)."""

BATCH_BYTES = 8 << 20
"""A text batch also ends once it holds this many bytes (bounds memory with huge rows)."""

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class DataError(ValueError):
    """A problem with a dataset file (unknown format, missing or non-text column)."""


@dataclass(frozen=True)
class ColumnSummary:
    """Per-column counts: string values seen, values changed, findings (and per codec path)."""

    values: int = 0
    changed: int = 0
    findings: int = 0
    paths: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: ColumnSummary) -> ColumnSummary:
        """The counts of both summaries together."""
        paths = Counter(dict(self.paths)) + Counter(dict(other.paths))
        return ColumnSummary(self.values + other.values, self.changed + other.changed,
                             self.findings + other.findings, tuple(sorted(paths.items())))


@dataclass(frozen=True)
class DataSummary:
    """Counts for a batch or a whole file: rows, changed rows, invalid rows, bytes, per column."""

    rows: int = 0
    changed_rows: int = 0
    invalid_rows: int = 0
    size: int = 0
    columns: tuple[tuple[str, ColumnSummary], ...] = ()

    def __add__(self, other: DataSummary) -> DataSummary:
        """The counts of both summaries together (columns matched by name, first order kept)."""
        cols = dict(self.columns)
        for name, c in other.columns:
            cols[name] = cols.get(name, ColumnSummary()) + c
        return DataSummary(self.rows + other.rows, self.changed_rows + other.changed_rows,
                           self.invalid_rows + other.invalid_rows, self.size + other.size, tuple(cols.items()))


@dataclass(frozen=True)
class DataResult:
    """What happened to one dataset file; ``error`` is set instead of raising for per-file problems."""

    path: str
    output: str | None
    format: str | None
    summary: DataSummary = DataSummary()
    written: bool = False
    seconds: float = 0.0
    error: str | None = None

    @property
    def changed(self) -> bool:
        """True when at least one row changed (or would change, in a dry run)."""
        return self.summary.changed_rows > 0


@dataclass
class _Tally:
    """Per-call accumulator of a batch's counts (local to one call, never shared)."""

    names: Sequence[str]
    rows: int = 0
    changed_rows: int = 0
    invalid_rows: int = 0
    values: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    paths: dict[str, Counter[str]] = field(default_factory=dict)

    def value(self, name: str, old: str, new: str, found: list[Finding]) -> None:
        """Count one string value of column ``name``."""
        self.values[name] += 1
        self.changed[name] += new != old
        self.findings[name] += len(found)
        if found:
            self.paths.setdefault(name, Counter()).update(f.path for f in found)

    def summary(self, size: int) -> DataSummary:
        """The frozen counts."""
        cols = tuple(
            (n, ColumnSummary(self.values[n], self.changed[n], self.findings[n],
                              tuple(sorted(self.paths.get(n, Counter()).items()))))
            for n in self.names
        )
        return DataSummary(self.rows, self.changed_rows, self.invalid_rows, size, cols)


# ---------------------------------------------------------------------------------------------
# Values and columns.


def repair_value(value: Any, opts: Options = Options()) -> tuple[Any, list[Finding]]:
    """Repair a string value (as ``mojibake fix`` would); anything else comes back unchanged."""
    if not isinstance(value, str):
        return value, []
    return repair_piece(value, opts)


def _options(min_confidence: float, best_effort: bool, options: Options | None) -> Options:
    """``options`` when given, else options built from the keyword arguments."""
    return options or Options(min_confidence=min_confidence, best_effort=best_effort)


def repair_many(texts: Iterable[Any], *, min_confidence: float = DEFAULT_THRESHOLD, best_effort: bool = False,
                options: Options | None = None) -> Iterator[Any]:
    """Lazily repair each text of ``texts`` (non-strings such as None pass through unchanged).

    Same repair as ``mojibake fix`` on a file holding one value: lines with ``mojibake: ignore``
    stay as they are.
    """
    opts = _options(min_confidence, best_effort, options)
    for value in texts:
        yield repair_value(value, opts)[0]


def repair_column(column: Any, *, min_confidence: float = DEFAULT_THRESHOLD, best_effort: bool = False,
                  options: Options | None = None) -> Any:
    """Repair a column: a pandas Series, a pyarrow Array/ChunkedArray, or any sequence (-> list).

    The result has the input's type (Series keep index, name and dtype, except categoricals,
    which become plain values; arrays keep their type); nulls and non-string values are kept.
    """
    opts = _options(min_confidence, best_effort, options)
    module = type(column).__module__.split(".")[0]
    if module == "pandas":
        import pandas as pd

        values = list(repair_many(column.tolist(), options=opts))
        categorical = isinstance(column.dtype, pd.CategoricalDtype)  # repaired values are new categories
        return pd.Series(values, index=column.index, name=column.name, dtype=None if categorical else column.dtype)
    if module == "pyarrow":
        import pyarrow as pa

        if isinstance(column, pa.ChunkedArray):
            return pa.chunked_array([repair_column(c, options=opts) for c in column.chunks], type=column.type)
        return pa.array(list(repair_many(column.to_pylist(), options=opts)), type=column.type)
    return list(repair_many(column, options=opts))


# ---------------------------------------------------------------------------------------------
# JSONL: one JSON object a line.


def object_spans(line: str) -> dict[str, tuple[int, int]]:
    """Span ``[start, end)`` of each top-level member's value in the JSON object text ``line``.

    A repeated key maps to its last occurrence (the one ``json.loads`` keeps). Raises
    ValueError when ``line`` is not one JSON object.
    """
    i = _WS.match(line, 1 if line.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
    if line[i : i + 1] != "{":
        raise ValueError("not a JSON object")
    spans: dict[str, tuple[int, int]] = {}
    i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
    if line[i : i + 1] == "}":
        return spans
    while True:
        if line[i : i + 1] != '"':
            raise ValueError(f"expected a key at {i}")
        key, i = scanstring(line, i + 1)
        i = _WS.match(line, i).end()  # type: ignore[union-attr]
        if line[i : i + 1] != ":":
            raise ValueError(f"expected ':' at {i}")
        start = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(line, start)
        spans[key] = (start, end)
        i = _WS.match(line, end).end()  # type: ignore[union-attr]
        sep = line[i : i + 1]
        if sep == "}":
            return spans
        if sep != ",":
            raise ValueError(f"expected ',' or '}}' at {i}")
        i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]


def splice_members(line: str, changes: dict[str, str]) -> str:
    """``line`` with the string value of each key in ``changes`` replaced, all else byte for byte.

    A value written with ``\\u`` escapes (an ASCII literal holding one) is written back escaped.
    """
    spans = object_spans(line)
    for key, (start, end) in sorted(((k, spans[k]) for k in changes), key=lambda kv: -kv[1][0]):
        literal = line[start:end]
        escaped = literal.isascii() and "\\u" in literal
        line = line[:start] + json.dumps(changes[key], ensure_ascii=escaped) + line[end:]
    return line


def repair_jsonl_line(raw: bytes, columns: Sequence[str], opts: Options, tally: _Tally) -> bytes:
    """Repair one JSONL line (with its line end); unchanged or unparsable lines come back as they are."""
    if not raw.strip():
        return raw
    tally.rows += 1
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        obj = None
    if not isinstance(obj, dict):
        tally.invalid_rows += 1
        return raw
    changes: dict[str, str] = {}
    for name in columns:
        value = obj.get(name)
        if isinstance(value, str):
            new, found = repair_value(value, opts)
            tally.value(name, value, new, found)
            if new != value:
                changes[name] = new
    if not changes:
        return raw
    try:
        line = splice_members(raw.decode("utf-8"), changes)
    except ValueError:  # parsed by json.loads in another encoding (UTF-16/32): leave it alone
        tally.invalid_rows += 1
        return raw
    tally.changed_rows += 1
    return line.encode("utf-8")


def repair_jsonl(data: bytes, columns: Sequence[str], opts: Options = Options()) -> tuple[bytes, DataSummary]:
    """Repair a batch of JSONL lines (a worker's unit of work); return its bytes and counts."""
    tally = _Tally(columns)
    lines = data.split(b"\n")
    last = lines.pop()
    out = [repair_jsonl_line(line + b"\n", columns, opts, tally) for line in lines]
    if last:
        out.append(repair_jsonl_line(last, columns, opts, tally))
    return b"".join(out), tally.summary(len(data))


def _chunks(items: Iterator[AnyStr], rows: int, limit: int) -> Iterator[list[AnyStr]]:
    """Successive lists of at most ``rows`` items, each closed once its total length reaches ``limit``."""
    while True:
        batch: list[AnyStr] = []
        size = 0
        for item in items:
            batch.append(item)
            size += len(item)
            if len(batch) >= rows or size >= limit:
                break
        if not batch:
            return
        yield batch


def line_batches(fh: BinaryIO, rows: int = BATCH_ROWS, max_bytes: int = BATCH_BYTES) -> Iterator[bytes]:
    """Successive batches of whole lines of ``fh``: at most ``rows`` lines, about ``max_bytes`` bytes."""
    return (b"".join(batch) for batch in _chunks(iter(fh), rows, max_bytes))


# ---------------------------------------------------------------------------------------------
# CSV / TSV.


def _dialect(fmt: str) -> str:
    """The csv module dialect of a format."""
    return "excel-tab" if fmt == "tsv" else "excel"


def csv_records(lines: Iterable[str], dialect: str) -> Iterator[tuple[str, list[str]]]:
    """Each CSV record of ``lines`` as ``(raw text with its line end, fields)``."""
    captured: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            captured.append(line)
            yield line

    for fields in csv.reader(feed(), dialect):
        raw = "".join(captured)
        captured.clear()
        yield raw, fields


def _line_end(raw: str) -> str:
    """The line terminator that ends ``raw`` ("" for a last line without one)."""
    for end in ("\r\n", "\n", "\r"):
        if raw.endswith(end):
            return end
    return ""


def repair_csv(text: str, indices: Sequence[tuple[str, int]], dialect: str = "excel",
               opts: Options = Options()) -> tuple[bytes, DataSummary]:
    """Repair a batch of CSV records (``indices``: column name -> field index); return UTF-8 bytes and counts."""
    tally = _Tally([n for n, _ in indices])
    out: list[str] = []
    for raw, fields in csv_records(io.StringIO(text, newline=""), dialect):
        if not fields:
            out.append(raw)
            continue
        tally.rows += 1
        changed = False
        for name, i in indices:
            if i < len(fields):
                new, found = repair_value(fields[i], opts)
                tally.value(name, fields[i], new, found)
                if new != fields[i]:
                    fields[i] = new
                    changed = True
        if not changed:
            out.append(raw)
            continue
        tally.changed_rows += 1
        buf = io.StringIO()
        csv.writer(buf, dialect, lineterminator=_line_end(raw)).writerow(fields)
        out.append(buf.getvalue())
    data = "".join(out).encode("utf-8")
    return data, tally.summary(len(text.encode("utf-8")))


def record_batches(records: Iterator[tuple[str, list[str]]], rows: int = BATCH_ROWS,
                   max_chars: int = BATCH_BYTES) -> Iterator[str]:
    """Raw text of successive batches of at most ``rows`` records (about ``max_chars`` chars)."""
    return ("".join(batch) for batch in _chunks((raw for raw, _ in records), rows, max_chars))


# ---------------------------------------------------------------------------------------------
# Parquet (pyarrow).


def repair_arrays(arrays: Sequence[tuple[str, Any]], opts: Options = Options()) -> tuple[tuple[Any, ...], DataSummary]:
    """Repair pyarrow string arrays (one batch's named columns); an unchanged column comes back as None."""
    import pyarrow as pa

    tally = _Tally([n for n, _ in arrays])
    rows = len(arrays[0][1]) if arrays else 0
    tally.rows = rows
    changed_rows: set[int] = set()
    out: list[Any] = []
    for name, array in arrays:
        values = array.to_pylist()
        new_values = []
        for i, value in enumerate(values):
            new, found = repair_value(value, opts)
            if isinstance(value, str):
                tally.value(name, value, new, found)
                if new != value:
                    changed_rows.add(i)
            new_values.append(new)
        changed = new_values != values
        out.append(pa.array(new_values, type=array.type) if changed else None)
    tally.changed_rows = len(changed_rows)
    return tuple(out), tally.summary(0)


def _parquet_compression(pf: Any) -> str:
    """The compression codec of the source's first column chunk (snappy for an empty file)."""
    meta = pf.metadata
    if meta.num_row_groups == 0 or meta.num_columns == 0:
        return "snappy"
    name = meta.row_group(0).column(0).compression.lower()
    return "none" if name == "uncompressed" else name


def _string_columns(schema: Any, columns: Sequence[str]) -> None:
    """Raise DataError unless every named column exists in ``schema`` and holds strings."""
    import pyarrow as pa

    for name in columns:
        if schema.get_field_index(name) < 0:
            raise DataError(f"no column {name!r} (columns: {', '.join(schema.names)})")
        kind = schema.field(name).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise DataError(f"column {name!r} is {kind}, not a string column")


def _repair_parquet(source: str, out: BinaryIO | None, columns: Sequence[str], opts: Options, rows: int,
                    submit: Submit | None, window: int) -> DataSummary:
    """Repair the named columns of a Parquet file batch by batch, writing to ``out`` (None: dry run).

    The output keeps the source's row groups (each is rebuilt from its batches and written
    whole), so its bytes do not depend on the batch size or on where batches ran.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(source)
    schema = pf.schema_arrow
    _string_columns(schema, columns)
    writer = pq.ParquetWriter(out, schema, compression=_parquet_compression(pf)) if out is not None else None
    waiting: deque[tuple[Any, bool]] = deque()

    def tasks() -> Iterator[tuple[tuple[str, Any], ...]]:
        for group in range(pf.metadata.num_row_groups):
            batches = pf.iter_batches(batch_size=rows, row_groups=[group])
            batch = next(batches, None)
            while batch is not None:
                following = next(batches, None)
                waiting.append((batch, following is None))
                yield tuple((name, batch.column(name)) for name in columns)
                batch = following

    total = DataSummary()
    group_batches: list[Any] = []
    try:
        for new, part in ordered_map(partial(repair_arrays, opts=opts), tasks(), submit, window):
            batch, last = waiting.popleft()
            total = total + part
            if writer is None:
                continue
            replaced = {name: array for name, array in zip(columns, new) if array is not None}
            arrays = [replaced.get(name, batch.column(i)) for i, name in enumerate(batch.schema.names)]
            group_batches.append(pa.RecordBatch.from_arrays(arrays, schema=batch.schema))
            if last:
                table = pa.Table.from_batches(group_batches, schema=schema).combine_chunks()
                writer.write_table(table, row_group_size=max(1, table.num_rows))
                group_batches.clear()
    finally:
        if writer is not None:
            writer.close()
    return total + DataSummary(size=os.path.getsize(source))


# ---------------------------------------------------------------------------------------------
# Whole files.


def detect_format(path: str, fmt: str | None = None) -> str:
    """The dataset format of ``path``: ``fmt`` when given, else from the file name's suffix."""
    if fmt:
        if fmt not in FORMATS:
            raise DataError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
        return fmt
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        raise DataError(f"cannot tell the format of {path!r} from its suffix; give one of {', '.join(FORMATS)}")
    return SUFFIXES[suffix]


def _pump(results: Iterable[tuple[bytes, DataSummary]], out: BinaryIO | None) -> DataSummary:
    """Write each batch's bytes to ``out`` (if any) in order; return the summed counts."""
    total = DataSummary()
    for data, part in results:
        if out is not None:
            out.write(data)
        total = total + part
    return total


def _repair_jsonl_file(source: str, out: BinaryIO | None, columns: Sequence[str], opts: Options, rows: int,
                       submit: Submit | None, window: int) -> DataSummary:
    """Repair a JSONL file batch by batch into ``out``."""
    with open(source, "rb") as fh:
        work = partial(repair_jsonl, columns=tuple(columns), opts=opts)
        return _pump(ordered_map(work, line_batches(fh, rows), submit, window), out)


def _repair_csv_file(source: str, out: BinaryIO | None, columns: Sequence[str], opts: Options, rows: int,
                     submit: Submit | None, window: int, fmt: str) -> DataSummary:
    """Repair a CSV/TSV file (UTF-8, optional BOM, header row) batch by batch into ``out``."""
    dialect = _dialect(fmt)
    with open(source, "rb") as fh:
        bom = fh.read(3)
        if bom != b"\xef\xbb\xbf":
            fh.seek(0)
            bom = b""
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        records = csv_records(text, dialect)
        header_raw, header = next(records, ("", []))
        missing = [c for c in columns if c not in header]
        if missing:
            raise DataError(f"no column {missing[0]!r} in the header (columns: {', '.join(header)})")
        indices = tuple((c, header.index(c)) for c in columns)
        head = bom + header_raw.encode("utf-8")
        if out is not None:
            out.write(head)
        work = partial(repair_csv, indices=indices, dialect=dialect, opts=opts)
        total = _pump(ordered_map(work, record_batches(records, rows), submit, window), out)
        return total + DataSummary(size=len(head))


def repair_dataset(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str] | None,
    columns: Sequence[str],
    *,
    fmt: str | None = None,
    options: Options | None = None,
    min_confidence: float = DEFAULT_THRESHOLD,
    best_effort: bool = False,
    batch_rows: int = BATCH_ROWS,
    submit: Submit | None = None,
    window: int = 4,
) -> DataResult:
    """Repair the ``columns`` of dataset ``source`` into ``output`` (atomically; None = dry run).

    ``submit`` sends each batch elsewhere (a local pool, a Dask cluster; see ``parallel.py``),
    at most ``window`` at once; results are written in order. Never raises for per-file
    problems: they are reported in ``DataResult.error`` and nothing is written.
    """
    if not columns:
        raise ValueError("no columns to repair")
    name = os.fspath(source)
    target = os.fspath(output) if output is not None else None
    opts = _options(min_confidence, best_effort, options)
    started = time.perf_counter()
    kind: str | None = None
    try:
        kind = detect_format(name, fmt)
        run: Callable[[BinaryIO | None], DataSummary]
        if kind == "jsonl":
            run = partial(_repair_jsonl_file, name, columns=columns, opts=opts, rows=batch_rows, submit=submit,
                          window=window)
        elif kind == "parquet":
            run = partial(_repair_parquet, name, columns=columns, opts=opts, rows=batch_rows, submit=submit,
                          window=window)
        else:
            run = partial(_repair_csv_file, name, columns=columns, opts=opts, rows=batch_rows, submit=submit,
                          window=window, fmt=kind)
        if target is None:
            summary = run(None)
        else:
            with AtomicOutput(target, like=name) as out:
                summary = run(out)
    except (DataError, FileError, UnicodeDecodeError) as e:
        return DataResult(name, target, kind, error=str(e), seconds=time.perf_counter() - started)
    except OSError as e:
        return DataResult(name, target, kind, error=e.strerror or str(e), seconds=time.perf_counter() - started)
    except Exception as e:  # pyarrow's errors for unreadable Parquet have no common base but Exception
        if type(e).__module__.split(".")[0] != "pyarrow":
            raise
        return DataResult(name, target, kind, error=str(e), seconds=time.perf_counter() - started)
    every_column = DataSummary(columns=tuple((c, ColumnSummary()) for c in columns))  # listed even when empty
    return DataResult(name, target, kind, every_column + summary, written=target is not None,
                      seconds=time.perf_counter() - started)
