"""Apply findings to text: splice repairs in, and repeat for layered mojibake."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .detect import detect
from .finding import Finding

DEFAULT_THRESHOLD = 0.5
"""Findings below this confidence are reported by ``detect`` but not applied by ``repair``."""

MAX_LAYERS = 3
"""Layered mojibake is peeled at most this many times (a bound, so repair always ends)."""


def applies(f: Finding, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False) -> bool:
    """Does ``repair`` apply this finding? (confident enough, or best effort asked for)."""
    return f.repair != f.text and (f.confidence >= threshold or best_effort)


def apply_findings(
    text: str, findings: Iterable[Finding], *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False
) -> str:
    """Splice the repairs of applicable ``findings`` (non-overlapping, any order) into ``text``."""
    return _splice(text, findings, lambda f: f.repair if applies(f, threshold, best_effort) else None)


def _splice(text: str, findings: Iterable[Finding], replacement: Callable[[Finding], str | None]) -> str:
    """Replace each finding's span by ``replacement(finding)``, skipping None and overlaps."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        new = replacement(f)
        if new is None:
            continue
        parts.append(text[pos : f.start])
        parts.append(new)
        pos = f.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def repair_text(
    text: str, *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False, layers: int = MAX_LAYERS
) -> str:
    """Repair ``text``; each repaired span is examined again, ``layers`` deep at most.

    Layered mojibake (text mis-decoded twice) can only hide inside what a repair produced,
    so deeper layers look at repaired spans alone instead of the whole text again.
    """

    def deeper(f: Finding) -> str | None:
        if not applies(f, threshold, best_effort):
            return None
        if layers > 1 and not f.repair.isascii():
            return repair_text(f.repair, threshold=threshold, best_effort=best_effort, layers=layers - 1)
        return f.repair

    return _splice(text, detect(text), deeper)
