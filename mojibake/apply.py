"""Apply findings to text: splice repairs in, and repeat for layered mojibake."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from .chunks import CHUNK_CHARS, pieces
from .detect import detect, forced_cut
from .finding import DEFAULT_THRESHOLD, Finding

MAX_LAYERS = 8
"""Passes at most: layered mojibake is peeled one layer a pass, and a layer can need a second
pass once its neighbours are repaired (3 lossy layers took 5 on the fuzzer). A bound, so repair
always ends; every applied repair lowers the text's cost, so the fixed point comes well before it."""


def applies(f: Finding, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False) -> bool:
    """Does ``repair`` apply this finding? (confident enough, or best effort asked for)."""
    return f.repair != f.text and (f.confidence >= threshold or best_effort)


def apply_findings(
    text: str, findings: Iterable[Finding], *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False
) -> str:
    """Splice the repairs of applicable ``findings`` (non-overlapping, any order) into ``text``."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos or not applies(f, threshold, best_effort):
            continue
        parts.append(text[pos : f.start])
        parts.append(f.repair)
        pos = f.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def repair_text(
    text: str, *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False, layers: int = MAX_LAYERS
) -> str:
    """Repair ``text`` until nothing applicable is left, at most ``layers`` passes."""
    if not isinstance(text, str):
        raise TypeError(f"repair() needs str, not {type(text).__name__}")
    if text.isascii():
        return text  # nothing to repair, and the most common call: no detour
    if len(text) <= CHUNK_CHARS:
        return _repair_piece(text, threshold, best_effort, layers, None)[0]
    return "".join(
        _repair_piece(text[a:b], threshold, best_effort, layers, None)[0] for a, b in pieces(text, forced=forced_cut)
    )  # a piece at a time: findings are dropped as soon as applied, so memory stays bounded


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
    if len(text) <= CHUNK_CHARS or text.isascii():
        return _repair_piece(text, threshold, best_effort, layers, select)
    parts: list[str] = []
    first: list[Finding] = []
    for a, b in pieces(text, forced=forced_cut):
        fixed, found = _repair_piece(text[a:b], threshold, best_effort, layers, select)
        parts.append(fixed)
        first += [replace(f, start=f.start + a, end=f.end + a) for f in found]
    return "".join(parts), first


def _repair_piece(
    text: str,
    threshold: float,
    best_effort: bool,
    layers: int,
    select: Callable[[str, list[Finding]], list[Finding]] | None,
) -> tuple[str, list[Finding]]:
    """``repair_layers`` on one text read as a whole."""
    first: list[Finding] | None = None
    for _ in range(layers):
        found = detect(text)
        if select is not None:
            found = select(text, found)
        if first is None:
            first = found
        fixed = apply_findings(text, found, threshold=threshold, best_effort=best_effort)
        if fixed == text:
            break
        text = fixed
    return text, first or []
