"""Windows-1252 English read as UTF-8 with errors="replace": each mark became one U+FFFD.

cp1252 writes ’ “ ” – — … as single bytes (92 93 94 96 97 85) that are never UTF-8 alone, so a
UTF-8 decoder with errors="replace" (a browser, an HTTP client trusting a wrong charset) writes
one U+FFFD for each: ``don’t`` shows as ``don�t``, ``“great”`` as ``�great�``. The most common  # mojibake: ignore
mojibake of English pages; ftfy can only drop the markers. Accented letters share the fate
(``caf�``, ``f�r``), and nothing tells é from ü, so only marks are read, by the typographic  # mojibake: ignore
rules, and only in text that shows it is English with such marks: a contraction (``it�s``,  # mojibake: ignore
``don�t``), no marker inside a word but a contraction's (German ``f�r`` rules a text out), no  # mojibake: ignore
other non-ASCII char and no run of markers (UTF-8 read as ASCII makes runs: ``ascii``).
"""

from __future__ import annotations

import re

from .ascii import read_runs
from .chars import LATIN_WORD
from .cp1252_cjk import LOST_MARKS
from .finding import Finding
from .infer import CONTRACTION, Conventions, expected_closer, punctuation_guess

PATH = "cp1252 as utf-8"
NOTE = "a cp1252 mark is no UTF-8 byte: the decoder wrote U+FFFD for it; the mark is inferred from context"

_MARKER = "\ufffd"
_ONE_MARKER = re.compile(_MARKER)
_OTHER_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
_CONTRACTION_MARKER = re.compile("[A-Za-z]\ufffd(?:s|t|d|m|ll|re|ve)(?![A-Za-z])", re.IGNORECASE)
_INSIDE_WORD = re.compile("[A-Za-z]\ufffd(?=[A-Za-z])")


def is_cp1252_replaced(text: str) -> bool:
    """Is ``text`` English whose cp1252 marks a UTF-8 decoder replaced (see the module)?"""
    if _MARKER + _MARKER in text or _OTHER_NON_ASCII.search(text):
        return False
    if not LATIN_WORD.search(text) or not _CONTRACTION_MARKER.search(text):
        return False
    return all(CONTRACTION.match(text, m.end()) for m in _INSIDE_WORD.finditer(text))


def _word_end(before: str, after: str) -> bool:
    """Does the marker end a word (a letter before it, none after)?"""
    return before[-1:].isalpha() and not after[:1].isalpha()


def cp1252_replaced(text: str) -> list[Finding]:
    """Findings for the markers of a text ``is_cp1252_replaced`` accepts: each read as the mark
    the typographic rules rank first, where they rank it at 0.5 or more."""
    if _MARKER not in text or not is_cp1252_replaced(text):
        return []
    return read_runs(text, _ONE_MARKER, _rank, PATH, NOTE)


def _rank(marker: str, before: str, rest: str, after: str, conv: Conventions) -> list[tuple[str, float]] | None:
    """The typographic rules' marks for one marker, when they rank the first at 0.5 or more."""
    ranked = punctuation_guess(list(LOST_MARKS), before, after, conv)
    if ranked and _word_end(before, after) and expected_closer(before, conv) is None:
        return None  # caf� or Belarus�: an accent as likely as an apostrophe, with no quote to close  # mojibake: ignore
    return ranked if ranked and ranked[0][1] >= 0.5 else None
