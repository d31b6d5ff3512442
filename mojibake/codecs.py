"""Wrong-codec paths: turn a mojibake character back into the bytes its decoder saw.

A path is "UTF-8 bytes decoded as <legacy double-byte codec>". Each character of a mojibake
run maps back to one or two bytes; decoder markers for lost bytes (U+FFFD, ``?``) map to an
unknown byte. The tables are derived lazily from Python's own codecs (no hand-made maps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .chars import latin_char

UNKNOWN = -1
"""Token value of a byte the decoder lost (it wrote U+FFFD or ``?`` in its place)."""

REPLACEMENT = "\ufffd"
QUESTION = "?"


def is_gb2312(b: bytes) -> bool:
    """True when a GBK pair lies in the GB2312 core (rows A1-A9 and B0-F7, trail A1-FE).

    GB2312 is what real simplified-Chinese text is made of; UTF-8 mojibake mostly lands
    outside it, because half of all continuation bytes (0x80-0xA0) are no GB2312 trail.
    """
    return len(b) == 2 and (0xA1 <= b[0] <= 0xA9 or 0xB0 <= b[0] <= 0xF7) and 0xA1 <= b[1] <= 0xFE


def _big5_core(b: bytes) -> bool:
    """Big5 symbols and level-1 hanzi (A140-C67E): the common part of real Big5 text."""
    return len(b) == 2 and 0xA1 <= b[0] <= 0xC6


def _sjis_core(b: bytes) -> bool:
    """Shift_JIS symbols, kana and JIS level-1 kanji (8140-9872)."""
    return len(b) == 2 and 0x81 <= b[0] <= 0x98


def _euc_core(b: bytes) -> bool:
    """EUC-JP/EUC-KR rows of symbols, kana/hangul and level-1 characters (A1-CF, trail A1-FE)."""
    return len(b) == 2 and 0xA1 <= b[0] <= 0xCF and 0xA1 <= b[1] <= 0xFE


@dataclass(frozen=True, eq=False)
class Family:
    """A family of legacy multi-byte codecs that share one byte layout (GBK, GB18030, cp936).

    ``core`` tells whether a char's bytes lie in the part of the codec real text is mostly
    made of; UTF-8 mojibake mostly lands outside it. Compared and hashed by identity:
    families are module constants, and the tables cached per family are looked up on every
    call, so the key must be cheap.
    """

    name: str
    codecs: tuple[str, ...]
    core: Callable[[bytes], bool]
    extra: tuple[tuple[str, bytes, str], ...] = ()  # (char, bytes, codec that maps them)
    lossy: bool = True  # are readings that had to guess lost bytes trusted for this family?
    # (first bytes, second bytes) of the user-defined pairs a Windows decoder turns into
    # private-use chars, which later processing often strips (the pair's bytes vanish)
    private_pairs: tuple[tuple[frozenset[int], frozenset[int]], ...] = ()
    # Does a ``?`` stand for a lead byte and the byte after it, whatever that byte was? Windows
    # (MultiByteToWideChar) and Java read an invalid pair so; Python's decoders reject only the lead.
    pair_marks: bool = False
    mark: str = "?"  # what such a decoder writes for an invalid pair (Windows cp932: ・, U+30FB)


GBK = Family(
    name="gbk",
    codecs=("gbk", "gb18030"),
    core=is_gb2312,
    # Windows cp936 decodes a lone 0x80 as the euro sign; Python's gbk cannot encode it.
    extra=(("\u20ac", b"\x80", "cp936"),),
    # cp936 and GB18030 map AAA1-AFFE, F8A1-FEFE and A140-A7A0 to U+E000-U+E765
    private_pairs=(
        (frozenset(range(0xAA, 0xB0)), frozenset(range(0xA1, 0xFF))),
        (frozenset(range(0xF8, 0xFF)), frozenset(range(0xA1, 0xFF))),
        (frozenset(range(0xA1, 0xA8)), frozenset(range(0x40, 0xA1)) - {0x7F}),
    ),
)
BIG5 = Family(name="big5", codecs=("big5", "cp950", "big5hkscs"), core=_big5_core)
SHIFT_JIS = Family(name="shift_jis", codecs=("shift_jis", "cp932"), core=_sjis_core)
EUC_JP = Family(name="euc_jp", codecs=("euc_jp",), core=_euc_core, lossy=False)
EUC_KR = Family(name="euc_kr", codecs=("euc_kr", "cp949"), core=_euc_core)
CP949_PAIRS = Family(name="cp949-pairs", codecs=("cp949",), core=_euc_core, pair_marks=True)
"""UTF-8 read as cp949 by Windows or Java: ``?`` for every invalid pair. UHC accepts only A1-FE
after leads C7-FE, so half of all UTF-8 Hangul loses two bytes to a ``?``, and a space after a
syllable is eaten with its last byte: 안녕하세요 is ?덈뀞?섏꽭?? (EC 95 is one ``?``, 88 EB is 덈)."""  # mojibake: ignore

CP932_PAIRS = Family(name="cp932-pairs", codecs=("cp932",), core=_sjis_core, pair_marks=True, mark="\u30fb")
"""UTF-8 read as cp932 by Windows: ``・`` (U+30FB) for every invalid pair, the pair often straddling
two chars (a continuation byte, then the next char's lead): 文字化け is 譁・ｭ怜喧縺・."""  # mojibake: ignore

FAMILIES: tuple[Family, ...] = (GBK, BIG5, SHIFT_JIS, EUC_KR, EUC_JP, CP949_PAIRS, CP932_PAIRS)
"""The wrong-codec paths ``detect`` checks. Where several claim the same chars, the reading most
like real text wins (ties: this order). EUC-JP repairs only what decoded exactly: its trail
bytes must be >= 0xA1, so it loses most UTF-8 continuation bytes, and its guesses on the
fixtures were mostly wrong (one document was made worse)."""


def is_utf8_continuation(b: int) -> bool:
    """True for 0x80-0xBF, the bytes that can only follow a UTF-8 lead byte."""
    return 0x80 <= b <= 0xBF


def utf8_need(b: int) -> int:
    """How many continuation bytes a UTF-8 lead byte needs; -1 if ``b`` is not a lead."""
    if 0xC2 <= b <= 0xDF:
        return 1
    if 0xE0 <= b <= 0xEF:
        return 2
    if 0xF0 <= b <= 0xF4:
        return 3
    return -1


def _fits_utf8(b: bytes) -> bool:
    """Could the bytes of one legacy char be consecutive bytes of UTF-8 text?

    Every byte is a UTF-8 lead or continuation byte, except that the last may be an ASCII
    byte the multi-byte decoder swallowed as its trail.
    """

    def utf8_byte(x: int) -> bool:
        return is_utf8_continuation(x) or utf8_need(x) > 0

    return all(utf8_byte(x) for x in b[:-1]) and (b[-1] < 0x80 or utf8_byte(b[-1])) and b[0] >= 0x80


@cache
def char_table(family: Family = GBK) -> dict[str, tuple[bytes, str]]:
    """Every non-ASCII char the family's decoders emit whose bytes could be UTF-8, with its bytes.

    Maps char -> (bytes, codec) where codec names the first decoder of the family that
    produces the char (gbk before gb18030, so the private-use chars are tagged gb18030).
    """
    table: dict[str, tuple[bytes, str]] = {ch: (b, codec) for ch, b, codec in family.extra}
    for codec in family.codecs:
        for cp in range(0x80, 0x10000):
            ch = chr(cp)
            if ch in table or 0xD800 <= cp <= 0xDFFF:
                continue
            try:
                b = ch.encode(codec)
            except UnicodeEncodeError:
                continue
            if 1 <= len(b) <= 3 and _fits_utf8(b):
                table[ch] = (b, codec)
    return table


def two_byte_utf8_shape(b: bytes) -> bool:
    """True when the pair is itself a complete 2-byte UTF-8 sequence (é -> 茅, © -> 漏)."""  # mojibake: ignore
    return len(b) == 2 and 0xC2 <= b[0] <= 0xDF and is_utf8_continuation(b[1])


@cache
def latin_letters(family: Family) -> dict[str, str]:
    """The chars of ``family`` whose bytes are one whole two-byte UTF-8 Latin letter, with it
    (EUC-KR's 처 is C3 B3, ó): what a Latin word read by that decoder is made of."""  # mojibake: ignore
    out = {}
    for ch, (b, _) in char_table(family).items():
        if two_byte_utf8_shape(b):
            letter = b.decode("utf-8")
            if letter.isalpha() and latin_char(letter):
                out[ch] = letter
    return out


def utf8_can_make(b: bytes) -> bool:
    """Can two consecutive bytes of UTF-8 text be this double-byte char's bytes? Never a byte
    UTF-8 lacks (C0, C1, F5-FF), and a lead byte is followed by a continuation byte. Chars
    that fail can never be UTF-8 mojibake, however rare they are in real text."""
    if len(b) != 2:
        return True
    lead, trail = b
    if lead in (0xC0, 0xC1) or lead >= 0xF5 or trail in (0xC0, 0xC1) or trail >= 0xF5:
        return False
    return not (lead >= 0xC2 and not is_utf8_continuation(trail))


def path_name(family: Family, used: frozenset[str]) -> str:
    """Human name of a wrong-codec path: the most specific decoder the span needed."""
    special = sorted(used - set(family.codecs))
    if special:
        return f"utf-8 as {special[0]}"
    for codec in reversed(family.codecs):
        if codec in used:
            return f"utf-8 as {codec}"
    return f"utf-8 as {family.codecs[0]}"


@cache
def droppable_before(next_byte: int | None, family: Family = GBK) -> frozenset[int]:
    """UTF-8 continuation bytes the family's decoder drops when ``next_byte`` follows them.

    A byte is dropped when, read as a lead byte, it forms no valid pair with the next byte
    (a space, digit, punctuation or newline after it; a user-defined pair under Python's gbk;
    or the end of the input, ``None``, where only bytes that are no char by themselves count).
    """
    codec = family.codecs[0]
    if next_byte is None:  # the last byte, or one before another lost byte: no char by itself
        return frozenset(c for c in range(0x80, 0xC0) if bytes((c,)).decode(codec, "replace") == "\ufffd")
    # The byte itself must be replaced, not the next one: Shift_JIS reads A1-DF as half-width
    # katakana, whatever follows (a lead byte after it fails only for want of its trail).
    return frozenset(c for c in range(0x80, 0xC0) if bytes((c, next_byte)).decode(codec, "replace")[0] == "\ufffd")


def first_byte(ch: str, family: Family = GBK) -> int | None:
    """The first byte a char had under the family's codecs (ASCII as itself); None if unknown."""
    if not ch:
        return None
    if ch < "\x80":
        return ord(ch)
    entry = char_table(family).get(ch)
    if entry is not None:
        return entry[0][0]
    for codec in family.codecs:
        try:
            return ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
    return None
