"""Apply findings to text: splice repairs in, and repeat for layered mojibake."""

from __future__ import annotations

from collections.abc import Iterable

from .detect import detect
from .finding import Finding

DEFAULT_THRESHOLD = 0.5
"""Findings below this confidence are reported by ``detect`` but not applied by ``repair``."""

MAX_LAYERS = 3
"""Layered mojibake is peeled at most this many times (a bound, so repair always ends)."""


def apply_findings(
    text: str, findings: Iterable[Finding], *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False
) -> str:
    """Splice the repairs of ``findings`` (non-overlapping, any order) into ``text``."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos or f.repair == f.text:
            continue
        if f.confidence < threshold and not (best_effort and f.repair):
            continue
        parts.append(text[pos : f.start])
        parts.append(f.repair)
        pos = f.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def repair_text(text: str, *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False) -> str:
    """Repair ``text`` layer by layer until no applicable finding is left (at most MAX_LAYERS)."""
    for _ in range(MAX_LAYERS):
        fixed = apply_findings(text, detect(text), threshold=threshold, best_effort=best_effort)
        if fixed == text:
            break
        text = fixed
    return text
