"""Precision in real CJK text: which readings of a decoder are strays of real text, not mojibake.

A decoder that turned a text into mojibake turned all of it; a one-char reading amid real
Chinese (a table of character forms, a label's value, a rare char beside common ones) is chance.
``detect`` hands its findings here to have such strays demoted below the apply threshold
(reported, not applied); ``repair`` asks which lines its first pass settled as real text and
whether a text reads as mojibake at all.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from . import model
from .chars import CJK, CJK_LETTER, ONE_LETTER_WORDS, TAG, YEAR, latin_char
from .codecs import FAMILIES, QUESTION
from .finding import DEFAULT_THRESHOLD, Finding, applies

STRAY_REAL_MIN = 20


STRAY_RATIO = 4
"""A text reads as real CJK when at least STRAY_REAL_MIN of its CJK chars, and STRAY_RATIO times
those its applied readings replace, are in no reading at all (``strays_demoted``)."""


REAL_CHAR_BITS = 15.0
"""Unigram cost under which a Han char counts as a common char of real text (about the 3,000
commonest)."""


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


RARE_HAN_WEIGHT = 0.5
"""Weight of a rare Han char in no finding: a table of variant forms is real text of rare chars."""


STRAY_CONFIDENCE = 0.3
"""Confidence left to a stray one-char reading (``strays_demoted``): reported, not applied."""


_ENGLISH_LIKE_WORD = re.compile("(?<![0-9A-Za-z])[A-Za-z]{4,}(?![0-9A-Za-z])")
"""A word of Latin letters standing alone (Envelope; not the FBD of 0x2FBD, nor a tag like nrt
of a word list)."""


def strays_demoted(text: str, found: list[Finding]) -> list[Finding]:
    """``found`` with its strays below the apply threshold, in a text of real CJK (see
    ``reads_as_mojibake``): readings of one CJK char into one other char (``_stray_reading``:
    a lossy 嚥 -> 激, 勻 -> в, 婁 -> ¦, 竊 -> ：) on a line with a CJK char no applied reading  (mojibake: ignore)
    takes, or with no Latin word, and no applied reading but strays; and short readings between
    two real CJK letters (``_embedded``). A decoder that turned CJK into mojibake turned all of
    the text's: such a reading is chance, a real char of a table of forms (``"勻": "匀",``);  (mojibake: ignore)
    a lone 脳 on a line of Latin words (9脳12 Envelope) is the × of a mojibake line."""  # mojibake: ignore
    lone = _lone_strays(text, [f for f in found if f.confidence >= DEFAULT_THRESHOLD])  # reported too: check lists them
    if lone:  # a decoder's one common char is chance, in any text
        found = _demoted(found, lone, LONE_NOTE)
    applied = _applied(found)  # sorted, apart
    strays = {id(f) for f in applied if _stray_reading(text, f)}
    embedded = {
        id(f)
        for k, f in enumerate(applied)
        if _embedded(text, f, applied[k - 1] if k else None, applied[k + 1] if k + 1 < len(applied) else None)
    }
    if not (strays or embedded):
        return found
    if reads_as_mojibake(text, found):
        return found  # the text is mojibake (its lone chars too: a table of pinyin 'ń'), or too short to say
    demoted: set[int] = set(embedded)
    i = 0
    while i < len(applied):
        f = applied[i]
        a = text.rfind("\n", 0, f.start) + 1
        b = text.find("\n", f.end)
        b = len(text) if b < 0 else b
        j = i + 1
        while j < len(applied) and applied[j].start < b:
            j += 1
        line, i = applied[i:j], j
        if not all(id(g) in strays or id(g) in embedded for g in line):
            continue
        real_here = len(CJK.findall(text, a, b)) > sum(len(CJK.findall(text, g.start, g.end)) for g in line)
        cjk_only = all(CJK.match(g.repair) for g in line)  # 雍 -> 輯: no Latin line's mojibake either  # mojibake: ignore
        if real_here or cjk_only or not _ENGLISH_LIKE_WORD.search(TAG.sub(" ", text[a:b])):
            demoted.update(id(g) for g in line)
    if not demoted:
        return found
    return _demoted(found, demoted, "one char read alone on a line of real CJK text: left as it is")


LONE_COMMON_BITS = 21.0
"""A char that costs less than this many bits in the model (common Traditional chars cost 16 to
20.5; the GBK mojibake of a dash or quote 25.2) is common enough in real text that, read alone,
it is no mojibake (``_lone_strays``)."""


def _lone_strays(text: str, reported: list[Finding]) -> set[int]:
    """The ids of the readings of each decoder whose reported readings in the text are all lone
    (``_lone_reading``): one char is all each rests on, and a common char of real text is as
    likely (3 簽 is no 3 ñ); two such cells of a table are no more (Status: 默 above 3楼), and a  (mojibake: ignore)
    cp1252 line above makes none of them mojibake. A decoder that made a page's mojibake made
    longer readings too, which carry its lone ones."""
    by_family: dict[str, list[Finding]] = {}
    for f in reported:
        by_family.setdefault(_family_key(f.path), []).append(f)
    scripts = functools.cache(lambda: _name_scripts(text))  # once per text, and only if a field asks
    return {id(f) for fs in by_family.values() if all(_lone_reading(text, f, scripts) for f in fs) for f in fs}


def _name_scripts(text: str) -> frozenset[str]:
    """The scripts by name (a Unicode name's first word) of the non-ASCII chars of ``text``."""
    return frozenset(unicodedata.name(c, "").split(" ", 1)[0] for c in set(text) if c > "\x7f")


def _doubled_letter(text: str, f: Finding) -> bool:
    """Does ``f`` read one CJK char twice, standing alone, as one non-CJK letter twice (two alphas,
    two a-umlauts)? A doubled char is a reduplicated word of real text; no word is one letter
    twice, but words hold one (Estonian Lääne, Vietnamese côông)."""
    t, r = f.text, f.repair
    if not (len(t) == len(r) == 2 and t[0] == t[1] and r[0] == r[1] and r[0].isalpha() and CJK.match(t) and not CJK.match(r)):
        return False
    return not (text[f.start - 1 : f.start].isalpha() or text[f.end : f.end + 1].isalpha())


def _no_word_letter(text: str, f: Finding) -> bool:
    """Is ``f``'s repair a Latin letter (not º or ª) filling a field alone: a table cell or a
    label's value (Item,Ĭ,3; Status: Ĭ), not a letter a sentence names (Swap i and ı)?"""  # mojibake: ignore
    ch = f.repair
    if ch in "ºª" or not ch.isalpha() or not (ch <= "\xff" or unicodedata.name(ch, "").startswith("LATIN ")):
        return False  # (one-letter words fill no field either: Name,旦,3 is no Name,ö,3)  (mojibake: ignore)
    return _fills_field(text, f)


FIELD_SYMBOLS = frozenset("£¥¢€$§©®°²³¹½¼¾·×«»•–—…™✓✔")
"""Non-letters that fill a table cell or a label's value alone in real text (a price's sign, a
degree, a check mark, Japanese tables' ×), which ``_alien_in_field`` leaves to the model; not ÷
nor ±, which stand between numbers (Name,梅,3 is no Name,÷,3).  (mojibake: ignore)"""


def _alien_in_field(text: str, f: Finding, scripts: Callable[[], frozenset[str]]) -> bool:
    """Is ``f``'s repair a char of no Latin letter nor FIELD_SYMBOLS, filling a field alone, of a
    script (a Unicode name's first word) no char of the text has (``scripts``: the text's; the
    CJK char ``f`` reads is of none such): Name,卢,3 is no Name,¬,3,  (mojibake: ignore)
    Name,凌,3 no Name,ο,3 (a page of Greek would hold other Greek), Total: 3壮 no 3׳.  (mojibake: ignore)"""
    ch = f.repair
    if len(ch) != 1 or ch.isascii() or ch in FIELD_SYMBOLS or CJK.match(ch):
        return False
    script = unicodedata.name(ch, "").split(" ", 1)[0]
    if script in ("", "LATIN") or not _fills_field(text, f):
        return False
    return script not in scripts()


def _fills_field(text: str, f: Finding) -> bool:
    """Does ``f`` stand alone between field edges (or the text's ends), spaces aside?"""
    before = text[max(0, f.start - 8) : f.start].rstrip(" ")
    after = text[f.end : f.end + 8].lstrip(" ")
    return (not before or before[-1] in _FIELD_EDGE) and (not after or after[0] in _FIELD_EDGE)


_UNIT_AFTER_NUMBER = re.compile("[0-9] ?[\u03a9\u03ac-\u03ce\u0400-\u04ff](?![^\\W\\d_])")
"""A Cyrillic letter, a small Greek one or Ω after a digit (a space between or not), ending a
word: a unit (3 м, 1 λ., 10 Ω); not a capital Τ, which only looks like a Latin T."""


_BETWEEN_NUMBERS = re.compile("[0-9] ?[×÷±] ?[0-9]")
"""An operator between two digits (3 × 5, 2±1)."""


_FIELD_EDGE = frozenset(":,;|\t=\n\r")
"""Chars that end a field or a label (before a value) or a table cell (after it)."""


def _the_only_letter(text: str, f: Finding) -> bool:
    """Is ``f``'s repair a letter of an alphabet, no one-letter word, and the text's only letter
    (a bare 巽 read as ç: no reading of a letter with no word around it says more than the char  (mojibake: ignore)
    it came from, rare or not)? Not a CJK char: 12.5天, 5月, 11월 are whole short texts."""  # mojibake: ignore
    ch = f.repair
    if not ch.isalpha() or ch in ONE_LETTER_WORDS or CJK.match(ch):
        return False
    return not any(c.isalpha() for c in itertools.chain(text[: f.start], text[f.end :]))


def _as_read(text: str, f: Finding, after: int) -> str:
    """The two chars before ``f``, its repair, and ``after`` chars after it: its neighbourhood as read."""
    return text[max(0, f.start - 2) : f.start] + f.repair + text[f.end : f.end + after]


def _lone_reading(text: str, f: Finding, scripts: Callable[[], frozenset[str]]) -> bool:
    """Is ``f``, read alone, too little to rest on (``scripts``: the text's): a doubled letter;
    a one-char stray that is a Latin letter of no word or an alien filling a field, ¥ or £ after
    a digit, or a common char (or the text's only letter) read as CJK or on a line with no Latin
    word? Not a no-break space in a number, a letter after a word's apostrophe, a Cyrillic or
    Greek unit after a number, an operator between numbers."""
    if _doubled_letter(text, f):
        return True
    if f.end - f.start != 1 or not _stray_reading(text, f):
        return False  # two chars read as one emoji losslessly are a reading, no chance
    if f.repair == "\xa0" and not (CJK_LETTER.match(text, f.start - 1) if f.start else False) and not CJK_LETTER.match(text, f.end):
        return False  # a no-break space in a number or before a mark: 1聽234 MB, 3聽%  (mojibake: ignore)
    if text[f.start - 1 : f.start] in ("'", "’") and text[f.start - 2 : f.start - 1].isalpha():
        return False  # a letter after a word's apostrophe: zo'茅 is zo'é  (mojibake: ignore)
    if _UNIT_AFTER_NUMBER.search(_as_read(text, f, 1)):
        return False  # a Cyrillic or Greek unit after a number: 3 м, 1 λ. (CLDR's short units)
    if _no_word_letter(text, f) or _alien_in_field(text, f, scripts):
        return True
    if f.repair in "¥£" and text[f.start - 1 : f.start].isdigit():
        return True  # a sign written before the number, read after one: Room 301, 3楼 (third floor)  (mojibake: ignore)
    if f.repair in "×÷±" and _BETWEEN_NUMBERS.search(_as_read(text, f, 2)):
        return False  # 3 × 5 cm: an operator between numbers is the page's own
    if f.lost and CJK_LETTER.match(f.repair) and not text.replace(f.text, "", 1).strip():
        return True  # the text's one char, read as another CJK letter by a guess at a lost byte: 貅 is no 源  (mojibake: ignore)
    if model.char_cost(f.text) >= LONE_COMMON_BITS and not _the_only_letter(text, f):
        return False  # a rare char, as the marks' and symbols' mojibake is
    if CJK.match(f.repair):
        return True
    a = text.rfind("\n", 0, f.start) + 1
    b = text.find("\n", f.end)
    return not _ENGLISH_LIKE_WORD.search(TAG.sub(" ", text[a : len(text) if b < 0 else b]))


def _applied(found: list[Finding]) -> list[Finding]:
    """The findings ``repair`` applies at the default threshold (``finding.applies``)."""
    return [f for f in found if applies(f)]


def _demoted(found: list[Finding], ids: set[int], note: str) -> list[Finding]:
    """``found`` with the findings whose ``id`` is in ``ids`` set to STRAY_CONFIDENCE (reported,
    not applied), ``note`` saying why unless they have one."""
    return [replace(f, confidence=min(f.confidence, STRAY_CONFIDENCE), note=f.note or note) if id(f) in ids else f for f in found]


SILENT_REAL_MIN = 1.0
"""Weight of real Han (``_real_weight``) outside the findings that makes a text's only readings,
lone chars whose lost byte left no mark, chance (``silent_strays_demoted``): one common char
(子 of 子鑰), or two rare ones; GBK mojibake is made of rare chars."""  # mojibake: ignore


def silent_strays_demoted(text: str, found: list[Finding]) -> list[Finding]:
    """``found`` with its silent strays below the apply threshold (readings of one CJK char as
    another with a byte the decoder dropped without a trace: no U+FFFD; a ``?`` after it may be
    the text's own question mark) where the text holds real Han besides and their decoder reads
    nothing else in it, or their line holds real Han of its own: a rare char of real text (子鑰 of  (mojibake: ignore)
    gnupg, 马京达瑙 of a place name) is all such a reading rests on, and a decoder that turned text  (mojibake: ignore)
    into mojibake would have turned the rest too. Texts too short for ``strays_demoted``."""
    applied = _applied(found)
    if not applied or not any(_silent_stray(f) for f in applied):
        return found
    out: set[int] = set()
    # The strays of a decoder that reads nothing else in the text (all of them on a page with no
    # other mojibake; under a cp1252 line, the GBK ones: 很弱 is no 很少) rest on themselves alone.  # mojibake: ignore
    read = _read_beyond_strays(applied)
    alone = [f for f in applied if _unread_stray(f, read)]
    if alone and _real_outside(text, found) >= SILENT_REAL_MIN:
        out.update(id(f) for f in alone)
    # A page that also holds mojibake elsewhere: a line whose only readings are such strays,
    # amid real Han of its own, is real text all the same (马京达瑙 under a mojibake title).  # mojibake: ignore
    for a, group in itertools.groupby(applied, key=lambda f: text.rfind("\n", 0, f.start) + 1):  # by line start
        line = list(group)
        if all(_silent_stray(f) for f in line) and _real_line(text, a, found) >= SILENT_LINE_MIN:
            out.update(id(f) for f in line)
    return _demoted(found, out, SILENT_NOTE) if out else found


SILENT_NOTE = "one rare char read as a lost byte's char in real CJK text: left as it is"


LONE_NOTE = "one char read alone, its decoder's only reading in the text: left as it is"


def _family_key(path: str) -> str:
    """The codec family a finding's path read it through (``utf-8 as gb18030`` -> gbk; a pair
    family's cp932 is its base's), or the path itself for the single-byte ones."""
    codec = path.rsplit(" as ", 1)[-1].split(" ", 1)[0]
    return next((f.name for f in FAMILIES if codec in f.codecs), path)


def _read_beyond_strays(found: list[Finding]) -> frozenset[str]:
    """The codec families of the applicable findings of ``found`` that are no silent strays: the
    decoders that read more of the text than one char here and there."""
    return frozenset(_family_key(f.path) for f in found if applies(f) and not _silent_stray(f))


def _unread_stray(f: Finding, read: frozenset[str]) -> bool:
    """Is ``f`` a silent stray (``_silent_stray``) of a decoder that ``read`` does not hold?"""
    return _silent_stray(f) and _family_key(f.path) not in read


def settled_lines(text: str, found: list[Finding]) -> frozenset[str]:
    """The lines of ``text`` whose findings ``silent_strays_demoted`` set aside, all of them (or
    left below the threshold, strays of a decoder that read nothing else in the text): a
    repair's later passes, which set aside no stray (the text held mojibake), leave such a line
    as the first pass judged it while it is unchanged (马京达瑙 under a repaired title)."""  # mojibake: ignore
    read = _read_beyond_strays(found)
    lines: dict[int, bool] = {}  # line start -> all its findings set aside so
    left: dict[int, bool] = {}  # line start -> some finding only left below the threshold
    for f in found:
        a = text.rfind("\n", 0, f.start) + 1
        # or left below the threshold, a stray of a decoder that read nothing else (北拉瑙)  # mojibake: ignore
        demoted = f.note in (SILENT_NOTE, LONE_NOTE)
        aside = demoted or _unread_stray(f, read)
        lines[a] = lines.get(a, True) and aside and not applies(f)
        left[a] = left.get(a, False) or not demoted
    return frozenset(
        line_at(text, a)
        for a, settled in lines.items()
        if settled and (not left[a] or _real_line(text, a, found) >= SILENT_LINE_MIN)
    )


def read_families(found: list[Finding]) -> frozenset[str]:
    """The codec families of the findings among ``found`` that apply."""
    return frozenset(_family_key(f.path) for f in found if applies(f))


def without_unread_strays(found: list[Finding], read: frozenset[str], exact: list[tuple[int, int]]) -> list[Finding]:
    """``found`` less the silent strays (``_silent_stray``) of a decoder that ``read``, the
    families of a repair's first pass, does not hold, inside ``exact``, the spans of its repairs
    that lost no byte: its later passes set aside no stray, and a line the first pass repaired
    exactly (寰堝急 as 很弱) was read again as EUC-KR (很少)."""  # mojibake: ignore
    return [
        f
        for f in found
        if not (_unread_stray(f, read) and any(a <= f.start and f.end <= b for a, b in exact))
    ]


def _real_line(text: str, a: int, found: list[Finding]) -> float:
    """Real Han weight of the line starting at ``a``, outside the findings on it: what makes its
    strays chance (``silent_strays_demoted``), and a line only left below the threshold
    settled (``settled_lines``: it reads as real text, not as mojibake whose other readings
    fell short; repair must give the same text when run again)."""
    b = text.find("\n", a)
    b = len(text) if b < 0 else b
    near = [replace(f, start=f.start - a, end=f.end - a) for f in found if a <= f.start < b]
    return _real_outside(text[a:b], near)


def line_at(text: str, pos: int) -> str:
    """The line of ``text`` that holds offset ``pos`` (without its line feed)."""
    a, b = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    return text[a : len(text) if b < 0 else b]


SILENT_LINE_MIN = 2.0
"""Real Han weight a line needs beside its silent strays for them to be set aside while other
lines of the text hold mojibake (two common chars: a name of four, 马京达瑙)."""  # mojibake: ignore


def _silent_stray(f: Finding) -> bool:
    """Does ``f`` read one CJK char as one other char with lost bytes, no U+FFFD marking the
    loss, and at most a ``?`` after the char (子鑰? of a Chinese question: a question mark)?"""  # mojibake: ignore
    n = f.end - f.start
    return (n == 1 or (n == 2 and f.text[1] == QUESTION)) and f.lost > 0 and len(f.repair) == 1 and bool(CJK.match(f.text))


STRAY_EMBEDDED_MAX = 8


STRAY_ATTACHED_MAX = 4
"""Longest reading set aside between two real CJK letters, and beside one (``_embedded``)."""


def _embedded(text: str, f: Finding, prev: Finding | None, nxt: Finding | None) -> bool:
    """Is ``f`` a reading of at most STRAY_EMBEDDED_MAX chars between two CJK letters (Han, kana,
    Hangul; not brackets, which do hold mojibake in real text), or of at most STRAY_ATTACHED_MAX
    chars beside one, that no applied reading takes (``prev`` and ``nxt``: the applied readings
    next to it)? In a list of characters, 誯[鐮瞭]颳 reads  # mojibake: ignore
    as 砲t, and in a word list 于[蜀郡] as 于册S; but a decoder turns a whole run of CJK into  # mojibake: ignore
    mojibake, never a few chars of it."""  # mojibake: ignore
    n = f.end - f.start
    if n > STRAY_EMBEDDED_MAX:
        return False
    before = f.start > 0 and bool(CJK_LETTER.match(text, f.start - 1))
    after = bool(CJK_LETTER.match(text, f.end))
    if not ((before and after) or ((before or after) and n <= STRAY_ATTACHED_MAX)):
        return False
    return not ((before and prev is not None and prev.end >= f.start) or (after and nxt is not None and nxt.start <= f.end))


def _real_weight(han: list[str]) -> float:
    """How much these Han chars say the text is real: 1 for a common one (REAL_CHAR_BITS), RARE_HAN_WEIGHT for a rare one."""
    common = sum(1 for ch in han if model.char_cost(ch) < REAL_CHAR_BITS)
    return common + RARE_HAN_WEIGHT * (len(han) - common)


def reads_as_mojibake(text: str, found: list[Finding]) -> bool:
    """Do ``text``'s findings say it is mojibake: its Han chars in no finding weigh (a common one
    1, a rare one RARE_HAN_WEIGHT) less than STRAY_REAL_MIN, or less than STRAY_RATIO times the
    CJK chars its applicable findings replace? Mojibake a path could not repair is mostly rare
    Han (蝯 霅 嚗 of UTF-8 read as Big5) and kana or Hangul (GBK rows A4 A5, EUC-KR's B0-C8),  # mojibake: ignore
    which do not count."""
    inside = sum(len(CJK.findall(text, f.start, f.end)) for f in _applied(found))
    real = _real_outside(text, found)
    return real < STRAY_REAL_MIN or real < STRAY_RATIO * inside


def _real_outside(text: str, found: list[Finding]) -> float:
    """Weight of the Han chars of ``text`` in none of ``found`` (sorted): a common one 1, a rare
    one RARE_HAN_WEIGHT (``_real_weight``)."""
    pos, real = 0, 0.0
    for f in found:
        real += _real_weight(_HAN.findall(text, pos, f.start))
        pos = max(pos, f.end)
    return real + _real_weight(_HAN.findall(text, pos))


STRAY_RUN_MAX = 4


_HAN_RUN = re.compile("[\u3400-\u9fff]+")


def _stray_reading(text: str, f: Finding) -> bool:
    """Does ``f``, with no Latin letter on either side (caf茅 is café), turn one CJK char into  # mojibake: ignore
    one non-ASCII char (a letter 嚥 -> 激, 勻 -> в; a sign 婁 -> ¦; a mark 鈥 -> —; U+FFFD), or  # mojibake: ignore
    a run of 2 to STRAY_RUN_MAX Han chars into text with no Han in it or with an ASCII char
    (仆仆亟 -> ннд, 秃尾 -> ͺβ, 陟降 -> 蠍~)?  # mojibake: ignore
    (A short run read as other Han, 寮犱笁 -> 张三, is no stray: a mojibake name in a page.)"""  # mojibake: ignore
    n = f.end - f.start
    if n == 1:
        ch = f.repair
        if len(ch) != 1 or not CJK.match(text, f.start) or ch.isascii():
            return False
        if ch == "©" and YEAR.match(text, f.end):
            return False  # © 2024: a page footer's sign, whatever the page around it
    elif n > STRAY_RUN_MAX or not _HAN_RUN.fullmatch(text, f.start, f.end):
        return False
    elif _HAN_RUN.search(f.repair) and not any(c.isascii() for c in f.repair):
        return False  # read as other Han only: 寮犱笁 -> 张三 may be a mojibake name  # mojibake: ignore
    return not (_latin_letter(text[f.start - 1 : f.start]) or _latin_letter(text[f.end : f.end + 1]))


def _latin_letter(ch: str) -> bool:
    """Is ``ch`` a letter of the Latin script (ASCII or not)?"""
    return ch.isalpha() and (ch.isascii() or latin_char(ch))
