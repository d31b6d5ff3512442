"""Latin-family mojibake: the bridge to ftfy, and legacy CJK bytes shown as Latin-1/cp1252.

UTF-8 read as cp1252/Latin-1 (``doesnâ€™t``) is ftfy's domain: we only find the lines a  (mojibake: ignore)
fast pre-screen marks and hand them to ``ftfy.fix_encoding``, which changes nothing but the
encoding (no quote uncurling, no width folding). The reverse direction, GBK/Big5/Shift_JIS/
EUC-KR bytes shown as Latin-1 (``ÄãºÃ`` for 你好), ftfy does not handle; the character model  (mojibake: ignore)
decides which legacy codec, if any, makes the run plausible.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-* codecs
import ftfy.chardata
from ftfy import ExplanationStep

from . import model, words
from .chars import latin_char
from .charsets import charset_bias, han_charset
from .codecs import UNKNOWN, is_gb2312
from .finding import DEFAULT_THRESHOLD, Finding, Inference
from .infer import (
    CONTRACTION,
    Conventions,
    completions,
    conventions,
    is_punctuation,
    may_be_number_sign,
    number_sign_guess,
    punctuation_shares,
)

# A UTF-8 lead byte read as cp1252/Latin-1, followed by a continuation byte read the same way.
_CP1252_CONT = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"  # mojibake: ignore
_UTF8_AS_LATIN = re.compile(f"[\xc2-\xf4\x80-\x9f](?:(?<=[\xc2-\xf4])(?:[{_CP1252_CONT}]|(?<=[\xc2-\xdf]) )|(?<=[\x80-\x9f]))")
"""A UTF-8 lead and a continuation byte read as cp1252/Latin-1 (a lead before a space: NBSP
lost), or a C1 control: cp1252 text read as Latin-1 (it\x92s for it’s), which ftfy also fixes.
One leading class, then lookbehinds: a top-level alternation made the scan three times slower."""

_REAL_MARKS = "–—‘’“”…€"  # mojibake: ignore
"""MacRoman's leads D0-D5 and C9 (UTF-8 of Cyrillic, of U+0480-U+057F and of IPA letters) and
DB (€, of U+06C0-U+06FF), left out of the scan: clean Chinese and English text is full of them,
and stopping at each cost clean Chinese a fifth of its speed; ftfy itself reads a price's €•
as MacRoman for the Arabic ۥ."""


def _shapes_of_utf8(codecs: Sequence[str]) -> re.Pattern[str]:
    """A UTF-8 lead byte followed by a continuation byte, both as one of the single-byte
    ``codecs`` shows them (``РџСЂ`` for Пр in windows-1251, ``√©`` for é in MacRoman):  (mojibake: ignore)
    one class of every codec's leads, then each codec's continuations behind its own leads."""

    def shown(codec: str, low: int, high: int) -> set[str]:
        return {ch for b in range(low, high + 1) if (ch := bytes([b]).decode(codec, errors="ignore")) and not ch.isascii()}

    def one_of(chars: set[str]) -> str:
        return "[" + "".join(sorted(map(re.escape, chars))) + "]"

    alternatives = "|".join(f"(?<={one_of(shown(c, 0xC2, 0xF4))}){one_of(shown(c, 0x80, 0xBF))}" for c in codecs)
    return re.compile(f"{one_of(set(_shown_leads(codecs)))}(?:{alternatives})")


def _shown_leads(codecs: Sequence[str]) -> frozenset[str]:
    """The chars the single-byte ``codecs`` show UTF-8 lead bytes as (C2-F4), less _REAL_MARKS:
    the first char of every match of ``_shapes_of_utf8``."""
    shown = {ch for c in codecs for b in range(0xC2, 0xF5) if (ch := bytes([b]).decode(c, errors="ignore")) and not ch.isascii()}
    return frozenset(shown - set(_REAL_MARKS))


FTFY_OTHER_CODECS = tuple(c for c in ftfy.chardata.CHARMAP_ENCODINGS if c not in ("latin-1", "sloppy-windows-1252"))
"""The single-byte codecs ftfy repairs besides Latin-1 and cp1252 (windows-1250/1251/1253/
1254/1257, ISO-8859-2, MacRoman, cp437): their UTF-8 mojibake is handed to ftfy too."""
_UTF8_AS_OTHER = _shapes_of_utf8(FTFY_OTHER_CODECS)
"""UTF-8 read as one of FTFY_OTHER_CODECS, whose shapes ``_UTF8_AS_LATIN`` does not see: built
from the codecs themselves, so it follows ftfy's list."""


BEYOND_TYPOGRAPHY = re.compile("[^\x00-\x7f\xa0\u2010-\u2027\u2030-\u205e€™]")  # mojibake: ignore
"""Any char but ASCII, NBSP and typographic punctuation (’ “ — … • € ™). Every kind of mojibake
holds one (CJK chars, Latin-1 letters, C1 controls, U+FFFD), so text without one is clean: one C
scan (``detect`` asks no detector of such a text, nor this module ftfy of such a line). C1
controls count: Latin-1 shows Shift_JIS katakana (lead 0x83) as them alone."""


UTF8_AS_OTHER_LEADS = _shown_leads(FTFY_OTHER_CODECS)
"""The first chars of ``has_utf8_as_other``'s shapes: a text holding none has none of them."""


def has_utf8_as_other(text: str, pos: int = 0) -> bool:
    """Does ``text`` (from ``pos`` on) hold the shape of UTF-8 read as a single-byte codec other
    than Latin-1/cp1252?"""
    return _UTF8_AS_OTHER.search(text, pos) is not None


# Runs of Latin-1/cp1252 high characters: the shape of double-byte legacy text read as Latin-1.
_HIGH_RUN = re.compile(f"[\xa1-\xff{_CP1252_CONT}](?:[\xa1-\xff{_CP1252_CONT}]|[\x40-\x7e](?=[\xa1-\xff{_CP1252_CONT}]))+")
"""High chars, with an ASCII byte 0x40-0x7E allowed between two of them: Big5 and Shift_JIS
trail bytes (A4 40 is 一 in Big5, shown as ¤@). A class first: C scans for it."""  # mojibake: ignore

_DOS_HIGH_CHARS = "".join(bytes(range(0x80, 0x100)).decode("cp437"))
DOS_BOX_CHARS = "".join(c for c in _DOS_HIGH_CHARS if "\u2500" <= c <= "\u25ff")
"""The box-drawing chars of cp437's upper half (B0-DF): the mark of legacy CJK bytes shown as DOS's
code page, which zip tools use for file names not flagged as UTF-8. The common chars of GBK and
Big5 lead with B0-D7, and Shift_JIS trails run through B0-DF; Greek text, which holds cp437's
Greek letters, and European text hold none."""
_DOS_CLASS = re.escape(_DOS_HIGH_CHARS)
_DOS_RUN = re.compile(f"[{_DOS_CLASS}](?:[{_DOS_CLASS}]|[\x40-\x7e](?=[{_DOS_CLASS}]))+")
"""``_HIGH_RUN`` for cp437: legacy double-byte text (a Chinese zip's file names, GBK) shown as
DOS's code page, 中文 as ╓╨╬─."""  # mojibake: ignore

_DOS_LONE_PAIR = re.compile("[" + re.escape(bytes(range(0x80, 0xE0)).decode("cp437")) + "][\x40-\x7e]")
"""``_LONE_PAIR`` for cp437, led by a letter or a box-drawing char (80-DF): Big5 A1 47 is ：,
shown as íG. Not by its Greek and math (E0-FF): ≥` and ⁿl are text, and leads from E0 up are
the rarer chars of GBK and Big5."""  # mojibake: ignore

LEGACY_CODECS = ("gbk", "big5", "shift_jis", "euc_kr")
"""Double-byte codecs tried for Latin-1 runs, most common first."""

REAL_BITS = 12.5
"""A decoded run must read below this many bits per char to count as real CJK text."""

GAIN_BITS = 8.0
"""…and beat the Latin-1 reading by this many bits per decoded char."""


def _lines(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` where ``pattern`` matches, each line once."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        yield start, end
        pos = end + 1


def _trim(a: str, b: str) -> tuple[int, int, int]:
    """Length of the common prefix of a and b, and where their differing middles end in each."""
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return p, len(a) - s, len(b) - s


def utf8_as_latin(text: str) -> list[Finding]:
    """Findings for UTF-8 read as cp1252/Latin-1 or another single-byte codec of ftfy's
    (windows-1251, MacRoman, cp437 ...), as ftfy.fix_encoding repairs them; then the
    document's other such lines that round-trip through the codec ftfy found."""
    out: list[Finding] = []
    left: list[tuple[int, int]] = []  # candidate lines ftfy did not repair on their own
    found: Counter[str] = Counter()  # codec of each one-layer repair
    latin = set(_lines(text, _UTF8_AS_LATIN))
    # lines whose only cp1252 mojibake is lossy (``(ã�ªã�—)`` for (なし)): read when the  # mojibake: ignore
    # document shows cp1252 mojibake elsewhere, or the line holds LOSSY_ALONE such chars
    only_lossy = set(_lines(text, _LOSSY_1252)) - latin if "\ufffd" in text else set()
    form: str | None = None  # the document's cp1252 lines read as UTF-8, for its form of Han chars
    other = set(_lines(text, _UTF8_AS_OTHER))
    bare = bare_lines(text)
    for start, end in sorted(latin | only_lossy | other | bare):
        line = text[start:end]
        lossy = []
        if (
            (start, end) in bare
            or "\ufffd" in line
            or _STRIPPED.search(line)
            or _MIDDLE_STRIPPED.search(line)
            or (_DROPPED_1252.search(line) and _drop_evidence(line))
        ) and (start, end) not in other - latin:
            if form is None:
                form = "".join(_as_utf8(text[a:b]) for a, b in sorted(latin | only_lossy))[:CONTEXT_CHARS]
            lossy = _sure(_lossy_sequences(line, form, (start, end) in bare))
            if (start, end) in only_lossy and not latin and sum(e - s > 2 for s, e, _ in lossy) < LOSSY_ALONE:
                lossy = []
        if lossy:
            completed = _completed(line, lossy)
            fixed, steps = ftfy.fix_encoding_and_explain(completed)
            if steps is not None and fixed != completed:
                finding = _lossy_finding(line, completed, start, fixed, steps, lossy)
                if (start, end) in bare and not _CP1252_ONLY.search(line):
                    # completed in cp1252's form for ftfy, but a bare â is Latin-1's C1 controls stripped
                    path = "utf-8 as latin-1" + (" (2 layers)" if "Ã¢ÂÂ" in line else "")  # mojibake: ignore
                    finding = replace(finding, path=path, note="bytes Latin-1 made C1 controls of, stripped, inferred")
                out.append(finding)
                found[next((arg for op, arg in steps if op == "encode"), "latin-1")] += 1
                continue
        if (start, end) not in latin | other:
            continue  # lossy shapes only, not read: nothing for ftfy
        if (start, end) not in latin and not BEYOND_TYPOGRAPHY.search(line):
            continue  # NBSP and marks alone (\xa0•) are real text, not MacRoman's ۥ
        fixed, steps = ftfy.fix_encoding_and_explain(line)
        if fixed == line or steps is None or (
            # only that codec's repair: ftfy's other steps see the Latin-1 shapes, here absent
            (start, end) not in latin and not any(op == "encode" and arg in FTFY_OTHER_CODECS for op, arg in steps)
        ):
            left.append((start, end))
            continue
        codec = next((arg for op, arg in steps if op == "encode"), "latin-1")
        source = next((arg for op, arg in reversed(steps) if op == "decode"), "utf-8")
        layers = sum(op == "decode" for op, _ in steps)
        if layers == 1 and source == "utf-8":
            found[codec] += 1
        path = f"{source} as {codec}" + (f" ({layers} layers)" if layers > 1 else "")
        out.append(_line_finding(line, start, fixed, path, "repaired by ftfy.fix_encoding"))
    codec = found.most_common(1)[0][0] if found else None
    for start, end in left:
        f = _in_codec(text, start, end, codec) if codec else None
        if f is None and (start, end) in latin:
            f = _letters_by_model(text, start, end)
        if f is not None:
            out.append(f)
    out.sort(key=lambda f: f.start)
    return out


LETTER_MARGIN_BITS = 16.0
"""Bits per repaired char by which the model must prefer a line's UTF-8 reading, for a line ftfy
left whose mojibake makes only letters (``baÄŸ`` for bağ, ``Åšrodkowa`` for Środkowa: ftfy's  (mojibake: ignore)
badness reads Ÿ, ›, … and š after Ä or Å as possibly real)."""


def _letters_by_model(text: str, start: int, end: int) -> Finding | None:
    """The line read back through cp1252 when ftfy left it but its bytes are strict UTF-8, every
    char that changes is a Latin-script letter (``latin_char``), and the character model prefers the reading by
    LETTER_MARGIN_BITS per such letter."""
    line = text[start:end]
    try:
        fixed = line.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return None
    if fixed == line or _mixes_scripts(fixed, line):
        return None
    new = [ch for ch in fixed if not ch.isascii()]
    if not new or not all(ch.isalpha() and latin_char(ch) for ch in new):
        return None  # (ǟ of ÇŸ is no letter a living orthography writes)  (mojibake: ignore)
    left, right = text[start - 1 : start], text[end : end + 1]
    margin = model.cost(line, left, right) - model.cost(fixed, left, right) - LETTER_MARGIN_BITS * len(new)
    if margin <= 0:
        return None
    return _line_finding(line, start, fixed, "utf-8 as windows-1252", "letters ftfy left: the character model reads them as UTF-8")


LOST_1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_LOST = frozenset(LOST_1252)
"""The bytes cp1252 leaves undefined: a strict decoder with errors='replace' shows each as
U+FFFD, so ``â€�`` is E2 80 + one of these, and only 9D (”) makes a char text uses."""  # mojibake: ignore

_LOSSY_1252 = re.compile(f"[\xc2-\xf4](?=[{_CP1252_CONT}\ufffd]*\ufffd)[{_CP1252_CONT}\ufffd]{{1,3}}")
"""A UTF-8 lead read as cp1252 and its continuations, some of them U+FFFD (a byte cp1252 does
not define): ``â€�`` for ”, ``ã�®`` for の."""  # mojibake: ignore

_C1 = frozenset(range(0x80, 0xA0))
"""The bytes Latin-1 makes C1 controls of (and sloppy cp1252 its five undefined ones)."""

_STRIPPED = re.compile("â€(?=[\x00-\x2f\x3a-\x7f]|\\Z)")  # mojibake: ignore
"""E2 80 read as cp1252 with its third byte gone: a C1 control (the 9D of ”) that a sanitizer
stripped, so ``“hello”`` shows as ``â€œhelloâ€``. Only before ASCII or the end: windows-1250  # mojibake: ignore
shows „ “ as â€ž â€ś, whose last chars cp1252 does not have. Not before a digit, where ” and  # mojibake: ignore
‐ seldom stand and a € often does: €5–€10 stripped of C1 is â¬5ââ¬10, whose € once repaired  # mojibake: ignore
stands after a bare â (the en dash, left: a letter in French)."""

_MIDDLE_STRIPPED = re.compile("â[\xa1-\xaa\xac-\xba\xbc-\xbf](?=[\x00-\x7f]|\\Z)")  # mojibake: ignore
"""E2 read as Latin-1 with its middle byte (a C1 control there) stripped: … (E2 80 A6) shows  # mojibake: ignore
as â¦ and ftfy, reading the space after it as a lost NBSP, made it ⦠. Not â + NBSP: French  # mojibake: ignore
puts one before ; and : after any word, and a word may end in â (nepâlbhâshâ ;); nor â + « or
»: a guillemet closes such a word (Ăn-đoa-râ» had become Ăn-đoa-r※)."""  # mojibake: ignore

_BARE_E2 = re.compile("(?:Ã¢ÂÂ|â)(?![^\x00-\x7f])")  # mojibake: ignore
"""E2 read as Latin-1 with both continuation bytes C1 controls (80-9F), both stripped, or shown
as nothing and lost on a copy: ’ “ ” – — (E2 80 90-9D) all come out as a bare â, the ``donât``
and ``Itâs`` of countless web pages, which ftfy leaves: only the place of each tells its mark.
Read twice as Latin-1 and stripped, the same mark is ``Ã¢ÂÂ`` (each Â a lead whose C1 went).  (mojibake: ignore)
Only before ASCII or the end: before a continuation byte it is cp1252 mojibake, before another
non-ASCII char another codec's (windows-1250's âś for ✓), which a pass may repair."""  # mojibake: ignore

_CP1252_ONLY = re.compile("[€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")  # mojibake: ignore
"""The chars cp1252 puts where Latin-1 has C1 controls: a line with none was read as Latin-1."""

BARE_MARKS = tuple("‐–—‘’‚“”„")
"""The marks a bare â can stand for (E2 80 90-9E): the typographic rules choose among them."""

_CONTRACTIONS = {
    "t": frozenset(
        {
            "don", "doesn", "didn", "isn", "aren", "wasn", "weren", "hasn", "haven", "hadn", "can",
            "couldn", "wouldn", "shouldn", "won", "mustn", "needn", "mightn", "ain", "shan"
        }
    ),
    "m": frozenset({"i"}),
    "re": frozenset({"you", "we", "they", "who", "what", "there", "here", "where", "how", "why", "that"}),
    "ve": frozenset({"i", "you", "we", "they", "who", "would", "could", "should", "might", "must", "what"}),
    "ll": frozenset({"i", "you", "he", "she", "it", "we", "they", "that", "there", "who", "what", "this"}),
    "d": frozenset({"i", "you", "he", "she", "it", "we", "they", "who", "that", "there"}),
    "s": frozenset(
        {
            "it", "that", "what", "let", "he", "she", "there", "here", "who", "where", "how",
            "when", "why", "everyone", "everything", "nothing", "something", "someone", "one",
            "today"
        }
    ),
}
"""English contractions by suffix: the words before an apostrophe that only English writes so.
Friulian ends words in â (selezionât, fâs, Abcâs): an â before t or s proves nothing alone."""  # mojibake: ignore

_BASE = re.compile(r"[A-Za-z]+\Z")
PAIRED_MAX = 80
"""Chars at most between a bare â that opens a quote and the one that closes it."""
_NON_ASCII_LATIN = re.compile("[\xc0-\xd6\xd8-\xf6\xf8-\u024f\u1e00-\u1eff]")
"""A Latin letter beyond ASCII: a line holding one (besides its mojibake) writes â as a letter
too (câmara, pâte, tâm), so its bare â are left alone."""  # mojibake: ignore


def _bare_shape(line: str, i: int, j: int) -> str | None:
    """What the bare â at ``line[i:j]`` stands for by its place: ``contraction`` (don’t, it’s, I’m:
    ``_CONTRACTIONS``), ``joined`` (another word’s apostrophe, or a letter: selezionât),
    ``open`` (after a space, before a word), ``close`` (after a word, before a space or mark),
    ``range`` (between digits), ``dash`` (between spaces), or None: inside a word (câmara),
    after an apostrophe (l'âge), before one (Welsh â'r), where only a letter stands."""  # mojibake: ignore
    left = line[i - 1] if i else ""
    right = line[j] if j < len(line) else ""
    if left.isascii() and left.isalpha() and right.isascii() and right.isalpha():
        m = CONTRACTION.match(line, j)
        if m is None:
            return None
        suffix = m.group().lower()
        base = _BASE.search(line, 0, i)
        assert base is not None
        if base.group().lower() in _CONTRACTIONS[suffix]:
            return "contraction"
        # English writes ’m after I alone and ’t after n alone: Lâm, tâm are Vietnamese  # mojibake: ignore
        return None if suffix == "m" or (suffix == "t" and left not in "nN") else "joined"
    if right and (not left or left.isspace() or left in "([{<") and right.isascii() and right.isprintable() and not right.isspace():
        # before anything quotable (‘%s’, ‘-f’, ‘&’, ‘)’) but an apostrophe: Welsh â'r (with the)
        return "open" if right not in "'\"" else None
    if left.isascii() and left.isprintable() and not left.isspace() and (not right or right.isspace() or right in ".,;:!?)]}>"):
        return "close"
    if left.isdigit() and right.isdigit():
        return "range"
    if left == " " and right == " ":
        return "dash"
    return None


def bare_lines(text: str) -> set[tuple[int, int]]:
    """(start, end) of the lines whose bare â (``_BARE_E2``) are read as stripped marks: every bare
    â of the document stands where a mark can (``_bare_shape``), and the line proves it with a
    place only a mark takes (an English contraction, a quote opened and closed within PAIRED_MAX
    chars, a range of numbers) and writes no other Latin letter beyond ASCII. A word's own â
    stands before a word (âmbito, âge), after one (Brahmâ, Arhâ) or alone (Welsh â, with), and  # mojibake: ignore
    an English word beside it makes none of them a mark (No âmbito do, Un âge d'or)."""  # mojibake: ignore
    if "â" not in text and "Ã¢Â" not in text:  # mojibake: ignore
        return set()
    out: set[tuple[int, int]] = set()
    for start, end in _lines(text, _BARE_E2):
        line = text[start:end]
        found = [(m.start(), _bare_shape(line, m.start(), m.end())) for m in _BARE_E2.finditer(line)]
        shapes = [shape for _, shape in found]
        if None in shapes:
            return set()
        if _NON_ASCII_LATIN.search(_UTF8_AS_LATIN.sub("", _BARE_E2.sub("", line))):
            continue
        paired = any(
            a_shape == "open" and b_shape == "close" and 0 < b - a <= PAIRED_MAX
            for (a, a_shape), (b, b_shape) in itertools.pairwise(found)
        )
        if "contraction" in shapes or paired or "range" in shapes:
            out.add((start, end))
    return out


_DROPPED_1252 = re.compile(
    f"(?:[\xe0-\xef][{_CP1252_CONT}]|[\xe0-\xef](?=[\xc2-\xf4][{_CP1252_CONT}])|(?<=[{_CP1252_CONT}])[\xe0-\xef](?![A-Za-z])"
    f"|[\xf0-\xf4][{_CP1252_CONT}]{{2}})(?![{_CP1252_CONT}\ufffd])"
)
"""A UTF-8 lead read as cp1252 with continuation bytes too few: cp1252 with errors='ignore'
(Windows' default codec, where 81 8D 8F 90 9D raise) dropped its five undefined bytes without
a trace: 謝 (E8 AC 9D) shows as è¬, 繁 (E7 B9 81) as ç¹, 👍 (F0 9F 91 8D) as ðŸ‘, and 提
(E6 8F 90), both of whose continuation bytes are among the five, as æ alone. A lead alone
only between other mojibake (before a lead and its continuation, or after a continuation and
not before an ASCII letter): a European word's accents stand alone or side by side (été, à,
Hauçá, ção)."""  # mojibake: ignore
_WHOLE_1252 = re.compile(f"[\xe0-\xf4](?!\xa0)[{_CP1252_CONT}](?!\xa0)[{_CP1252_CONT}]")
"""A three- or four-byte UTF-8 char read as cp1252 whole (æ–‡ for 文): the evidence a line must
show before its short sequences are read as dropped bytes. No NBSP in it: French sets one
between a word and its » or — (été\xa0» is E9 A0 BB, valid UTF-8)."""  # mojibake: ignore

LOSSY_ALONE = 2
"""Lossy cp1252 chars of three or four bytes a line must hold to be read when the document
shows no other cp1252 mojibake: one ``ã�`` + char alone could be a stray U+FFFD after ã."""  # mojibake: ignore

_Lossy = tuple[int, int, tuple[tuple[str, float], ...]]
"""(start, end, ranked completions) of a lossy cp1252 sequence in its line."""


def _lossy_sequences(line: str, context: str = "", bare: bool = False) -> list[_Lossy]:
    """The lossy cp1252 sequences of ``line`` whose lost bytes can be completed into a char, each
    with its completions ranked: the line read as UTF-8 is searched as a whole (the best path
    under the char model, neighbours lost too: 版权[受][限]), then each completion is weighed
    between the chars chosen beside it. A two-byte sequence (``Ã�``) counts only on a line with  # mojibake: ignore
    other cp1252 mojibake: ``Ã`` is a Portuguese letter, and a U+FFFD after it may have been  # mojibake: ignore
    lost anywhere. ``context``: the document's text (this line's too), for its form of Han chars;
    ``bare``: the line's bare â are stripped marks (``bare_lines``)."""
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    for m in _STRIPPED.finditer(line):
        # only ” (9D) or the rare ‐ (90): ’ “ – — keep their third byte as ™ œ “ ” (completions
        # is cached: the model it ranks by loads on first use, not at import)
        spans.append((m.start(), m.end(), completions((0xE2, 0x80, UNKNOWN), (None, None, _LOST))))
    # â¦ is itself a UTF-8-as-Latin shape: a line holding one is always among the document's  # mojibake: ignore
    for m in _MIDDLE_STRIPPED.finditer(line):
        last = line[m.start() + 1].encode("latin-1")[0]
        spans.append((m.start(), m.end(), completions((0xE2, UNKNOWN, last), (None, _C1, None))))
    if bare:
        spans += [(m.start(), m.end(), BARE_MARKS) for m in _BARE_E2.finditer(line)]
    if _drop_evidence(line) and _only_drops(line):
        for m in _DROPPED_1252.finditer(line):
            if any(a < m.end() and m.start() < b for a, b, _ in spans):
                continue
            cands = _dropped_completions(line[m.start() : m.end()])
            if cands:
                spans.append((m.start(), m.end(), cands))
    for m in _LOSSY_1252.finditer(line):
        lead = ord(line[m.start()])
        size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        end = m.start() + size
        if end > m.end() or "\ufffd" not in line[m.start() : end]:
            continue
        if size == 2 and not _UTF8_AS_LATIN.search(line[: m.start()] + line[end:]):
            continue
        cands = _completions_1252(line[m.start() : end])
        if cands:
            spans.append((m.start(), end, cands))
    if not spans:
        return []
    spans.sort()
    units: list[tuple[str, ...]] = []
    at: list[int] = []  # unit index of each span
    pos = 0
    for start, end, cands in spans:
        units += [(ch,) for ch in _as_utf8(line[pos:start])]
        at.append(len(units))
        units.append(cands)
        pos = end
    units += [(ch,) for ch in _as_utf8(line[pos:])]
    signs = _number_sign_shares(units, at)
    for i, shares in signs.items():
        units[i] = (shares[0][0],)  # decided: its neighbours are read beside it
    best = _best_path(units)
    sure = "".join(r[0][0] for i in at if (r := _ranked(units, best, i))[0][1] >= SURE_P)
    bias = _merged(
        _word_bias(units, at, best),
        _form_bias(units, at, context + sure),
        _pairing_bias(units, at, best),
    )
    if bias:
        best = _best_path(units, bias)
    out = []
    conv: Conventions | None = None
    for (start, end, cands), i in zip(spans, at):
        ranked: list[tuple[str, float]] | None = None
        if i in signs:
            ranked = list(signs[i])
        elif len(cands) > 1 and is_punctuation(cands):  # quotes, dashes: the typographic rules
            conv = conv or conventions("".join(u[0] for u in units if len(u) == 1))  # intact chars only
            before, after = "".join(best[max(0, i - RULES_BEFORE) : i]), "".join(best[i + 1 : i + 201])
            ranked = punctuation_shares(list(cands), before, after, conv)
        out.append((start, end, tuple(ranked) if ranked else _ranked(units, best, i, bias.get(i))))
    return out


RULES_BEFORE = 2000
"""Chars of the line before a lossy sequence that the typographic and pairing rules read."""

SURE_P = 0.9
"""Probability at which a completion of the first search counts as known, to judge the form of
Han chars of a line with few intact ones (补[码]，?端[序]: Simplified, so no 對)."""  # mojibake: ignore


def _ranked(
    units: list[tuple[str, ...]], path: list[str], i: int, bias: dict[str, float] | None = None
) -> tuple[tuple[str, float], ...]:
    """The completions of unit ``i`` ranked between the chars ``path`` chose beside it, with probabilities."""
    left = path[i - 1] if i else ""
    right = path[i + 1] if i + 1 < len(path) else ""
    bias = bias or {}
    costs = [model.cost(c, left, right) + bias.get(c, 0.0) for c in units[i]]
    low = min(costs)
    weights = [2.0 ** (low - c) for c in costs]
    total = sum(weights)
    return tuple(sorted(((c, w / total) for c, w in zip(units[i], weights)), key=lambda cp: -cp[1]))


def _merged(*biases: dict[int, dict[str, float]]) -> dict[int, dict[str, float]]:
    """The biases added unit by unit."""
    out: dict[int, dict[str, float]] = {}
    for bias in biases:
        for i, more in bias.items():
            row = out.setdefault(i, {})
            for c, bits in more.items():
                row[c] = row.get(c, 0.0) + bits
    return out


def _form_bias(units: list[tuple[str, ...]], at: list[int], text: str) -> dict[int, dict[str, float]]:
    """CHARSET_BITS for each Han completion outside the character set the Han chars of ``text``
    (the document's, with the line's sure completions) keep to: a Simplified page's lost 址 is no 區."""
    charset = han_charset(text)
    if charset is None:
        return {}
    return {i: bias for i in at if (bias := charset_bias(units[i], charset))}


CONTEXT_CHARS = 3000
"""Chars of the document's cp1252 lines (read as UTF-8) that judge its form of Han chars."""

_OPENER_OF = {"」": "「", "』": "『", "）": "（", "】": "【", "》": "《", "”": "“", "’": "‘", ")": "("}
PAIRING_BITS = 6.0
"""Bits a completion pays for closing a bracket or quote that nothing on its line opened
(%s、%s is a list, not %s」%s)."""


def _pairing_bias(units: list[tuple[str, ...]], at: list[int], path: list[str]) -> dict[int, dict[str, float]]:
    """PAIRING_BITS for each closing completion whose opener stands nowhere before it on the line."""
    out: dict[int, dict[str, float]] = {}
    for i in at:
        if len(units[i]) < 2:
            continue
        before = "".join(path[max(0, i - RULES_BEFORE) : i])
        bias = {c: PAIRING_BITS for c in units[i] if c in _OPENER_OF and _OPENER_OF[c] not in before}
        if bias and len(bias) < len(units[i]):
            out[i] = bias
    return out


def _number_sign_shares(units: list[tuple[str, ...]], at: list[int]) -> dict[int, tuple[tuple[str, float], ...]]:
    """The lossy units beside a number whose completions hold a currency or temperature sign,
    each with its completions ranked by ``number_sign_guess``."""
    out: dict[int, tuple[tuple[str, float], ...]] = {}
    for i in at:
        if len(units[i]) < 2 or not may_be_number_sign(units[i]):
            continue
        before = "".join(u[0] if len(u) == 1 else "\x00" for u in units[max(0, i - 2) : i])
        after = "".join(u[0] if len(u) == 1 else "\x00" for u in units[i + 1 : i + 3])
        if shares := number_sign_guess(units[i], before, after):
            out[i] = tuple(shares)
    return out


_KANA = re.compile("[\u3041-\u30ff]")
WORD_WEIGHT = 0.7
"""Share of the word model's cost differences in a lost char's bias (``detect``'s Chinese weight)."""


def _word_bias(units: list[tuple[str, ...]], at: list[int], path: list[str]) -> dict[int, dict[str, float]]:
    """Bits added to the completions of each lossy unit (by unit index) by how well the word
    chars of ``path`` around it split into words with each (バ[イ]ト, 版权[受]限): Japanese words
    when the line holds kana, else Chinese."""
    lang = "ja" if _KANA.search("".join(path)) else "zh"
    is_word = words.WORD_CHAR[lang]
    span = words.MAX_WORDS[lang] - 1
    out: dict[int, dict[str, float]] = {}
    for i in at:
        cands = units[i]
        if len(cands) < 2 or not any(map(is_word, cands)):
            continue
        left = ""
        for ch in reversed(path[max(0, i - span) : i]):
            if not is_word(ch):
                break
            left = ch + left
        right = ""
        for ch in path[i + 1 : i + 1 + span]:
            if not is_word(ch):
                break
            right += ch
        if not left and not right:
            continue
        costs = words.split_costs(left, cands, right, lang)
        low = min(costs)
        out[i] = {c: WORD_WEIGHT * (k - low) for c, k in zip(cands, costs) if k > low}
    return out


def _best_path(units: list[tuple[str, ...]], bias: dict[int, dict[str, float]] | None = None) -> list[str]:
    """The likeliest char of each unit under the char bigram model plus ``bias`` (by unit index)."""
    tables = [model.pair_costs(("",), units[0])] + [model.pair_costs(a, b) for a, b in itertools.pairwise(units)]
    return model.best_path(units, tables, [bias.get(i) for i in range(len(units))] if bias else ())


def _completions_1252(seq: str) -> tuple[str, ...]:
    """The chars whose UTF-8 bytes, read as cp1252, show as ``seq`` (each U+FFFD one of LOST_1252)."""
    try:
        known = [None if ch == "\ufffd" else ch.encode("sloppy-windows-1252") for ch in seq]
    except UnicodeEncodeError:  # a C1 control sloppy cp1252 gives no byte of its own (\x80 is €)
        return ()
    if any(b is not None and len(b) != 1 for b in known):
        return ()
    pattern = tuple(UNKNOWN if b is None else b[0] for b in known)
    return completions(pattern, tuple(_LOST if b is None else None for b in known))


DROPS_ALONE = 2
"""Dropped-byte shapes (a lead and a continuation byte, not right after an ASCII letter) that
are evidence enough on a line with no whole cp1252 mojibake: Japanese kana all lead with E3 81,
and every 81 is dropped, so Caps Lock が ON です shows nothing but shapes (ãŒ, ã§, ã™)."""  # mojibake: ignore


def _drop_evidence(line: str) -> bool:
    """Does ``line`` show cp1252 mojibake enough for its dropped-byte shapes to be read: a whole
    multi-byte char read as cp1252 (no NBSP in it), or DROPS_ALONE shapes of a lead and a
    continuation byte after no ASCII letter?"""
    if _WHOLE_1252.search(line):
        return True
    shapes = 0
    for m in _DROPPED_1252.finditer(line):
        before = line[m.start() - 1 : m.start()]
        # a lead with a continuation byte (a lone one is a Portuguese é or a French à)
        shapes += m.end() - m.start() > 1 and not (before.isascii() and before.isalpha())
    return shapes >= DROPS_ALONE


def _only_drops(line: str) -> bool:
    """Is every byte sequence of ``line`` (cp1252 throughout) that UTF-8 rejects one of its
    dropped-byte shapes? Legacy double-byte text read as Latin-1 (Shift_JIS's 82 B1 as \x82±),
    other codecs' mojibake and European words (an accent after a letter is no shape) break
    UTF-8 elsewhere too; UTF-8 that lost a byte here and there breaks only there."""
    try:
        raw = line.encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return False
    return raw.decode("utf-8", "replace").count("\ufffd") <= len(_DROPPED_1252.findall(line))


def _dropped_completions(seq: str) -> tuple[str, ...]:
    """The chars whose UTF-8 bytes, read as cp1252 with one of LOST_1252 dropped anywhere after
    the lead (two, after a three-byte lead alone), show as ``seq``."""
    known = tuple(ch.encode("sloppy-windows-1252")[0] for ch in seq)
    if len(known) == 1:  # a lead alone: both its continuation bytes dropped
        return completions((known[0], UNKNOWN, UNKNOWN), (None, _LOST, _LOST))
    out: list[str] = []
    for gap in range(1, len(known) + 1):
        pattern = (*known[:gap], UNKNOWN, *known[gap:])
        allowed = tuple(_LOST if b == UNKNOWN else None for b in pattern)
        out += [c for c in completions(pattern, allowed) if c not in out]
    return tuple(out)


def _as_utf8(shown: str) -> str:
    """``shown`` (cp1252 mojibake, maybe cut mid-char) read back as UTF-8, for a neighbour's char."""
    try:
        return shown.encode("sloppy-windows-1252").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return shown


def _cp1252_form(line: str, start: int, ch: str) -> str:
    """``ch`` as cp1252 shows its UTF-8, for the lossy sequence at ``line[start]`` (read twice
    where the sequence was: ``Ã¢ÂÂ``)."""  # mojibake: ignore
    shown = ch.encode("utf-8").decode("sloppy-windows-1252")
    if line.startswith("Ã¢", start):  # mojibake: ignore
        shown = shown.encode("utf-8").decode("sloppy-windows-1252")
    return shown


def _completed(line: str, lossy: list[_Lossy]) -> str:
    """``line`` with each lossy sequence replaced by the cp1252 reading of its likeliest char."""
    parts, pos = [], 0
    for start, end, ranked in lossy:
        parts += [line[pos:start], _cp1252_form(line, start, ranked[0][0])]
        pos = end
    return "".join(parts) + line[pos:]


def _sure(lossy: list[_Lossy]) -> list[_Lossy]:
    """The sequences whose likeliest completion is sure enough to apply: the others stay lossy,
    and ftfy shows each as one U+FFFD, the mark of a lost char."""
    return [seq for seq in lossy if seq[2][0][1] >= DEFAULT_THRESHOLD]


def _lossy_finding(
    line: str, completed: str, start: int, fixed: str, steps: list[ExplanationStep], lossy: list[_Lossy]
) -> Finding:
    """The line's finding, with the inferred chars (offsets found by applying ftfy's plan to the
    completed line's prefix before each)."""
    f = _line_finding(line, start, fixed, "utf-8 as " + next((arg for op, arg in steps if op == "encode"), "latin-1"),
                      "repaired by ftfy.fix_encoding; bytes cp1252 does not define inferred")
    head = f.start - start  # chars of the line before the finding, the same in both
    plan = [(op, arg) for op, arg in steps]
    inferred = []
    delta = 0  # completed and line differ only inside the sequences
    done, fixed_len = 0, 0  # the completed line's prefix read so far, and its length once fixed
    for s, e, ranked in lossy:
        ch = ranked[0][0]
        width = len(_cp1252_form(line, s, ch))
        try:  # piece by piece (each cut at a sequence's lead byte): linear on a long line
            fixed_len += len(ftfy.apply_plan(completed[done : s + delta], plan))
            done = s + delta
            offset = fixed_len - head
        except (UnicodeError, ValueError):
            offset = max(0, f.repair.find(ch))
        inferred.append(Inference(offset, ch, ranked[:5]))
        delta += width - (e - s)
    # bytes of each char not shown: a bare mark shows its lead alone, once or read twice (Ã¢ÂÂ)  (mojibake: ignore)
    lost = sum(
        len(r[0][0].encode("utf-8")) - (1 if _BARE_E2.fullmatch(line, s, e) else e - s - line.count("\ufffd", s, e))
        for s, e, r in lossy
    )
    return replace(f, lost=lost, inferred=tuple(inferred))


def _in_codec(text: str, start: int, end: int, codec: str) -> Finding | None:
    """The line ``text[start:end]`` read back through ``codec`` when its bytes are strict UTF-8:
    a line ftfy leaves alone (f├╝r: too little to go on) once the document's other lines showed  (mojibake: ignore)
    that codec, as ftfy itself does on a whole text."""
    line = text[start:end]
    try:
        fixed = line.encode(codec).decode("utf-8")
    except UnicodeError:
        return None
    if fixed == line or _mixes_scripts(fixed, line):
        return None
    return _line_finding(line, start, fixed, f"utf-8 as {codec}", "the document's codec: ftfy repaired its other lines so")


_WORD = re.compile(r"[^\W\d_]+")


def _mixes_scripts(fixed: str, line: str) -> bool:
    """Does reading ``line`` as ``fixed`` put a letter of another script inside a Latin word
    (KAPCSOLÓ… as KAPCSOLӅ: a Cyrillic Ӆ after Latin letters)? Real text does not write so,  # mojibake: ignore
    and a line ftfy left alone has only the document's codec to go by."""
    for m in _WORD.finditer(fixed):
        word = m.group()
        if word in line:
            continue  # unchanged by the reading
        latin = [c <= "\xff" or unicodedata.name(c, "").startswith("LATIN") for c in word]  # (µ of µs)
        if any(latin) and not all(latin):
            return True
    return False


def _line_finding(line: str, start: int, fixed: str, path: str, note: str) -> Finding:
    """The finding that turns ``line`` (at ``start`` in the text) into ``fixed``, trimmed to the
    chars that change."""
    p, a_end, b_end = _trim(line, fixed)
    return Finding(
        start=start + p,
        end=start + a_end,
        text=line[p:a_end],
        repair=fixed[p:b_end],
        path=path,
        confidence=0.9,
        note=note,
    )


def legacy_as_latin(text: str, dos: bool = False) -> list[Finding]:
    """Findings for GBK/Big5/Shift_JIS/EUC-KR bytes read as Latin-1 or cp1252 (ÄãºÃ -> 你好), or,  # mojibake: ignore
    with ``dos``, as cp437 (╓╨╬─ -> 中文: a zip's file names).  # mojibake: ignore

    A run is repaired when its best legacy decoding reads as real CJK text and clearly beats
    the Latin-1 reading; once a document shows such runs, shorter runs that decode under the
    same codec need only beat their Latin-1 reading (the document's own evidence). A run whose
    bytes are valid UTF-8 reading about as well (``_utf8_rival``) neither votes nor is read
    unless the document's other runs chose its codec.
    """
    shown = ("cp437",) if dos else ("cp1252", "latin-1")
    candidates: list[_Run] = []
    for m in (_DOS_RUN if dos else _HIGH_RUN).finditer(text):
        start, end = m.span()
        if (end - start) % 2 and end < len(text) and "\x40" <= text[end] <= "\x7e":
            end += 1  # an odd run ends in a lead byte: its trail is the ASCII byte after it (¤@ is 一)  # mojibake: ignore
        best = _best_legacy(text, start, end, shown=shown)
        if best is not None:
            candidates.append((start, end, *best))
    rivals = {(a, b) for a, b, decoded, *_ in candidates if _utf8_rival(text, a, b, decoded, shown)}
    votes = Counter(codec for a, b, _, codec, per_char, gain, n in candidates if _strong(per_char, gain, n) and (a, b) not in rivals)
    evidence = {c: [(a + b) // 2 for a, b, _, codec, per_char, gain, n in candidates if codec == c and _strong(per_char, gain, n)] for c in votes}
    dominant = votes.most_common(1)[0][0] if votes else None
    if dominant is not None:
        candidates = _with_lone_pairs(text, candidates, dominant, dos)
    out: list[Finding] = []
    for start, end, decoded, codec, per_char, gain, n in candidates:
        if dominant is not None and codec != dominant and (n < 4 or not _strong(per_char, gain, n)):
            # A short or unconvincing run reads in the document's own codec where it can (秒, not
            # the 취 of EUC-KR; 커밋 "commit", a loanword, not the 目管 of GBK).  # mojibake: ignore
            own = _best_legacy(text, start, end, (dominant,), shown)
            if own is not None and own[3] > 0:
                decoded, codec, per_char, gain, n = own
        if (start, end) in rivals and codec != dominant:
            continue  # valid UTF-8 too, and no legacy run of this codec elsewhere: UTF-8 shown as cp1252
        if _strong(per_char, gain, n) or (codec in evidence and gain > 0 and _near(evidence[codec], start, end, text if _glued(text, start, end) else "")):
            out.append(
                Finding(
                    start=start,
                    end=end,
                    text=text[start:end],
                    repair=decoded,
                    path=f"{codec} as {shown[0] if dos else 'latin-1'}",
                    confidence=round(min(0.99, 0.55 + max(gain, 0.0) / 40), 4),
                )
            )
    return out


EVIDENCE_REACH = 300
"""Chars from a weak run within which a strong run of the same codec must stand for the weak one
to be read on that evidence: a file decoded wrongly as a whole holds mojibake on every line, but
a page that quotes one mojibake line holds real text elsewhere (SECCIÓN, [OPCIÓN…], Éagþyrel) that  # mojibake: ignore
its short runs would otherwise pass for (6,472 of 406,890 European msgstrs, each after one line
of GBK shown as Latin-1, changed beyond that line with the whole document as evidence)."""


def _near(centres: list[int], start: int, end: int, text: str = "") -> bool:
    """Does a strong run's centre (sorted ``centres``) lie within EVIDENCE_REACH chars of ``start:end``,
    and, given ``text``, on the same line?"""
    lo, hi = start - EVIDENCE_REACH, end + EVIDENCE_REACH
    if text:
        lo = max(lo, text.rfind("\n", 0, start) + 1)
        nl = text.find("\n", end)
        hi = min(hi, nl if nl >= 0 else len(text))
    k = bisect_left(centres, lo)
    return k < len(centres) and centres[k] <= hi


def _glued(text: str, start: int, end: int) -> bool:
    """Is the run part of a word: a letter right before or after it (SECCIÓN, Éagþyrel, İÖÜƏ), but
    for the s of a %s before it? Such a run needs its evidence on its own line."""  # mojibake: ignore
    def letter(ch: str) -> bool:  # ASCII, or beyond Latin-1 (Cyrillic, Arabic, CJK): never a run's own byte
        return ch.isalpha() and (ch.isascii() or ch > "\xff")

    left = start > 0 and letter(text[start - 1]) and text[start - 2 : start - 1] != "%"
    return left or (end < len(text) and letter(text[end]))


_Run = tuple[int, int, str, str, float, float, int]
"""(start, end, decoded, codec, bits per char, gain per char, run length) of a weighed run."""

_LONE_PAIR = re.compile(f"[\xa1-\xff{_CP1252_CONT}][\x40-\x7e]")
"""One high char and an ASCII trail byte: a lone double-byte char whose trail byte is ASCII
(Big5 A1 76 is 」, shown as ¡v), which _HIGH_RUN cannot tell from a Latin letter's neighbour."""  # mojibake: ignore


def _with_lone_pairs(text: str, candidates: list[_Run], codec: str, dos: bool = False) -> list[_Run]:
    """``candidates`` plus the lone pairs outside them that decode in the document's ``codec``
    (only asked once the document has shown that codec: in Latin text é + t is no pair)."""
    spans = sorted((c[0], c[1]) for c in candidates)
    extra = []
    i = 0
    for m in (_DOS_LONE_PAIR if dos else _LONE_PAIR).finditer(text):
        start, end = m.span()
        while i < len(spans) and spans[i][1] <= start:
            i += 1
        if i < len(spans) and spans[i][0] < end:
            continue  # inside (or overlapping) a run already weighed
        best = _best_legacy(text, start, end, (codec,), ("cp437",) if dos else ("cp1252", "latin-1"))
        if best is not None:
            extra.append((start, end, *best))
    return sorted(candidates + extra, key=lambda c: c[0]) if extra else candidates


def _any_gb2312(decoded: str) -> bool:
    """Does ``decoded`` (a GBK decoding) hold a char of the GB2312 core, or ASCII only?"""
    wide = [ch for ch in decoded if ord(ch) > 0x7F]
    return not wide or any(is_gb2312(ch.encode("gbk")) for ch in wide)


def _strong(per_char: float, gain: float, run_len: int) -> bool:
    """Is a decoding convincing on its own (real-looking CJK, far better than its Latin-1 reading)?"""
    if run_len < 3:
        return False  # one char (ÖÖ, Turkish for a.m., is no GBK 种; «» no EUC-KR セ): the page must show its codec  # mojibake: ignore
    return (per_char < REAL_BITS and gain > GAIN_BITS * (2 if run_len < 4 else 1)) or (
        run_len >= 4 and per_char < REAL_BITS + SHORT_SLACK_BITS and gain > OVERWHELMING_GAIN_BITS
    )


SHORT_SLACK_BITS = 4.0
OVERWHELMING_GAIN_BITS = 24.0
"""A short run in ASCII context (许可 in 'Ðí¿É(_L)') pays for its context transitions, so its  # mojibake: ignore
bits per char read a little high; a gain this large over the Latin-1 reading still settles it."""


def _best_legacy(
    text: str, start: int, end: int, codecs: tuple[str, ...] = LEGACY_CODECS, shown: tuple[str, ...] = ("cp1252", "latin-1")
) -> tuple[str, str, float, float, int] | None:
    """The most plausible legacy decoding of ``text[start:end]`` among ``codecs``: (text, codec,
    bits/char, gain/char, run length). ``shown``: the single-byte codecs that showed the bytes,
    the first that encodes the run wins."""
    run = text[start:end]
    for single in shown:
        try:
            raw = run.encode(single)
            break
        except UnicodeEncodeError:
            continue
    else:
        return None
    left = text[start - 1 : start]
    right = text[end : end + 1]
    original = model.cost(run, left, right)
    best: tuple[float, str, str] | None = None
    for codec in codecs:
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "gbk" and not _any_gb2312(decoded):
            continue  # real GBK text is made of GB2312; NBSP-led pairs (123\xa0N\xa0€ as 燦爛) are not  # mojibake: ignore
        c = model.cost(decoded, left, right)
        if best is None or c < best[0]:
            best = (c, decoded, codec)
    if best is None:
        return None
    c, decoded, codec = best
    return decoded, codec, c / len(decoded), (original - c) / len(decoded), len(run)


def _utf8_rival(text: str, start: int, end: int, decoded: str, shown: tuple[str, ...]) -> bool:
    """Are the run's bytes valid UTF-8 whose reading is within UTF8_PRIOR_BITS of the legacy one
    (ÐºÐ¼ is км as much as GBK's 克劇)? Then only the document's own legacy runs make it legacy.  (mojibake: ignore)"""
    run = text[start:end]
    raw = next((b for single in shown if (b := _encoded(run, single)) is not None), None)
    if raw is None or raw.isascii() or (utf8 := _utf8(raw)) is None:
        return False
    left, right = text[start - 1 : start], text[end : end + 1]
    return model.cost(utf8, left, right) < model.cost(decoded, left, right) + UTF8_PRIOR_BITS


def _encoded(run: str, codec: str) -> bytes | None:
    """``run`` encoded in ``codec``, or None when it cannot be."""
    try:
        return run.encode(codec)
    except UnicodeEncodeError:
        return None


UTF8_PRIOR_BITS = 8.0
"""Bits a legacy double-byte reading of a run must beat its UTF-8 reading by, when its bytes are
valid UTF-8 too: UTF-8 is what most text is, and multi-byte UTF-8 seldom forms by chance."""


def _utf8(raw: bytes) -> str | None:
    """``raw`` decoded as UTF-8, or None when it is no UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
