"""Fast pre-screen: where in a text could mojibake be at all.

Compiled character classes do the scanning in C, so clean text costs one regex search.
A *seed* is a character that real text rarely contains but UTF-8 mojibake often does; a
*run* is the maximal stretch of mojibake-capable characters around seeds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .codecs import GBK, REPLACEMENT, Family, char_table, is_gb2312, two_byte_utf8_shape


def _char_class(chars: set[str]) -> str:
    """A regex character class matching exactly ``chars``, written as code point ranges."""
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


@cache
def seed_regex(family: Family = GBK) -> re.Pattern[str]:
    """Regex of seeds: chars real text rarely holds, or 2-byte-UTF-8-shaped chars beside Latin text.

    The second kind (é -> 茅, © -> 漏, ü -> 眉) are common Chinese characters, so they only seed
    a run when they touch an ASCII letter or digit, or stand between ASCII characters. A third
    kind, the first two bytes of a 3-byte UTF-8 char (第 -> 绗 + a dropped byte), seeds a run
    only where a byte was dropped: before an ASCII space, digit, punctuation or the end.
    """
    table = char_table(family)
    rare = {c for c, (b, _) in table.items() if not is_gb2312(b)} | {REPLACEMENT}
    latin = {c for c, (b, _) in table.items() if is_gb2312(b) and two_byte_utf8_shape(b)}
    truncated = {c for c, (b, _) in table.items() if is_gb2312(b) and 0xE0 <= b[0] <= 0xEF and b[1] <= 0xBF}
    latin_cls = _char_class(latin)
    return re.compile(
        f"{_char_class(rare)}"
        f"|{_char_class(truncated)}(?=[\\x00-\\x3f]|\\Z)"
        f"|(?<=[A-Za-z0-9]){latin_cls}|{latin_cls}(?=[A-Za-z0-9])"
        f"|(?<![^\\x00-\\x7f]){latin_cls}(?![^\\x00-\\x7f])"
    )


def runs(text: str, family: Family = GBK) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each maximal run of run-chars that contains at least one seed.

    A ``?`` directly after a run char is included, as it may stand for a lost byte.
    """
    if text.isascii():
        return
    seeds = seed_regex(family)
    members = run_chars(family)
    n = len(text)
    pos = 0
    while True:
        m = seeds.search(text, pos)
        if m is None:
            return
        start = m.start()
        while start > 0 and (text[start - 1] in members or (text[start - 1] == "?" and start > 1 and text[start - 2] in members)):
            start -= 1
        end = m.end()
        while end < n and (text[end] in members or (text[end] == "?" and text[end - 1] in members)):
            end += 1
        yield start, end
        pos = end
