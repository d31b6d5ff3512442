"""Fast pre-screen: where in a text could mojibake be at all.

Compiled character classes do the scanning in C, so clean text costs one regex search.
A *seed* is a character that real text rarely contains but UTF-8 mojibake often does; a
*run* is the maximal stretch of mojibake-capable characters around seeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from . import model
from .codecs import GBK, REPLACEMENT, Family, char_table, two_byte_utf8_shape


def _char_class(chars: set[str]) -> str:
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


@cache
def run_chars(family: Family = GBK) -> frozenset[str]:
    """Characters that may belong to a mojibake run of ``family`` (plus lost-byte markers)."""
    return frozenset(char_table(family)) | {REPLACEMENT}


def _leads_multibyte(b: int) -> bool:
    return 0xE0 <= b <= 0xF4


def _cont(b: int) -> bool:
    return 0x80 <= b <= 0xBF


RARE_BITS = 14.0
"""A char outside its codec's common core is a seed only if the model also finds it rare:
traditional characters lie outside GB2312 yet are everyday text (們 costs 11.6 bits)."""


def _rare(ch: str, b: bytes, family: Family) -> bool:
    """Is this char unusual in real text: outside the codec's common core, and rare for the model?"""
    return not family.core(b) and model.char_cost(ch) > RARE_BITS


def _leftovers(family: Family) -> set[str]:
    """Chars only a decoder's fallback produces: private-use chars for user-defined pairs, € for 0x80."""
    return {ch for ch, (b, _) in char_table(family).items() if "\ue000" <= ch <= "\uf8ff" or b == b"\x80"}


@cache
def seed_regexes(family: Family = GBK) -> tuple[re.Pattern[str], ...]:
    """Regexes of seeds: places where the decoder's bytes show UTF-8 that real text rarely has.

    - two chars whose four bytes hold a complete 3- or 4-byte UTF-8 sequence, one of them
      outside the codec's common core (GB2312 for GBK: real text is made of it, and its bytes
      seldom line up as UTF-8),
      or three chars holding two whole 3-byte sequences (设置 -> 璁剧疆, all GB2312);  (mojibake: ignore)
      lost-byte markers and cp936/gb18030 leftovers (U+FFFD, private-use chars, €);
    - the first two bytes of a 3-byte sequence right where a decoder drops the third (before
      an ASCII char, U+FFFD or the end): 鈥 + space, 绗 + space, 鈥 + ']' (A6 5D is no pair);  (mojibake: ignore)
    - a 2-byte UTF-8 sequence (é -> 茅, × -> 脳) touching Latin letters or digits, standing  (mojibake: ignore)
      between ASCII characters, or two of them after ASCII (Greek, Cyrillic: εκτός -> 蔚魏蟿蠈蟼):  (mojibake: ignore)
      such chars are common Chinese, so only Latin context seeds them.
    Each pattern starts with a character class, so the regex engine scans for it in C; they
    are searched separately because one alternation of them all is several times slower.
    """
    table = char_table(family)

    def cls(pred: Callable[[bytes], bool], rare_only: bool = False) -> str:
        return _char_class(
            {c for c, (b, _) in table.items() if len(b) == 2 and pred(b) and (not rare_only or _rare(c, b, family))}
        )

    def a(b: bytes) -> bool:
        return _leads_multibyte(b[0]) and _cont(b[1])

    def bb(b: bytes) -> bool:
        return _cont(b[0])

    def c(b: bytes) -> bool:
        return _leads_multibyte(b[1])

    def d(b: bytes) -> bool:
        return _cont(b[0]) and _cont(b[1])

    def y(b: bytes) -> bool:
        return _cont(b[0]) and _leads_multibyte(b[1])

    markers = _char_class({REPLACEMENT} | _leftovers(family))
    latin = cls(two_byte_utf8_shape)
    return (
        re.compile(
            f"{markers}|{cls(a, True)}{cls(bb)}|{cls(a)}{cls(bb, True)}"
            f"|{cls(c, True)}{cls(d)}|{cls(c)}{cls(d, True)}"
            f"|{cls(a)}{cls(y)}{cls(d)}|{cls(c)}{cls(d)}{cls(a)}"
        ),
        re.compile(f"{cls(a, True)}(?=[\\x00-\\x7f\ufffd]|\\Z)"),
        re.compile(
            f"{latin}(?<=[A-Za-z0-9]{latin})|{latin}(?=[A-Za-z0-9])"
            f"|{latin}(?<=[\\x00-\\x7f]{latin})(?=[\\x00-\\x7f]|\\Z)|^{latin}(?=[\\x00-\\x7f]|\\Z)"
            f"|{latin}(?<=[\\x00-\\x7f]{latin}){latin}|^{latin}{latin}"
        ),
    )


@cache
def suspect_regex(families: tuple[Family, ...]) -> re.Pattern[str]:
    """Any char that any kind of mojibake needs: a seed start of some family, or a Latin-1 char.

    Text without one is clean for every detector, and one C scan over it says so.
    """
    chars = {chr(c) for c in range(0xA1, 0x100)}
    for family in families:
        chars |= _seed_starts(family)
    return re.compile(_char_class(chars))


@cache
def seed_start_regex(family: Family = GBK) -> re.Pattern[str]:
    """Any char a seed can start with: text without one needs no further look (one C scan)."""
    return re.compile(_char_class(_seed_starts(family)))


def _seed_starts(family: Family) -> set[str]:
    """Chars a seed of ``family`` can start with."""
    table = char_table(family)
    return {REPLACEMENT} | _leftovers(family) | {
        ch
        for ch, (b, codec) in table.items()
        if len(b) == 2
        and (_leads_multibyte(b[0]) and _cont(b[1]) or _leads_multibyte(b[1]) or two_byte_utf8_shape(b))
    }


def runs(text: str, family: Family = GBK) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each maximal run of run-chars that contains at least one seed.

    A ``?`` directly after a run char is included, as it may stand for a lost byte.
    """
    if text.isascii() or not seed_start_regex(family).search(text):
        return
    patterns = seed_regexes(family)
    members = run_chars(family)
    n = len(text)
    nxt: list[int] = [-1] * len(patterns)
    pos = 0
    while True:
        for i, rx in enumerate(patterns):
            if nxt[i] != n and nxt[i] < pos:
                m = rx.search(text, pos)
                nxt[i] = m.start() if m else n
        seed = start = min(nxt)
        if seed >= n:
            return
        while start > 0 and (text[start - 1] in members or (text[start - 1] == "?" and start > 1 and text[start - 2] in members)):
            start -= 1
        end = seed + 1
        while end < n and (text[end] in members or (text[end] == "?" and text[end - 1] in members)):
            end += 1
        yield start, end
        pos = end
