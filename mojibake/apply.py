"""Apply findings to text: splice repairs in, and repeat for layered mojibake."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .chunks import CHUNK_CHARS, pieces
from .detect import detect, forced_cut
from .finding import (
    DEFAULT_THRESHOLD,
    Finding,
    applied_in_order,
    applies,
    apply_findings,
    shifted,
)
from .strays import (
    line_at,
    read_families,
    reads_as_mojibake,
    settled_lines,
    without_unread_strays,
)

__all__ = ["DEFAULT_THRESHOLD", "MAX_LAYERS", "applies", "apply_findings", "repair_layers", "repair_text"]

MAX_LAYERS = 8
"""Passes at most: layered mojibake is peeled one layer a pass, and a layer can need a second
pass once its neighbours are repaired (3 lossy layers took 5 on the fuzzer). A bound, so repair
always ends; every applied repair lowers the text's cost, so the fixed point comes well before it."""


def repair_text(
    text: str, *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False, layers: int = MAX_LAYERS
) -> str:
    """Repair ``text`` until nothing applicable is left, at most ``layers`` passes."""
    if not isinstance(text, str):
        raise TypeError(f"repair() needs str, not {type(text).__name__}")
    if text.isascii():
        return text  # nothing to repair, and the most common call: no detour
    if len(text) <= CHUNK_CHARS:
        return _repair_piece(text, threshold, best_effort, layers, None)[0]  # one piece: no detour
    # findings are dropped as soon as their piece is repaired, so memory stays bounded
    return "".join(fixed for _, fixed, _ in _repaired_pieces(text, threshold, best_effort, layers, None))


def repair_layers(
    text: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    best_effort: bool = False,
    layers: int = MAX_LAYERS,
    select: Callable[[str, list[Finding]], list[Finding]] | None = None,
) -> tuple[str, list[Finding]]:
    """Repair ``text`` pass by pass; return it with the first pass's (selected) findings.

    Each pass re-reads the whole text: a repair changes the context of its neighbours and can
    reveal layered mojibake (text mis-decoded twice), and stopping only at a fixed point is what
    makes ``repair`` idempotent. ``select`` filters each pass's findings (ignore markers, paths).
    A huge text is repaired a line-aligned piece at a time (``chunks``).
    """
    parts: list[str] = []
    first: list[Finding] = []
    for start, fixed, found in _repaired_pieces(text, threshold, best_effort, layers, select):
        parts.append(fixed)
        first += shifted(found, start) if start else found
    return "".join(parts), first


def _repaired_pieces(
    text: str,
    threshold: float,
    best_effort: bool,
    layers: int,
    select: Callable[[str, list[Finding]], list[Finding]] | None,
) -> Iterator[tuple[int, str, list[Finding]]]:
    """(start, repaired text, first-pass findings) of each piece of ``text``: the whole of it
    when it is short or ASCII, else one piece of about CHUNK_CHARS at a time."""
    if len(text) <= CHUNK_CHARS or text.isascii():
        yield 0, *_repair_piece(text, threshold, best_effort, layers, select)
        return
    for a, b in pieces(text, forced=forced_cut):
        yield a, *_repair_piece(text[a:b], threshold, best_effort, layers, select)


def _repair_piece(
    text: str,
    threshold: float,
    best_effort: bool,
    layers: int,
    select: Callable[[str, list[Finding]], list[Finding]] | None,
) -> tuple[str, list[Finding]]:
    """``repair_layers`` on one text read as a whole."""
    first: list[Finding] | None = None
    mojibake_text = False  # said by the first pass: the later ones then set aside no lone reading as a stray
    settled: frozenset[str] = frozenset()  # lines the first pass judged real text: unchanged, they stay so
    read: frozenset[str] = frozenset()  # the codec families the first pass applied
    exact: list[tuple[int, int]] = []  # where the first pass's lossless repairs stand in its output
    for n in range(layers):
        found = detect(text, mojibake_text=mojibake_text)
        if settled:
            found = [f for f in found if line_at(text, f.start) not in settled]
        if n == 1:
            found = without_unread_strays(found, read, exact)
        if select is not None:
            found = select(text, found)
        if not found:
            break  # nothing to apply: the fixed point (clean text ends here, on its first pass)
        if first is None:
            first = found
            settled = settled_lines(text, found) | _untouched_lines(text, found) if found else frozenset()
            read = read_families(found)
            exact = _exact_spans(found, threshold, best_effort)
        fixed = apply_findings(text, found, threshold=threshold, best_effort=best_effort)
        if fixed == text:
            break
        if found is first:
            # only a text the first pass changed has later passes: clean text never pays for this
            mojibake_text = reads_as_mojibake(text, found)
        text = fixed
    return text, first or []


def _untouched_lines(text: str, found: list[Finding]) -> frozenset[str]:
    """The lines of ``text`` that no finding of the first pass touched: it read them as real text,
    and the later passes, which see the repaired lines beside them and set aside no lone reading
    as a stray, must not read them again (很弱 under a repaired 温度 25℃ had become 很少)."""  # mojibake: ignore
    touched: set[int] = set()
    for f in found:
        a = text.rfind("\n", 0, f.start) + 1
        touched.add(a)
        while (b := text.find("\n", a, f.end)) >= 0:  # the lines it runs on into
            a = b + 1
            touched.add(a)
    out: set[str] = set()
    a = 0
    while a <= len(text):
        b = text.find("\n", a)
        b = len(text) if b < 0 else b
        if a not in touched:
            out.add(text[a:b])
        a = b + 1
    return frozenset(out)


def _exact_spans(found: list[Finding], threshold: float, best_effort: bool) -> list[tuple[int, int]]:
    """Where the repairs of ``found`` that lost no byte stand in the text ``apply_findings`` makes."""
    spans: list[tuple[int, int]] = []
    delta = 0
    for f in applied_in_order(found, threshold, best_effort):
        if f.lost == 0:
            spans.append((f.start + delta, f.start + delta + len(f.repair)))
        delta += len(f.repair) - (f.end - f.start)
    return spans
