"""Wrong-codec paths: turn a mojibake character back into the bytes its decoder saw.

A path is "UTF-8 bytes decoded as <legacy double-byte codec>". Each character of a mojibake
run maps back to one or two bytes; decoder markers for lost bytes (U+FFFD, ``?``) map to an
unknown byte. The tables are derived lazily from Python's own codecs (no hand-made maps).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

UNKNOWN = -1
"""Token value of a byte the decoder lost (it wrote U+FFFD or ``?`` in its place)."""

REPLACEMENT = "\ufffd"
QUESTION = "?"


@dataclass(frozen=True, eq=False)
class Family:
    """A family of double-byte codecs that share one byte layout (GBK, GB18030, cp936).

    Compared and hashed by identity: families are module constants, and the tables cached
    per family are looked up on every call, so the key must be cheap.
    """

    name: str
    codecs: tuple[str, ...]
    extra: tuple[tuple[str, bytes, str], ...] = ()  # (char, bytes, codec that maps them)


GBK = Family(
    name="gbk",
    codecs=("gbk", "gb18030"),
    # Windows cp936 decodes a lone 0x80 as the euro sign; Python's gbk cannot encode it.
    extra=(("\u20ac", b"\x80", "cp936"),),
)

FAMILIES: tuple[Family, ...] = (GBK,)


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


def _pair_fits_utf8(lead: int, trail: int) -> bool:
    """Could (lead, trail) be two consecutive bytes of UTF-8 text (as a GBK char)?

    The lead is a UTF-8 lead or continuation byte; the trail is a continuation, a lead,
    or an ASCII byte the double-byte decoder swallowed as its second byte.
    """
    lead_ok = is_utf8_continuation(lead) or utf8_need(lead) > 0
    trail_ok = trail < 0x80 or is_utf8_continuation(trail) or utf8_need(trail) > 0
    return lead_ok and trail_ok


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
            if len(b) == 2 and _pair_fits_utf8(b[0], b[1]):
                table[ch] = (b, codec)
    return table


def is_gb2312(b: bytes) -> bool:
    """True when a GBK pair lies in the GB2312 core (rows A1-A9 and B0-F7, trail A1-FE).

    GB2312 is what real simplified-Chinese text is made of; UTF-8 mojibake mostly lands
    outside it, because half of all continuation bytes (0x80-0xA0) are no GB2312 trail.
    """
    return len(b) == 2 and (0xA1 <= b[0] <= 0xA9 or 0xB0 <= b[0] <= 0xF7) and 0xA1 <= b[1] <= 0xFE


def two_byte_utf8_shape(b: bytes) -> bool:
    """True when the pair is itself a complete 2-byte UTF-8 sequence (é -> 茅, © -> 漏)."""  # mojibake: ignore
    return len(b) == 2 and 0xC2 <= b[0] <= 0xDF and is_utf8_continuation(b[1])


def path_name(family: Family, codec: str) -> str:
    """Human name of a wrong-codec path, as reported in findings."""
    return f"utf-8 as {codec}"


@cache
def droppable_before(next_byte: int | None) -> frozenset[int]:
    """UTF-8 continuation bytes a GBK-family decoder drops when ``next_byte`` follows them.

    A byte is dropped when, read as a lead byte, it forms no valid pair with the next byte
    (a space, digit, punctuation or newline after it; a user-defined pair under Python's gbk;
    or the end of the input, ``None``).
    """
    if next_byte is None:
        return frozenset(range(0x80, 0xC0))
    out = set()
    for c in range(0x80, 0xC0):
        try:
            bytes((c, next_byte)).decode("gbk")
        except UnicodeDecodeError:
            out.add(c)
    return frozenset(out)


def first_byte(ch: str, family: Family = GBK) -> int | None:
    """The first byte a char had under the family's codecs (ASCII as itself); None if unknown."""
    if not ch:
        return None
    if ch < "\x80":
        return ord(ch)
    entry = char_table(family).get(ch)
    if entry is not None:
        return entry[0][0]
    try:
        return ch.encode("gb18030")[0]
    except UnicodeEncodeError:
        return None
