"""The record of one mojibake span (where it is, what it should be, how sure we are), and how
findings are spliced into their text: ``detect`` and ``apply`` both do that."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

DEFAULT_THRESHOLD = 0.5
"""Findings below this confidence are reported by ``detect`` but not applied by ``repair``."""


@dataclass(frozen=True, slots=True)
class Inference:
    """One character whose bytes were partly lost and had to be inferred from context.

    ``offset`` is the index of the character inside ``Finding.repair``; ``alternatives``
    lists the candidates considered, most probable first, as ``(character, probability)``.
    """

    offset: int
    char: str
    alternatives: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """A span ``text[start:end]`` that is mojibake, and its proposed repair.

    ``path`` names the wrong-codec path (``"utf-8 as gbk"``); ``lost`` counts bytes the
    decoder threw away (0 for a lossless span); ``confidence`` is in [0, 1];
    ``inferred`` describes every character rebuilt from context; ``note`` carries a
    human-readable cause when the span is reported but not repairable.
    """

    start: int
    end: int
    text: str
    repair: str
    path: str
    lost: int = 0
    confidence: float = 1.0
    inferred: tuple[Inference, ...] = field(default_factory=tuple)
    note: str = ""

    @property
    def lossless(self) -> bool:
        """True when the span's bytes all survived, so the repair is exact."""
        return self.lost == 0 and not self.inferred


def applies(f: Finding, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False) -> bool:
    """Does ``repair`` apply this finding? (confident enough, or best effort asked for)."""
    return f.repair != f.text and (f.confidence >= threshold or best_effort)


def applied_in_order(
    findings: Iterable[Finding], threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False
) -> Iterator[Finding]:
    """The findings ``apply_findings`` splices in, by start: applicable, none overlapping one before."""
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos or not applies(f, threshold, best_effort):
            continue
        yield f
        pos = f.end


def apply_findings(
    text: str, findings: Iterable[Finding], *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False
) -> str:
    """Splice the repairs of applicable ``findings`` (non-overlapping, any order) into ``text``."""
    if not findings:
        return text
    parts: list[str] = []
    pos = 0
    for f in applied_in_order(findings, threshold, best_effort):
        parts.append(text[pos : f.start])
        parts.append(f.repair)
        pos = f.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def shifted(findings: Iterable[Finding], offset: int) -> list[Finding]:
    """``findings`` of a piece starting at ``offset``, with offsets into the whole text."""
    return [replace(f, start=f.start + offset, end=f.end + offset) for f in findings]
