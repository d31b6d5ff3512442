"""Other occurrences of a mojibake char a text has already shown: its decoder turned all of it.

A Spanish line read as EUC-KR shows ó as 처 in ``instrucci처n`` and in ``intent처``; the char  (mojibake: ignore)
model is sure of the first (a Hangul syllable inside a Latin word) but not of the second (at a
word's end, where Korean glues its particles to Latin words: API처럼). Once one reading is applied,
every other 처 glued to a Latin letter, with no CJK letter beside it, is the same ó.  (mojibake: ignore)
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import replace
from functools import cache

from .chars import CJK, char_class, latin_char, latin_letter
from .codecs import (
    FAMILIES,
    Family,
    char_table,
    latin_letters,
    two_byte_utf8_shape,
    utf8_need,
)
from .finding import Finding, applies

SIBLING_NOTE = "the same mojibake char as a repaired one elsewhere in the text"


def _family(path: str) -> Family | None:
    """The double-byte family of a finding's path (``utf-8 as euc_kr``), None for other paths."""
    codec = path.removeprefix("utf-8 as ")
    for family in FAMILIES:
        if codec in family.codecs or any(codec == extra[2] for extra in family.extra):
            return family
    return None


def _letters_shown(f: Finding, family: Family) -> dict[str, str]:
    """The chars of a lossless finding that each stand for one whole two-byte UTF-8 Latin letter
    (처 for ó), with that letter: the walk over its bytes keeps to UTF-8 char boundaries."""  # mojibake: ignore
    table = char_table(family)
    out: dict[str, str] = {}
    owed = 0  # continuation bytes the current UTF-8 char still needs
    for ch in f.text:
        if ch.isascii():
            owed = 0 if owed == 0 else owed - 1
            continue
        entry = table.get(ch)
        if entry is None:
            return {}
        b = entry[0]
        if owed == 0 and two_byte_utf8_shape(b):
            letter = b.decode("utf-8")
            if letter.isalpha() and not letter.isascii() and latin_char(letter):
                out[ch] = letter
            continue
        for x in b:
            if owed:
                owed -= 1
            else:
                owed = max(0, utf8_need(x))
    return out


@cache
def _shaped(families: tuple[Family, ...]) -> frozenset[str]:
    """The chars of ``families`` whose bytes are a whole two-byte UTF-8 char (any, not only letters)."""
    return frozenset(ch for family in families for ch, (b, _) in char_table(family).items() if two_byte_utf8_shape(b))


@cache
def _letters_class(families: tuple[Family, ...]) -> re.Pattern[str]:
    """One class of the ``latin_letters`` chars of ``families``."""
    return re.compile(char_class({ch for family in families for ch in latin_letters(family)}))


def sibling_findings(text: str, found: list[Finding]) -> list[Finding]:
    """Findings for the other letters of the codec paths whose applied lossless readings made
    Latin letters: each char of such a path that stands for a two-byte UTF-8 Latin letter (the
    same one, or another: ö and ü of one Turkish word), not inside a finding, glued to a Latin
    letter on one side at least, with no CJK char on either side and no real CJK text on its line
    (outside findings: two CJK chars side by side, or one no such path shows for a two-byte UTF-8
    char, as 做 is none but 束 is «). Each copies the path and
    confidence of the surest such reading. Sorted by start."""
    sure: dict[Family, Finding] = {}
    for f in found:
        if f.lost or f.inferred or not applies(f) or (family := _family(f.path)) is None:
            continue
        if _letters_shown(f, family) and (family not in sure or f.confidence > sure[family].confidence):
            sure[family] = f
    if not sure:
        return []
    families = tuple(sorted(sure, key=FAMILIES.index))
    starts = [f.start for f in found]

    def covered(p: int) -> bool:
        i = bisect_right(starts, p) - 1
        return i >= 0 and found[i].end > p  # (found: sorted by start, disjoint)

    glued: dict[int, str] = {}
    for m in _letters_class(families).finditer(text):
        p = m.start()
        left, right = text[p - 1 : p], text[p + 1 : p + 2]
        if covered(p) or not (latin_letter(left) or latin_letter(right)) or CJK.match(left) or CJK.match(right):
            continue
        readings = {latin_letters(family).get(m.group()) for family in families} - {None}
        if len(readings) == 1:  # (two paths may read it as different letters)
            glued[p] = readings.pop()
    out: list[Finding] = []
    shaped = _shaped(families)
    lines: dict[int, bool] = {}  # line start -> does the line hold a CJK word no reading explains?
    for p, letter in glued.items():
        a = text.rfind("\n", 0, p) + 1
        if a not in lines:
            b = text.find("\n", p)
            real = [q.start() for q in CJK.finditer(text, a, b if b >= 0 else len(text)) if not covered(q.start()) and q.start() not in glued]
            lines[a] = any(q + 1 == r for q, r in itertools.pairwise(real)) or any(text[q] not in shaped for q in real)
        if lines[a]:
            continue  # real CJK text on the line: 做PPT模 is no 做PPTģ  (mojibake: ignore)
        ch = text[p]
        model = next(sure[family] for family in families if ch in latin_letters(family))
        out.append(replace(model, start=p, end=p + 1, text=ch, repair=letter, note=SIBLING_NOTE))
    return out
