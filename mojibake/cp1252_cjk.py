"""Windows-1252 text read as GBK or cp949: Western punctuation and accents turned into rare hanzi
or hangul.

cp1252 writes ’ as 92, “ as 93, — as 97, é as E9. A double-byte decoder takes each such byte as a
lead and the byte after it as its trail, so ``it’s`` shows as ``it抯`` (GBK) or ``It뭩`` (cp949,  # mojibake: ignore
Korean Windows), ``“We`` as ``揥e`` (the letter swallowed into the char), and a lead before a  # mojibake: ignore
space, digit, line end or another byte no trail can be is lost (``great” day`` -> ``great� day``;
``errors="ignore"`` drops it unseen). Mirrors of English pages on Chinese and Korean sites are
full of it; ftfy, and the UTF-8 readers of ``detect``, leave it (92 73 is no UTF-8). Shift_JIS
makes the same shapes (``It痴``), but of common kanji that the caller's scan does not flag, so  # mojibake: ignore
reading it would cost every clean text a look: not done.

A line is read only when all of its non-ASCII chars are such pairs (or U+FFFD), and a pair only
where a mark's shape proves it (a contraction's apostrophe, a quote opening a word ...) or the
line's reading costs the model far fewer bits. Real text is made of chars of two high bytes
(GB2312, KS X 1001 hangul), which the Latin-1 accents give only side by side:
such pairs are left out, and a line of the others alone (Traditional Chinese) reads as Latin-1
garbage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

from . import model
from .ascii import CONTEXT_CHARS
from .chars import LATIN_WORD
from .finding import Finding, Inference
from .infer import CONTRACTION, Conventions, conventions, punctuation_guess

NO_CONVENTIONS = conventions("")

CODECS = {"gbk": "gbk", "cp949": "cp949"}
"""Decoder tables read -> the name of their path."""

NOTE = "a cp1252 byte that made no pair with the next byte was lost; the mark is inferred from context"

LOST_MARKS = tuple(bytes([b]).decode("cp1252") for b in (0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x85, 0x95, 0x84, 0x82, 0x8B, 0x9B))
"""The General Punctuation marks of cp1252 a lost byte most likely was (the typographic rules rank them)."""

GAIN_BITS = 15.0
"""Bits per pair that a line's reading must save over the line as shown, where no mark's shape
proves the pair (true ones save 22-28: Mémo, Pokémon, 5\xa0MB)."""

def _cp1252(b: int) -> str | None:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return None


@cache
def pair_readings(codec: str = "gbk") -> dict[str, str]:
    """Two-byte char of ``codec`` -> its two cp1252 chars, for every pair a cp1252 text makes: a
    mark's lead (80-9F) with any trail, or an accent's (A0-FE) with an ASCII trail or a mark's. A
    Latin-1 byte followed by another (A1-FE twice) is left out: that is where GB2312 and KS X 1001
    hangul, real Chinese and Korean, live."""
    out: dict[str, str] = {}
    for lead in range(0x81, 0xFF):
        a = _cp1252(lead)
        if a is None:
            continue
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFF)]:
            if lead >= 0xA0 and trail >= 0xA0:
                continue
            b = _cp1252(trail)
            if b is None:
                continue
            try:
                ch = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out[ch] = a + b
    for byte in range(0xA0, 0x100):  # Shift_JIS's single bytes: half-width katakana (× as ﾗ), cp932's A0 (NBSP as U+F8F0)
        a = _cp1252(byte)
        try:
            ch = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue
        if a is not None and len(ch) == 1 and ch != a and not ch.isascii():
            out[ch] = a
    return out


def _escaped(codec: str) -> str:
    """The chars of ``pair_readings(codec)``, escaped for a regex char class."""
    return "".join(re.escape(ch) for ch in sorted(pair_readings(codec)))


@cache
def _candidate_line(codec: str) -> re.Pattern[str]:
    """A line whose non-ASCII chars are all pairs, U+FFFD or € (cp936 reads 80 as €, rightly):
    the lines cp1252 text read as ``codec`` makes. Real Chinese lines fail at their first GB2312 char."""
    return re.compile(f"[\\x00-\\x09\\x0b-\\x7f\\ufffd€{_escaped(codec)}]*")


@cache
def _glued(codec: str) -> re.Pattern[str]:
    """A pair glued to an ASCII letter or digit (it抯, 揥e, 5燤B): every text with a proven pair  # mojibake: ignore
    holds one, and real Traditional Chinese, made of the same chars, seldom does."""
    return re.compile(f"[{_escaped(codec)}](?:(?=[A-Za-z0-9])|(?<=[A-Za-z0-9].))")  # the class first: a fast scan


def _candidate_lines(text: str, codec: str, find: Callable[[str, int], re.Match[str] | None]) -> list[tuple[int, str]]:
    """(start, line) of each line of ``text`` where ``find`` finds something and that holds nothing
    beyond ASCII but pairs, U+FFFD and € (C-speed scans; a line is looked at once)."""
    out: list[tuple[int, str]] = []
    fits = _candidate_line(codec).fullmatch
    pos = 0
    while (m := find(text, pos)) is not None:
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        b = len(text) if b < 0 else b
        if fits(text, a, b):
            out.append((a, text[a:b]))
        pos = b + 1
    return out


_WORD_END = re.compile(r"(?<![%\\A-Za-z])[A-Za-z]+\Z")
_CLOSED_LATER = re.compile("[^\n\ufffd]{0,80}?[A-Za-z0-9.,!?)]\ufffd")
"""A lost byte after a word later on the line: the quote an opener opened closed there (the
closer before a space or a line end is always lost)."""
_NUMBER_END = re.compile(r"(?:[0-9]|%[-+ #0-9.]*[a-z])\Z")
_OPENERS = frozenset("‘“„")


def _is_evidence(reading: str, before: str, after: str) -> bool:
    """Does a pair stand where only its mark stands? An apostrophe between a word and a
    contraction's end (it抯: it + ’s), an opener starting a word after a space or line start  # mojibake: ignore
    whose quote closes later on the line (揥e ...�: “We ...”), a dash joining two words  # mojibake: ignore
    (which梐s: which—as), an ellipsis closing a bracket ([OPTION匽), a no-break space between a  # mojibake: ignore
    number and its unit (5燤B). What follows the pair is ASCII (or the end): a real CJK char  # mojibake: ignore
    after it (v2爍個) is no such place."""  # mojibake: ignore
    if len(reading) < 2:
        return False  # a single byte (Shift_JIS's ﾗ for ×) swallowed nothing: no shape  # mojibake: ignore
    mark, trail = reading[0], reading[1]
    if not trail.isascii() or not (after[:1].isascii() or after[:1] == "\ufffd"):
        return False  # the swallowed char is the shape: a second cp1252 char proves nothing (動: „Ó)  # mojibake: ignore
    word_before = _WORD_END.search(before) is not None  # (%d of a placeholder is no word: %d條)  # mojibake: ignore
    if mark == "’" and word_before and CONTRACTION.match(trail + after):
        return True
    if mark in "—–" and word_before and trail.isalpha() and after[:1].isalpha():
        return True
    if mark == "…" and before[-1:].isalnum() and trail in "]})":
        return True  # [OPTION…], \x{…}
    if mark == "\xa0" and _NUMBER_END.search(before) and trail.isalpha() and (trail.isupper() or after[:1].isalpha()):
        return True  # 5 MB, %.1f KiB: the no-break space before a unit (not 3爍, 3 q)  # mojibake: ignore
    if mark in _OPENERS and (trail.isalnum() or trail in "\\%$@#^_`~") and (not before or before[-1] in " \t\n(\"'["):
        return _CLOSED_LATER.match(after) is not None  # 凱Kevin, "損3": a hanzi, with no quote closing  # mojibake: ignore
    return False


_NON_ASCII = re.compile("[^\x00-\x7f]")
_LOST = re.compile("\ufffd")


def cp1252_as_cjk(text: str, near: Iterable[int] = ()) -> list[Finding]:
    """Findings for the lines of ``text`` that are cp1252 text read as GBK or cp949.

    ``near``: where the caller's scan found chars real text seldom holds. The pairs of both
    codecs are such chars (rare hanzi, hangul beyond KS X 1001), so only a text with one of
    them glued to an ASCII letter or digit is read: a look at a few chars, where a scan of the
    whole text would cost clean Chinese several per cent of its throughput."""
    if not any(_glued_at(text, p) for p in near):
        return []
    out: list[Finding] = []
    for codec, name in CODECS.items():
        if _glued(codec).search(text):
            out += _read_as(text, codec, f"cp1252 as {name}", _glued(codec).search)
    return out


@cache
def _any_pair() -> frozenset[str]:
    """The chars of every codec's ``pair_readings``."""
    return frozenset(ch for codec in CODECS for ch in pair_readings(codec))


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _glued_at(text: str, p: int) -> bool:
    """Is ``text[p]`` a pair char with an ASCII letter or digit right before or after it?"""
    return text[p] in _any_pair() and (
        (p > 0 and text[p - 1] in _ALNUM) or (p + 1 < len(text) and text[p + 1] in _ALNUM)
    )


def _read_as(text: str, codec: str, path: str, find: Callable[[str, int], re.Match[str] | None]) -> list[Finding]:
    """The findings of cp1252 read as ``codec`` (see the module), on the lines ``find`` finds
    something on (and, in a text with proof, those with a lost byte)."""
    pairs = pair_readings(codec)
    lines: list[tuple[int, str, list[tuple[int, str]], frozenset[int]]] = []
    for start, line in _candidate_lines(text, codec, find):
        tokens = [(t.start(), t.group()) for t in _NON_ASCII.finditer(line)]
        proven = frozenset(i for i, ch in tokens if ch in pairs and _is_evidence(pairs[ch], line[:i], line[i + 1 :]))
        if proven or (codec == "gbk" and LATIN_WORD.search(_NON_ASCII.sub(" ", line))):
            # Western text, by a mark's shape, or (GBK, whose pairs are rare hanzi) by a word
            lines.append((start, line, tokens, proven))
    evidence = any(proven for *_, proven in lines)
    read_lost = evidence and "\ufffd" in text  # lost bytes are read only in a text with proof
    if read_lost:  # the lines whose marks were all lost
        taken = {start for start, *_ in lines}
        for start, line in _candidate_lines(text, codec, _LOST.search):
            if start not in taken and LATIN_WORD.search(line):
                lines.append((start, line, [(t.start(), t.group()) for t in _NON_ASCII.finditer(line)], frozenset()))
        lines.sort(key=lambda rec: rec[0])
    if not lines:
        return []  # (real Chinese with a rare char: every line has a GB2312 one too)
    conv = conventions("".join(pairs.get(ch, ch) for ch in text).replace("\ufffd", "")) if read_lost else NO_CONVENTIONS
    out: list[Finding] = []  # (conv: the intact quotes, as read; wanted only for a lost byte)
    for start, line, tokens, proven in lines:
        out += _read_line(text, start, line, tokens, proven, evidence, pairs, conv, path)
    return out


def _read_line(
    text: str,
    start: int,
    line: str,
    tokens: list[tuple[int, str]],
    proven: frozenset[int],
    evidence: bool,
    pairs: dict[str, str],
    conv: Conventions,
    path: str,
) -> list[Finding]:
    """The findings of one line. Its pairs that no mark's shape proves must save GAIN_BITS each
    (no real line of the 873,715 non-ASCII msgstrs of /usr/share/locale saves any); its lost
    bytes are read only in a text with proof, by the typographic rules (U+FFFD and a mark cost
    the model alike)."""
    parts: list[str] = []
    found: list[Finding] = []
    pos = 0
    for i, ch in tokens:
        parts.append(line[pos:i])
        pos = i + 1
        if ch in pairs:
            read = pairs[ch]
            parts.append(read)
            found.append(Finding(start + i, start + i + 1, ch, read, path, confidence=0.9))
        elif ch == "\ufffd" and evidence:
            before = (text[max(0, start - CONTEXT_CHARS) : start] + "".join(parts))[-CONTEXT_CHARS:]
            after = "".join(pairs.get(c, c) for c in line[i + 1 : i + 200])
            ranked = _lost_char(before, after, conv)
            if ranked and ranked[0][1] >= 0.5:
                char, p = ranked[0]
                parts.append(char)
                found.append(
                    Finding(start + i, start + i + 1, ch, char, path, lost=1, confidence=round(min(0.9, p), 4),
                            inferred=(Inference(0, char, tuple(ranked[:5])),), note=NOTE)
                )
            else:
                parts.append(ch)
        else:
            parts.append(ch)  # € (cp936 reads 80 as it, rightly), or U+FFFD in a text without proof
    parts.append(line[pos:])
    unproven = [i for i, ch in tokens if ch in pairs and i not in proven]
    if not unproven and not proven:
        return found  # lost bytes alone, read in a text with proof
    cost = model.cost(line)
    if cost - model.cost("".join(pairs.get(c, c) for c in line)) >= GAIN_BITS * len(unproven):
        return found
    if proven and cost >= model.cost("".join(pairs[c] if i in proven else c for i, c in enumerate(line))):
        return [f for f in found if f.start - start in proven or f.lost]  # the proven pairs still read better
    return []


_ACCENTED_WORD_END = re.compile(r"[A-Za-z]*[\xc0-\xff][A-Za-z\xc0-\xff]*\Z")
LETTERS = tuple(ch for ch in (bytes([b]).decode("cp1252") for b in range(0xC0, 0x100)) if ch.isalpha())
"""cp1252's accented letters (À-ÿ): a lost byte at the end of a word that shows one already
(résum�: r閟um read as résum) was most likely another."""  # mojibake: ignore


def _lost_char(before: str, after: str, conv: Conventions) -> list[tuple[str, float]] | None:
    """Ranked (char, probability) for a lost cp1252 byte: an accented letter inside a word, or
    ending one that holds one (by the model), else a mark by the typographic rules."""
    inside = before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha()
    if inside or (_ACCENTED_WORD_END.search(before) and (not after or not after[0].isalpha())):
        # (a lost byte between two letters: cp949 makes no pair of an accent's byte and a letter,
        # where a mark's byte with a letter always pairs: r�sum is résum)  # mojibake: ignore
        # the model, of many languages, hardly tells é from á after a consonant: the text's own
        # accents weigh in (a cache model), as a word repeats its letters' language
        seen = before[-CONTEXT_CHARS:]
        weights = sorted(
            ((2.0 ** -model.cost(ch, before[-2:], after[:1]) * (1 + 8 * seen.count(ch)), ch) for ch in LETTERS), reverse=True
        )[:5]
        total = sum(w for w, _ in weights)
        return [(ch, w / total) for w, ch in weights]
    return punctuation_guess(list(LOST_MARKS), before, after, conv)
