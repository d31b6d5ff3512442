#!/usr/bin/env python3
"""Build ``mojibake/data/zhwords.bin``, ``jawords.bin`` and ``kowords.bin``, the word lists of ``mojibake.words``.

Run by hand (needs ``wordfreq`` and ``opencc-python-reimplemented``, build time only)::

    pip install "wordfreq==3.1.1" "opencc-python-reimplemented==0.1.7"
    python scripts/build_words.py            # Chinese
    python scripts/build_words.py --lang ja  # Japanese
    python scripts/build_words.py --lang ko  # Korean

Japanese: wordfreq's ``ja`` list (segmented with MeCab), every word made only of ideographs
and kana, with its frequency, cut at the same ``MIN_FREQ``.

Korean: wordfreq's ``ko`` list (its only size, "small"; morphemes: stems and particles apart,
사용자 and 가), every word made only of Hangul syllables, with its frequency, same ``MIN_FREQ``.

Chinese source: wordfreq's ``zh`` list (Simplified, segmented with jieba), every word made only of
ideographs, with its frequency; each word is also converted to Traditional with OpenCC
``s2tw`` and counted again under that form, with ``TRADITIONAL_SHARE`` of its frequency
(wordfreq has no Traditional list). Words rarer
than ``MIN_FREQ`` are left out (the long tail held a third of the words and under a tenth of
the measured gain).

File format: ``b"MJBKWD1\\n"`` then one LZMA (xz) stream holding a uint32 LE header length,
a UTF-8 JSON header (``scale``, ``count``, ``source``), the words (UTF-8, joined by ``\\n``,
sorted), and one uint8 per word: its cost -log2 P(word) in units of 1/``scale`` bit (``offset``
is 0: the rarest word kept costs about 25 bits, well inside a byte). Deterministic output.
"""

from __future__ import annotations

import argparse
import json
import lzma
import math
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mojibake.words import WORD_CHAR, ideograph  # noqa: E402  (the chars each list is made of)

MAGIC = b"MJBKWD1\n"
MIN_FREQ = 2.5e-8
TRADITIONAL_SHARE = 0.6
"""Weight of a word's Traditional form against its Simplified source (the char model's zh-Hant
to zh-Hans share, 0.12 to 0.20): a converted form is counted, not as often as the original."""
SCALE = 4
OUT = Path(__file__).resolve().parent.parent / "mojibake" / "data" / "zhwords.bin"


def ideographs(word: str) -> bool:
    """Is every char of ``word`` a CJK ideograph (``mojibake.words.ideograph``)?"""
    return all(map(ideograph, word))


def list_frequencies(lang: str) -> dict[str, float]:
    """Words of wordfreq's ``lang`` list (ja, ko) made only of the chars ``mojibake.words`` reads
    for that language (ideographs and kana; Hangul syllables), with frequencies."""
    import wordfreq

    is_char = WORD_CHAR[lang]
    return {w: f for w, f in sorted(wordfreq.get_frequency_dict(lang).items()) if f >= MIN_FREQ and all(map(is_char, w))}


def word_frequencies() -> dict[str, float]:
    """Simplified words of wordfreq's zh list and their Traditional (s2tw) forms, with frequencies."""
    import opencc
    import wordfreq

    to_traditional = opencc.OpenCC("s2tw")
    out: dict[str, float] = {}
    for word, freq in sorted(wordfreq.get_frequency_dict("zh").items()):
        if not ideographs(word) or freq < MIN_FREQ:
            continue
        out[word] = out.get(word, 0.0) + freq
        trad = to_traditional.convert(word)
        if trad != word and ideographs(trad):
            out[trad] = out.get(trad, 0.0) + TRADITIONAL_SHARE * freq
    return out


SOURCES = {
    "zh": f"wordfreq 3.1.1 zh (jieba-segmented), ideograph words with frequency >= {MIN_FREQ}, "
    "plus their OpenCC s2tw Traditional forms",
    "ja": f"wordfreq 3.1.1 ja (MeCab-segmented), words of ideographs and kana with frequency >= {MIN_FREQ}",
    "ko": f"wordfreq 3.1.1 ko (small; morphemes), words of Hangul syllables with frequency >= {MIN_FREQ}",
}


def encode(freqs: dict[str, float], source: str = SOURCES["zh"]) -> bytes:
    """The file's bytes: costs relative to the total mass, quantised to 1/SCALE bit."""
    total = sum(freqs.values())
    words = sorted(freqs)
    costs = [-math.log2(freqs[w] / total) for w in words]
    offset = 0
    if max(costs) * SCALE > 255:
        raise SystemExit(f"a word costs {max(costs):.1f} bits: lower MIN_FREQ no further, or widen the costs")
    quant = bytes(round(c * SCALE) for c in costs)
    header = json.dumps(
        {
            "scale": SCALE,
            "offset": offset,
            "count": len(words),
            "source": source,
        },
        sort_keys=True,
    ).encode()
    body = struct.pack("<I", len(header)) + header + "\n".join(words).encode() + quant
    return MAGIC + lzma.compress(body, preset=9 | lzma.PRESET_EXTREME)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=sorted(SOURCES), default="zh")
    ap.add_argument("--out", type=Path, default=None, help="default: mojibake/data/<lang>words.bin")
    args = ap.parse_args()
    freqs = word_frequencies() if args.lang == "zh" else list_frequencies(args.lang)
    data = encode(freqs, SOURCES[args.lang])
    out = args.out or OUT.with_name(f"{args.lang}words.bin")
    out.write_bytes(data)
    print(f"wrote {out} ({len(data):,} bytes, {len(freqs):,} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
