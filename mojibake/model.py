"""Character language model: how plausible a string is, in bits, for comparing readings.

The detector compares two readings X and Y of the same span in the same context and
repairs when ``cost(Y, left, right)`` is clearly lower than ``cost(X, left, right)``;
the lossy-byte inference ranks candidate characters with ``pair_cost``.

Model (built by ``scripts/build_model.py`` into ``mojibake/data/charmodel.bin``)::

    P(b | a) = P(class(b) | class(a)) * P(b | a, class(b))
    P(b | a, C) = lam[class(a), C] * P_words(b | a, C) + (1 - lam) * P_uni(b | C)

``P(class | class)`` comes from real running text, ``P_words`` from within-word
character bigrams of word-frequency lists, ``P_uni(b | C)`` from character unigrams
smoothed so every code point of the class has a floor probability.  Pairs absent from
the stored bigram table fall back to the class model, so every pair of code points has
a finite cost; private-use, unassigned/control characters and U+FFFD are priced high.
"""

from __future__ import annotations

import functools
import json
import lzma
import struct
import sys
import unicodedata
from array import array
from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

# Character classes; the index is the class id used in the data file.
CLASSES: tuple[str, ...] = (
    "boundary",  # 0  start of text (pair_cost("", b))
    "ascii_lower",  # 1
    "ascii_upper",  # 2
    "digit",  # 3  ASCII digits
    "space",  # 4  space, tab, NBSP, ideographic space
    "newline",  # 5  \n \r U+2028 U+2029
    "ascii_punct",  # 6  ASCII punctuation and symbols
    "latin_letter",  # 7  Latin-1 / Latin Extended letters (é ß ł ő ...)
    "latin_symbol",  # 8  Latin-1 punctuation and symbols (« » © ° × ÷ ...)
    "general_punct",  # 9  U+2000-U+206F (’ “ ” — – … •) and format characters
    "han",  # 10 CJK ideographs (all extensions, compatibility, 々 〆 〇)
    "hiragana",  # 11
    "katakana",  # 12 incl. ー and half-width katakana
    "hangul",  # 13 syllables and jamo
    "cjk_punct",  # 14 CJK symbols/punctuation, full-width punctuation, vertical forms
    "fullwidth_alnum",  # 15 full-width digits and Latin letters
    "cyrillic",  # 16
    "greek",  # 17
    "other_letter",  # 18 letters, marks and numbers of other scripts
    "symbol",  # 19 other symbols: emoji, arrows, box drawing, math ...
    "private_use",  # 20
    "replacement",  # 21 U+FFFD
    "control",  # 22 control characters, unassigned code points, surrogates
)
CLASS_ID: dict[str, int] = {name: i for i, name in enumerate(CLASSES)}
N_CLASSES = len(CLASSES)

BOUNDARY = 0
_LOWER, _UPPER, _DIGIT, _SPACE, _NEWLINE, _APUNCT = 1, 2, 3, 4, 5, 6
_LATIN, _LATSYM, _GENP, _HAN, _HIRA, _KATA, _HANGUL, _CJKP, _FWALNUM = 7, 8, 9, 10, 11, 12, 13, 14, 15
_CYR, _GREEK, _OTHER, _SYMBOL, _PUA, _REPL, _CTRL = 16, 17, 18, 19, 20, 21, 22

_DATA_FILE = "charmodel.bin"
_MAGIC = b"MJBKCM1\n"


def _class_of_codepoint(cp: int) -> int:
    """Class id of one code point (pure function of the code point and unicodedata)."""
    if cp < 0x80:
        if 0x61 <= cp <= 0x7A:
            return _LOWER
        if 0x41 <= cp <= 0x5A:
            return _UPPER
        if 0x30 <= cp <= 0x39:
            return _DIGIT
        if cp in (0x20, 0x09):
            return _SPACE
        if cp in (0x0A, 0x0D):
            return _NEWLINE
        if cp < 0x20 or cp == 0x7F:
            return _CTRL
        return _APUNCT
    if cp == 0xFFFD:
        return _REPL
    cat = unicodedata.category(chr(cp))
    if cat == "Co":
        return _PUA
    if cat in ("Cn", "Cs", "Cc"):
        return _CTRL
    if cp in (0xA0, 0x3000):  # NBSP, and the ideographic space that indents Chinese paragraphs
        return _SPACE
    if cp < 0xC0 or cp in (0xD7, 0xF7):
        return _LATSYM
    if cp <= 0x24F or 0x1E00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F or 0xA720 <= cp <= 0xA7FF:
        return _LATIN if cat[0] == "L" else _SYMBOL
    if 0x300 <= cp <= 0x36F:  # combining diacritics: the accents of decomposed (NFD) Latin text
        return _LATIN
    if cp in (0x2028, 0x2029):
        return _NEWLINE
    if 0x2000 <= cp <= 0x206F or cat == "Cf":
        return _GENP
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF:
        return _HAN
    if 0xF900 <= cp <= 0xFAFF or 0x3005 <= cp <= 0x3007:
        return _HAN
    if 0x3040 <= cp <= 0x309F:
        return _HIRA
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return _KATA
    if (
        0xAC00 <= cp <= 0xD7FF
        or 0x1100 <= cp <= 0x11FF
        or 0x3130 <= cp <= 0x318F
        or 0xA960 <= cp <= 0xA97F
        or 0xFFA0 <= cp <= 0xFFDC
    ):
        return _HANGUL
    if 0xFF10 <= cp <= 0xFF19 or 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        return _FWALNUM
    if 0x3000 <= cp <= 0x303F or 0xFE10 <= cp <= 0xFE6F or 0xFF00 <= cp <= 0xFF65 or 0xFFE0 <= cp <= 0xFFEE:
        return _CJKP
    if 0x0400 <= cp <= 0x052F or 0x1C80 <= cp <= 0x1C8F or 0x2DE0 <= cp <= 0x2DFF or 0xA640 <= cp <= 0xA69F:
        return _CYR
    if 0x0370 <= cp <= 0x03FF or 0x1F00 <= cp <= 0x1FFF:
        return _GREEK if cat[0] == "L" else _SYMBOL
    if cat[0] in "LM" or (cat[0] == "N" and cp < 0x2000):
        return _OTHER  # with the digits of their own blocks (۰ ٣ ५); numbers from U+2000 on are symbols (① ❶ Ⅻ)
    if cat == "Zs":
        return _SPACE
    return _SYMBOL


@functools.cache
def char_class(ch: str) -> int:
    """Class id (index into ``CLASSES``) of one character; ``""`` is the boundary."""
    return BOUNDARY if ch == "" else _class_of_codepoint(ord(ch))


class _Model(NamedTuple):
    """The loaded tables (immutable after loading)."""

    info: dict[str, tuple[int, float]]  # char -> (class id, -log2 P(char | class))
    floor: tuple[float, ...]  # class id -> in-class cost of a char absent from ``info``
    trans: tuple[tuple[float, ...], ...]  # [class a][class b] -> -log2 P(class b | class a)
    prior: tuple[float, ...]  # class id -> -log2 P(class) (unigram)
    rows: dict[str, dict[object, float]]  # a -> {b: pair cost, class id: backoff penalty}
    latin_symbols: dict[str, float]  # symbol -> -log2 P(symbol | a symbol of Latin-script text)
    currencies: dict[str, float]  # sign -> -log2 P(sign | a currency sign beside a number)


def _read_payload(raw: bytes) -> _Model:
    """Decode the data file (see ``scripts/build_model.py`` for the format)."""
    if not raw.startswith(_MAGIC):
        raise ValueError("not a mojibake character-model file")
    data = lzma.decompress(raw[len(_MAGIC) :])
    (hlen,) = struct.unpack_from("<I", data, 0)
    header = json.loads(data[4 : 4 + hlen].decode("utf-8"))
    pos = 4 + hlen
    blobs: list[bytes] = []
    for size in header["blob_sizes"]:
        blobs.append(data[pos : pos + size])
        pos += size
    scale = header["scale"]
    levels = [q / scale for q in range(65536)]
    uni_chars = blobs[0].decode("utf-8")
    uni_costs = array("H")
    uni_costs.frombytes(blobs[1])
    uni_classes = blobs[2]
    row_chars = blobs[3].decode("utf-8")
    row_lens = array("I")
    row_lens.frombytes(blobs[4])
    foll_chars = blobs[5].decode("utf-8")
    foll_costs = array("H")
    foll_costs.frombytes(blobs[6])
    masks = array("I")
    masks.frombytes(blobs[7])
    if sys.byteorder == "big":
        for arr in (uni_costs, row_lens, foll_costs, masks):
            arr.byteswap()
    penalty = header["penalty"]

    info: dict[str, tuple[int, float]] = {"": (BOUNDARY, 0.0)}
    info.update(zip(uni_chars, zip(uni_classes, map(levels.__getitem__, uni_costs))))
    rows: dict[str, dict[object, float]] = {}
    start = 0
    for i, a in enumerate(row_chars):
        end = start + row_lens[i]
        row: dict[object, float] = dict(zip(foll_chars[start:end], map(levels.__getitem__, foll_costs[start:end])))
        start = end
        mask = masks[i]
        if mask:
            pen = penalty[info[a][0]]
            row.update((cls, pen[cls]) for cls in range(N_CLASSES) if mask >> cls & 1)
        rows[a] = row
    for a, adj in header.get("context", {}).items():
        # a mark's or CJK letter's own next-class distribution, as bits added to its class's
        row = rows.setdefault(a, {})
        for cls, bits in adj.items():
            row[int(cls)] = row.get(int(cls), 0.0) + bits
    trans = tuple(tuple(r) for r in header["trans"])
    return _Model(
        info, tuple(header["floor"]), trans, tuple(header["prior"]), rows,
        header.get("latin_symbols", {}), header.get("currencies", {}),
    )


@functools.cache
def _model() -> _Model:
    """Load the tables once, on first use."""
    raw = resources.files("mojibake").joinpath("data", _DATA_FILE).read_bytes()
    return _read_payload(raw)


@functools.cache
def _unseen_info(ch: str) -> tuple[int, float]:
    """(class, in-class cost) of a character absent from the unigram table."""
    cls = char_class(ch)
    return cls, _model().floor[cls]


def char_cost(ch: str) -> float:
    """-log2 P(ch) under the mixed-language unigram model."""
    m = _model()
    cls, in_class = m.info.get(ch) or _unseen_info(ch)
    return m.prior[cls] + in_class


@functools.cache
def commonest(n_bytes: int, limit: int) -> tuple[str, ...]:
    """The ``limit`` chars of the unigram table likeliest under the model whose UTF-8 form has
    ``n_bytes`` bytes, likeliest first (what a char whose bytes are all lost most likely was)."""
    info = _model().info
    fits = [ch for ch in info if len(ch.encode("utf-8", "surrogatepass")) == n_bytes and ch.isprintable()]
    return tuple(sorted(fits, key=lambda ch: (char_cost(ch), ch))[:limit])


def latin_symbol_cost(ch: str) -> float | None:
    """-log2 P(ch | a symbol of Latin-script text), None for a symbol the Latin word lists never
    show alone (the class distribution is CJK web text's: there ™ has no data, ★ much)."""
    return _model().latin_symbols.get(ch)


@functools.cache
def currency_signs() -> frozenset[str]:
    """Every char ``currency_cost`` knows (a C-speed test for a lost char's candidates)."""
    return frozenset(_model().currencies)


def currency_cost(ch: str) -> float | None:
    """-log2 P(ch | a currency sign beside a number), None for a char no model language's
    territory writes as its currency (the word lists drop currency signs altogether)."""
    return _model().currencies.get(ch)


def seen(ch: str, prev: str = "", nxt: str = "") -> bool:
    """Did the model's data show ``ch``: in the unigram table, or right after ``prev`` or
    right before ``nxt``? A char it never saw has only its class's floor cost to go by."""
    m = _model()
    if ch in m.info:
        return True
    row = m.rows.get(prev) if prev else None
    if row is not None and ch in row:
        return True
    row = m.rows.get(ch)
    return row is not None and bool(nxt) and nxt in row


def pair_cost(a: str, b: str) -> float:
    """-log2 P(b | a) for single characters; ``a == ""`` means start of text."""
    m = _model()
    row = m.rows.get(a)
    if row is not None:
        c = row.get(b)
        if c is not None:
            return c
    ia = m.info.get(a) or _unseen_info(a)
    ib = m.info.get(b) or _unseen_info(b)
    c = m.trans[ia[0]][ib[0]] + ib[1]
    if row is not None:
        c += row.get(ib[0], 0.0)
    return c


def pair_costs(prevs: Sequence[str], nexts: Sequence[str]) -> list[list[float]]:
    """``pair_cost(a, b)`` for every a in ``prevs`` and b in ``nexts`` (rows by a), in one call:
    the lattice searches need whole tables, and one call per pair is most of their time."""
    m = _model()
    rows, info, trans = m.rows, m.info, m.trans
    binfo = [info.get(b) or _unseen_info(b) for b in nexts]
    pairs = list(zip(nexts, binfo))
    out = []
    for a in prevs:
        row = rows.get(a)
        tr = trans[(info.get(a) or _unseen_info(a))[0]]
        if row is None:
            out.append([tr[cb] + inb for cb, inb in binfo])
        else:
            get = row.get  # a seen pair's own cost, else the class backoff plus the row's penalty
            out.append([c if (c := get(b)) is not None else tr[cb] + inb + get(cb, 0.0) for b, (cb, inb) in pairs])
    return out


def best_path(
    lattice: list[tuple[str, ...]],
    tables: list[list[list[float]]],
    bias: Sequence[dict[str, float] | None] = (),
) -> list[str]:
    """The cheapest path of one char per position of ``lattice`` (Viterbi): ``tables[t]`` holds
    the pair costs from position t-1's candidates (from the left context's one char for t=0) to
    position t's, and an extra last table, if any, those to the right context's char;
    ``bias[i]`` adds bits to some candidates of position i (bracket and quote pairing, words).

    Linear in the lattice length: one back-pointer table per position, no path copies.
    """
    acc = [0.0]
    backs: list[list[int]] = []
    for t, cands in enumerate(lattice):
        columns = list(zip(*tables[t]))
        extra = bias[t] if t < len(bias) else None
        nxt: list[float] = []
        back: list[int] = []
        for j, col in enumerate(columns):
            totals = [a + c for a, c in zip(acc, col)]
            best = min(totals)
            nxt.append(best + extra.get(cands[j], 0.0) if extra else best)
            back.append(totals.index(best))  # the first of equals, as a strict < scan keeps
        acc = nxt
        backs.append(back)
    if len(tables) > len(lattice):
        acc = [a + c[0] for a, c in zip(acc, tables[-1])]
    j = acc.index(min(acc))
    path = [lattice[-1][j]]
    for t in range(len(lattice) - 1, 0, -1):
        j = backs[t][j]
        path.append(lattice[t - 1][j])
    path.reverse()
    return path


def cost(text: str, left: str = "", right: str = "") -> float:
    """-log2 P(text + right[:1] | left[-1:]): the bits to read ``text`` in its context."""
    if not text:
        return pair_cost(left[-1:], right[0]) if right else 0.0
    m = _model()
    rows, info, trans = m.rows, m.info, m.trans
    total = 0.0
    prev = left[-1:]
    seq = text + right[:1]
    for ch in seq:
        row = rows.get(prev)
        c = row.get(ch) if row is not None else None
        if c is None:
            ia = info.get(prev) or _unseen_info(prev)
            ib = info.get(ch) or _unseen_info(ch)
            c = trans[ia[0]][ib[0]] + ib[1]
            if row is not None:
                c += row.get(ib[0], 0.0)
        total += c
        prev = ch
    return total


def cost_per_char(text: str) -> float:
    """Average bits per character of ``text`` read from a boundary (for diagnostics)."""
    return cost(text) / len(text) if text else 0.0
