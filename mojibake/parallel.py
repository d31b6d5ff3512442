"""Run independent pieces of work in order with a bounded number in flight.

Whatever does the work (this process, a local process pool, a Dask cluster) is passed in as a
``submit`` function returning a future; results come back in input order, and at most
``window`` inputs and results are held at once, so memory stays bounded on any input size.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class FutureLike(Protocol):
    """What ``ordered_map`` needs of a future: concurrent.futures and Dask futures both fit."""

    def result(self) -> Any: ...

    def cancel(self) -> Any: ...


Submit = Callable[..., FutureLike]
"""``submit(fn, item)``: start ``fn(item)`` somewhere and return its future."""


def ordered_map(fn: Callable[[T], R], items: Iterable[T], submit: Submit | None = None, window: int = 4) -> Iterator[R]:
    """``map(fn, items)`` through ``submit`` (in-process when None), in order, ``window`` in flight.

    Unlike ``Executor.map`` the input is consumed lazily, so a generator over a huge file is
    never read far ahead of the results. Futures not yet collected are cancelled on exit.
    """
    if submit is None:
        yield from map(fn, items)
        return
    pending: deque[FutureLike] = deque()
    try:
        for item in items:
            pending.append(submit(fn, item))
            if len(pending) >= max(1, window):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _ignore_sigint() -> None:
    """Pool workers leave Ctrl-C to the parent, which shuts them down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def local_pool(jobs: int, preload: Callable[[], None] | None = None) -> Iterator[Submit]:
    """A ``submit`` backed by ``jobs`` worker processes (``preload`` runs first, shared by fork)."""
    if preload is not None and multiprocessing.get_start_method() == "fork":
        preload()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(), initializer=_ignore_sigint)
    try:
        yield pool.submit
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)
