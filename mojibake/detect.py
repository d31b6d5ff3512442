"""Find mojibake spans in text and decide which are worth repairing.

For each run the pre-screen marks, the run's characters are turned back into the bytes their
decoder saw; those bytes are parsed as UTF-8, allowing for bytes the decoder lost; each
parsed segment is decoded (lost bytes completed by inference) and kept as a finding when the
language model finds the decoded text clearly more plausible than the original.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import replace

from . import model
from .ascii import ascii_replaced
from .chars import (
    CJK,
    LATIN_WORD,
    ONE_LETTER_WORDS,
    TAG,
    YEAR,
    latin_char,
    latin_ish,
    latin_letter,
)
from .charsets import han_charset
from .choose import (
    CHARSET_SCAN,
    Choice,
    choose,
    doc_stats,
    eating_sample,
    indent_before,
    inferred_confidence,
    text_outside,
)
from .chunks import CHUNK_CHARS, pieces
from .codecs import (
    CP932_PAIRS,
    CP949_PAIRS,
    EUC_KR,
    FAMILIES,
    GBK,
    REPLACEMENT,
    SHIFT_JIS,
    Family,
    char_table,
    path_name,
)
from .cp1252_cjk import cp1252_as_cjk
from .cp1252_utf8 import cp1252_replaced
from .finding import (
    DEFAULT_THRESHOLD,
    Finding,
    Inference,
    applies,
    apply_findings,
    shifted,
)
from .infer import (
    TEMPERATURE_SIGNS,
    conventions,
    is_punctuation,
    number_place,
    number_sign_guess,
)
from .latin import (
    BEYOND_TYPOGRAPHY,
    DOS_BOX_CHARS,
    UTF8_AS_OTHER_LEADS,
    has_utf8_as_other,
    legacy_as_latin,
    utf8_as_latin,
)
from .parse import (
    MAX_UNITS,
    Segment,
    decoded_ends_cut,
    parse_segments,
    reads_as_real,
    real_ends_cut,
)
from .scan import candidates, runs
from .siblings import sibling_findings
from .strays import silent_strays_demoted, strays_demoted
from .unrecoverable import ANY as UNRECOVERABLE
from .unrecoverable import NEEDLES as UNRECOVERABLE_CHARS
from .unrecoverable import unrecoverable

SWITCH_BITS = 4.0
"""Prior cost (bits) of claiming a span is mojibake: the margin a repair must win by."""

LOST_BITS = 3.0
"""Extra cost (bits) per byte the decoder lost: a lossy reading needs more evidence."""

_OTHER_LETTER = model.CLASS_ID["other_letter"]

LATIN_CONTEXT_BITS = 18.0
"""Cost (bits) of each CJK char of the original reading when its surroundings hold Latin
letters and no real CJK text: the bigram model cannot see that a lone Han character amid
English is far likelier mojibake than Chinese."""

CONTEXT_WINDOW = 100
"""Chars on each side of a segment inspected for the script of its surroundings."""

_HAN_PAIR = re.compile("[\u3400-\u9fff]{2}")
"""Two ideographs (no lost-byte marker): a run this short is judged by its reading too (金鑰 of
Traditional text, whose 鑰 seeds as a char that lost its third byte, reads as a common word)."""  # mojibake: ignore

PLAUSIBLE_BITS = 15.0
"""Bits per char a guessed repair (a secondary codec path, or any lossy decoding) may cost at
most (real text: 4-13): it must read as real text, not merely beat the original."""


CONFIDENCE_SCALE = 4.0
"""Bits of margin that move confidence from 0.5 to about 0.67."""


def _pieces(seg: Segment, choice: Choice, decided: float, text: str) -> list[Piece] | None:
    """Split a segment judged to be mojibake around its doubtful inferred chars.

    The confident parts are repaired with the segment's confidence; each doubtful char keeps
    its own (low) confidence, so ``repair`` leaves it as it was and ``detect`` reports it.
    A unit that starts inside a char goes with the unit before it (错。 in 閿欍??: the  (mojibake: ignore)
    欍 holds the end of 错 and the start of 。): a doubtful one takes its neighbour down with  (mojibake: ignore)
    it, so the rest can still be repaired. A confident part must also beat its own original text. None
    when a group's end falls inside a char (then the segment stays whole).
    """
    blocks: list[list[int]] = []  # units sharing chars stand or fall together
    for idx in range(len(choice.inferences)):
        if seg.units[idx].start < 0 and blocks:
            blocks[-1].append(idx)
        else:
            blocks.append([idx])
    groups: list[list[int]] = []
    last_doubtful = False
    for block in blocks:
        doubtful = any(_is_doubtful(choice, i) for i in block)
        if doubtful or not groups or last_doubtful:
            groups.append(list(block))
        else:
            groups[-1].extend(block)
        last_doubtful = doubtful
    out = []
    for group in groups:
        first, last = seg.units[group[0]], seg.units[group[-1]]
        if first.start < 0 or last.end < 0:
            return None
        base = sum(len(ch) for ch in choice.chars[: group[0]])
        fixed = "".join(choice.chars[i] for i in group)
        infs = tuple(
            Inference(inf.offset - base, inf.char, inf.alternatives)
            for inf in (choice.inferences[i] for i in group)
            if inf is not None
        )
        if group[-1] == len(seg.units) - 1 and choice.swallowed:
            infs += (Inference(len(fixed), choice.swallowed, choice.eaten),)
            fixed += choice.swallowed
        lost = sum(seg.units[i].lost for i in group)
        conf = min([decided] + [inferred_confidence(i) for i in infs])
        if conf >= DEFAULT_THRESHOLD and not _beats_original(text, first.start, last.end, fixed, lost):
            continue  # on its own this part reads no better than it did (实 is no ʵ): left alone  # mojibake: ignore
        out.append((first.start, last.end, fixed, lost, conf, infs))
    return out


def _beats_original(text: str, start: int, end: int, fixed: str, lost: int) -> bool:
    """Does ``fixed`` read better than ``text[start:end]`` between its neighbours, by the margin
    a repair must win by (the whole segment's judgement does not carry over to its parts)?"""
    left, right = text[start - 1 : start], text[end : end + 1]
    return model.cost(text[start:end], left, right) - model.cost(fixed, left, right) > SWITCH_BITS + LOST_BITS * lost


def _is_doubtful(choice: Choice, idx: int) -> bool:
    """Was unit ``idx`` inferred with less than the applying confidence?"""
    inf = choice.inferences[idx]
    return inf is not None and inferred_confidence(inf) < DEFAULT_THRESHOLD


def _line_window(text: str, seg: Segment) -> tuple[int, int]:
    """Bounds of the segment's line, at most CONTEXT_WINDOW chars each way (searches bounded:
    one huge line stays linear)."""
    a = max(0, seg.start - CONTEXT_WINDOW)
    a = text.rfind("\n", a, seg.start) + 1 or a
    b = min(len(text), seg.end + CONTEXT_WINDOW)
    nl = text.find("\n", seg.end, b)
    return a, nl if nl >= 0 else b


def _spans_within(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    """The parts of ``spans`` (sorted, not overlapping) that lie inside [a, b)."""
    out = []
    for start, end in spans[max(bisect_left(spans, (a, a)) - 1, 0) :]:
        if start >= b:
            break
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append((lo, hi))
    return out


def _real_cjk(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> int:
    """CJK chars of text[a:b] outside ``spans`` (those no path reads as mojibake)."""
    return len(CJK.findall(text, a, b)) - sum(len(CJK.findall(text, lo, hi)) for lo, hi in _spans_within(spans, a, b))


_CJK_RUN = re.compile(f"{CJK.pattern}{{2,}}")


def _real_cjk_word(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Does text[a:b] hold two CJK chars side by side outside ``spans``? Real CJK text comes in
    words; a lone CJK char between Latin words (端berschreitet, 束 for «) is a decoder's.  (mojibake: ignore)"""
    for m in _CJK_RUN.finditer(text, a, b):
        inside = _spans_within(spans, m.start(), m.end())
        if not inside:
            return True
        pos = m.start()
        for lo, hi in [*inside, (m.end(), m.end())]:
            if lo - pos >= 2:
                return True
            pos = max(pos, hi)
    return False


def _latin_context(text: str, seg: Segment, spans: list[tuple[int, int]]) -> bool:
    """Are the segment's surroundings (its line, at most CONTEXT_WINDOW chars each way) Latin
    text with no real CJK (chars of segments don't count)? The line, so that a mojibake line in
    a Chinese page is judged by itself."""
    a, b = _line_window(text, seg)
    if not LATIN_WORD.search(TAG.sub(" ", text[a:b])):
        return False  # tag names are markup, not Latin text: <title>창</title>  # mojibake: ignore
    return not CJK.search(text, a, b) or _real_cjk(text, a, b, spans) <= 0


LONE_LETTER_BITS = 8.0
"""Bits a repair pays for turning one CJK char into one letter of an alphabet that stands alone
(no letter on either side) where its line says the CJK char is real, or into a letter glued to
a word's end on a line of real CJK (Korean glues its particles so: Windows처 설정):  (mojibake: ignore)
the line holds CJK chars no path reads as mojibake (``"偽": "伪"`` is no ``"偽": "α"``), or the letter is no Latin or Greek
one (those stand alone as symbols: α = 0.5) and nothing else on the line is a mojibake word
(``x = "仆"`` is no ``x = "н"``: Cyrillic letters come in words; in Я и ты, ты is one)."""  # mojibake: ignore


def _letter_like(ch: str) -> bool:
    """Is ``ch`` a letter, or a spacing modifier (˹ ˘ ˝: U+02B0-U+02FF), which marks a letter?"""  # mojibake: ignore
    return ch.isalpha() or "\u02b0" <= ch <= "\u02ff"


def _lone_letter_bits(repair: str, original: str, text: str, seg: Segment, spans: list[tuple[int, int]]) -> float:
    """LONE_LETTER_BITS when ``repair`` is such a lone letter standing for a real CJK char, else 0."""
    if len(original) != 1 or len(repair) != 1 or repair.isascii() or not _letter_like(repair) or CJK.match(repair):
        return 0.0
    if not CJK.match(original):
        return 0.0
    left, right = text[seg.start - 1 : seg.start], text[seg.end : seg.end + 1]
    a, b = _line_window(text, seg)
    if latin_letter(left) and latin_char(repair) and not (right.isalpha() and not latin_letter(right)):
        # glued to a Latin word's end, or inside it as a letter beyond Latin-1: a CJK line's own
        # char (Windows처 설정, datallowconnがtrue) where the line holds CJK words  (mojibake: ignore)
        if latin_letter(right) and repair <= "\xff":
            return 0.0  # é inside a word is Latin-1's: caf茅s  (mojibake: ignore)
        return LONE_LETTER_BITS if _real_cjk_word(text, a, b, spans) else 0.0
    if left.isalpha() or right.isalpha():
        return 0.0
    if _real_cjk(text, a, b, spans) > 0:
        return LONE_LETTER_BITS  # real CJK beside it
    if repair <= "\xff" or unicodedata.name(repair, "").split(" ", 1)[0] in ("LATIN", "GREEK"):
        return 0.0  # Latin-1's º and ª are letters too: 5º (a lone one no word is: ``strays._no_word_letter``)
    return 0.0 if any(hi - lo > 1 for lo, hi in _spans_within(spans, a, b)) else LONE_LETTER_BITS


AFTER_NUMBER_BITS = 24.0
"""What a reading pays for a letter glued to a number that no orthography writes (``_after_number_bits``):
as much as a rare char of the model costs, since the char it came from may be common."""


def _after_number_bits(repair: str, text: str, seg: Segment) -> float:
    """AFTER_NUMBER_BITS when ``repair`` is one char that no number is written with (a Latin
    letter, a foreign digit, a sign like ¬), glued to an ASCII digit before it (or after it and a space,
    unless a one-letter word) with no letter after it: no orthography writes 3ũ, 12.5۶ or 3¬  (mojibake: ignore)
    (a unit of CJK text, 3滴, 12.5磅, 3卢, read as EUC-JP, EUC-KR or GBK). AFTER_NUMBER_OK are.  (mojibake: ignore)"""
    if len(repair) != 1 or not "\x80" <= repair <= "\u07ff" or repair in AFTER_NUMBER_OK:
        return 0.0  # two-byte UTF-8 only: 2024年, 3℃, 5‰ are written so  (mojibake: ignore)
    if not (repair <= "\u02ff" or repair.isdigit() or repair in "\u05f3\u05f4"):
        return 0.0  # Greek, Cyrillic, Hebrew, Arabic write words and marks after numbers: 5 м, 100، 0 و
        # (but Hebrew's geresh marks Hebrew letters as numbers, never a digit: 3壮 is no 3׳)  (mojibake: ignore)
    before = text[max(0, seg.start - 2) : seg.start]
    if text[seg.end : seg.end + 1].isalpha():
        return 0.0
    if before[-1:].isdigit() and before[-1:].isascii():
        return AFTER_NUMBER_BITS
    if before[-1:] == " " and before[:1].isdigit() and before[:1].isascii() and (repair.isalpha() or repair.isdigit()) and repair not in ONE_LETTER_WORDS:
        return AFTER_NUMBER_BITS  # 3 ũ; but 3 é 5 is Portuguese, 3 × 5 a product  (mojibake: ignore)
    return 0.0


AFTER_NUMBER_OK = frozenset("ºªµ°²³¹½¼¾×÷±·£¥¢®©«»´\xa0\xad")
"""What text writes right after a number among two-byte UTF-8 chars: ordinals (5º, 1ª), units
and signs (5µm, 20°, 3½, 2×, 50¢, 100¥ of informal prices), a quote closing («str1»), a
no-break space (5\xa0km)."""


MIXED_SCRIPT_BITS = 30.0
"""What a reading pays for two letters of different scripts beyond CJK, Latin, Greek and
Cyrillic side by side (Armenian Կ beside Arabic إ, of 篤瑪 read as EUC-KR): no word mixes them,
and since the model knows Arabic and Hebrew letters, such a pair no longer costs what the
hanzi it came from do."""  # mojibake: ignore


def _mixed_script_bits(repair: str) -> float:
    """MIXED_SCRIPT_BITS when ``repair`` holds two adjacent letters of the model's other_letter
    class from different scripts (the first word of their Unicode names), else 0."""
    prev = ""
    for ch in repair:
        if ch.isalpha() and model.char_class(ch) == _OTHER_LETTER:
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            if prev and script != prev:
                return MIXED_SCRIPT_BITS
            prev = script
        else:
            prev = ""
    return 0.0


def _confidence(margin_bits: float) -> float:
    """Map the cost margin of a repair over the original to a confidence in [0, 1]."""
    x = max(-60.0, min(60.0, margin_bits / CONFIDENCE_SCALE))
    return 1.0 / (1.0 + 2.0 ** (-x))


_RARE_SHAPE_CHARS = "".join(c for c in UNRECOVERABLE_CHARS if c != "占") + "쏙" + DOS_BOX_CHARS  # mojibake: ignore
_RARE_SHAPE = re.compile("[" + re.escape(_RARE_SHAPE_CHARS) + "]")
"""The first chars of lost data's shapes and cp437's box drawing: one C scan finds whether a text
may hold either (clean text holds neither; two scans cost clean CJK text 10 %). For UHC's shape
the second char: Chinese writes its first, 占, often (占쏙옙)."""  # mojibake: ignore
_BOX = frozenset(DOS_BOX_CHARS)


def _rare_shapes(text: str, pos: int = 0) -> tuple[bool, bool]:
    """(may ``text`` hold lost data (``unrecoverable``), may it hold legacy CJK bytes shown as
    cp437), from one scan for their first chars (a real 占 of Chinese holds neither), from
    ``pos`` on (none before)."""  # mojibake: ignore
    lost = dos = False
    first = _RARE_SHAPE.search(text, pos)  # (clean text: this one scan, no iterator)
    for m in _RARE_SHAPE.finditer(text, first.start()) if first else ():
        if m.group() in _BOX:
            dos = True
        elif not lost and (UNRECOVERABLE.match(text, m.start()) or UNRECOVERABLE.match(text, max(0, m.start() - 1))):
            lost = True  # (占 of 占쏙옙 and 占� is found by its second char: Chinese writes 占 often)  # mojibake: ignore
        if lost and dos:
            break
    return lost, dos or ("\xe2" in text and _KATAKANA_AS_DOS.search(text) is not None)


_KATAKANA_AS_DOS = re.compile("\xe2[\x40-\x7e\x80-\xff]\xe2[\x40-\x7e\x80-\xff]")
"""Shift_JIS katakana (lead 83) shown as cp437, two in a row: the one shape of legacy bytes shown
as cp437 that needs no char beyond Latin-1 (its box drawing, Greek and math): âAâô of アン."""  # mojibake: ignore

_WITHOUT_PAIRS = tuple(f for f in FAMILIES if not f.pair_marks)
_PAIR_BASES = ((CP949_PAIRS, EUC_KR), (CP932_PAIRS, SHIFT_JIS))
"""Each pair family and the family whose chars (and so candidates) it shares: one candidate scan
for five families serves all seven."""
PAIR_NEAR = 3
"""Chars on each side of a pair family's candidate that must hold a ``?`` for it to be read: in
its mojibake a ``?`` stands every few chars (?덈뀞?섏꽭??)."""  # mojibake: ignore


_SHAPE_FIRSTS = re.compile(
    "[\x80-\xff" + re.escape("".join(sorted(set(_RARE_SHAPE_CHARS) | UTF8_AS_OTHER_LEADS))) + "]"
)
"""Every first char of ``_rare_shapes``, ``_LATIN1_HIGH`` and ``has_utf8_as_other``: one scan
tells a text that holds none (clean CJK text) from one the three must read, and where they start."""


def detect(text: str, *, mojibake_text: bool = False) -> list[Finding]:
    """Every mojibake span in ``text``, in order, with its proposed repair.

    UTF-8 read as a GBK-family codec is found here; UTF-8 read as cp1252/Latin-1 (via ftfy)
    and legacy CJK bytes read as Latin-1 come from ``latin``, cp1252 text read as GBK or
    cp949 from ``cp1252_cjk`` (its lines' other readings give way). Where several double-byte codec
    paths claim the same chars, the repair reading most like real text wins (its note names
    the others); a double-byte reading wins over a Latin one. Lost data (锟斤拷, runs of U+FFFD) is reported, not repaired.  # mojibake: ignore
    ``mojibake_text``: the caller knows the text held mojibake (``repair``'s later passes, after
    the first repaired some), so no lone reading is set aside as a stray of real text.
    """
    if not isinstance(text, str):
        raise TypeError(f"detect() needs str, not {type(text).__name__}")
    if len(text) <= CHUNK_CHARS or text.isascii():
        return _detect_piece(text, mojibake_text)
    found = []
    for start, end in pieces(text, forced=forced_cut):  # bounded state for huge texts: a piece at a time
        found += shifted(_detect_piece(text[start:end], mojibake_text), start)
    return found


CUT_LOOK = 64
"""Chars read on each side of a candidate forced cut to check that it changes no repair."""

CUT_TRIES = 24
"""Candidate forced cuts tried on each side of the wanted place before cutting there anyway."""


def forced_cut(text: str, pos: int) -> int:
    """Where to cut a huge text near ``pos`` when no line feed or ASCII gap is near: the nearest
    place where the chars around it repair the same read whole as read in two halves (so no
    mojibake site straddles it); ``pos`` itself if none is found within CUT_TRIES chars."""
    for d in range(CUT_TRIES + 1):
        for c in (pos + d, pos - d) if d else (pos,):
            if 0 < c < len(text) and _splits_cleanly(text, c):
                return c
    return pos


def _splits_cleanly(text: str, c: int) -> bool:
    """Does a cut at ``c`` leave the one-pass repair of the chars around it unchanged?"""
    a, b = max(0, c - CUT_LOOK), c + CUT_LOOK
    return _one_pass(text[a:b]) == _one_pass(text[a:c]) + _one_pass(text[c:b])


def _one_pass(text: str) -> str:
    """``text`` with its applicable findings spliced in (one pass, for comparing cuts)."""
    return apply_findings(text, _detect_piece(text))


def _detect_piece(text: str, mojibake_text: bool = False) -> list[Finding]:
    """``detect`` on a text (or one piece of a huge one) read as a whole."""
    if text.isascii() or not BEYOND_TYPOGRAPHY.search(text):
        return []
    if REPLACEMENT in text and (read := ascii_replaced(text) or cp1252_replaced(text)):
        # UTF-8 read as ASCII: the runs its length and place tell are read, the rest reported
        starts = [f.start for f in read]
        runs = [f for f in unrecoverable(text) if not _overlapping(read, starts, f.start, f.end)]
        return _without_overlaps(read + runs)
    shape = _SHAPE_FIRSTS.search(text)
    at = shape.start() if shape else len(text)  # none of the three scans' shapes starts before it
    may_be_lost, shown_as_dos = _rare_shapes(text, at) if shape else (False, False)
    lost: list[Finding] = unrecoverable(text) if may_be_lost else []
    # Lost data first; but a run of U+FFFD may be the bytes a decoder replaced inside mojibake
    # (Big5 and EUC-KR reject half the continuation bytes: 删 is E5 88 A0, three U+FFFD under
    # Big5), so the readings may parse it, and it is reported only where no applicable one does.
    held = [f for f in lost if f.text.strip(REPLACEMENT)]
    runs_lost = [f for f in lost if not f.text.strip(REPLACEMENT)]
    near = candidates(text, _WITHOUT_PAIRS)
    for family, base in _PAIR_BASES:
        # a pair family reads where its base family's candidates stand beside its mark (its
        # mojibake is dense in it: a Korean question's ? far from any candidate is no reason)
        if base in near and family.mark in text:
            beside = [p for p in near[base] if family.mark in text[max(0, p - PAIR_NEAR) : p + PAIR_NEAR + 1]]
            if beside:
                near[family] = beside
    readings: list[Finding] = []
    for family in FAMILIES:
        if family in near:
            readings += detect_double_byte(text, family, near[family], held + [f for f in readings if f.confidence >= SURE])
    found = held + runs_lost
    if readings or len(found) > 1:  # else nothing to order or weigh (most clean text)
        ranked = sorted(readings, key=functools.partial(_plausibility, text))
        applicable = [f for f in ranked if applies(f)]
        rest = [f for f in ranked if not applies(f)]
        kept = _without_overlaps(held + applicable + runs_lost + rest)
        if runs_lost:
            kept = _without_overlaps(kept + _uncovered_parts(runs_lost, kept))
        found = _noting_rivals(kept, readings)
    dos = legacy_as_latin(text, dos=True) if shown_as_dos else []  # a zip's names: ╓╨╬─  # mojibake: ignore
    if shape and _LATIN1_HIGH.search(text, at):
        latin = utf8_as_latin(text)
        if latin and found:
            starts = [f.start for f in latin]
            found = [f for f in found if not _cp1252_shown(f) or not _overlapping(latin, starts, f.start, f.end)]
        found = _without_overlaps(_without_overlaps(found + legacy_as_latin(text) + dos) + latin)  # sorted by start
    elif shape and has_utf8_as_other(text, at):  # windows-1251, MacRoman, cp437 ... (РџСЂРёРІРµС‚)  # mojibake: ignore
        found = _without_overlaps(found + dos + utf8_as_latin(text))
    elif dos:
        found = _without_overlaps(found + dos)
    if found and not mojibake_text:
        found = strays_demoted(text, silent_strays_demoted(text, found))
    if found and (siblings := sibling_findings(text, found)):
        found = _without_overlaps(found + siblings)  # (disjoint from found: outside its spans)
    # cp1252 read as GBK (it抯 for it’s) or cp949: its lines' other readings give way. Its pairs  # mojibake: ignore
    # are rare chars, which the scan flags: a text it found nothing in is spared the look
    western = cp1252_as_cjk(text, itertools.chain.from_iterable(near.values())) if near else []
    return _without_overlaps(western + found) if western else found


def _cp1252_shown(f: Finding) -> bool:
    """Is a double-byte reading's text nothing but cp1252 chars and U+FFFD (``�·``)? Inside a  # mojibake: ignore
    line ftfy reads as UTF-8 shown as cp1252, that is the line's own mojibake, whose U+FFFD
    stands for a byte cp1252 does not define, not a lost Big5 lead."""
    try:
        f.text.replace(REPLACEMENT, "").encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return False
    return True


_LATIN1_HIGH = re.compile("[\x80-\xff]")
"""Both Latin-family paths need a char of U+0080-U+00FF (UTF-8 read as Latin-1 starts with one;
legacy double-byte text read as Latin-1 is made of them, but for the rare pairs of bytes
0x80-0x9F, which cp1252 shows as “”…— alone): text without one skips their two scans (clean
Chinese, which is full of “”…—, pays them otherwise)."""


SURE = 0.99
"""A codec path's finding this confident is not contested: later paths skip its chars."""


def _plausibility(text: str, f: Finding) -> tuple[bool, float]:
    """Sort key among codec paths claiming the same chars: applicable repairs first, then the
    one that saves the most bits over the text it replaces, between its neighbours (each byte
    it says was lost counted LOST_BYTE_BITS: an exact reading beats a guessed one of equal
    cost); ties keep the paths' order. Bits saved, not bits per char: a rival that explains
    one char of a run cheaply must not take it from the reading that explains the whole run."""
    left, right = text[f.start - 1 : f.start], text[f.end : f.end + 1]
    bits = model.cost(f.repair, left, right) + LOST_BYTE_BITS * f.lost
    return (f.confidence < DEFAULT_THRESHOLD, bits - model.cost(text[f.start : f.end], left, right))


LOST_BYTE_BITS = 4.0
"""Prior cost of each byte a reading says its decoder lost, when codec paths compete."""


def _noting_rivals(kept: list[Finding], readings: list[Finding]) -> list[Finding]:
    """Say in each kept reading's note which other codec paths also explained its chars."""
    kept_ids = {id(f) for f in kept}
    reading_ids = {id(f) for f in readings}
    starts = [f.start for f in kept]
    rivals: dict[int, set[str]] = {}
    for r in readings:
        if id(r) in kept_ids or r.confidence < DEFAULT_THRESHOLD:
            continue
        for i in _overlapping(kept, starts, r.start, r.end):
            if kept[i].path != r.path and id(kept[i]) in reading_ids:
                rivals.setdefault(i, set()).add(r.path)
    out = list(kept)
    for i, paths in rivals.items():
        note = f"more plausible than {', '.join(sorted(paths))}"
        out[i] = replace(out[i], note=f"{out[i].note}; {note}" if out[i].note else note)
    return out


def _overlapping(spans: list[Finding], starts: list[int], start: int, end: int) -> list[int]:
    """Indices of the findings (sorted, disjoint; ``starts`` their starts) that overlap [start, end)."""
    i = max(0, bisect_right(starts, start) - 1)
    out = []
    while i < len(spans) and spans[i].start < end:
        if spans[i].end > start:
            out.append(i)
        i += 1
    return out


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does one of ``spans`` (sorted, disjoint) hold all of [start, end)? A bisection."""
    i = bisect_right(spans, (start, math.inf)) - 1  # the last span starting at or before start
    return i >= 0 and spans[i][0] <= start and spans[i][1] >= end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with touching or overlapping ones joined (a run of mojibake is often claimed
    as several adjacent findings)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _uncovered_parts(reports: list[Finding], kept: list[Finding]) -> list[Finding]:
    """The stretches of report-only findings (lost data: its text is its repair) that no
    ``kept`` finding covers, as findings of their own: a reading took part of a run."""
    out: list[Finding] = []
    starts = [k.start for k in kept]  # (kept: sorted, disjoint)
    for f in reports:
        covered = [(max(kept[i].start, f.start), min(kept[i].end, f.end)) for i in _overlapping(kept, starts, f.start, f.end)]
        pos = f.start
        for a, b in [*covered, (f.end, f.end)]:
            if a > pos and (pos, a) != (f.start, f.end):
                out.append(replace(f, start=pos, end=a, text=f.text[pos - f.start : a - f.start], repair=f.text[pos - f.start : a - f.start]))
            pos = max(pos, b)
    return out


def _without_overlaps(claims: list[Finding]) -> list[Finding]:
    """Keep each claim whose span no earlier claim overlaps (claims come best first), sorted by start.

    Taken chars are marked in a bytearray, so claims may come in any order of position and the
    cost stays linear in the chars they cover (a sorted list with inserts grew quadratic).
    """
    if len(claims) < 2:
        return list(claims)
    lo = min(f.start for f in claims)
    taken = bytearray(max(f.end for f in claims) - lo + 1)
    kept: list[Finding] = []
    for f in claims:
        a, b = f.start - lo, max(f.end - lo, f.start - lo + 1)
        if taken.find(1, a, b) >= 0:
            continue
        taken[a:b] = b"\x01" * (b - a)
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


def detect_double_byte(
    text: str, family: Family = GBK, near: list[int] | None = None, claimed: list[Finding] | None = None
) -> list[Finding]:
    """Findings for UTF-8 text that a double-byte ``family`` decoder turned into mojibake.

    ``near``: the family's seed-search candidates, when the caller has them. ``claimed``:
    sure findings of earlier paths; a run inside them (touching claims joined) is not even
    parsed, as the earlier claim wins anyway, so it adds nothing to this path's document
    statistics (its conventions, pairs, character set) either.
    """
    taken = _merged(sorted((f.start, f.end) for f in claimed)) if claimed else []
    segments: list[Segment] = []
    gapped: list[tuple[int, int, int, int]] = []  # (first, end) segment and (start, end) char
    # indices of each run with a unit that lost two bytes without a trace
    markers_only: list[tuple[int, int]] = []  # runs showing no char: parsed only if the text is dense
    for start, end in runs(text, family, near):
        if taken and _covered(taken, start, end):
            continue  # an earlier path's sure claim wins anyway: not worth parsing
        if not _shown(text[start:end]):
            markers_only.append((start, end))
            continue
        if (end - start >= 3 or (end - start == 2 and _HAN_PAIR.fullmatch(text, start, end))) and reads_as_real(text[start:end]) and not _mojibake_end(text, start, end):
            continue
        exact = _exact_run(text, start, end, family)
        if exact:
            segments.append(exact)
        else:
            parsed = parse_segments(text, start, end, family)
            if any(u.lost == 2 for seg in parsed for u in seg.units):
                gapped.append((len(segments), len(segments) + len(parsed), start, end))
            segments.extend(parsed)
    if gapped and family.private_pairs and not _drops_before_low_bytes(text, segments):
        # No byte was dropped where any decoder must drop one (before a space, digit, mark
        # or line feed): this decoder dropped nothing on its own, so its two-byte gaps are
        # stripped private-use chars. Parse those runs again allowing for them.
        for lo, hi, start, end in reversed(gapped):
            segments[lo:hi] = parse_segments(text, start, end, family, pua=True)
    segments = [(real_ends_cut(s, text) or s) if not s.decoded else (decoded_ends_cut(s, text) or s) for s in segments]
    if not segments:
        return []
    beyond = sum(_beyond_core(text[s.start : s.end], family) for s in segments)
    dense = beyond >= DENSE_SHOWN or (beyond >= 2 and 2 * beyond >= _shown(text))
    if not dense:
        # A run of markers alone is lost data in real text, whatever chars its bytes could
        # have made: only amid a text's mojibake are its chars guessed from their neighbours.
        segments = [s for s in segments if _shown(text[s.start : s.end])]
        if not segments:
            return []
    elif markers_only:
        segments += [seg for start, end in markers_only for seg in parse_segments(text, start, end, family)]
        segments.sort(key=lambda seg: seg.start)
    seg_spans = [(s.start, s.end) for s in segments]
    intact = "\n".join(s.decoded or "".join(u.candidates[0] if len(u.candidates) == 1 else "\x00" for u in s.units) for s in segments)
    conv = conventions(text, intact, cjk=bool(CJK.search(intact)))
    lossy = any(not s.decoded for s in segments)
    outside = text_outside(text, segments, CHARSET_SCAN) if lossy else ""
    doc = doc_stats(intact, outside) if lossy else None
    charset = han_charset(intact[:CHARSET_SCAN] + outside) if lossy else None
    eating = eating_sample(text, segments) if lossy else None
    findings: list[Finding] = []
    before = ""
    pos = 0
    for seg in segments:
        if taken and _covered(taken, seg.start, seg.end):
            continue
        before = (before + text[max(pos, seg.start - 2000) : seg.start])[-2000:]
        pos = seg.start
        choice = _exact_choice(seg) if seg.decoded else choose(seg, text, before, conv, doc, charset, eating)
        pieces = _judge(seg, choice, text, seg_spans, dense)
        if not pieces or all(p[4] < DEFAULT_THRESHOLD for p in pieces):
            # A lossy segment that does not convince may still hold lossless stretches worth
            # repairing on their own (the bytes between two lost ones decode exactly).
            parts = [(part, _judge(part, _exact_choice(part), text, seg_spans) or []) for part in _lossless_parts(seg)]
            if any(p[4] >= DEFAULT_THRESHOLD for _, part_pieces in parts for p in part_pieces):
                for part, part_pieces in parts:
                    findings.extend(_findings(text, part, part_pieces))
                continue
        if not pieces:
            continue
        findings.extend(_findings(text, seg, pieces))
        # The reading that beat the mojibake is the next segments' context even when it is not
        # sure enough to apply: an opening quote guessed at p 0.45 still asks for its closer.
        before = (before + choice.repair)[-2000:]
        pos = seg.end
    return findings


MIXED_END = 6
"""Chars at each end of a long run that must read as real text too for the run to be skipped."""


def _mojibake_end(text: str, start: int, end: int) -> bool:
    """Does a run that reads as real text on the whole end in MIXED_END chars that do not (a line
    of real Japanese with a mojibake run glued to it: 設定を保存しました。繝輔ぃ繧､繝ｫ)? Then its parse  (mojibake: ignore)
    gives back the real part (``real_ends_cut``) and the rest is judged as any run is."""
    if end - start < 2 * MIXED_END:
        return False
    return not reads_as_real(text[start : start + MIXED_END]) or not reads_as_real(text[end - MIXED_END : end])


def _drops_before_low_bytes(text: str, segments: list[Segment]) -> bool:
    """Does a segment end in a unit that lost bytes right before a char below 0x40 (space,
    digit, mark, line feed)? No GBK variant pairs such a byte, so a decoder that drops
    invalid bytes (Python's errors="ignore") drops the one continuation byte before it; a
    decoder that mapped every pair (GB18030, cp936 with private-use chars) had none there.
    Only a loss of one byte counts: two lost there may be a stripped pair too."""
    for seg in segments:
        if seg.units and seg.units[-1].lost == 1 and seg.end < len(text) and text[seg.end] < "\x40":
            return True  # (a char that lost two bytes there may be a stripped pair: 标签 + LF)
    return False


Piece = tuple[int, int, str, int, float, tuple[Inference, ...]]
"""(start, end, repair, lost bytes, confidence, inferences) of one finding-to-be."""


YEAR_BITS = 12.0
"""Bits a © gains when a year follows it: GBK shows © (C2 A9) as 漏, a common Chinese char, and  (mojibake: ignore)
the char model cannot see that a line opening "漏 2024" in a Chinese page is a copyright line."""  # mojibake: ignore


NUMBER_PLACE_BITS = 20.0
"""Bits a sign gains where numbers put it (``number_place``): 1920脳1080 is 8 bits cheaper than  (mojibake: ignore)
1920×1080 to the model, and no text writes 脳 or 虏 between numbers and units."""  # mojibake: ignore
NUMBER_SIGN_BITS = 12.0
"""Bits a currency or temperature sign gains beside the number that chose it: the word lists
fold ℃ away (NFKC) and drop currency signs, so the model prices 25℃ at the end of a Chinese line
as garbage, below the rare 鈩 (E2 84) that GBK shows for its first two bytes."""  # mojibake: ignore


def _number_sign(repair: str, text: str, seg: Segment) -> float:
    """Bits the reading gains as a sign beside a number: NUMBER_SIGN_BITS for a currency or
    temperature sign that a number beside the segment chose (``number_sign_guess``),
    NUMBER_PLACE_BITS for a sign where numbers put it (``number_place``: 30cm×20cm), else 0."""
    if len(repair) != 1:
        return 0.0
    before, after = text[max(0, seg.start - 8) : seg.start], text[seg.end : seg.end + 3]
    if repair in TEMPERATURE_SIGNS or repair in model.currency_signs():
        return NUMBER_SIGN_BITS if number_sign_guess((repair,), before[-2:], after[:2]) is not None else 0.0
    return NUMBER_PLACE_BITS if number_place(repair, before, after) else 0.0


def _an_indent(repair: str, text: str, seg: Segment) -> bool:
    """Is ``repair`` ideographic spaces that indent its line (only indentation before it)? Such
    a repair is judged by its margin alone: the char after it may be the next segment's
    mojibake, which no reading of an indent makes plausible (銆?銆? with one ? per lost byte)."""  # mojibake: ignore
    return bool(repair) and not repair.strip("\u3000") and indent_before(text, seg.start, seg.family) is not None


def _lost_mark(repair: str, original: str, seg: Segment) -> bool:
    """Is the reading one General Punctuation mark whose first two bytes the decoder showed as
    one char (E2 80 as 鈥) and whose last it lost? Between digits (1–2, 第 3–5 页) the model,  (mojibake: ignore)
    which rarely saw such a mark there, prices it as garbage; but those pairs are rare chars of
    real text, and the typographic rules, not the model, chose the mark."""
    if len(repair) != 1 or not is_punctuation((repair,)) or seg.family is not GBK:
        return False
    head = original[:1].encode("gb18030", errors="ignore")
    return len(head) == 2 and head == repair.encode("utf-8")[:2] and all(not ch.isalnum() for ch in original[1:])


def _shown(original: str) -> int:
    """The chars of mojibake ``original`` shows: non-ASCII, not a decoder's marker (counted in
    C: the whole text's count is asked for too)."""
    return len(original) - len(original.encode("ascii", "ignore")) - original.count(REPLACEMENT)


def _beyond_core(original: str, family: Family) -> int:
    """The chars ``original`` shows outside the family's core, where real text seldom goes and
    mojibake does."""
    table = char_table(family)
    return sum(ch in table and not family.core(table[ch][0]) for ch in original)


DENSE_SHOWN = 4
"""Chars outside its core (``_beyond_core``) a family's segments must show for the text to be dense
in its mojibake (or two, and half of the text's chars: a short line of it): only then are its
markers priced as the garbage they are in real text, and its segments of markers alone read."""


def _judge(
    seg: Segment, choice: Choice, text: str, seg_spans: list[tuple[int, int]], dense: bool = True
) -> list[Piece] | None:
    """The findings a segment's chosen decoding makes, or None when the original reads better.

    The repair must beat the original under the model by a margin that grows with the bytes
    it had to guess; guessed repairs must also read as real text; Latin context helps repairs
    that read as Latin text. A mojibake segment with doubtful inferred chars is split around them.
    ``dense``: the text holds much of this family's mojibake (``DENSE_SHOWN``); if not, the
    original's U+FFFD markers are not priced.
    """
    repair = choice.repair
    original = text[seg.start : seg.end]
    if repair == original or (repair and all(unicodedata.category(c) == "Cf" for c in repair)):
        return None  # (an invisible soft hyphen or joiner for a CJK char says nothing: 미얀마 짯)
    left = text[seg.start - 1] if seg.start > 0 else ""
    right = text[seg.end] if seg.end < len(text) else ""
    lost = sum(u.lost for u in seg.units)
    report_only = bool(lost) and not seg.family.lossy
    repair_cost = model.cost(repair, left, right)
    if (
        (seg.family is not GBK or lost)
        and repair_cost > PLAUSIBLE_BITS * (len(repair) + 1)
        and not _an_indent(repair, text, seg)
        and not (latin_ish(repair) and _latin_context(text, seg, seg_spans))
        and not _lost_mark(repair, original, seg)
        and not _number_sign(repair, text, seg)
    ):
        return None  # garbage either way: most likely another codec's mojibake
        # (a rare Latin symbol in a Latin line, 15∶30 or ŪGJRMV, is not garbage)
    # Few chars of this family's mojibake in the whole text: its markers say bytes were lost,
    # in mojibake or in real text alike (程�序, 文件���。 of a scraped page), so a reading must  # mojibake: ignore
    # beat the text around them, not the markers' price.
    priced = original if dense else original.replace(REPLACEMENT, "")
    margin = model.cost(priced, left, right) - repair_cost
    margin -= SWITCH_BITS + LOST_BITS * lost
    if margin <= 0:
        n_cjk = len(CJK.findall(original))
        if (
            margin + LATIN_CONTEXT_BITS * n_cjk > 0
            and latin_ish(repair)
            and (n_cjk < 2 or not reads_as_real(original))
            and (_latin_context(text, seg, seg_spans) or _lost_mark(repair, original, seg))
        ):
            margin += LATIN_CONTEXT_BITS * n_cjk
    margin -= _lone_letter_bits(repair, original, text, seg, seg_spans) + _mixed_script_bits(repair) + _after_number_bits(repair, text, seg)
    if margin <= 0 and repair == "©" and YEAR.match(text, seg.end):
        margin += YEAR_BITS  # © 2024 某某公司: a page footer, whatever the script around it
    if margin <= 0 and (bits := _number_sign(repair, text, seg)):
        margin += bits
    if margin <= 0:
        return None
    decided = _confidence(margin)
    if report_only:
        # This codec's guesses are unreliable (EUC-JP): the span is mojibake, but it is reported
        # as it is, never "repaired" into a guess.
        return [(seg.start, seg.end, original, lost, decided, ())] if decided >= DEFAULT_THRESHOLD else None
    pieces = _pieces(seg, choice, decided, text) if choice.min_p < DEFAULT_THRESHOLD <= decided else None
    if pieces is None:
        confidence = min(decided, choice.min_p)
        pieces = [(seg.start, seg.end, repair, lost, confidence, choice.all_inferences)]
    return pieces


def _findings(text: str, seg: Segment, pieces: list[Piece]) -> list[Finding]:
    """Findings of a segment's pieces (a piece whose repair is its own text is report-only)."""
    path = path_name(seg.family, seg.codecs)
    return [
        Finding(
            start=start,
            end=end,
            text=text[start:end],
            repair=fixed,
            path=path,
            lost=lost,
            confidence=round(confidence, 4),
            inferred=inferred,
            note=REPORT_ONLY_NOTE if fixed == text[start:end] else "",
        )
        for start, end, fixed, lost, confidence, inferred in pieces
    ]


REPORT_ONLY_NOTE = "bytes were lost, and this codec's guesses at them are unreliable: reported, not repaired"


def _lossless_parts(seg: Segment) -> list[Segment]:
    """Maximal stretches of a lossy segment's units that decoded exactly, less the unit next to
    each lost one (where a misplaced gap would misalign the bytes), on char boundaries, with
    at least two non-ASCII chars."""
    units = seg.units
    exact = [u.lost == 0 and len(u.candidates) == 1 for u in units]
    parts: list[Segment] = []
    i = 0
    while i < len(units):
        if not exact[i]:
            i += 1
            continue
        j = i
        while j < len(units) and exact[j]:
            j += 1
        lo, hi = (i + 1 if i > 0 else i), (j - 1 if j < len(units) else j)
        while lo < hi and units[lo].start < 0:
            lo += 1
        while hi > lo and units[hi - 1].end < 0:
            hi -= 1
        run = units[lo:hi]
        if sum(1 for u in run if u.candidates[0] >= "\x80") >= 2:
            parts.append(Segment(run[0].start, run[-1].end, tuple(run), seg.codecs, seg.family))
        i = j
    return parts


def _exact_choice(seg: Segment) -> Choice:
    """The decoding of a segment whose every unit decoded exactly."""
    if seg.decoded:
        return Choice((seg.decoded,), (None,), "")
    return Choice(tuple(u.candidates[0] for u in seg.units), (None,) * len(seg.units), "")


def _exact_run(text: str, start: int, end: int, family: Family) -> Segment | None:
    """The run as one segment when its bytes decode as UTF-8 with nothing lost (the common
    lossless case, decoded in C), else None and the run is parsed unit by unit."""
    table = char_table(family)
    try:
        pairs = [table[ch] for ch in text[start:end]]
        decoded = b"".join(b for b, _ in pairs).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None  # a lost-byte marker, or bytes that do not line up
    if decoded.isascii() or len(decoded) > MAX_UNITS:
        return None
    return Segment(start, end, (), frozenset(c for _, c in pairs), family, decoded)
