"""Write fixtures/*.jsonl: real catalog text from /usr/share/locale, kept clean or corrupted by a wrong codec.

Deterministic: every kind draws from its own ``random.Random`` seeded from the kind name, and every
list it draws from is built in sorted order, so re-running on the same machine writes identical files.
The clean text is the msgids (English) and msgstrs (translations) of the GNU gettext catalogs
installed under /usr/share/locale; nothing here invents sentences.

Usage: python scripts/make_fixtures.py [--out fixtures] [--locale-dir /usr/share/locale]
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import random
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ftfy

# (importing mojibake.latin registers ftfy's sloppy-windows-* codecs too)
from mojibake.latin import FTFY_OTHER_CODECS

LOCALE_DIR = Path("/usr/share/locale")
SEED = 20240607
"""Base seed; each kind mixes in the CRC32 of its name."""

SKIP_DOMAINS = re.compile(r"^iso_")
"""ISO code-list catalogs are lists of names, not prose; they are left out of documents."""

PUA_FIRST, PUA_LAST = 0xE000, 0xE765
"""The private-use range GB18030 (and Windows cp936) maps the GBK user-defined areas into."""


# --------------------------------------------------------------------------------------------
# Reading catalogs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One clean message and where it came from (a catalog path, with ``(msgid)`` for source strings)."""

    text: str
    source: str


def parse_mo(path: Path) -> list[tuple[bytes, bytes]]:
    """Raw (msgid, msgstr) byte pairs of a GNU .mo file, header included."""
    data = path.read_bytes()
    (magic,) = struct.unpack("<I", data[:4])
    order = "<" if magic == 0x950412DE else ">"
    _rev, count, orig_at, trans_at = struct.unpack(order + "4I", data[4:20])
    pairs = []
    for i in range(count):
        olen, ooff = struct.unpack(order + "2I", data[orig_at + 8 * i : orig_at + 8 * i + 8])
        tlen, toff = struct.unpack(order + "2I", data[trans_at + 8 * i : trans_at + 8 * i + 8])
        pairs.append((data[ooff : ooff + olen], data[toff : toff + tlen]))
    return pairs


def catalog_charset(pairs: list[tuple[bytes, bytes]]) -> str:
    """The charset the catalog header declares (UTF-8 when absent)."""
    for msgid, msgstr in pairs:
        if msgid == b"":
            m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", msgstr)
            if m:
                return m.group(1).decode("ascii")
    return "utf-8"


def first_form(raw: str) -> str:
    """The singular form of a message, without its msgctxt."""
    return raw.split("\0")[0].split("\x04")[-1]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def usable(text: str) -> bool:
    """True for a message worth using as text: no control characters, at least two letters."""
    if _CONTROL.search(text):
        return False
    return sum(ch.isalpha() for ch in text) >= 2


@cache
def read_catalog(path: Path) -> tuple[tuple[str, str], ...]:
    """Usable (msgid, msgstr) text pairs of one catalog; empty when it does not decode as declared."""
    pairs = parse_mo(path)
    charset = catalog_charset(pairs)
    out = []
    for raw_id, raw_str in pairs:
        if not raw_id:
            continue
        try:
            msgid = first_form(raw_id.decode("utf-8")).strip()
            msgstr = first_form(raw_str.decode(charset)).strip()
        except (UnicodeDecodeError, LookupError):
            continue
        out.append((msgid, msgstr))
    return tuple(out)


def catalogs(locale_dir: Path, lang: str) -> list[Path]:
    """Prose catalogs of one language, sorted."""
    return sorted(p for p in (locale_dir / lang / "LC_MESSAGES").glob("*.mo") if not SKIP_DOMAINS.match(p.stem))


def translations(locale_dir: Path, lang: str, keep: Callable[[str], bool]) -> dict[str, list[Message]]:
    """Usable msgstrs of ``lang`` that ``keep`` accepts, grouped by catalog path (deduplicated)."""
    seen: set[str] = set()
    groups: dict[str, list[Message]] = {}
    for path in catalogs(locale_dir, lang):
        msgs = []
        for _msgid, msgstr in read_catalog(path):
            if msgstr not in seen and usable(msgstr) and keep(msgstr):
                seen.add(msgstr)
                msgs.append(Message(msgstr, str(path)))
        if msgs:
            groups[str(path)] = msgs
    return groups


def english(locale_dir: Path) -> dict[str, list[Message]]:
    """English messages grouped by catalog: msgids (from each domain's largest catalog), en@quot and en_GB msgstrs."""
    by_domain: dict[str, list[Path]] = {}
    for path in sorted(locale_dir.glob("*/LC_MESSAGES/*.mo")):
        if not SKIP_DOMAINS.match(path.stem):
            by_domain.setdefault(path.stem, []).append(path)
    seen: set[str] = set()
    groups: dict[str, list[Message]] = {}
    for domain in sorted(by_domain):
        best = max(by_domain[domain], key=lambda p: (len(read_catalog(p)), str(p)))
        source = f"{best} (msgid)"
        msgs = []
        for msgid, _msgstr in read_catalog(best):
            if msgid not in seen and usable(msgid) and is_english(msgid):
                seen.add(msgid)
                msgs.append(Message(msgid, source))
        if msgs:
            groups[source] = msgs
    for lang in ("en@quot", "en_GB"):
        for path, msgs in translations(locale_dir, lang, is_english).items():
            fresh = [m for m in msgs if m.text not in seen]
            seen.update(m.text for m in fresh)
            if fresh:
                groups[path] = fresh
    return groups


# --------------------------------------------------------------------------------------------
# Scripts
# --------------------------------------------------------------------------------------------


def is_english(text: str) -> bool:
    """Mostly ASCII letters: an English (or untranslated) message."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.85 * len(letters)


def has_han(text: str) -> bool:
    """Contains a CJK unified ideograph."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def has_kana(text: str) -> bool:
    """Contains hiragana or katakana."""
    return any("\u3040" <= ch <= "\u30ff" for ch in text)


def has_hangul(text: str) -> bool:
    """Contains a Hangul syllable."""
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def has_fancy(text: str) -> bool:
    """Contains a non-ASCII character (curly quote, dash, ellipsis, accented letter, symbol...)."""
    return not text.isascii()


def is_latin_prose(text: str) -> bool:
    """Mostly letters of the language (any script), not an untranslated English string."""
    return any(not ch.isascii() for ch in text) or len(text) > 20


# --------------------------------------------------------------------------------------------
# Corruption recipes: each is bytes -> str, built only from Python's codecs and error handlers
# --------------------------------------------------------------------------------------------


@cache
def lead_bytes(codec: str) -> frozenset[int]:
    """Bytes that start some valid two-byte sequence in ``codec``."""
    leads = set()
    for lead in range(0x80, 0x100):
        for trail in range(0x40, 0x100):
            try:
                bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            leads.add(lead)
            break
    return frozenset(leads)


def _question(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: one ``?`` per undecodable byte, as Windows decoders write."""
    assert isinstance(exc, UnicodeDecodeError)
    return "?" * (exc.end - exc.start), exc.end


def _question_swallow(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: an invalid lead byte and the ASCII byte after it become one ``?`` together."""
    assert isinstance(exc, UnicodeDecodeError)
    data = exc.object
    end = exc.end
    if end == exc.start + 1 and end < len(data) and data[end] < 0x80 and data[exc.start] in lead_bytes(exc.encoding):
        end += 1
    return "?", end


def pair_leads(codec: str) -> frozenset[int]:
    """Bytes a Windows decoder of ``codec`` takes as lead bytes (IsDBCSLeadByte): for cp932 every
    byte of 81-9F and E0-FC, rows with no char included (86 E3 is one ・), else ``lead_bytes``."""
    if codec == "cp932":
        return frozenset((*range(0x81, 0xA0), *range(0xE0, 0xFD)))
    return lead_bytes(codec)


def _question_pair(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: a lead byte and whatever byte follows it become one ``?`` together, as
    Windows (MultiByteToWideChar) and Java read cp949: UTF-8 안녕하세요 shows as ?덈뀞?섏꽭??."""  # mojibake: ignore
    assert isinstance(exc, UnicodeDecodeError)
    data = exc.object
    end = exc.end
    if end == exc.start + 1 and end < len(data) and data[exc.start] in pair_leads(exc.encoding):
        end += 1
    return "?", end


def _middot_pair(exc: UnicodeError) -> tuple[str, int]:
    """``_question_pair`` with Windows cp932's mark, ・ (U+30FB): 文字化け is 譁・ｭ怜喧縺・."""  # mojibake: ignore
    _, end = _question_pair(exc)
    return "\u30fb", end


def _euro(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: byte 0x80 in lead position is the euro sign (Windows cp936); anything else fails."""
    assert isinstance(exc, UnicodeDecodeError)
    if exc.object[exc.start] == 0x80 and exc.end == exc.start + 1:
        return "\u20ac", exc.end
    raise exc


codecs.register_error("mojibake-fixtures-question", _question)
codecs.register_error("mojibake-fixtures-question-swallow", _question_swallow)
codecs.register_error("mojibake-fixtures-question-pair", _question_pair)
codecs.register_error("mojibake-fixtures-middot-pair", _middot_pair)
codecs.register_error("mojibake-fixtures-euro", _euro)


C1_CONTROL = re.compile("[\x80-\x9f]")
"""The C1 controls that Latin-1 makes of bytes 80-9F: sanitizers strip them as control chars."""


def strip_pua(text: str) -> str:
    """``text`` without the GB18030 user-defined-area private-use characters."""
    return "".join(ch for ch in text if not PUA_FIRST <= ord(ch) <= PUA_LAST)


def has_pua(text: str) -> bool:
    """Contains a GB18030 user-defined-area private-use character."""
    return any(PUA_FIRST <= ord(ch) <= PUA_LAST for ch in text)


def strictly_decodes(data: bytes, codec: str) -> bool:
    """True when ``data`` decodes in ``codec`` without any error."""
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class Recipe:
    """How a clean text becomes mojibake: encode as ``wrote``, decode as ``read`` with ``mode``.

    Modes: ``lossless`` (strict decode must succeed), ``ignore``/``replace``/``question``/
    ``question-swallow``/``question-pair`` (strict decode must fail; the error handler decides
    what is left),
    ``pua`` (decode succeeds and yields private-use characters), ``pua-stripped`` (same, then
    those characters are deleted), ``euro`` (byte 0x80 read as the euro sign, nothing else wrong),
    ``c1-stripped`` (decode succeeds with C1 controls, which are then deleted).
    """

    wrote: str
    read: str
    mode: str

    @property
    def path(self) -> str:
        """The wrong-codec path in the form ``Finding.path`` uses."""
        return f"{self.wrote} as {self.read}"

    def apply(self, text: str) -> str | None:
        """The corrupted form of ``text``, or None when this recipe does not apply to it."""
        try:
            data = text.encode(self.wrote)
        except UnicodeEncodeError:
            return None
        strict = strictly_decodes(data, self.read)
        mode = self.mode
        if mode == "lossless":
            out = data.decode(self.read) if strict else None
        elif mode in ("ignore", "replace", "question", "question-swallow", "question-pair", "middot-pair"):
            if strict:
                return None
            errors = mode if mode in ("ignore", "replace") else f"mojibake-fixtures-{mode}"
            out = data.decode(self.read, errors)
        elif mode == "c1-stripped":
            out = data.decode(self.read)
            if not C1_CONTROL.search(out):
                return None
            out = C1_CONTROL.sub("", out)
        elif mode in ("pua", "pua-stripped"):
            if not strict:
                return None
            out = data.decode(self.read)
            if not has_pua(out):
                return None
            if mode == "pua-stripped":
                out = strip_pua(out)
        elif mode == "euro":
            try:
                out = data.decode(self.read, "mojibake-fixtures-euro")
            except UnicodeDecodeError:
                return None
            if strict or out.count("\u20ac") <= text.count("\u20ac"):
                return None
        else:
            raise ValueError(f"unknown mode {mode!r}")
        return out if out is not None and out != text else None


@dataclass(frozen=True)
class Layered:
    """Mojibake of mojibake: each recipe applied (losslessly) to the previous one's output."""

    layers: tuple[Recipe, ...]
    mode: str = "layered"

    @property
    def wrote(self) -> str:
        return self.layers[0].wrote

    @property
    def path(self) -> str:
        """The wrong-codec paths, innermost first."""
        return ", then ".join(r.path for r in self.layers)

    def apply(self, text: str) -> str | None:
        """The corrupted form of ``text`` (every layer must apply), or None."""
        out: str | None = text
        for recipe in self.layers:
            out = recipe.apply(out) if out is not None else None
        return out


# --------------------------------------------------------------------------------------------
# Building cases
# --------------------------------------------------------------------------------------------


def rng_for(name: str) -> random.Random:
    """A generator seeded from the base seed and ``name`` (stable across runs and Python versions)."""
    return random.Random(SEED ^ zlib.crc32(name.encode("utf-8")))


def document(rng: random.Random, msgs: list[Message], joiners: tuple[str, ...], lo: int, hi: int) -> Message:
    """Several messages of one catalog, in catalog order, joined into one text of about lo..hi chars."""
    target = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
    k = min(len(msgs), max(2, target // max(1, sum(len(m.text) for m in msgs) // len(msgs))))
    picked = sorted(rng.sample(range(len(msgs)), k))
    joiner = rng.choice(joiners)
    parts: list[str] = []
    size = 0
    for i in picked:
        parts.append(msgs[i].text)
        size += len(msgs[i].text) + len(joiner)
        if size >= target:
            break
    return Message(joiner.join(parts), msgs[0].source)


def weighted_group(rng: random.Random, groups: dict[str, list[Message]]) -> list[Message]:
    """A catalog chosen with probability proportional to the square root of its size."""
    keys = sorted(groups)
    return groups[rng.choices(keys, weights=[math.sqrt(len(groups[k])) for k in keys])[0]]


def samples(
    rng: random.Random,
    groups: dict[str, list[Message]],
    joiners: tuple[str, ...],
    single_share: float,
    lo: int = 200,
    hi: int = 2500,
) -> Iterator[Message]:
    """An endless stream of single messages and multi-message documents."""
    while True:
        msgs = weighted_group(rng, groups)
        if rng.random() < single_share or len(msgs) < 2:
            yield rng.choice(msgs)
        else:
            yield document(rng, msgs, joiners, lo, hi)


def case(kind: str, n: int, path: str, corrupted: str, expected: str, source: str, status: str = "pass", note: str = "") -> dict:
    """One fixture record."""
    rec = {
        "id": f"{kind}-{n:04d}",
        "kind": kind,
        "path": path,
        "corrupted": corrupted,
        "expected": expected,
        "source": source,
        "status": status,
    }
    if note:
        rec["note"] = note
    return rec


def take(
    stream: Iterable[Message],
    want: int,
    convert: Callable[[Message], tuple[str, str, str] | None],
    tries: int,
    max_known_failure: int,
) -> list[tuple[str, str, Message, str]]:
    """Up to ``want`` distinct converted messages (corrupted, status, message, note), giving up after ``tries`` draws.

    At most ``max_known_failure`` of them may be known failures, so a kind keeps enough passing cases.
    """
    out = []
    seen: set[str] = set()
    failures = 0
    for i, msg in enumerate(stream):
        if len(out) >= want or i >= tries:
            break
        if msg.text in seen:
            continue
        got = convert(msg)
        if got is None:
            continue
        if got[1] == "known-failure":
            if failures >= max_known_failure:
                continue
            failures += 1
        seen.add(msg.text)
        out.append((got[0], got[1], msg, got[2]))
    return out


STRUCTURAL = " '\"\n\r<"
"""ASCII chars a ``?`` may eat that the structure around them can tell: a space before a letter,
a quote its line leaves open, a line feed before code, a CR in a CR LF file, a tag's ``<``.
Any other eaten char (``,`` ``)`` ``.`` ``%``) is a known failure."""

AMBIGUOUS_LOST = {"\u2013", "\u2014"}
"""En and em dash: when their last byte is lost nothing in the context reliably tells them apart."""


def error_spans(data: bytes, codec: str, swallow: bool, pair: bool = False) -> list[tuple[int, int]]:
    """Byte ranges the decoder rejects, as the error handlers see them (with ``swallow``: plus the
    eaten ASCII byte; with ``pair``: plus whatever byte followed a lead byte)."""
    spans = []
    pos = 0
    while pos < len(data):
        try:
            data[pos:].decode(codec)
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
        if (swallow or pair) and end == start + 1 and end < len(data) and (pair or data[end] < 0x80) and data[start] in (pair_leads(codec) if pair else lead_bytes(codec)):
            end += 1
        spans.append((start, end))
        pos = end
    return spans


def damaged_chars(text: str, recipe: Recipe) -> list[str]:
    """Characters of ``text`` with at least one byte inside a rejected span, in order."""
    bad: set[int] = set()
    for start, end in error_spans(text.encode(recipe.wrote), recipe.read, recipe.mode == "question-swallow", recipe.mode.endswith("-pair")):
        bad.update(range(start, end))
    out = []
    pos = 0
    for ch in text:
        size = len(ch.encode(recipe.wrote))
        if any(b in bad for b in range(pos, pos + size)):
            out.append(ch)
        pos += size
    return out


def judge(expected: str, recipe: Recipe) -> tuple[str, str]:
    """(status, note): ``known-failure`` when the lost information cannot be recovered from context."""
    if getattr(recipe, "read", None) in FTFY_OTHER_CODECS and getattr(recipe, "wrote", None) == "utf-8":
        # UTF-8 read as these is left to ftfy: what it cannot restore is a known failure
        shown = recipe.apply(expected)
        if shown is not None and ftfy.fix_encoding(shown) != expected:
            return "known-failure", f"ftfy.fix_encoding, to which mojibake leaves {recipe.read}, does not restore it"
        return "pass", ""
    if recipe.mode == "c1-stripped":
        # ‘ ’ “ ” all lose their last two bytes (80 and 98/99/9C/9D are C1 controls in Latin-1):
        # single and double quotes look the same, and nothing intact tells the document's style
        if any(q in expected for q in "‘“"):
            return "known-failure", "C1 bytes stripped from ‘ and “ alike: the quote style is not inferable"
        return "pass", ""
    if recipe.mode not in ("ignore", "replace", "question", "question-swallow", "question-pair", "middot-pair"):
        return "pass", ""
    damaged = damaged_chars(expected, recipe)
    if recipe.wrote == "cp1252" and damaged:
        # one byte a char: what was lost is the whole char, not the tail of one still in sight
        if recipe.mode == "ignore":
            return "known-failure", "a cp1252 char dropped without a trace: nothing shows where it stood"
        if any(ch.isalpha() for ch in damaged):
            return "known-failure", "a lost cp1252 accent (café): a letter or a closing mark, which the word alone does not tell"
    dashes = sorted({ch for ch in damaged if ch in AMBIGUOUS_LOST})
    if dashes and recipe.wrote in ("utf-8", "cp1252") and is_english(expected):
        return "known-failure", f"lost byte of {' '.join(dashes)}: en/em dash ambiguous"
    openers = [ch for ch in damaged if ch in "‘“"]
    intact = {q for q in "‘“" if expected.count(q) > openers.count(q)}
    if openers and (not intact or intact != set(openers)) and recipe.wrote in ("utf-8", "cp1252") and is_english(expected):
        return "known-failure", (
            "lost byte of an opening quote, and the document's intact quotes do not consistently show "
            "that style: ‘ and “ ambiguous"
        )
    if recipe.mode in ("question-swallow", "question-pair", "middot-pair"):
        swallowed = sorted({ch for ch in damaged if ch.isascii() and ch not in STRUCTURAL})
        if swallowed:
            return "known-failure", f"'?' swallowed {''.join(swallowed)!r}: which ASCII character it ate is not inferable"
    return "pass", ""


@dataclass(frozen=True)
class Kind:
    """A corrupted-fixture kind: a recipe applied to a pool of clean text."""

    name: str
    file: str
    pool: str
    recipe: Recipe | Layered
    want: int = 320
    single_share: float = 0.6
    longest: int = 1500
    max_known_failure: int = 320


KINDS: tuple[Kind, ...] = (
    Kind("gbk-lossless-en", "gbk", "en", Recipe("utf-8", "gbk", "lossless"), single_share=0.9),
    Kind("gbk-ignore-en", "gbk", "en", Recipe("utf-8", "gbk", "ignore"), want=400, max_known_failure=100),
    Kind("gbk-replace-en", "gbk", "en", Recipe("utf-8", "gbk", "replace"), want=400, max_known_failure=100),
    Kind("gbk-question-en", "gbk", "en", Recipe("utf-8", "gbk", "question"), want=400, max_known_failure=100),
    Kind("gbk-question-swallow-en", "gbk", "en", Recipe("utf-8", "gbk", "question-swallow"), want=400, max_known_failure=100),
    # Real Python source with Chinese comments and strings (fixtures/pools/zh-code.jsonl).
    Kind("gbk-question-swallow-code", "code", "zh-code", Recipe("utf-8", "gbk", "question-swallow"), want=300, single_share=0.7),
    Kind("gbk-question-code", "code", "zh-code", Recipe("utf-8", "gbk", "question"), want=300, single_share=0.7),
    Kind("gbk-replace-code", "code", "zh-code", Recipe("utf-8", "gbk", "replace"), want=300, single_share=0.7),
    # Real Chinese README/CHANGELOG pages (Markdown, reST) of the same sdists (fixtures/pools/zh-pages.jsonl).
    Kind("gbk-question-swallow-page", "pages", "zh-pages", Recipe("utf-8", "gbk", "question-swallow"), want=150, single_share=1.0),
    Kind("gbk-ignore-page", "pages", "zh-pages", Recipe("utf-8", "gbk", "ignore"), want=150, single_share=1.0),
    Kind("gbk-lossless-zh", "gbk", "zh_CN", Recipe("utf-8", "gbk", "lossless"), single_share=1.0),
    Kind("gbk-ignore-zh", "gbk", "zh_CN", Recipe("utf-8", "gbk", "ignore")),
    Kind("gbk-replace-zh", "gbk", "zh_CN", Recipe("utf-8", "gbk", "replace")),
    Kind("gbk-question-zh", "gbk", "zh_CN", Recipe("utf-8", "gbk", "question")),  # Windows/Java: one ? per bad byte
    Kind("gb18030-pua-zh", "gbk", "zh_CN", Recipe("utf-8", "gb18030", "pua"), single_share=0.8),
    Kind("pua-stripped-zh", "gbk", "zh_CN", Recipe("utf-8", "gb18030", "pua-stripped"), single_share=0.8),
    Kind("cp936-euro", "gbk", "zh_CN", Recipe("utf-8", "gbk", "euro"), single_share=1.0),
    # Other codecs: one line each.
    Kind("big5-lossless-zh", "other-codecs", "zh_TW", Recipe("utf-8", "big5", "lossless"), want=150, single_share=1.0, longest=800),
    Kind("big5-replace-zh", "other-codecs", "zh_TW", Recipe("utf-8", "big5", "replace"), want=150, longest=800),
    Kind("cp950-question-zh", "other-codecs", "zh_TW", Recipe("utf-8", "cp950", "question"), want=150, longest=800),
    Kind("sjis-lossless-ja", "other-codecs", "ja", Recipe("utf-8", "shift_jis", "lossless"), want=150, single_share=1.0, longest=800),
    Kind("sjis-ignore-ja", "other-codecs", "ja", Recipe("utf-8", "shift_jis", "ignore"), want=150, longest=800),
    Kind("cp932-lossless-en", "other-codecs", "en", Recipe("utf-8", "cp932", "lossless"), want=150, single_share=0.9, longest=800),
    Kind("eucjp-replace-ja", "other-codecs", "ja", Recipe("utf-8", "euc_jp", "replace"), want=150, longest=800),
    Kind("euckr-replace-ko", "other-codecs", "ko", Recipe("utf-8", "euc_kr", "replace"), want=150, longest=800),
    Kind("eucjp-lossless-zh", "other-codecs", "zh_CN", Recipe("utf-8", "euc_jp", "lossless"), want=150, single_share=1.0, longest=800),
    Kind("cp949-lossless-ko", "other-codecs", "ko", Recipe("utf-8", "cp949", "lossless"), want=150, single_share=1.0, longest=800),
    # Windows' own code pages (what a Korean or Japanese Windows decoder uses), errors="replace".
    Kind("cp949-replace-ko", "other-codecs", "ko", Recipe("utf-8", "cp949", "replace"), want=150, longest=800),
    Kind("cp932-replace-ja", "other-codecs", "ja", Recipe("utf-8", "cp932", "replace"), want=150, longest=800),
    # Windows' and Java's cp949: a lead byte and the byte after it make one ? (?덈뀞?섏꽭??).  (mojibake: ignore)
    Kind("cp949-question-pair-ko", "other-codecs", "ko", Recipe("utf-8", "cp949", "question-pair"), want=150, longest=800),
    # Windows' cp932 writes ・ for an invalid pair (譁・ｭ怜喧縺・ for 文字化け).  # mojibake: ignore
    Kind("cp932-middot-pair-ja", "other-codecs", "ja", Recipe("utf-8", "cp932", "middot-pair"), want=150, longest=800),
    Kind("latin1-of-gbk", "other-codecs", "zh_CN", Recipe("gbk", "latin-1", "lossless"), want=150, longest=800),
    Kind("cp1252-of-gbk", "other-codecs", "zh_CN", Recipe("gbk", "cp1252", "lossless"), want=150, single_share=0.9, longest=800),
    Kind("latin1-of-big5", "other-codecs", "zh_TW", Recipe("big5", "latin-1", "lossless"), want=150, longest=800),
    Kind("latin1-of-sjis", "other-codecs", "ja", Recipe("shift_jis", "latin-1", "lossless"), want=150, longest=800),
    Kind("latin1-of-euckr", "other-codecs", "ko", Recipe("euc_kr", "latin-1", "lossless"), want=150, longest=800),
    # Legacy bytes shown as DOS's cp437, as zip tools show file names not flagged as UTF-8 (╓╨╬─ for 中文).  # mojibake: ignore
    Kind("cp437-of-gbk", "other-codecs", "zh_CN", Recipe("gbk", "cp437", "lossless"), want=150, longest=800),
    Kind("cp437-of-big5", "other-codecs", "zh_TW", Recipe("big5", "cp437", "lossless"), want=150, longest=800),
    Kind("cp437-of-sjis", "other-codecs", "ja", Recipe("shift_jis", "cp437", "lossless"), want=150, longest=800),
    Kind("cp437-of-euckr", "other-codecs", "ko", Recipe("euc_kr", "cp437", "lossless"), want=150, longest=800),
    # cp1252 text read as Latin-1: curly quotes, dashes and ellipses become C1 controls (ftfy's case).
    Kind("latin1-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "latin-1", "lossless"), want=150, single_share=0.9, longest=800),
    # UTF-8 read as the other single-byte codecs ftfy repairs (windows-1251, MacRoman, cp437 ...),
    # which mojibake hands to ftfy.fix_encoding: one line each.
    Kind("cp1251-lossless-ru", "single-byte", "ru", Recipe("utf-8", "sloppy-windows-1251", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("cp1251-lossless-en", "single-byte", "en", Recipe("utf-8", "sloppy-windows-1251", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("macroman-lossless-fr", "single-byte", "fr", Recipe("utf-8", "macroman", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("cp437-lossless-de", "single-byte", "de", Recipe("utf-8", "cp437", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("cp1250-lossless-cs", "single-byte", "cs", Recipe("utf-8", "sloppy-windows-1250", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("cp1253-lossless-el", "single-byte", "el", Recipe("utf-8", "sloppy-windows-1253", "lossless"), want=150, single_share=0.8, longest=800),
    # UTF-8 read as cp1252 by a strict decoder with errors="replace": the five bytes cp1252 leaves
    # undefined (81 8D 8F 90 9D) became U+FFFD, so ” shows as â€� and ftfy can only drop it.  (mojibake: ignore)
    Kind("cp1252-replace-en", "single-byte", "en", Recipe("utf-8", "cp1252", "replace"), want=150, single_share=0.8, longest=800),
    Kind("cp1252-replace-zh", "single-byte", "zh_CN", Recipe("utf-8", "cp1252", "replace"), want=150, single_share=0.8, longest=800),
    Kind("cp1252-replace-ja", "single-byte", "ja", Recipe("utf-8", "cp1252", "replace"), want=150, single_share=0.8, longest=800),
    # The same with errors="ignore" (Windows' default codec, whose strict decoder raises on those
    # five bytes): each is dropped without a trace, so 謝 (E8 AC 9D) shows as è¬.  (mojibake: ignore)
    Kind("cp1252-ignore-en", "single-byte", "en", Recipe("utf-8", "cp1252", "ignore"), want=150, single_share=0.8, longest=800),
    Kind("cp1252-ignore-zh", "single-byte", "zh_CN", Recipe("utf-8", "cp1252", "ignore"), want=150, single_share=0.8, longest=800),
    Kind("cp1252-ignore-ja", "single-byte", "ja", Recipe("utf-8", "cp1252", "ignore"), want=150, single_share=0.8, longest=800),
    # UTF-8 read as Latin-1, then its C1 controls (bytes 80-9F: the third byte of ’ “ ” – —)
    # stripped by a sanitizer: it’s shows as itâ€s, and the byte is gone.  (mojibake: ignore)
    Kind("latin1-c1stripped-en", "single-byte", "en", Recipe("utf-8", "latin-1", "c1-stripped"), want=150, single_share=0.8, longest=800),
    # UTF-8 read as ASCII with errors="replace": every non-ASCII byte is a U+FFFD (it’s -> it���s)
    Kind("ascii-replace-en", "single-byte", "en", Recipe("utf-8", "ascii", "replace"), want=150, single_share=0.8, longest=800),
    # Layered: mis-decoded twice, by the same codec or two different ones.
    Kind("layered-gbk-gbk-en", "layered", "en", Layered((Recipe("utf-8", "gbk", "lossless"),) * 2), want=150, single_share=0.9, longest=800),
    Kind("layered-gbk-cp1252-en", "layered", "en", Layered((Recipe("utf-8", "gbk", "lossless"), Recipe("utf-8", "cp1252", "lossless"))), want=150, single_share=0.9, longest=800),
    Kind("layered-cp1252-gbk-en", "layered", "en", Layered((Recipe("utf-8", "cp1252", "lossless"), Recipe("utf-8", "gbk", "lossless"))), want=150, single_share=0.9, longest=800),
    Kind("layered-gbk-cp1252-zh", "layered", "zh_CN", Layered((Recipe("utf-8", "gbk", "lossless"), Recipe("utf-8", "cp1252", "lossless"))), want=150, single_share=1.0, longest=800),
    # Windows-1252 English read as GBK (mirrors of English pages on Chinese sites): each smart
    # quote, dash or accent is a lead byte that swallows the next ASCII letter (it’s -> it抯, “We  # mojibake: ignore
    # -> 揥e) or, before a space, digit or line end, is lost.  # mojibake: ignore
    Kind("gbk-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "gbk", "lossless"), want=150, single_share=0.9, longest=800),
    Kind("gbk-replace-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "gbk", "replace"), want=150, single_share=0.8, longest=800),
    Kind("gbk-ignore-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "gbk", "ignore"), want=150, single_share=0.8, longest=800),
    # ... and as UTF-8 with errors="replace" (a browser, an HTTP client trusting a wrong charset):
    # one U+FFFD for each mark (don’t -> don\ufffdt)
    Kind("utf8-replace-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "utf-8", "replace"), want=150, single_share=0.8, longest=800),
    # ... and as Japanese and Korean Windows read it (It痴, It뭩)  # mojibake: ignore
    Kind("cp932-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "cp932", "lossless"), want=150, single_share=0.9, longest=800),
    Kind("cp932-replace-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "cp932", "replace"), want=150, single_share=0.8, longest=800),
    Kind("cp949-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "cp949", "lossless"), want=150, single_share=0.9, longest=800),
    Kind("cp949-replace-of-cp1252-en", "other-codecs", "en", Recipe("cp1252", "cp949", "replace"), want=150, single_share=0.8, longest=800),
    # Scripts beyond CJK and Latin read as GBK. Their two-byte UTF-8 (leads CE-DB) always makes GBK
    # pairs, so Cyrillic, Greek, Hebrew, Arabic and Persian come out lossless, as rare hanzi
    # (砖诇讜诐 for שלום); Devanagari's three-byte UTF-8 falls out of step and loses bytes.  (mojibake: ignore)
    Kind("gbk-lossless-ru", "other-scripts", "ru", Recipe("utf-8", "gbk", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("gbk-lossless-el", "other-scripts", "el", Recipe("utf-8", "gbk", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("gbk-lossless-he", "other-scripts", "he", Recipe("utf-8", "gbk", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("gbk-lossless-ar", "other-scripts", "ar", Recipe("utf-8", "gbk", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("gbk-lossless-fa", "other-scripts", "fa", Recipe("utf-8", "gbk", "lossless"), want=150, single_share=0.8, longest=800),
    Kind("gbk-replace-hi", "other-scripts", "hi", Recipe("utf-8", "gbk", "replace"), want=150, single_share=0.8, longest=800),
)
"""Every corrupted kind except ``mixed-zh-frame`` (which combines two pools)."""

CLEAN_CJK: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("clean-zh-hans", "zh_CN", has_han),
    ("clean-zh-hant", "zh_TW", has_han),
    ("clean-ja", "ja", lambda t: has_kana(t) or has_han(t)),
    ("clean-ko", "ko", has_hangul),
)

CLEAN_EUROPEAN: tuple[tuple[str, str], ...] = (
    ("clean-fr", "fr"),
    ("clean-de", "de"),
    ("clean-es", "es"),
    ("clean-it", "it"),
    ("clean-pt", "pt_BR"),
    ("clean-ru", "ru"),
    ("clean-pl", "pl"),
    ("clean-cs", "cs"),
    ("clean-tr", "tr"),
    ("clean-el", "el"),
    ("clean-uk", "uk"),
    ("clean-vi", "vi"),
)

CLEAN_OTHER_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("clean-he", "he"),
    ("clean-ar", "ar"),
    ("clean-fa", "fa"),
    ("clean-hi", "hi"),
)
"""Real text of the scripts whose UTF-8 GBK shows as rare hanzi (the other-scripts kinds)."""


@cache
def pools(locale_dir: Path) -> dict[str, dict[str, list[Message]]]:
    """Clean text pools by name: ``en`` (English), ``en-fancy`` (English with non-ASCII), and CJK languages."""
    en = english(locale_dir)
    fancy = {k: v for k, v in en.items() if any(has_fancy(m.text) for m in v)}
    return {
        "en": en,
        "en-fancy": fancy,
        "zh_CN": translations(locale_dir, "zh_CN", has_han),
        "zh_TW": translations(locale_dir, "zh_TW", has_han),
        "ja": translations(locale_dir, "ja", lambda t: has_kana(t) or has_han(t)),
        "ko": translations(locale_dir, "ko", has_hangul),
        **{lang: translations(locale_dir, lang, has_fancy) for lang in ("ru", "fr", "de", "cs", "el", "he", "ar", "fa", "hi")},
        "zh-code": read_pool(CODE_POOL),
        "zh-pages": read_pool(PAGES_POOL),
    }


CODE_POOL = Path(__file__).resolve().parent.parent / "fixtures" / "pools" / "zh-code.jsonl"
PAGES_POOL = CODE_POOL.with_name("zh-pages.jsonl")
"""Blocks of real source code with Chinese comments and strings, and of Chinese README/CHANGELOG
pages, from MIT sdists (scripts/extract_code_pool.py)."""


def read_pool(path: Path) -> dict[str, list[Message]]:
    """The blocks of a pool file (code or pages), grouped by the sdist they come from."""
    groups: dict[str, list[Message]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            groups.setdefault(rec["source"].split("/")[0], []).append(Message(rec["text"], rec["source"]))
    return groups


def corrupt_stream(rng: random.Random, kind: Kind, locale_dir: Path) -> Iterator[Message]:
    """Clean candidates for ``kind``: for English, only texts with non-ASCII characters."""
    if kind.pool == "en":
        fancy = pools(locale_dir)["en-fancy"]
        singles = {k: [m for m in v if has_fancy(m.text)] for k, v in fancy.items()}
        singles = {k: v for k, v in singles.items() if v}
        docs = samples(rng, fancy, ("\n", "\n\n", " "), 0.0, 150, kind.longest)
        while True:
            if rng.random() < kind.single_share:
                yield rng.choice(weighted_group(rng, singles))
            else:
                doc = next(docs)
                if has_fancy(doc.text):
                    yield doc
    else:
        joiners = ("\n\n",) if kind.pool == "zh-code" else ("\n", "\n\n", "")
        yield from samples(rng, pools(locale_dir)[kind.pool], joiners, kind.single_share, 150, kind.longest)


def build_kind(kind: Kind, locale_dir: Path) -> list[dict]:
    """The cases of one corrupted kind."""
    rng = rng_for(kind.name)

    def convert(msg: Message) -> tuple[str, str, str] | None:
        out = kind.recipe.apply(msg.text)
        if out is None:
            return None
        status, note = judge(msg.text, kind.recipe)
        return out, status, note

    got = take(corrupt_stream(rng, kind, locale_dir), kind.want, convert, kind.want * 400, kind.max_known_failure)
    return [
        case(kind.name, i, kind.recipe.path, corrupted, msg.text, msg.source, status, note)
        for i, (corrupted, status, msg, note) in enumerate(got)
    ]


def build_mixed(locale_dir: Path, want: int = 320) -> list[dict]:
    """Chinese documents (frame) with a few lines replaced by lossless GBK mojibake of English or Chinese."""
    rng = rng_for("mixed-zh-frame")
    recipe = Recipe("utf-8", "gbk", "lossless")
    zh = pools(locale_dir)["zh_CN"]
    en_fancy = [m for v in pools(locale_dir)["en-fancy"].values() for m in v if has_fancy(m.text)]
    zh_all = [m for v in zh.values() for m in v]
    en_ok = [m for m in en_fancy if "\n" not in m.text and recipe.apply(m.text)]
    zh_ok = [m for m in zh_all if "\n" not in m.text and len(m.text) >= 6 and recipe.apply(m.text)]
    out = []
    seen: set[str] = set()
    while len(out) < want:
        frame_msgs = weighted_group(rng, zh)
        if len(frame_msgs) < 4:
            continue
        lines = [frame_msgs[i].text for i in sorted(rng.sample(range(len(frame_msgs)), rng.randint(3, min(12, len(frame_msgs)))))]
        body_pool = en_ok if rng.random() < 0.5 else zh_ok
        body = rng.sample(body_pool, rng.randint(1, 3))
        expected_lines = list(lines)
        corrupted_lines = list(lines)
        for m in body:
            at = rng.randint(1, len(expected_lines))
            expected_lines.insert(at, m.text)
            corrupted_lines.insert(at, recipe.apply(m.text) or "")
        expected = "\n".join(expected_lines)
        if expected in seen:
            continue
        seen.add(expected)
        source = " + ".join([frame_msgs[0].source] + sorted({m.source for m in body}))
        out.append(case("mixed-zh-frame", len(out), recipe.path, "\n".join(corrupted_lines), expected, source))
    return out


def build_clean(locale_dir: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """Clean CJK, clean European and clean other-script documents (corrupted == expected)."""
    cjk: list[dict] = []
    for kind, lang, keep in CLEAN_CJK:
        rng = rng_for(kind)
        groups = translations(locale_dir, lang, keep)
        for i, msg in enumerate(_distinct(samples(rng, groups, ("\n", "\n\n", ""), 0.4, 150, 1200), 320)):
            cjk.append(case(kind, i, "", msg.text, msg.text, msg.source))
    european: list[dict] = []
    en = pools(locale_dir)["en"]
    rng = rng_for("clean-en")
    fancy_first = _distinct(samples(rng, pools(locale_dir)["en-fancy"], ("\n", "\n\n", " "), 0.5, 150, 1500), 60)
    rest = _distinct(samples(rng, en, ("\n", "\n\n", " "), 0.35, 150, 1500), 60, exclude={m.text for m in fancy_first})
    for i, msg in enumerate(fancy_first + rest):
        european.append(case("clean-en", i, "", msg.text, msg.text, msg.source))
    for kind, lang in CLEAN_EUROPEAN:
        rng = rng_for(kind)
        groups = translations(locale_dir, lang, is_latin_prose)
        for i, msg in enumerate(_distinct(samples(rng, groups, ("\n", "\n\n", " "), 0.35, 150, 1500), 40)):
            european.append(case(kind, i, "", msg.text, msg.text, msg.source))
    other: list[dict] = []
    for kind, lang in CLEAN_OTHER_SCRIPTS:
        rng = rng_for(kind)
        groups = translations(locale_dir, lang, has_fancy)
        for i, msg in enumerate(_distinct(samples(rng, groups, ("\n", "\n\n", " "), 0.35, 150, 1500), 40)):
            other.append(case(kind, i, "", msg.text, msg.text, msg.source))
    return cjk, european, other


def _distinct(stream: Iterator[Message], want: int, exclude: set[str] | None = None) -> list[Message]:
    """The first ``want`` messages of ``stream`` with distinct texts."""
    seen = set(exclude or ())
    out = []
    for msg in stream:
        if msg.text not in seen:
            seen.add(msg.text)
            out.append(msg)
            if len(out) == want:
                break
    return out


# --------------------------------------------------------------------------------------------
# Checking and writing
# --------------------------------------------------------------------------------------------


def check(cases: list[dict]) -> None:
    """Fail loudly on a malformed case: duplicate id, clean case changed, corruption that does not reproduce."""
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    recipes = {k.name: k.recipe for k in KINDS}
    for c in cases:
        assert c["status"] in ("pass", "known-failure"), c["id"]
        if c["kind"].startswith("clean-"):
            assert c["corrupted"] == c["expected"], c["id"]
            continue
        assert c["corrupted"] != c["expected"], c["id"]
        recipe = recipes.get(c["kind"])
        if recipe is not None:
            assert recipe.apply(c["expected"]) == c["corrupted"], c["id"]


def write_jsonl(path: Path, cases: list[dict]) -> None:
    """One JSON object per line, UTF-8, non-ASCII kept readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")


def main() -> None:
    """Build every fixture file and print the counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "fixtures")
    ap.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = ap.parse_args()

    cjk, european, other = build_clean(args.locale_dir)
    files: dict[str, list[dict]] = {"clean-cjk": cjk, "clean-european": european, "clean-other-scripts": other}
    for kind in KINDS:
        files.setdefault(kind.file, []).extend(build_kind(kind, args.locale_dir))
    files["gbk"].extend(build_mixed(args.locale_dir))

    for name, cases in files.items():
        check(cases)
        write_jsonl(args.out / f"{name}.jsonl", cases)
        counts: dict[str, list[int]] = {}
        for c in cases:
            n = counts.setdefault(c["kind"], [0, 0])
            n[0] += 1
            n[1] += c["status"] == "known-failure"
        size = (args.out / f"{name}.jsonl").stat().st_size
        print(f"{name}.jsonl  {len(cases)} cases  {size / 1e6:.2f} MB")
        for kind, (n, kf) in counts.items():
            print(f"  {kind:28s} {n:5d}" + (f"  ({kf} known-failure)" if kf else ""))


if __name__ == "__main__":
    main()
