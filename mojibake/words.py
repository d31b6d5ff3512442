"""Word models (Chinese, Japanese, Korean): how well a short stretch of text splits into known words.

The character bigram model of ``model`` sees one char of context, so a lost char that ends a
word (偏移[量], 登录[名] before a line feed) is often outranked by a char that merely follows
the last one well. Word costs, from wordfreq's Chinese list (``scripts/build_words.py``), tell
which candidate makes the stretch around it read as words. Japanese text (``lang="ja"``) has
its own list, of ideograph and kana words (ソケ[ッ]ト, [デ]ータ), and Korean (``lang="ko"``) one of
Hangul morphemes, stems and particles apart (사용자 + 가, 인증 + 을). Loaded lazily: only lossy CJK
repair needs them, and each language only for its own text.
"""

from __future__ import annotations

import functools
import json
import lzma
import struct
from importlib import resources

_DATA_FILES = {"zh": "zhwords.bin", "ja": "jawords.bin", "ko": "kowords.bin"}
_MAGIC = b"MJBKWD1\n"

MAX_WORDS = {"zh": 6, "ja": 8, "ko": 6}
"""Longest word looked up (longer Chinese ones are rare and mostly names; Japanese loanwords in
katakana run longer: インターフェース)."""

UNKNOWN_CHAR_BITS = 32
"""Cost of a char that is no one-char word of the list, when it stands alone in a split."""


SCALE = 4
"""Costs are stored and added in units of 1/SCALE bit (ints: 330,000 words take 40 MB, not 50)."""


def _words(lang: str = "zh") -> dict[str, int]:
    """Word -> -log2 P(word) in 1/SCALE bit of ``lang``'s list, loaded once on first use."""
    return _load(lang)  # one cache key per language, however it is called


@functools.cache
def _load(lang: str) -> dict[str, int]:
    """Read and decode the data file of ``lang``'s list (cached by ``lang``)."""
    data_file = _DATA_FILES[lang]
    raw = resources.files("mojibake").joinpath("data", data_file).read_bytes()
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{data_file}: not a mojibake word list")
    body = lzma.decompress(raw[len(_MAGIC) :])
    (size,) = struct.unpack_from("<I", body)
    header = json.loads(body[4 : 4 + size])
    count, scale, offset = header["count"], header["scale"], header["offset"]
    costs = body[len(body) - count :]
    words = body[4 + size : len(body) - count].decode("utf-8").split("\n")
    if len(words) != count:
        raise ValueError(f"{data_file}: {len(words)} words, header says {count}")
    if scale != SCALE or offset:
        raise ValueError(f"{data_file}: costs in 1/{scale} bit from {offset}, expected 1/{SCALE} from 0")
    return dict(zip(words, costs))  # small ints: shared objects, no float per word


def word_cost(word: str, lang: str = "zh") -> float | None:
    """-log2 P(word) under ``lang``'s word list, None for a word it lacks."""
    q = _words(lang).get(word)
    return None if q is None else q / SCALE


def ideograph(ch: str) -> bool:
    """Is ``ch`` a CJK ideograph the word list can hold?"""
    return "\u3400" <= ch <= "\u9fff"


def japanese(ch: str) -> bool:
    """Is ``ch`` an ideograph, hiragana or katakana (with ー), what the Japanese list holds? (Not
    々: with it, a lost 。 after a kanji read as the word 数々.)"""
    return "\u3400" <= ch <= "\u9fff" or "\u3041" <= ch <= "\u309f" or "\u30a0" <= ch <= "\u30ff"


def hangul(ch: str) -> bool:
    """Is ``ch`` a precomposed Hangul syllable, what the Korean list is made of?"""
    return "\uac00" <= ch <= "\ud7a3"


WORD_CHAR = {"zh": ideograph, "ja": japanese, "ko": hangul}
"""Per language: the chars its word list is made of."""


def split_costs(left: str, middle: tuple[str, ...], right: str, lang: str = "zh") -> list[float]:
    """For each char of ``middle``: the bits of the best split into words of ``left + ch +
    right`` under ``lang``'s list (``left`` and ``right`` are word chars, ``WORD_CHAR``; one
    the list lacks costs UNKNOWN_CHAR_BITS on its own). A char of no word (a bracket, a
    letter) ends the words on both sides and costs what the cheapest word char of ``middle``
    costs alone: the list knows nothing of it, so it is neither helped nor hurt against a
    char that forms no word. The fixed sides are split once; per candidate only the words
    that hold it are looked up."""
    words = _words(lang)
    word_char = WORD_CHAR[lang]
    max_word = MAX_WORDS[lang]
    unknown = UNKNOWN_CHAR_BITS * SCALE
    neutral = min((words.get(ch, unknown) for ch in middle if word_char(ch)), default=unknown)
    fwd = _forward(left, words, max_word)  # fwd[i]: best split of left[:i]
    bwd = _forward(right[::-1], words, max_word, reverse=True)  # bwd[j]: best split of the last j chars of right
    n, m = len(left), len(right)
    pairs = _pairs(lang)
    last, first = left[-1:], right[:1]
    out = []
    for ch in middle:
        best = fwd[n] + (words.get(ch, unknown) if word_char(ch) else neutral) + bwd[m]
        if word_char(ch):
            # A word reaching into the left side holds last + ch, one reaching right ch + first:
            # no word holds the pair, no such word is looked up (most candidates form none).
            lo = max(0, n - max_word + 1) if last and last + ch in pairs else n
            right_ok = bool(first) and ch + first in pairs
            for i in range(lo, n + 1):
                for k in range(min(m, max_word - (n - i) - 1) + 1 if right_ok else 1):
                    if i == n and k == 0:
                        continue
                    cost = words.get(left[i:] + ch + right[:k])
                    if cost is not None:
                        total = fwd[i] + cost + bwd[m - k]
                        best = min(best, total)
        out.append(best / SCALE)
    return out


@functools.cache
def _pairs(lang: str) -> frozenset[str]:
    """Every two adjacent chars inside a word of ``lang``'s list (built once, on first use:
    about 270,000 for Chinese, 0.3 s)."""
    return frozenset(w[i : i + 2] for w in _words(lang) if len(w) > 1 for i in range(len(w) - 1))


def _forward(s: str, words: dict[str, int], max_word: int, reverse: bool = False) -> list[int]:
    """best[i]: the cheapest split (1/SCALE bit) of the first i chars of ``s`` into words of at
    most ``max_word`` chars (a char the list lacks costs UNKNOWN_CHAR_BITS). With ``reverse``,
    ``s`` is a reversed string and the words are looked up the right way round."""
    best = [0] * (len(s) + 1)
    unknown = UNKNOWN_CHAR_BITS * SCALE
    for i in range(1, len(s) + 1):
        b = best[i - 1] + words.get(s[i - 1], unknown)
        for j in range(max(0, i - max_word), i - 1):
            w = s[j:i][::-1] if reverse else s[j:i]
            c = words.get(w)
            if c is not None and best[j] + c < b:
                b = best[j] + c
        best[i] = b
    return best
