"""Dask: repair DataFrame columns and Bags of texts or files, and run the CLI's work on a cluster.

Optional: ``pip install 'mojibake[dask]'``. Workers run the same functions as the local path
(``dataset.repair_column``, ``files.repair_file``), so results are the same; every worker needs
mojibake installed and, for files, the same paths (shared storage). Files are written by the
workers with ``repair_file``'s atomic replace.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import dask.bag as db
from dask.distributed import Client, LocalCluster

from .dataset import repair_column, repair_value
from .files import FileResult, Options, repair_file
from .finding import DEFAULT_THRESHOLD
from .parallel import Submit

__all__ = ["connect", "repair_dataframe", "repair_files", "repair_texts", "submitter", "window"]


@contextmanager
def connect(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), or of a new local cluster.

    The local cluster has ``workers`` processes (default: one per core) of one thread each: the
    repair is pure Python, so threads would only contend for the GIL.
    """
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def submitter(client: Client) -> Submit:
    """``submit(fn, item)`` on the cluster (``pure=False``: every batch is new work, never hashed)."""
    return partial(client.submit, pure=False)


def window(client: Client, per_thread: int = 2) -> int:
    """How many tasks to keep in flight: ``per_thread`` per worker thread, so none waits for work."""
    return max(1, per_thread * sum(client.nthreads().values()))


def _options(min_confidence: float, best_effort: bool, options: Options | None) -> Options:
    """``options`` when given, else options built from the keyword arguments."""
    return options or Options(min_confidence=min_confidence, best_effort=best_effort)


def _repair_partition(frame: Any, columns: Sequence[str], options: Options) -> Any:
    """One pandas partition with ``columns`` repaired (a copy; the others are shared)."""
    frame = frame.copy(deep=False)
    for name in columns:
        frame[name] = repair_column(frame[name], options=options)
    return frame


def repair_dataframe(frame: Any, columns: str | Sequence[str], *, min_confidence: float = DEFAULT_THRESHOLD,
                     best_effort: bool = False, options: Options | None = None) -> Any:
    """A Dask DataFrame with the text ``columns`` repaired partition by partition (lazy)."""
    names = [columns] if isinstance(columns, str) else list(columns)
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r}")
    opts = _options(min_confidence, best_effort, options)
    return frame.map_partitions(_repair_partition, names, opts, meta=frame._meta)


def _repair_text(value: Any, options: Options) -> Any:
    """One text repaired (non-strings pass through)."""
    return repair_value(value, options)[0]


def repair_texts(bag: db.Bag, *, min_confidence: float = DEFAULT_THRESHOLD, best_effort: bool = False,
                 options: Options | None = None) -> db.Bag:
    """A Dask Bag of texts, each repaired (lazy; same order)."""
    return bag.map(_repair_text, options=_options(min_confidence, best_effort, options))


def _repair_path(item: Any, options: Options, dry_run: bool) -> FileResult:
    """Repair one file, named by a path or a ``(path, output)`` pair, on a worker."""
    path, output = (item, None) if isinstance(item, (str, os.PathLike)) else item
    return repair_file(path, output=output, dry_run=dry_run, options=options)


def repair_files(bag: db.Bag, *, dry_run: bool = False, min_confidence: float = DEFAULT_THRESHOLD,
                 best_effort: bool = False, options: Options | None = None) -> db.Bag:
    """A Dask Bag of file paths (or ``(path, output)`` pairs) -> a Bag of ``FileResult``.

    Each file is repaired in place (or into its output) by ``repair_file`` on a worker: atomic
    replace, same encoding and newlines, never raising for per-file problems.
    """
    opts = _options(min_confidence, best_effort, options)
    return bag.map(_repair_path, options=opts, dry_run=dry_run)
