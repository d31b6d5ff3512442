"""Cut long texts into line-aligned pieces, so detect and repair hold one piece's state at a time.

Mojibake never spans a line feed (0x0A is no trail byte of any codec here), nor two ASCII chars
the first of which is below 0x40 and no ``?`` (see ``_ASCII_CUT``), so a piece boundary there
leaves every mojibake site whole. A stretch with no such place (megabytes of CJK mojibake on
one line) is cut where a look at the chars around the cut finds no mojibake site across it.
Pieces are read on their own: their context (the document's quote conventions, its dominant
codec) is the piece's, as the CLI's file path reads a file a segment at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

CHUNK_CHARS = 1 << 18
"""Texts longer than this are processed a piece of about this many chars at a time: a piece's
findings and parse state then bound the memory, whatever the input's size (256 K chars is
plenty of context for a document's conventions)."""

_ASCII_CUT = re.compile(r"(?<=[\t\x20-\x3e])(?=[\t\x20-\x7e])")
"""A place inside a line where it may be cut: between two ASCII chars, the first below 0x40 (no
trail byte of any double-byte codec) and no ``?`` (a lost-byte marker that may have eaten the
byte after it). No mojibake unit, swallowed byte or Latin-1 run can straddle it."""

ForcedCut = Callable[[str, int], int]
"""Given a text and an offset inside a stretch with no safe cut, a nearby offset to cut at."""


def cut_points(text: str, size: int = CHUNK_CHARS, forced: ForcedCut | None = None) -> Iterator[int]:
    """Offsets (increasing, the last one ``len(text)``) where ``text`` may be cut into pieces of
    about ``size`` chars: after the last line feed of each window, else between ASCII chars;
    where a window has neither (one huge line of CJK text), at ``forced``'s choice, or nowhere."""
    n = len(text)
    pos = 0
    while n - pos > size:
        lo, hi = pos + size // 2, pos + size
        nl = text.rfind("\n", lo, hi)
        cut = nl + 1 if nl >= 0 else _last_ascii_cut(text, lo, hi)
        if cut is None:
            if forced is None:
                break
            cut = forced(text, hi)
            if not pos < cut < n:
                break
        yield cut
        pos = cut
    yield n


def _last_ascii_cut(text: str, lo: int, hi: int) -> int | None:
    """The last in-line cut point in ``text[lo:hi]``, searching back a window at a time."""
    step = 4096
    end = hi
    while end > lo:
        start = max(lo, end - step)
        last = None
        for last in _ASCII_CUT.finditer(text, start, end):
            pass
        if last is not None and last.start() > lo:
            return last.start()
        end = start
    return None


def pieces(text: str, size: int = CHUNK_CHARS, forced: ForcedCut | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each piece of ``text`` (one piece when it is short)."""
    start = 0
    for cut in cut_points(text, size, forced):
        if cut > start:
            yield start, cut
            start = cut
