"""Parse a run of decoder output back into UTF-8 units: the bytes each char stood for, where
the decoder lost bytes, and which chars each damaged unit could have been.

``detect`` turns each run the pre-screen marks into segments here, then chooses and judges
their readings; this module knows bytes and codecs, not which reading is likely.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import model
from .chars import CJK_LETTER
from .codecs import (
    GBK,
    QUESTION,
    REPLACEMENT,
    UNKNOWN,
    Family,
    char_table,
    droppable_before,
    first_byte,
    two_byte_utf8_shape,
    utf8_need,
)
from .infer import completions

QMARK = -2
"""Token of a ``?`` inside a run: a literal question mark, or a decoder's mark for a lost byte."""

MAX_UNITS = 512
"""Longest segment parsed at once: a bound that keeps the worst case linear in the input."""

REAL_RUN_BITS = 13.0
"""A run of 3+ chars costing fewer bits per char than this reads as real text and is skipped.
(Measured on the fixtures: real CJK runs cost 4-13 bits/char at the 99th percentile, GBK
mojibake runs 17-30.)"""


@dataclass(frozen=True, slots=True)
class Unit:
    """One UTF-8 character parsed from a run's tokens ``[first, last)``."""

    first: int
    last: int
    candidates: tuple[str, ...]
    lost: int
    start: int = -1  # text offset where the unit starts, when that is a char boundary
    end: int = -1  # text offset where it ends, when that is a char boundary


@dataclass(frozen=True, slots=True)
class Segment:
    """Chars ``[start, end)`` of the text whose bytes parse as UTF-8 units."""

    start: int
    end: int
    units: tuple[Unit, ...]
    codecs: frozenset[str]
    family: Family
    decoded: str = ""  # the whole segment's strict UTF-8 decoding, when it has one (no units then)


def _tokens(text: str, start: int, end: int, family: Family) -> tuple[list[int], list[int], list[str]]:
    """The bytes of ``text[start:end]`` as the decoder saw them, and the char owning each byte."""
    table = char_table(family)
    vals: list[int] = []
    owner: list[int] = []
    codecs: list[str] = []
    for i in range(start, end):
        ch = text[i]
        if ch == REPLACEMENT:
            vals.append(UNKNOWN)
            owner.append(i)
            codecs.append("")
        elif ch == family.mark and (family.pair_marks or ch == QUESTION):
            if family.pair_marks and i + 1 < len(text) and (text[i + 1] == ch or not text[i + 1].isascii()):
                # a lead byte and the byte after it, both lost (before ASCII or the end, the
                # byte after it, if any, was an ASCII char it ate: one byte of ours, QMARK)
                vals.extend((UNKNOWN, UNKNOWN))
                owner.extend((i, i))
                codecs.extend(("", ""))
            else:
                vals.append(QMARK)
                owner.append(i)
                codecs.append("")
        else:
            b, codec = table[ch]
            vals.extend(b)
            owner.extend([i] * len(b))
            codecs.extend([codec] * len(b))
    return vals, owner, codecs


def _unit(first: int, last: int, cands: tuple[str, ...], lost: int, owner: list[int], run_end: int) -> Unit:
    """A unit, with the text offsets of its ends wherever they fall on char boundaries."""
    n = len(owner)
    start = owner[first] if first == 0 or owner[first] != owner[first - 1] else -1
    if last >= n:
        end = run_end
    else:
        end = owner[last] if owner[last] != owner[last - 1] else -1
    return Unit(first, last, cands, lost, start, end)


def _parse(
    vals: list[int], owner: list[int], k: int, after: int | None, family: Family, n_end: int = -1, pua: bool = False
) -> list[Unit]:
    """Greedily parse UTF-8 units from token ``k`` (a char start) until the bytes stop fitting.

    ``after`` is the first byte following the run (None at the end of the text); it tells
    which continuation bytes a decoder could have dropped at the run's end. ``pua``: the
    document's decoder kept user-defined pairs as private-use chars, later stripped.
    """
    if family.pair_marks:
        return _parse_pairs(vals, owner, k, n_end, family)
    n = len(vals)
    units: list[Unit] = []
    while k < n and len(units) < MAX_UNITS:
        v = vals[k]
        if 0 <= v < 0x80:  # an ASCII byte swallowed as a trail byte
            units.append(_unit(k, k + 1, (chr(v),), 0, owner, n_end))
            k += 1
            continue
        if v == QMARK and family is GBK:
            break  # (GBK rejects single bytes only: a char is never lost from its lead on)
        if v in (UNKNOWN, QMARK):
            u = 1  # markers from here (a replacing decoder writes one per byte it rejects)
            while k + u < n and u < 3 and vals[k + u] == v:
                u += 1
            j = k + u
            while j < n and j - k <= 3 and 0x80 <= vals[j] <= 0xBF:
                j += 1
            if j == k + u:
                if u < 3:
                    break
                # three bytes in a row replaced, then no continuation byte: a whole 3-byte char
                # (Big5 and EUC-KR reject 80-A0 as trail bytes: 删, E5 88 A0, is three markers)
                cands = _whole_lost(_byte_at(vals, j, after), family)
            else:
                cands = completions((*([UNKNOWN] * u), *vals[k + u : j]))
                if u == 1 and v == UNKNOWN:
                    # a lead the decoder replaced is one that makes no pair with the byte after it
                    longer = _lead_and_last_replaced(vals, k, j, after, family) if j < n and vals[j] == UNKNOWN and j - k < 4 else ()
                    if longer:
                        cands, j, u = longer, j + 1, 2
                    elif leads := _replaced_leads(vals[k + 1], family):
                        cands = completions(tuple(vals[k:j]), (leads, *([None] * (j - k - 1)))) or cands
            if not cands:
                break
            units.append(_unit(k, j, tuple(cands), u, owner, n_end))
            k = j
            continue
        need = utf8_need(v)
        if need < 0:
            split = _stripped_pair(vals, owner, units[-1], k, family, n_end) if units and family.private_pairs else None
            if split is None:
                break
            units[-1:] = split
            k = split[-1].last
            continue
        pattern_l = [v]
        allowed_l: list[frozenset[int] | None] = [None]
        j = k + 1
        marked = 0
        while j < n and len(pattern_l) <= need:
            t = vals[j]
            if 0x80 <= t <= 0xBF:
                pattern_l.append(t)
                allowed_l.append(None)
            elif t in (UNKNOWN, QMARK):
                pattern_l.append(UNKNOWN)
                allowed_l.append(_replaced(vals, j, after, family, question=t == QMARK))
                marked += 1
            else:
                break
            j += 1
        missing = need + 1 - len(pattern_l)
        if missing:
            cands = _gap_completions(pattern_l, missing, vals, owner, k, after, family, tuple(allowed_l), pua)
        else:
            if marked > 1:
                cands = _replaced_together(tuple(pattern_l), tuple(allowed_l), tuple(vals[k:j]), family)
            else:
                cands = completions(tuple(pattern_l), tuple(allowed_l) if any(allowed_l) else None)
            if vals[j - 1] == QMARK and allowed_l[-1] is not None:
                # The "?" before a non-ASCII char may also have eaten an ASCII byte (a Java-style
                # decoder): then any lead byte fits, and the unit ends the segment, the eaten
                # byte standing between it and what follows (applications’ “Print”; 。 + LF).
                loose = (*allowed_l[:-1], None)
                free = (
                    _replaced_together(tuple(pattern_l), loose, tuple(vals[k:j]), family)
                    if marked > 1
                    else completions(tuple(pattern_l), loose if any(loose) else None)
                )
                if free and (not cands or _cost0(cands) - _cost0(free) > EATEN_GAP_BITS):
                    units.append(_unit(k, j, tuple(free), missing + marked, owner, n_end))
                    break
        if not cands:
            break
        units.append(_unit(k, j, tuple(cands), missing + marked, owner, n_end))
        k = j
    return units


def _lead_and_last_replaced(vals: list[int], k: int, j: int, after: int | None, family: Family) -> tuple[str, ...]:
    """Completions of a char whose lead (the marker at token ``k``) and last byte (the marker at
    ``j``, after its continuation bytes) a decoder both replaced, when it replaces no lead of a
    shorter char there: Shift_JIS reads ： (EF BC 9A) before a digit as � ｼ �, EF forming no
    pair with BC and 9A none with the digit, while every lead of a two-byte char (C2-DF) is a
    half-width katakana to it, so ``�ｼ`` alone is no ʼ (CA BC)."""  # mojibake: ignore
    leads = _replaced_leads(vals[k + 1], family)
    trail = j - k  # continuation bytes of the longer char (the shorter one has one fewer)
    if not leads or leads & _LEAD_OF_LENGTH.get(trail - 1, frozenset()) or not leads & _LEAD_OF_LENGTH.get(trail, frozenset()):
        return ()
    middle = tuple(vals[k + 1 : j])
    last_ok = _replaced(vals, j, after, family)
    return completions((UNKNOWN, *middle, UNKNOWN), (leads, *([None] * len(middle)), last_ok))


@functools.cache
def _replaced_leads(nxt: int, family: Family) -> frozenset[int]:
    """UTF-8 lead bytes (C2-F4) that some decoder of ``family`` replaces by one marker before
    the byte ``nxt``, which it then reads on its own (they make no pair)."""
    out: set[int] = set()
    for codec in family.codecs:
        alone = bytes((nxt,)).decode(codec, "replace")
        out.update(b for b in range(0xC2, 0xF5) if bytes((b, nxt)).decode(codec, "replace") == REPLACEMENT + alone)
    return frozenset(out)


EATEN_CHARS = (" ", "\n", ".", ",", "!", "?", ":", ";", ")", "(", '"', "'", "-", "/", "%", *"0123456789")
"""What a pair-eating ``?`` may have eaten after a char's last byte (81-BF): an ASCII char that is
no trail byte (UHC pairs letters after leads 81-C6), chosen by the model between its neighbours."""


@functools.cache
def _pair_tables(family: Family) -> tuple[frozenset[int], frozenset[int], frozenset[tuple[int, int]], frozenset[int]]:
    """The pairs of bytes UTF-8 can make (a continuation byte 81-BF or a lead C2-F4, then a
    continuation byte) that the family's codec rejects, which a pair-eating decoder shows as its
    mark: (first bytes 81-BF of those pairs, their second bytes, all the pairs, the second bytes
    after a lead: 80-A0 for UHC, whose leads C7-FE take A1-FE)."""
    codec = family.codecs[0]
    pairs = frozenset(
        (x, y) for x in (*range(0x81, 0xC0), *range(0xC2, 0xF5)) for y in range(0x80, 0xC0) if not _pairs_with(x, y, codec)
    )
    inner = [(x, y) for x, y in pairs if x < 0xC0]
    return (
        frozenset(x for x, _ in inner),
        frozenset(y for _, y in inner),
        pairs,
        frozenset(y for x, y in pairs if x >= 0xC2),
    )


def _parse_pairs(vals: list[int], owner: list[int], k: int, n_end: int, family: Family) -> list[Unit]:
    """``_parse`` for a family whose ``?`` stands for a lead byte and the byte after it (two
    UNKNOWN tokens owned by one ``?``; a QMARK before ASCII or the end is one byte, its partner
    an ASCII char it ate, which ``_swallowed`` reads). A pair inside a char is two of its bytes
    that make no valid pair; a pair whose first byte ends a char ate the ASCII char after it,
    read as a unit of EATEN_CHARS."""
    n = len(vals)
    xs, ys, pairs, after_lead = _pair_tables(family)

    def pair_at(t: int) -> bool:
        return t + 1 < n and vals[t] == UNKNOWN == vals[t + 1] and owner[t] == owner[t + 1]

    units: list[Unit] = []
    while k < n and len(units) < MAX_UNITS:
        v = vals[k]
        if 0 <= v < 0x80:  # an ASCII byte swallowed as a trail byte
            units.append(_unit(k, k + 1, (chr(v),), 0, owner, n_end))
            k += 1
            continue
        if v == UNKNOWN and k and vals[k - 1] == UNKNOWN and owner[k] == owner[k - 1]:
            # the second byte of a pair whose first ended a char: the next char's lead, when its
            # continuation bytes follow (cp932: 87 E5 is a ・, 字 is E5 AD 97), else an eaten ASCII char  # mojibake: ignore
            conts = 0
            while k + 1 + conts < n and conts < 3 and 0x80 <= vals[k + 1 + conts] <= 0xBF:
                conts += 1
            cands = completions((UNKNOWN, *vals[k + 1 : k + 1 + conts])) if conts else ()
            if cands:
                units.append(_unit(k, k + 1 + conts, cands, 1, owner, n_end))
                k += 1 + conts
            else:
                units.append(_unit(k, k + 1, EATEN_CHARS, 1, owner, n_end))
                k += 1
            continue
        pattern: list[int] = []
        allowed: list[frozenset[int] | None] = []
        inner: list[int] = []  # pattern positions of pairs inside the char
        if v == UNKNOWN:
            if not pair_at(k):
                break
            j = k + 2
            conts = 0
            while j + conts < n and conts < 2 and 0x80 <= vals[j + conts] <= 0xBF:
                conts += 1
            third = conts == 0 and j < n and vals[j] in (UNKNOWN, QMARK)
            need = 1 + conts + third  # continuation bytes: 1 (the pair's second), and what follows
            pattern, allowed, inner = [UNKNOWN, UNKNOWN], [None, after_lead], [0]
        else:
            need = utf8_need(v)
            if need < 0:
                break
            pattern, allowed, j = [v], [None], k + 1
        while j < n and len(pattern) <= need:
            t = vals[j]
            if 0x80 <= t <= 0xBF:
                pattern.append(t)
                allowed.append(None)
            elif t == QMARK and len(pattern) < need:  # two bytes still wanted: both in the ? (가 is EA + B0 80)
                inner.append(len(pattern))
                pattern += [UNKNOWN, UNKNOWN]
                allowed += [xs, ys]
            elif t == QMARK:
                pattern.append(UNKNOWN)
                allowed.append(None)  # a continuation byte, alone (80) or with the ASCII char it ate
            elif pair_at(j) and len(pattern) < need:  # both bytes of the pair in this char
                inner.append(len(pattern))
                pattern += [UNKNOWN, UNKNOWN]
                allowed += [xs, ys]
                j += 1
            elif pair_at(j):  # the pair's first byte ends the char; its second was an eaten ASCII char,
                pattern.append(UNKNOWN)  # or nothing if that byte was 80 (``_lone_80s``)
                allowed.append(None)
            else:
                break
            j += 1
        if len(pattern) != need + 1:
            break
        cands = _pair_completions(tuple(pattern), tuple(allowed), tuple(inner), pairs)
        if not cands:
            break
        units.append(_unit(k, j, cands, pattern.count(UNKNOWN), owner, n_end))
        k = j
    return units


@lru_cache(maxsize=1024)
def _pair_completions(
    pattern: tuple[int, ...], allowed: tuple[frozenset[int] | None, ...], inner: tuple[int, ...], pairs: frozenset[tuple[int, int]]
) -> tuple[str, ...]:
    """The completions of ``pattern`` whose bytes at each of ``inner``'s positions and the next
    make one of ``pairs`` (a pair the decoder rejects); from the model's commonest chars when the
    pattern leaves too many byte combinations to enumerate."""
    cands = completions(pattern, allowed)
    if not cands and pattern.count(UNKNOWN) == len(pattern):
        cands = tuple(
            c
            for c in model.commonest(len(pattern), WHOLE_CHAR_CANDIDATES)
            if all(a is None or b in a for b, a in zip(c.encode("utf-8"), allowed))
        )
    if not inner:
        return cands
    return tuple(c for c in cands if all((b[a], b[a + 1]) in pairs for b in (c.encode("utf-8"),) for a in inner))


WHOLE_CHAR_CANDIDATES = 3000
"""The commonest 3-byte chars offered for a char whose three bytes were all replaced."""


@lru_cache(maxsize=1024)
def _whole_lost(after: int | None, family: Family) -> tuple[str, ...]:
    """Chars all three of whose bytes a decoder of ``family`` would have replaced one by one,
    with ``after`` (None: unknown) the byte that followed: the model's commonest 3-byte chars
    that fit. The bytes tell nothing more; the neighbours choose."""
    drop = droppable_before(after, family) if after is not None else None
    return tuple(
        c
        for c in model.commonest(3, WHOLE_CHAR_CANDIDATES)
        if (drop is None or c.encode("utf-8")[-1] in drop) and _all_replaced(c.encode("utf-8"), family)
    )


EATEN_GAP_BITS = 8.0
"""How much likelier (bits) the likeliest char must be than those a non-eating decoder allows
before a ``?`` is read as having eaten an ASCII byte too."""


def _cost0(cands: Sequence[str]) -> float:
    """Model cost of the likeliest of ``cands`` (they come sorted by frequency)."""
    return model.char_cost(cands[0])


_LEAD_OF_LENGTH = {1: frozenset(range(0xC2, 0xE0)), 2: frozenset(range(0xE0, 0xF0)), 3: frozenset(range(0xF0, 0xF5))}
"""UTF-8 lead bytes by the number of continuation bytes they take."""
_CONTINUATION = frozenset(range(0x80, 0xC0))


def _stripped_pair(
    vals: list[int], owner: list[int], unit: Unit, k: int, family: Family, n_end: int
) -> list[Unit] | None:
    """Two units in place of ``unit`` when a stray continuation byte at token ``k`` says a
    private-use char was stripped from the decoder's output: its two bytes, the last byte of
    one UTF-8 char and the lead of the next, vanished at a char boundary (中文 in cp936 is
    涓, U+E15F, 枃; without the U+E15F, 涓枃). None when no boundary in ``unit`` fits."""  # mojibake: ignore
    need = utf8_need(vals[unit.first])
    b = unit.first + need  # a gap here leaves the unit's lead with its known bytes, one short
    if need < 1 or not unit.first < b <= k or owner[b] == owner[b - 1]:
        return None
    if not all(0x80 <= vals[t] <= 0xBF for t in range(unit.first + 1, b)):
        return None
    m = 0
    while b + m < len(vals) and 0x80 <= vals[b + m] <= 0xBF and m < 4:
        m += 1
    if m not in _LEAD_OF_LENGTH or b + m <= k:
        return None
    for firsts, seconds in family.private_pairs:
        last_byte = firsts & _CONTINUATION
        lead = seconds & _LEAD_OF_LENGTH[m]
        if not last_byte or not lead:
            continue
        head = completions((*vals[unit.first : b], UNKNOWN), (*([None] * need), last_byte))
        tail = completions((UNKNOWN, *vals[b : b + m]), (lead, *([None] * m)))
        if head and tail:
            return [_unit(unit.first, b, head, 1, owner, n_end), _unit(b, b + m, tail, 1, owner, n_end)]
    return None


@lru_cache(maxsize=4096)
def _replaced_together(
    pattern: tuple[int, ...], allowed: tuple[frozenset[int] | None, ...], tokens: tuple[int, ...], family: Family
) -> tuple[str, ...]:
    """The completions of ``pattern`` whose bytes at adjacent marker ``tokens`` a decoder of
    ``family`` would each have replaced: a marker not followed by a known byte was narrowed to
    any byte, but the pair it makes with the next lost byte must be invalid too (``です。`` read
    as Shift_JIS ends in two markers for the bytes 80 82 of 。; る, E3 82 8B, fits the pattern
    but its 82 8B would have decoded to ｋ). All completions when none fits: a decoder we do not
    model may have made the markers. Cached: the same damaged patterns recur."""
    cands = completions(pattern, allowed if any(allowed) else None)
    groups = []
    i = 0
    for lost, run in itertools.groupby(tokens, lambda t: t in (UNKNOWN, QMARK)):
        n = len(list(run))
        if lost and n > 1:
            groups.append((i, i + n))
        i += n
    return (_each_lost(cands, groups, family) or cands) if groups else cands


def _each_lost(cands: tuple[str, ...], spans: Sequence[tuple[int, int]], family: Family) -> tuple[str, ...]:
    """The ``cands`` whose UTF-8 bytes in each of ``spans`` (adjacent lost bytes) a decoder of
    ``family`` would each have lost (``_all_replaced``)."""
    return tuple(c for c in cands if all(_all_replaced(c.encode("utf-8")[a:b], family) for a, b in spans))


@functools.cache
def _all_replaced(seq: bytes, family: Family) -> bool:
    """Does some decoder of ``family``, starting at a char boundary, replace each of ``seq``'s
    bytes (two or more) on its own? Each but the last is replaced before the next one; the last
    must at least be no char by itself (Shift_JIS shows A1-DF as half-width katakana): what
    follows the group narrowed it already (``droppable_before``)."""
    for codec in family.codecs:
        out = seq[:-1].decode(codec, "replace")
        if (
            out == REPLACEMENT * (len(seq) - 1)
            and not _pairs_with(seq[-2], seq[-1], codec)
            and seq[-1:].decode(codec, "replace") == REPLACEMENT
        ):
            return True
    return False


def _pairs_with(lead: int, trail: int, codec: str) -> bool:
    """Do two bytes decode together under ``codec`` (as one char, or as the two code points
    big5hkscs gives a few pairs)?"""
    try:
        bytes((lead, trail)).decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _replaced(vals: list[int], j: int, after: int | None, family: Family, question: bool = False) -> frozenset[int] | None:
    """Bytes a decoder can have replaced by the marker at token ``j``: like a dropped byte, one
    that formed no valid pair with the byte after it. A Windows ``?`` may also have eaten the
    ASCII byte after it, so it only narrows the choice before a non-ASCII byte."""
    nxt = _byte_at(vals, j + 1, after)
    if question and (nxt is None or nxt < 0x80):
        return None
    return droppable_before(nxt, family)


def _byte_at(vals: list[int], t: int, after: int | None) -> int | None:
    """The known byte at token ``t`` (``after`` past the run's end); None for a marker or the end."""
    b = vals[t] if t < len(vals) else after
    return b if b is not None and b >= 0 else None


def _gap_completions(
    known: list[int],
    missing: int,
    vals: list[int],
    owner: list[int],
    k: int,
    after: int | None,
    family: Family,
    known_allowed: tuple[frozenset[int] | None, ...] | None = None,
    pua: bool = False,
) -> tuple[str, ...]:
    """Completions of a unit that lost ``missing`` bytes the decoder dropped without a trace.

    A dropped byte stood at a GBK lead position, so the byte after the gap starts a new
    char, and the dropped byte formed no valid pair with it. The gap may sit after any
    char boundary inside the unit; every such place is tried. With ``pua``, two lost bytes
    may also be a stripped private-use char's pair.
    """
    n = len(vals)
    ka = known_allowed or (None,) * len(known)
    options: list[tuple[tuple[int, ...], tuple[frozenset[int] | None, ...], tuple[int, int] | None]] = []
    for p in range(1, len(known) + 1):
        t = k + p
        if t < n and owner[t] == owner[t - 1]:
            continue
        drop = droppable_before(_byte_at(vals, t, after), family)
        pattern = (*known[:p], *([UNKNOWN] * missing), *known[p:])
        allowed = (*ka[:p], *([None] * (missing - 1)), drop, *ka[p:])
        options.append((pattern, allowed, (p, p + missing)))
        if missing == 2 and pua:
            # or a private-use char holding two of the char's own continuation bytes was
            # stripped (标签: 签 is E7 AD BE, and cp936 shows AD BE as U+E0F7)  (mojibake: ignore)
            for firsts, seconds in family.private_pairs:
                first, second = firsts & _CONTINUATION, seconds & _CONTINUATION
                if first and second:
                    options.append((pattern, (*ka[:p], first, second, *ka[p:]), None))
    return _merged_completions(tuple(options), family)


@lru_cache(maxsize=4096)
def _merged_completions(
    options: tuple[tuple[tuple[int, ...], tuple[frozenset[int] | None, ...], tuple[int, int] | None], ...],
    family: Family,
) -> tuple[str, ...]:
    """Union of the completions of several gap placements, most frequent first. A placement
    that drops several adjacent bytes (its ``(start, stop)`` byte range) keeps only the chars
    whose dropped bytes a decoder would each have dropped: the first lost byte was narrowed to
    any byte, but it must form no valid pair with the second. When no char passes, the
    placements' unchecked union (a decoder we do not model may have dropped them)."""
    out: dict[str, None] = {}
    loose: dict[str, None] = {}
    for pattern, allowed, gap in options:
        cands = completions(pattern, allowed)
        loose.update(dict.fromkeys(cands))
        if gap is not None and gap[1] - gap[0] > 1:
            cands = _each_lost(cands, (gap,), family)
        out.update(dict.fromkeys(cands))
    kept = out or loose
    return tuple(kept) if len(options) == 1 else tuple(sorted(kept, key=model.char_cost))


def parse_segments(text: str, start: int, end: int, family: Family, pua: bool = False) -> list[Segment]:
    """Split the run ``text[start:end]`` into char-aligned segments that parse as UTF-8
    (``pua``: see ``_parse``)."""
    vals, owner, codecs = _tokens(text, start, end, family)
    n = len(vals)
    first_tok: dict[int, int] = {}
    for k in range(n - 1, -1, -1):
        first_tok[owner[k]] = k
    after = first_byte(text[end : end + 1], family) if end < len(text) else None
    out: list[Segment] = []
    c = start
    while c < end:
        k = first_tok[c]
        units = _parse(vals, owner, k, after, family, end, pua)
        while units and units[-1].last < n and owner[units[-1].last] == owner[units[-1].last - 1]:
            units.pop()
        if not any(vals[t] >= 0x80 or vals[t] == UNKNOWN for u in units for t in range(u.first, u.last)):
            c += 1  # only ASCII
            continue
        last = units[-1].last
        seg_end = owner[last] if last < n else end
        if seg_end - c == 1 and start < c and seg_end < end:
            # One char between run chars that did not parse with it: real text, not a
            # decoder's output (mojibake neighbours would have parsed as UTF-8 too).
            c += 1
            continue
        used = frozenset(codecs[units[0].first : last]) - {""}
        out.append(Segment(c, seg_end, tuple(units), used, family))
        c = seg_end
    return out


def real_ends_cut(seg: Segment, text: str) -> Segment | None:
    """The lossy segment less a head or tail of exactly decoded units whose own chars, two or
    more, read as real text and better than their decoding: 谢谢 of 谢谢锛� is real Chinese,  (mojibake: ignore)
    not UTF-8 лл, however plausible the lost mark after it makes the whole reading; else less
    the real chars a mixed page's real text runs on with (``_real_chars_at_head``). None when
    nothing is cut (or nothing would be left)."""
    units = seg.units
    exact = [u.lost == 0 and len(u.candidates) == 1 for u in units]
    head = 0  # units in the longest exact head that ends on a char boundary
    for k, u in enumerate(units):
        if not exact[k]:
            break
        if u.end >= 0:
            head = k + 1
    tail = len(units)  # first unit of the longest exact tail that starts on a char boundary
    for k in range(len(units) - 1, -1, -1):
        if not exact[k]:
            break
        if units[k].start >= 0:
            tail = k
    lo, hi, start, end = 0, len(units), seg.start, seg.end
    if 0 < head < len(units) and _real_beats_decoded(text, start, units[head - 1].end, units[:head]):
        lo, start = head, units[head - 1].end
    elif k := _real_chars_at_head(text, start, _whole_char_units(units, text, start)):
        lo, start = k, start + k
    if lo < tail < hi and _real_beats_decoded(text, units[tail].start, end, units[tail:]):
        hi, end = tail, units[tail].start
    elif k := _real_chars_at_tail(text, end, _whole_char_units(units[lo:][::-1], text, end, backwards=True)):
        hi, end = hi - k, end - k
    if (lo, hi) == (0, len(units)):
        return None
    return Segment(start, end, units[lo:hi], seg.codecs, seg.family)


REAL_NEIGHBOUR_BITS = 17.0
"""Unigram cost under which the CJK letter beside a segment reads as real text (the chars UTF-8
read as GBK shows from its 3-byte leads are rarer: 涓 23, 鏂 32 bits; 錄 at 15.1 the commonest)."""  # mojibake: ignore
RARE_NEIGHBOUR_GAIN = 16.0
"""Bits a segment's end must read better as the original chars than as their decoding beside a
rarer CJK letter (寸 17.2, 顏 18.0 of real text; or a char of mojibake the parse left out), or
beside no CJK letter at all: a space, a digit, the text's edge (URL 位址 before a run is no  (mojibake: ignore)
URL λַ; a lone 位 there may be λ, and stays read)."""


def _real_chars_at_head(text: str, start: int, decoded: list[str]) -> int:
    """How many of a segment's first chars are the real text they show, not mojibake: ``decoded``
    holds what its first chars read as, one whole UTF-8 char each, then the reading after them.
    A mixed page's real text runs on into a mojibake run (他说鈥斺€ is 他说——, not 他˵——; 停用偏执模式  (mojibake: ignore)
    before one is no ƫִģʽ): the cut is where the original chars, read up to
    the rest of the reading, beat their decoding by most (``_real_cut``). The Greek 蔚魏 of εκ  (mojibake: ignore)
    reads better decoded, and 茅 after a Latin letter is é."""  # mojibake: ignore
    return _real_cut(text[start - 1 : start], text[start : start + len(decoded) - 1], decoded, head=True)


def _real_chars_at_tail(text: str, end: int, decoded: list[str]) -> int:
    """``_real_chars_at_head`` for a segment's last chars (``decoded`` from the last char back, then
    the reading before them), before a CJK letter: 鈥斺€斿ソ瑙鲁 ends in 瑙鲁 of 瑙鲁共和国.  (mojibake: ignore)"""
    originals = text[max(0, end - len(decoded) + 1) : end][::-1]
    return _real_cut(text[end : end + 1], originals, decoded, head=False)


def _real_cut(outer: str, originals: str, readings: Sequence[str], head: bool) -> int:
    """The count k of a segment's end chars that read better as themselves than decoded by the
    most bits, beside ``outer``, the char outside the segment ("" at the text's edge): by any
    margin after a common CJK letter, by RARE_NEIGHBOUR_GAIN elsewhere (0: none). ``originals``
    and ``readings`` go inward from that end (for a tail, backwards); ``readings`` holds one more,
    the reading beyond them, which both readings of the end run on into. One pass: each k adds a
    pair to running sums (a run of hundreds of Cyrillic chars costs no more per char)."""
    n = min(len(originals), len(readings) - 1)
    if n < 1:
        return 0
    pair = model.pair_cost
    step = pair if head else (lambda a, b: pair(b, a))  # chain order: from ``outer`` inward
    best = 0.0 if outer and CJK_LETTER.match(outer) and model.char_cost(outer) < REAL_NEIGHBOUR_BITS else RARE_NEIGHBOUR_GAIN
    cut = 0
    edge = head or bool(outer)  # the text's end adds no transition after it; its start does
    orig_sum = step(outer, originals[0]) if edge else 0.0
    read_sum = step(outer, readings[0]) if edge else 0.0
    for k in range(1, n + 1):
        nxt = readings[k]
        gain = read_sum + step(readings[k - 1], nxt) - orig_sum - step(originals[k - 1], nxt)
        if gain > best:
            best, cut = gain, k
        if k < n:
            orig_sum += step(originals[k - 1], originals[k])
            read_sum += step(readings[k - 1], readings[k])
    return cut


def _whole_char_units(units: Sequence[Unit], text: str, at: int, backwards: bool = False) -> list[str]:
    """From a segment's end at ``at`` (its start, or with ``backwards`` its end, ``units``
    reversed): the likeliest readings of the units that each stand for one whole char of the
    text (exactly decoded, or one that lost a byte: 鑰 of a real 私鑰 reads as 耀), then the  (mojibake: ignore)
    reading of the unit after them (if any)."""
    out: list[str] = []
    for u in units:
        pos = at + len(out) if not backwards else at - len(out) - 1
        out.append(u.candidates[0])
        if (u.start, u.end) != (pos, pos + 1):
            break
    return out if len(out) > 1 else []


def decoded_ends_cut(seg: Segment, text: str) -> Segment | None:
    """``real_ends_cut`` for a segment that decoded exactly as a whole: its first or last chars,
    each one whole UTF-8 char, cut where they are the real text they show. None when nothing is
    cut."""
    table = char_table(seg.family)
    start, end, decoded = seg.start, seg.end, seg.decoded
    # (at most all chars but one: the last read is the rest the end runs on into)
    m = sum(1 for _ in itertools.takewhile(bool, (_whole_char(table, ch) for ch in text[start : end - 1])))
    if m and (k := _real_chars_at_head(text, start, list(decoded[: m + 1]))):
        start, decoded = start + k, decoded[k:]
    m = sum(1 for _ in itertools.takewhile(bool, (_whole_char(table, ch) for ch in reversed(text[start + 1 : end]))))
    if m and (k := _real_chars_at_tail(text, end, list(decoded[::-1][: m + 1]))):
        end, decoded = end - k, decoded[:-k]
    if (start, end) == (seg.start, seg.end):
        return None
    return Segment(start, end, (), seg.codecs, seg.family, decoded)


def _whole_char(table: dict[str, tuple[bytes, str]], ch: str) -> str:
    """The one non-ASCII UTF-8 char that the bytes ``ch`` stood for make, or "" (a lead or a
    continuation byte)."""
    entry = table.get(ch)
    return entry[0].decode("utf-8") if entry is not None and two_byte_utf8_shape(entry[0]) else ""


def _real_beats_decoded(text: str, start: int, end: int, units: Sequence[Unit]) -> bool:
    """Do the chars ``text[start:end]`` (two or more) read as real text, and better than the
    exact decoding of their ``units``?"""
    original = text[start:end]
    if len(original) < 2 or not reads_as_real(original):
        return False
    left, right = text[start - 1 : start], text[end : end + 1]
    return model.cost("".join(u.candidates[0] for u in units), left, right) > model.cost(original, left, right)


def reads_as_real(s: str) -> bool:
    """Does ``s`` cost fewer bits per char than REAL_RUN_BITS, as real CJK text does?"""
    return model.cost(s) < REAL_RUN_BITS * len(s)
