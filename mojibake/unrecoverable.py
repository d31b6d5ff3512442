"""Text whose bytes are gone for good: report it with its known cause, never "repair" it."""

from __future__ import annotations

import re

from .finding import Finding

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile("(?:锟斤拷)+"),  # mojibake: ignore
        "锟斤拷: U+FFFD replacement chars (EF BF BD) written as UTF-8, then read as GBK; "  # mojibake: ignore
        "the original bytes were lost before that",
    ),
    (re.compile("烫{4,}"), "烫烫烫: uninitialised stack memory (0xCC bytes) shown as GBK"),  # mojibake: ignore
    (re.compile("屯{4,}"), "屯屯屯: uninitialised heap memory (0xCD bytes) shown as GBK"),  # mojibake: ignore
    (re.compile("\ufffd{3,}"), "a run of U+FFFD: a decoder replaced bytes it could not read; they cannot be recovered"),
)
"""Shapes of lost data, and their causes."""

ANY = re.compile("[锟烫屯\ufffd]")  # mojibake: ignore
"""The first char of any of them: a single character class, so the gate is one fast C scan."""


def unrecoverable(text: str) -> list[Finding]:
    """Report-only findings (repair == text) for spans whose original bytes cannot come back."""
    out: list[Finding] = []
    for pattern, cause in PATTERNS:
        for m in pattern.finditer(text):
            out.append(
                Finding(
                    start=m.start(),
                    end=m.end(),
                    text=m.group(),
                    repair=m.group(),
                    path="unrecoverable",
                    lost=0,
                    confidence=1.0,
                    note=cause,
                )
            )
    return out
