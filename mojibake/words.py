"""Chinese word model: how well a short stretch of ideographs splits into known words.

The character bigram model of ``model`` sees one char of context, so a lost char that ends a
word (偏移[量], 登录[名] before a line feed) is often outranked by a char that merely follows
the last one well. Word costs, from wordfreq's Chinese list (``scripts/build_words.py``), tell
which candidate makes the stretch around it read as words. Loaded lazily: only lossy CJK repair
needs it.
"""

from __future__ import annotations

import functools
import json
import lzma
import struct
from importlib import resources

_DATA_FILE = "zhwords.bin"
_MAGIC = b"MJBKWD1\n"

MAX_WORD = 6
"""Longest word looked up (longer ones are rare and mostly names)."""

UNKNOWN_CHAR_BITS = 32
"""Cost of a char that is no one-char word of the list, when it stands alone in a split."""


SCALE = 4
"""Costs are stored and added in units of 1/SCALE bit (ints: 330,000 words take 40 MB, not 50)."""


@functools.cache
def _words() -> dict[str, int]:
    """Word -> -log2 P(word) in 1/SCALE bit, loaded once on first use."""
    raw = resources.files("mojibake").joinpath("data", _DATA_FILE).read_bytes()
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{_DATA_FILE}: not a mojibake word list")
    body = lzma.decompress(raw[len(_MAGIC) :])
    (size,) = struct.unpack_from("<I", body)
    header = json.loads(body[4 : 4 + size])
    count, scale, offset = header["count"], header["scale"], header["offset"]
    costs = body[len(body) - count :]
    words = body[4 + size : len(body) - count].decode("utf-8").split("\n")
    if len(words) != count:
        raise ValueError(f"{_DATA_FILE}: {len(words)} words, header says {count}")
    if scale != SCALE or offset:
        raise ValueError(f"{_DATA_FILE}: costs in 1/{scale} bit from {offset}, expected 1/{SCALE} from 0")
    return dict(zip(words, costs))  # small ints: shared objects, no float per word


def word_cost(word: str) -> float | None:
    """-log2 P(word) under the word list, None for a word it lacks."""
    q = _words().get(word)
    return None if q is None else q / SCALE


def ideograph(ch: str) -> bool:
    """Is ``ch`` a CJK ideograph the word list can hold?"""
    return "\u3400" <= ch <= "\u9fff"


def split_costs(left: str, middle: tuple[str, ...], right: str) -> list[float]:
    """For each char of ``middle``: the bits of the best split into words of ``left + ch +
    right`` (``left`` and ``right`` ideographs; an ideograph the list lacks costs
    UNKNOWN_CHAR_BITS on its own). A non-ideograph (a bracket, a letter) ends the words on
    both sides and costs what the cheapest ideograph of ``middle`` costs alone: the list
    knows nothing of it, so it is neither helped nor hurt against an ideograph that forms no
    word. The fixed sides are split once; per candidate only the words that hold it are
    looked up."""
    words = _words()
    unknown = UNKNOWN_CHAR_BITS * SCALE
    neutral = min((words.get(ch, unknown) for ch in middle if ideograph(ch)), default=unknown)
    fwd = _forward(left, words)  # fwd[i]: best split of left[:i]
    bwd = _forward(right[::-1], words, reverse=True)  # bwd[j]: best split of the last j chars of right
    n, m = len(left), len(right)
    out = []
    for ch in middle:
        best = fwd[n] + (words.get(ch, unknown) if ideograph(ch) else neutral) + bwd[m]
        if ideograph(ch):
            for i in range(max(0, n - MAX_WORD + 1), n + 1):
                for k in range(min(m, MAX_WORD - (n - i) - 1) + 1):
                    if i == n and k == 0:
                        continue
                    cost = words.get(left[i:] + ch + right[:k])
                    if cost is not None:
                        total = fwd[i] + cost + bwd[m - k]
                        best = min(best, total)
        out.append(best / SCALE)
    return out


def _forward(s: str, words: dict[str, int], reverse: bool = False) -> list[int]:
    """best[i]: the cheapest split (1/SCALE bit) of the first i chars of ``s`` into words (a
    char the list lacks costs UNKNOWN_CHAR_BITS). With ``reverse``, ``s`` is a reversed string
    and the words are looked up the right way round."""
    best = [0] * (len(s) + 1)
    unknown = UNKNOWN_CHAR_BITS * SCALE
    for i in range(1, len(s) + 1):
        b = best[i - 1] + words.get(s[i - 1], unknown)
        for j in range(max(0, i - MAX_WORD), i - 1):
            w = s[j:i][::-1] if reverse else s[j:i]
            c = words.get(w)
            if c is not None and best[j] + c < b:
                b = best[j] + c
        best[i] = b
    return best
