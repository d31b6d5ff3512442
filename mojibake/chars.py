"""Character classes the detectors share: CJK chars and letters, Latin-script chars, markup
tags, years, and the Latin letters that stand alone as words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK = re.compile("[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
"""A CJK char: ideographs, kana, Hangul syllables, CJK and full-width punctuation."""


TAG = re.compile("<[^<>\n]*>")
"""An HTML/XML tag: its names are markup, not the words of a Latin line."""


ONE_LETTER_WORDS = frozenset("àáèéìíòóôùúöåøýÀÁÈÉÍÓÚÖÅØºª")
"""Latin letters beyond ASCII that stand alone as words (à, è, é of French, Italian, Portuguese;
á, í, ó, ú of Icelandic; å, ö, ø of Swedish and Danish; ý of Vietnamese) or beside numbers (5º,
1ª): a lone ñ, ä, ê or Ĭ is no word, and filling a field as its decoder's one reading in a text
it is chance (Status: 默 is no Status: Ĭ, Chae,채,2 no Chae,ä,2; Swap i and 谋 names a letter: ı).  (mojibake: ignore)"""


def latin_ish(s: str) -> bool:
    """Is every char Latin script, a digit, punctuation, a symbol or a space (what Latin text holds)?"""
    return all(ch.isascii() or latin_char(ch) for ch in s)


@lru_cache(maxsize=4096)
def latin_char(ch: str) -> bool:
    """Is ``ch`` punctuation, a symbol, a number, a space or a letter that Latin-script text
    writes: Latin-1, Latin Extended-A (ő ł č), Vietnamese (U+1E00-U+1EFF, ơ ư), Romanian ș ț
    and the pinyin tone letters (ǎ ǚ)? Not the rest of Extended-B and IPA (ƫ ǯ ʫ), which only
    a CJK char read as UTF-8 by chance turns into."""  # mojibake: ignore
    cat = unicodedata.category(ch)
    if cat[0] in "PSNZ":
        return True
    cp = ord(ch)
    return (0xC0 <= cp <= 0x17F or 0x1E00 <= cp <= 0x1EFF or ch in _EXTENDED_B_IN_USE) and cat[0] in "LM"


def latin_letter(ch: str) -> bool:
    """Is ``ch`` a letter of Latin script (ASCII or beyond: ``latin_char``)?"""
    return ch.isalpha() and (ch.isascii() or latin_char(ch))


_EXTENDED_B_IN_USE = frozenset("ǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜơƠưƯșȘțȚƒ")
"""Latin Extended-B letters of living orthographies: pinyin tone letters, Vietnamese ơ ư,
Romanian ș ț, and the florin sign ƒ."""


CJK_LETTER = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""A CJK letter: kana, an ideograph or a Hangul syllable (no punctuation)."""


YEAR = re.compile(r" ?(?:1[89]|20)\d\d\b")
"""A year of the last two centuries, after an optional space (© 2024)."""


LATIN_WORD = re.compile("[A-Za-z]{3,}")
"""A Latin word: Latin context needs one nearby, not just a placeholder's letter (%s)."""


def char_class(chars: set[str]) -> str:
    """A regex character class matching exactly ``chars``, written as code point ranges."""
    if not chars:
        return "(?!)"  # matches nothing
    cps = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = cps[i], cps[j]
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "[" + "".join(parts) + "]"
