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

from .cp1252_cjk import LOST_MARKS
from .finding import Finding, Inference
from .infer import CONTRACTION, conventions, expected_closer, punctuation_guess

PATH = "cp1252 as utf-8"
NOTE = "a cp1252 mark is no UTF-8 byte: the decoder wrote U+FFFD for it; the mark is inferred from context"

_MARKER = "\ufffd"
_OTHER_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
_LATIN_WORD = re.compile("[A-Za-z]{3,}")
_CONTRACTION_MARKER = re.compile("[A-Za-z]\ufffd(?:s|t|d|m|ll|re|ve)(?![A-Za-z])", re.IGNORECASE)
_INSIDE_WORD = re.compile("[A-Za-z]\ufffd(?=[A-Za-z])")

CONTEXT_CHARS = 2000
"""Chars before a marker (earlier ones as read) that the typographic rules see: quote pairing."""


def is_cp1252_replaced(text: str) -> bool:
    """Is ``text`` English whose cp1252 marks a UTF-8 decoder replaced (see the module)?"""
    if _MARKER + _MARKER in text or _OTHER_NON_ASCII.search(text):
        return False
    if not _LATIN_WORD.search(text) or not _CONTRACTION_MARKER.search(text):
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
    conv = conventions(text.replace(_MARKER, ""))
    out: list[Finding] = []
    recent = ""  # the CONTEXT_CHARS before the current marker, earlier markers as read
    pos = 0
    i = text.find(_MARKER)
    while i >= 0:
        before = (recent + text[max(pos, i - CONTEXT_CHARS) : i])[-CONTEXT_CHARS:]
        after = text[i + 1 : i + 200].replace(_MARKER, "")  # later markers unread: left out
        ranked = punctuation_guess(list(LOST_MARKS), before, after, conv)
        if ranked and _word_end(before, after) and expected_closer(before, conv) is None:
            ranked = None  # caf� or Belarus�: an accent as likely as an apostrophe, with no quote to close  # mojibake: ignore
        char = ranked[0][0] if ranked and ranked[0][1] >= 0.5 else _MARKER
        if char != _MARKER and ranked:
            out.append(
                Finding(
                    start=i,
                    end=i + 1,
                    text=_MARKER,
                    repair=char,
                    path=PATH,
                    lost=1,
                    confidence=round(ranked[0][1], 4),
                    inferred=(Inference(0, char, tuple(ranked[:5])),),
                    note=NOTE,
                )
            )
        recent = before + char
        pos = i + 1
        i = text.find(_MARKER, pos)
    return out
