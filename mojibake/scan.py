"""Fast pre-screen: where in a text could mojibake be at all.

Compiled character classes do the scanning in C, so clean text costs one regex search.
A *seed* is a character that real text rarely contains but UTF-8 mojibake often does; a
*run* is the maximal stretch of mojibake-capable characters around seeds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import cache

from . import model
from .chars import char_class as _char_class
from .codecs import (
    GBK,
    REPLACEMENT,
    Family,
    char_table,
    latin_letters,
    two_byte_utf8_shape,
    utf8_can_make,
)


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
    """Is this char unusual in real text: outside the codec's common core and rare for the
    model, or inside the core but as rare as an anchor (褰 25.7 bits, of 录 -> 鐩褰)?"""  # mojibake: ignore
    cost = model.char_cost(ch)
    return (cost > RARE_BITS and not family.core(b)) or cost >= ANCHOR_BITS


def _leftovers(family: Family) -> set[str]:
    """Chars only a decoder's fallback produces: private-use chars for user-defined pairs, € for 0x80."""
    return {ch for ch, (b, _) in char_table(family).items() if "\ue000" <= ch <= "\uf8ff" or b == b"\x80"}


def _after_member(text: str, i: int, members: frozenset[str]) -> bool:
    """Is ``text[i]`` (a ``?``) right after a run char, or after one ``?`` right after a run char?"""
    return text[i - 1] in members or (i >= 2 and text[i - 1] == "?" and text[i - 2] in members)


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
    Each pattern starts with a character class, so the regex engine scans for it in C. They
    are only searched in small windows near candidates, in one alternation (``seed_regex``).
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

    marks = {REPLACEMENT} | _leftovers(family)
    markers = _char_class(marks)
    # Single-byte chars that are UTF-8 continuation bytes (Shift_JIS half-width katakana A1-BF):
    # エ (E3 82 A8) -> 繧ｨ.  (mojibake: ignore)
    single = _char_class({ch for ch, (b, _) in table.items() if len(b) == 1 and _cont(b[0])})
    single_lead = _char_class({ch for ch, (b, _) in table.items() if len(b) == 1 and 0xC2 <= b[0] <= 0xDF})  # é -> ﾃｩ  # mojibake: ignore
    first = _char_class(
        marks
        | {ch for ch, (b, _) in table.items() if len(b) == 2 and (a(b) or c(b))}
        | {ch for ch, (b, _) in table.items() if len(b) == 1 and 0xC2 <= b[0] <= 0xDF}
    )
    return (
        # One class first, the alternatives as lookbehinds on it: the C engine then scans
        # for the class instead of trying every alternative at every position.
        re.compile(
            f"{first}(?:(?<={markers})|(?<={cls(a, True)}){cls(bb)}|(?<={cls(a)}){cls(bb, True)}"
            f"|(?<={cls(c, True)}){cls(d)}|(?<={cls(c)}){cls(d, True)}"
            f"|(?<={cls(a)}){cls(y)}{cls(d)}|(?<={cls(c)}){cls(d)}{cls(a)}"
            f"|(?<={cls(a)}){single}|(?<={cls(c)}){single}{single}|(?<={single_lead}){single}"
            f"|(?<={single_lead}){cls(bb)})"
        ),
        re.compile(f"{cls(a, True)}(?=[\\x00-\\x7f\ufffd]|\\Z)"),
        latin_seed_regex(family),
    )


@cache
def latin_seed_regex(family: Family = GBK) -> re.Pattern[str]:
    """A 2-byte UTF-8 sequence (é -> 茅, × -> 脳) in Latin context. Such chars are common Chinese,  (mojibake: ignore)
    so only Latin context seeds them, and only rare ones unless inside a Latin word:
    - one char inside a word (H么tel), or a rare one between ASCII chars (caf茅, 3脳5);  (mojibake: ignore)
    - two to ten chars after ASCII, one of them rare, or two before a letter or digit, one
      of them rare (Greek, Cyrillic: εκτός -> 蔚魏蟿蠈蟼, для -> 写谢褟).  (mojibake: ignore)
    """
    shaped, rare = _two_byte_shaped(family)
    table = char_table(family)
    ends = {ch for ch, letter in latin_letters(family).items() if letter.islower() and table[ch][0][0] == 0xC3}
    return _latin_seed_pattern(_char_class(set(shaped)), _char_class(set(rare)), _char_class(ends))


@cache
def _two_byte_shaped(family: Family) -> tuple[frozenset[str], frozenset[str]]:
    """Chars of ``family`` whose bytes are a whole 2-byte UTF-8 sequence (é -> 茅), and those of  # mojibake: ignore
    them rare enough to seed in Latin context without a word around them."""
    shaped = frozenset(c for c, (b, _) in char_table(family).items() if len(b) == 2 and two_byte_utf8_shape(b))
    return shaped, frozenset(c for c in shaped if _latin_rare(c, char_table(GBK).get(c)))


LATIN_RARE_BITS = 16.0
LATIN1_RARE_BITS = 14.5
"""A 2-byte-shaped char is rare enough to seed outside a Latin word above these costs: lower
for the rows that hold Latin-1 (C2/C3: NBSP -> 聽 14.8, ë -> 毛 14.6), as common Chinese costs  (mojibake: ignore)
up to 14-15 bits under the mixed-language model (录 14.2, 页 14.0)."""  # mojibake: ignore


def _latin_rare(ch: str, gbk: tuple[bytes, str] | None) -> bool:
    """Is this 2-byte-shaped char rare enough to seed in Latin context without a word around it?"""
    latin1_row = gbk is not None and gbk[0][:1] in (b"\xc2", b"\xc3")
    return model.char_cost(ch) > (LATIN1_RARE_BITS if latin1_row else LATIN_RARE_BITS)


_ASCII_BEFORE = "(?<![^\\x00-\\x7f].)"
"""Placed right after a one-char match: the char before that match is ASCII, or there is none."""


def _latin_seed_pattern(latin: str, rare: str, ends: str) -> re.Pattern[str]:
    """The Latin-context seed pattern; it starts with the class ``latin`` so the C engine scans for it.
    ``ends``: the chars that seed glued to the end of a Latin word (Latin-1's lowercase letters)."""
    pair = f"(?:(?<={rare}){latin}|{rare})"  # two chars, one of them rare
    # After ASCII, up to ten chars with a rare one: a Cyrillic word like 写谢褟 (для).  # mojibake: ignore
    return re.compile(
        f"{latin}(?:(?<=[A-Za-z].)(?=[A-Za-z])|(?<={rare}){_ASCII_BEFORE}(?![^\\x00-\\x7f])"
        f"|(?<={ends})(?<=[A-Za-z].)(?![^\\x00-\\x7f])"
        f"|{_ASCII_BEFORE}{latin}{{0,8}}?{pair}|{pair}(?=[A-Za-z0-9]))"
    )


@cache
def seed_regex(family: Family = GBK) -> re.Pattern[str]:
    """All seed patterns of ``family`` in one regex: its first match is the earliest seed
    (one search per candidate window instead of one per pattern)."""
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in seed_regexes(family)))


ANCHOR_BITS = 19.0
"""Chars costing this many bits or more anchor the seed search. Real CJK text holds 0.01-0.3 %
of them (measured on the clean fixtures); UTF-8 mojibake is full of them (鈥 25, 涓 23, 鏂 32),  (mojibake: ignore)
so clean text costs one C scan and a few local searches."""

EXACT_ONLY_ANCHOR_BITS = 18.0
"""Anchor cost for a family that repairs only exact readings (EUC-JP): its runs are rarer and
cheaper to reject, so it can afford more candidates (膽 18.2 starts 缺失 read as EUC-JP)."""  # mojibake: ignore

WINDOW = 16
"""Seeds are looked for within this many chars of an anchor."""


@cache
def _anchors(family: Family) -> frozenset[str]:
    """Chars of ``family`` that real text almost never holds and UTF-8 can make (model-rare
    chars whose bytes UTF-8 can hold: 鑰 is C6 5F in Big5, a lead byte before an ASCII one, so
    it never starts a search there, however rare), and lost-byte markers."""  # mojibake: ignore
    bits = ANCHOR_BITS if family.lossy else EXACT_ONLY_ANCHOR_BITS
    rare = {c for c, (b, _) in char_table(family).items() if model.char_cost(c) >= bits and utf8_can_make(b)}
    return frozenset(rare | {REPLACEMENT} | _leftovers(family))


def _latin_marks(family: Family) -> tuple[frozenset[str], frozenset[str]]:
    """2-byte-UTF-8-shaped chars of ``family`` that may start Latin-context mojibake: the
    model-rare ones (any context), and those of the Latin-1 rows C2/C3 (é -> 茅; beside ASCII)."""  # mojibake: ignore
    shaped, rare = _two_byte_shaped(family)
    table = char_table(family)
    return rare, frozenset(c for c in shaped - rare if table[c][0][0] in (0xC2, 0xC3))


@cache
def _candidate_owners(families: tuple[Family, ...]) -> tuple[re.Pattern[str], dict[str, tuple[Family, ...]]]:
    """One regex for the candidates of all ``families``, and which families each char serves.

    A candidate is an anchor anywhere; a rare 2-byte-shaped char beside an ASCII char (or at
    the start); a common Latin-1-row one (么 for ô, 路 for ·) with ASCII on both sides, or the  # mojibake: ignore
    start or end; a char standing for a lowercase Latin letter between ASCII letters (Big5's 覺  # mojibake: ignore
    for ı: S覺rbistan; not uppercase ones, which cost clean CJK text a quarter of this scan's speed:  # mojibake: ignore
    EUC-JP shows Ū as 的). The regex starts with one class, so the C engine scans for it.
    """
    owners: dict[str, list[Family]] = {}
    anywhere: set[str] = set()
    rare_l: set[str] = set()
    latin1_l: set[str] = set()
    inword: set[str] = set()
    for family in families:
        rare, latin1 = _latin_marks(family)
        letters = {ch for ch, letter in latin_letters(family).items() if letter.islower()}
        anywhere |= _anchors(family)
        rare_l |= rare
        latin1_l |= latin1
        inword |= letters
        for ch in _anchors(family) | rare | latin1 | letters:
            owners.setdefault(ch, []).append(family)
    rare_l -= anywhere
    latin1_l -= anywhere | rare_l
    ascii_after = "(?![^\\x00-\\x7f])"
    rx = re.compile(
        f"{_char_class(anywhere | rare_l | latin1_l | inword)}"
        f"(?:(?<={_char_class(anywhere)})|(?<={_char_class(rare_l)})(?:{_ASCII_BEFORE}|(?=[\\x00-\\x7f]))"
        f"|(?<={_char_class(latin1_l)}){_ASCII_BEFORE}{ascii_after}"
        f"|(?<={_char_class(inword)})(?<=[A-Za-z].)(?=[A-Za-z]))"
    )
    return rx, {ch: tuple(fs) for ch, fs in owners.items()}


def candidates(text: str, families: tuple[Family, ...]) -> dict[Family, list[int]]:
    """For each family with any, the positions worth a local seed search, in order: anchors,
    and chars that may start Latin-context mojibake. One C scan serves every family at once."""
    rx, owners = _candidate_owners(families)
    out: dict[Family, list[int]] = {}
    for m in rx.finditer(text):
        p = m.start()
        for family in owners[text[p]]:
            if family in out:
                out[family].append(p)
            else:
                out[family] = [p]
    return out


def runs(text: str, family: Family = GBK, near: list[int] | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each maximal run of run-chars that contains at least one seed.

    Seeds are searched only near candidates (anchors, Latin-context seeds; ``near`` when the
    caller has them already), each search bounded, so text without candidates costs two C
    scans whatever its length.
    A ``?`` directly after a run char is included, as it may stand for a lost byte; so is a
    second one (a 3-byte char whose last two bytes were both lost: 题 -> 囬??). For a family whose  (mojibake: ignore)
    ``?`` stands for a pair of bytes, every ``?`` touching the run is (?덈뀞?섏꽭??).  (mojibake: ignore)
    """
    if text.isascii():
        return
    if near is None:
        near = candidates(text, (family,)).get(family, [])
    if not near:
        return
    seeds = seed_regex(family)
    members = run_chars(family)
    n = len(text)
    # The last candidate each one reaches by chaining overlapping windows: a cluster of
    # candidates (dense mojibake, many rare chars in a row) takes one regex search, not one each.
    reach = list(range(len(near)))
    for k in range(len(near) - 2, -1, -1):
        if near[k + 1] - near[k] <= 2 * WINDOW:
            reach[k] = reach[k + 1]
    pos = 0
    i = 0
    while i < len(near):
        p = near[i]
        lo, hi = max(pos, p - WINDOW), near[reach[i]] + WINDOW
        m = seeds.search(text, lo, min(n, hi + 5))
        if m is None or m.start() > hi:
            i = reach[i] + 1
            continue
        seed = start = m.start()
        if family.pair_marks:  # every ? stands for two bytes, before a run char or after it
            while start > 0 and (text[start - 1] in members or text[start - 1] == family.mark):
                start -= 1
            end = seed + 1
            while end < n and (text[end] in members or text[end] == family.mark):
                end += 1
            yield start, end
            pos = end
            i = _next_candidate(near, reach, i, pos, hi)
            continue
        while start > 0 and (text[start - 1] in members or (text[start - 1] == "?" and start > 1 and text[start - 2] in members)):
            start -= 1
        end = seed + 1
        while end < n and (text[end] in members or (text[end] == "?" and _after_member(text, end, members))):
            end += 1
        yield start, end
        pos = end
        i = _next_candidate(near, reach, i, pos, hi)


def _next_candidate(near: list[int], reach: list[int], i: int, pos: int, hi: int) -> int:
    """Where ``runs`` searches next after a run ending at ``pos``: the first candidate at or after
    it, or candidate ``i`` again while its cluster's window (up to ``hi``) goes on past the run,
    so that a seed after the cluster's last anchor is found as one before its first is (a line of
    GB2312-only mojibake, 小械薪械谐邪谢 of Сенегал, after one with an anchor).  (mojibake: ignore)"""
    j = bisect_left(near, pos, i)
    return i if j > reach[i] and pos < hi else j
