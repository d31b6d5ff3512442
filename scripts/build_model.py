#!/usr/bin/env python3
"""Build ``mojibake/data/charmodel.bin``, the character language model of ``mojibake.model``.

Run by hand (needs the ``build-data`` extra plus ``opencc-python-reimplemented``)::

    pip install wordfreq opencc-python-reimplemented babel
    pip download --no-deps -d /tmp/django-wheel django      # any Django 5.x wheel
    mkdir -p /tmp/debs && (cd /tmp/debs && apt-get download libreoffice-help-zh-cn \
        libreoffice-help-zh-tw libreoffice-help-ja libreoffice-help-ko gnome-user-docs \
        debian-handbook debmake-doc)                        # Debian 12 (bookworm) packages
    pip download --no-deps --no-binary :all: -d /tmp/jieba-sdist jieba==0.42.1
    python scripts/build_model.py --django /tmp/django-wheel/django-*.whl --debs /tmp/debs \
        --jieba /tmp/jieba-sdist/jieba-0.42.1.tar.gz

Sources
    * Character unigrams and within-word character bigrams: wordfreq word lists (each word
      weighted by its frequency), one distribution per language, mixed with ``LANGS``
      weights.  wordfreq's ``zh`` list is Simplified only; the Traditional distribution is
      the same list converted word by word with OpenCC ``s2tw`` (opencc-python-reimplemented).
      Word lists are lower-case, so Latin/Cyrillic/Greek words are also counted capitalised
      with weight ``CAPITAL_SHARE``; words with an ASCII apostrophe are also counted with ’.
    * Character pairs of running CJK text (pairs across word boundaries, which word lists
      lack): translated documentation in Debian packages (``CORPUS``: LibreOffice help,
      GNOME user docs, the Debian Administrator's Handbook, debmake-doc), read from the .deb
      files directly, mixed in with ``CORPUS_SHARE`` of each language's word-list weight.
    * What follows a digit (unit and measure words: 3个, 100元, 25岁): the one-char words that
      jieba's dictionary (its sdist's ``jieba/dict.txt``) tags m or q, added to each digit's
      pairs (``number_followers``, ``with_number_pairs``).
    * Which symbols (● ★ ○ ■ ♪, emoji: the ``symbol`` class) are common: the single-symbol
      tokens of the same wordfreq lists (web text), weighted like their languages
      (``symbol_stats``); the running text below shows almost none.
    * Which currency sign text writes beside a number (``currency_stats``): each language's
      likely territory's currency sign, from CLDR through Babel, weighted like the language.
    * Class bigrams (and unigrams of punctuation, spaces, digits): real running
      text, the msgid/msgstr strings of Django's translation catalogs (all ``*.po`` files
      in the wheel, English from the msgids) plus Python's ``pydoc_data/topics.py``.
    * The interpolation weights lam[class a][class b] are fitted by EM on the running text.

File format (``charmodel.bin``)
    ``b"MJBKCM1\\n"`` followed by one LZMA (xz) stream holding:
    uint32 LE header length, a UTF-8 JSON header, then the blobs whose byte sizes are listed
    in ``header["blob_sizes"]``, in this order:

    0. unigram chars (UTF-8, one code point each)
    1. their in-class costs -log2 P(ch | class), uint16 LE, in units of 1/``scale`` bit
    2. their class ids, one byte each
    3. bigram row chars ``a`` (UTF-8)
    4. number of stored followers per row, uint32 LE
    5. follower chars ``b`` of all rows, concatenated (UTF-8)
    6. pair costs -log2 P(b | a), uint16 LE, 1/``scale`` bit
    7. per-row bit mask of follower classes that the word lists saw after ``a``; an unstored
       pair (a, b) with class(b) in the mask costs trans + ``penalty[class a][class b]`` +
       in-class cost of b, otherwise trans + in-class cost of b

    The header holds ``trans`` (-log2 P(class b | class a)), ``prior`` (-log2 P(class)),
    ``floor`` (in-class cost of a character missing from blob 0), ``penalty``, ``lam``,
    the class names and the source description.  The output is deterministic.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import io
import itertools
import json
import lzma
import math
import re
import struct
import sys
import tarfile
import unicodedata
import zipfile
from array import array
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _load_model_module() -> ModuleType:
    """Import mojibake/model.py alone (its class definitions), not the whole package."""
    spec = importlib.util.spec_from_file_location("_mojibake_model", ROOT / "mojibake" / "model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_m = _load_model_module()
_MAGIC, CLASS_ID, CLASSES, N_CLASSES, char_class = _m._MAGIC, _m.CLASS_ID, _m.CLASSES, _m.N_CLASSES, _m.char_class

C = CLASS_ID
GARBAGE_COST = {C["private_use"]: 20.0, C["replacement"]: 16.0, C["control"]: 24.0}

# (name, wordfreq language, wordlist, weight, classes allowed in its words, Django locales)
LATIN = ("ascii_lower", "latin_letter")
LANGS: list[tuple[str, str, str, float, tuple[str, ...], tuple[str, ...]]] = [
    ("zh-Hans", "zh", "large", 0.20, ("han",), ("zh_Hans",)),
    ("zh-Hant", "zh", "large", 0.12, ("han",), ("zh_Hant",)),
    ("ja", "ja", "large", 0.13, ("han", "hiragana", "katakana"), ("ja",)),
    ("ko", "ko", "small", 0.07, ("hangul",), ("ko",)),
    ("en", "en", "large", 0.20, LATIN, ("<msgid>",)),
    ("fr", "fr", "large", 0.04, LATIN, ("fr",)),
    ("de", "de", "large", 0.04, LATIN, ("de",)),
    ("es", "es", "large", 0.035, LATIN, ("es",)),
    ("it", "it", "large", 0.02, LATIN, ("it",)),
    ("pt", "pt", "large", 0.025, LATIN, ("pt", "pt_BR")),
    ("nl", "nl", "large", 0.012, LATIN, ("nl",)),
    ("pl", "pl", "large", 0.012, LATIN, ("pl",)),
    ("sv", "sv", "large", 0.008, LATIN, ("sv",)),
    ("cs", "cs", "large", 0.008, LATIN, ("cs",)),
    ("fi", "fi", "large", 0.005, LATIN, ("fi",)),
    ("da", "da", "small", 0.004, LATIN, ("da",)),
    ("hu", "hu", "small", 0.004, LATIN, ("hu",)),
    ("ro", "ro", "small", 0.004, LATIN, ("ro",)),
    ("tr", "tr", "small", 0.008, LATIN, ("tr",)),
    ("vi", "vi", "small", 0.008, LATIN, ("vi",)),
    ("ru", "ru", "large", 0.03, ("cyrillic",), ("ru",)),
    ("uk", "uk", "large", 0.008, ("cyrillic",), ("uk",)),
    ("el", "el", "small", 0.006, ("greek",), ("el",)),
    # Scripts of the other_letter class: their two-byte UTF-8 reads as GBK hanzi without a loss
    # (砖诇讜诐 for שלום), which only a model that knows their letters can read back. Small shares:  # mojibake: ignore
    # the class distribution needs their letters, the mix hardly any of their weight (at 4x these,
    # lost-byte guesses in Chinese pages began to pick Arabic letters).
    ("ar", "ar", "large", 0.0025, ("other_letter",), ("ar", "ar_DZ")),
    ("fa", "fa", "small", 0.00125, ("other_letter",), ("fa",)),
    ("he", "he", "large", 0.001, ("other_letter",), ("he",)),
    ("hi", "hi", "small", 0.001, ("other_letter",), ("hi",)),
    ("bn", "bn", "large", 0.0005, ("other_letter",), ("bn",)),
    ("ur", "ur", "small", 0.0005, ("other_letter",), ("ur",)),
    ("ta", "ta", "small", 0.00025, ("other_letter",), ("ta",)),
]
CAPITAL_SHARE = 0.2  # extra weight of each word counted with a capital first letter
WORD_CLASSES = frozenset(
    C[n] for n in ("ascii_lower", "ascii_upper", "latin_letter", "han", "hiragana", "katakana", "hangul", "cyrillic", "greek")
)
# How much running text (vs word lists) shapes P(ch | class) of the word classes.
RUNNING_SHARE = {C["ascii_upper"]: 0.5}
RUNNING_SHARE_DEFAULT = 0.1
# Floor mass spread over the code points of a class that the data never showed.
EPSILON = {C["han"]: 1e-4, C["hangul"]: 1e-2}
EPSILON_WORD_DEFAULT = 1e-3
EPSILON_RUNNING_DEFAULT = 0.05
# The space class is a handful of code points, nearly all of its running text the ASCII space:
# the default floor would price an unseen one (the ideographic space) like a common comma.
EPSILON_RUNNING = {C["space"]: 1e-3}
CLASS_ALPHA = 2.0  # pseudo-count of the class-bigram smoothing
CLASS_BACKOFF = 0.01  # share of the class unigram in every class-bigram row (30°, 5×3, £5 ...)
PYDOC_SHARE = 0.4  # share of pydoc topics in the English running text
SCALE = 32  # quantisation: costs stored in 1/32 bit
MAX_PAIRS = 400_000
MIN_GAIN = 0.25  # bits a stored pair must save over its back-off estimate


def log(msg: str) -> None:
    """Progress to stderr."""
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- word lists


def word_stats(
    words: dict[str, float], allowed: frozenset[int], capitalise: bool
) -> tuple[dict[str, float], dict[str, float]]:
    """Frequency-weighted char unigram and within-word bigram counts of one word list."""
    uni: dict[str, float] = defaultdict(float)
    bi: dict[str, float] = defaultdict(float)
    apostrophes = {"'", "’"}
    for word in sorted(words):
        f = words[word]
        if not all(ch in apostrophes or char_class(ch) in allowed for ch in word):
            continue
        if word[0] in apostrophes or word[-1] in apostrophes:
            continue
        variants = [(word, f)]
        if "'" in word:
            variants = [(word, f / 2), (word.replace("'", "’"), f / 2)]
        if capitalise:
            cap = word[0].upper()
            if len(cap) == 1 and cap != word[0]:
                variants += [(cap + w[1:], g * CAPITAL_SHARE) for w, g in variants]
        for w, g in variants:
            for ch in w:
                uni[ch] += g
            for i in range(len(w) - 1):
                bi[w[i : i + 2]] += g
    return uni, bi


def load_wordlists() -> tuple[dict[str, float], dict[str, float]]:
    """Mixed char unigram U(ch) and joint bigram J(ab), each language normalised first."""
    import wordfreq
    from opencc import OpenCC

    uni_mix: dict[str, float] = defaultdict(float)
    bi_mix: dict[str, float] = defaultdict(float)
    total_w = sum(lang[3] for lang in LANGS)
    cache: dict[tuple[str, str], dict[str, float]] = {}
    for name, wf, size, weight, classes, _ in LANGS:
        key = (wf, size)
        if key not in cache:
            cache[key] = wordfreq.get_frequency_dict(wf, size)
        words = cache[key]
        if name == "zh-Hant":
            conv = OpenCC("s2tw")
            trad: dict[str, float] = defaultdict(float)
            for w in sorted(words):
                trad[conv.convert(w)] += words[w]
            words = trad
        allowed = frozenset(C[c] for c in classes)
        capitalise = bool(allowed & {C["ascii_lower"], C["cyrillic"], C["greek"]})
        if capitalise:
            allowed |= {C["ascii_upper"]}
        uni, bi = word_stats(words, allowed, capitalise)
        n = sum(uni.values())
        w = weight / total_w
        for ch, v in uni.items():
            uni_mix[ch] += w * v / n
        for ab, v in bi.items():
            bi_mix[ab] += w * v / n
        log(f"  words {name}: {len(words)} words, {len(uni)} chars, {len(bi)} bigrams")
    return dict(uni_mix), dict(bi_mix)


# Classes whose in-class distribution comes from the word lists' single-char tokens: wordfreq keeps
# symbol tokens (● ○ ★ ■ ♪ and emoji, from web text) and drops punctuation; Django's messages and
# pydoc hold almost no symbols, so without these every symbol cost the class floor (●, a list
# bullet on countless Chinese pages, priced like a Sinhala mark).
SYMBOL_CLASSES = frozenset({C["symbol"]})
# One entry per wordfreq list (zh-Hant is the zh list). Not English: its ™ would outweigh the ℃ of
# Chinese text, which the CJK lists fold away with NFKC (℃ ™ ① all keep the class floor).
SYMBOL_LANGS = ("zh-Hans", "ja", "ko")


def symbol_stats() -> dict[str, float]:
    """Mixed frequency of each single-char token of a SYMBOL_CLASSES class in the word lists of
    SYMBOL_LANGS, each list weighted like its language in LANGS and normalised by its own
    symbol mass (P(ch | symbol class), not how often symbols occur: that is the running text's)."""
    import wordfreq

    mix: dict[str, float] = defaultdict(float)
    langs = [lang for lang in LANGS if lang[0] in SYMBOL_LANGS]
    total_w = sum(lang[3] for lang in langs)
    for name, wf, size, weight, _, _ in langs:
        found = {w: f for w, f in sorted(wordfreq.get_frequency_dict(wf, size).items())
                 if len(w) == 1 and char_class(w) in SYMBOL_CLASSES}
        n = sum(found.values())
        for ch, f in found.items():
            mix[ch] += weight / total_w * f / n
        log(f"  symbols {name}: {len(found)} chars")
    return dict(mix)


CORPUS_SYMBOL_SHARE = 0.05
"""Share of the symbol distribution given to the documentation's symbols that the word lists lack:
wordfreq drops math symbols (Sm) with the punctuation, so every arrow cost the class floor and a
lost → (E2 86 92) read as any of the 64 arrows of its block (こちら↑)."""  # mojibake: ignore


def with_corpus_symbols(sym: dict[str, float], corpus: dict[str, list[str]]) -> dict[str, float]:
    """``sym`` with the symbols of the documentation lines that it lacks, CORPUS_SYMBOL_SHARE of
    its mass split by their counts (→ in menu paths: ファイル→保存). Not the compatibility chars
    the word lists fold away (™ ℃ ①, NFKC): the manuals' ™ would read a Chinese 25℃ as 25™."""
    counts: Counter[str] = Counter(
        ch
        for lang in sorted(corpus)
        for line in corpus[lang]
        for ch in line
        if char_class(ch) in SYMBOL_CLASSES and ch not in sym and unicodedata.normalize("NFKC", ch) == ch
    )
    total = sum(counts.values())
    mass = sum(sym.values())
    out = dict(sym)
    for ch, n in sorted(counts.items()):
        out[ch] = CORPUS_SYMBOL_SHARE * mass * n / total
    log(f"  documentation symbols the word lists lack: {len(counts)} ({' '.join(ch for ch, _ in counts.most_common(8))} ...)")
    return out


# Which symbols Latin-script text writes (™ ★ ✔ © °): the single-symbol tokens of the Latin-script
# word lists, kept apart from the class's distribution (which is CJK web text's, see above) and
# read only where a lost char stands on a line of Latin text: Trademark™ is no Trademark℀.
LATIN_SYMBOL_CATEGORIES = ("So", "Sm", "Sc", "Sk")
LATIN_SYMBOLS_KEPT = 400


def latin_symbol_stats() -> dict[str, float]:
    """-log2 P(ch | a symbol of Latin-script text), from the single-char symbol tokens of the
    Latin-script lists of LANGS (each weighted like its language, normalised by its own symbol
    mass), the LATIN_SYMBOLS_KEPT commonest."""
    import unicodedata

    import wordfreq

    mix: dict[str, float] = defaultdict(float)
    langs = [lang for lang in LANGS if lang[4] == LATIN]
    total_w = sum(lang[3] for lang in langs)
    for name, wf, size, weight, _, _ in langs:
        found = {w: f for w, f in sorted(wordfreq.get_frequency_dict(wf, size).items())
                 if len(w) == 1 and unicodedata.category(w) in LATIN_SYMBOL_CATEGORIES}
        n = sum(found.values())
        for ch, f in found.items():
            mix[ch] += weight / total_w * f / n
    kept = sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))[:LATIN_SYMBOLS_KEPT]
    total = sum(v for _, v in kept)
    log(f"  latin symbols: {len(mix)} chars, {len(kept)} kept")
    return {ch: round(-math.log2(v / total), 2) for ch, v in kept}


# Which currency signs text writes beside its numbers (5 €, ¥100, ₩1000): wordfreq's tokenizer
# drops currency signs (Sc) with the punctuation, so the lists above hold none, and a lost € (its
# 82 stripped: 5 â¬) lost to the ♬ of CJK web text, a lost ¥ (C2 A5) to a no-break space. Each  # mojibake: ignore
# language of LANGS gives its weight to the currency of its likely territory (CLDR, through
# Babel: fr -> FR -> EUR -> €; zh-Hans -> CN -> ¥; en -> US -> $), read only for a lost char
# beside a digit.


def currency_stats() -> dict[str, float]:
    """-log2 P(sign | a currency sign beside a number): each language of LANGS weighted like its
    language, its sign the one CLDR gives its likely territory's currency in its own locale
    (only one-char signs: zł, kr and Ft are letters)."""
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import get_currency_symbol, get_territory_currencies

    likely = get_global("likely_subtags")
    mix: dict[str, float] = defaultdict(float)
    for name, _, _, weight, _, _ in LANGS:
        tag = name.replace("-", "_")
        locale = Locale.parse(likely.get(tag) or likely[tag.split("_")[0]])
        sign = get_currency_symbol(get_territory_currencies(locale.territory)[0], locale=locale)
        if len(sign) == 1:
            mix[sign] += weight
    total = sum(mix.values())
    log(f"  currencies: {dict(sorted(mix.items()))}")
    return {ch: round(-math.log2(v / total), 2) for ch, v in sorted(mix.items())}


# ---------------------------------------------------------------- running text

_PO_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%\(\w+\)[dif]|%[sr]|%[dif]|\{(\w*)\}")


def _fill(m: re.Match[str]) -> str:
    """Stand-in for a format placeholder: its name for strings, a digit for numbers."""
    whole = m.group(0)
    if whole.endswith(("d", "i", "f")) and whole.startswith("%"):
        return "2"
    return m.group(1) or m.group(2) or "x"


def parse_po(text: str) -> list[tuple[str, list[str]]]:
    """(msgid, [msgstr...]) of every entry of a .po file (header skipped)."""
    entries: list[tuple[str, list[str]]] = []
    fields: dict[str, str] = {}
    current = ""

    def flush() -> None:
        if fields.get("msgid"):
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr") and v]
            entries.append((fields["msgid"], strs))
        fields.clear()

    for line in text.splitlines():
        line = line.strip()
        m = _PO_LINE.match(line)
        if m:
            kw = m.group(1)
            if kw in ("msgctxt", "msgid") and ("msgstr" in "".join(fields) or kw == "msgctxt"):
                flush()
            current = kw
            fields[current] = ast.literal_eval(m.group(2))
        elif line.startswith('"') and current:
            fields[current] += ast.literal_eval(line)
        elif not line or line.startswith("#"):
            if any(k.startswith("msgstr") for k in fields):
                flush()
            current = ""
    flush()
    return entries


def load_running_text(django_wheel: Path) -> dict[str, list[str]]:
    """Running-text messages per model language: Django catalogs and pydoc topics."""
    locale_to_lang = {loc: lang[0] for lang in LANGS for loc in lang[5]}
    texts: dict[str, set[str]] = defaultdict(set)
    with zipfile.ZipFile(django_wheel) as z:
        for name in sorted(z.namelist()):
            if not name.endswith(".po") or "/locale/" not in name:
                continue
            locale = name.split("/locale/")[1].split("/")[0]
            entries = parse_po(z.read(name).decode("utf-8"))
            for msgid, strs in entries:
                # each message is a line of text: it ends with a newline
                texts["<msgid>"].add(_PLACEHOLDER.sub(_fill, msgid).rstrip("\n") + "\n")
                lang = locale_to_lang.get(locale)
                if lang is not None:
                    texts[lang].update(_PLACEHOLDER.sub(_fill, s).rstrip("\n") + "\n" for s in strs)
    out = {lang: sorted(v) for lang, v in texts.items() if lang != "<msgid>"}
    out["en"] = sorted(texts["<msgid>"])
    from pydoc_data import topics

    out["en-pydoc"] = [topics.topics[k] for k in sorted(topics.topics)]
    return out


def running_stats(
    texts: dict[str, list[str]],
) -> tuple[list[list[float]], dict[str, float], list[float], dict[str, float]]:
    """Mixed class-bigram mass, char unigram mass, class unigram mass, char-pair mass."""
    weights = {lang[0]: lang[3] for lang in LANGS}
    weights["en-pydoc"] = weights["en"] * PYDOC_SHARE
    weights["en"] *= 1 - PYDOC_SHARE
    total_w = sum(weights[k] for k in texts if k in weights)
    trans = [[0.0] * N_CLASSES for _ in range(N_CLASSES)]
    uni: dict[str, float] = defaultdict(float)
    pairs: dict[str, float] = defaultdict(float)
    for lang in sorted(texts):
        if lang not in weights:
            continue
        t_counts = [[0] * N_CLASSES for _ in range(N_CLASSES)]
        u_counts: dict[str, int] = defaultdict(int)
        p_counts: dict[str, int] = defaultdict(int)
        n = 0
        for msg in texts[lang]:
            prev = ""
            for ch in msg:
                t_counts[char_class(prev)][char_class(ch)] += 1
                u_counts[ch] += 1
                if prev:
                    p_counts[prev + ch] += 1
                prev = ch
                n += 1
        w = weights[lang] / total_w / n
        for a in range(N_CLASSES):
            for b in range(N_CLASSES):
                trans[a][b] += w * t_counts[a][b]
        for ch, v in u_counts.items():
            uni[ch] += w * v
        for ab, v in p_counts.items():
            pairs[ab] += w * v
        log(f"  running text {lang}: {len(texts[lang])} messages, {n} chars")
    cls_uni = [0.0] * N_CLASSES
    for ch, v in uni.items():
        cls_uni[char_class(ch)] += v
    return trans, dict(uni), cls_uni, dict(pairs)


# ---------------------------------------------------------------- running CJK text (documentation)

# (Debian package, model language, path pattern inside the package, licence). Word lists only
# hold pairs inside words; translated documentation is running text, so it also holds the pairs
# across word boundaries (未 + 指定). Chosen for licences that sit with CC-BY-SA 4.0 (MPL-2.0,
# CC-BY-SA 3.0, Expat); the GPL/GFDL manuals (manpages-zh, linux-doc) are left out on purpose.
CORPUS: list[tuple[str, str, str, str]] = [
    ("libreoffice-help-zh-cn", "zh-Hans", r"/help/zh-CN/.*\.html$", "MPL-2.0"),
    ("libreoffice-help-zh-tw", "zh-Hant", r"/help/zh-TW/.*\.html$", "MPL-2.0"),
    ("libreoffice-help-ja", "ja", r"/help/ja/.*\.html$", "MPL-2.0"),
    ("libreoffice-help-ko", "ko", r"/help/ko/.*\.html$", "MPL-2.0"),
    ("gnome-user-docs", "zh-Hans", r"/help/zh_CN/.*\.page$", "CC-BY-SA-3.0"),
    ("gnome-user-docs", "ja", r"/help/ja/.*\.page$", "CC-BY-SA-3.0"),
    ("gnome-user-docs", "ko", r"/help/ko/.*\.page$", "CC-BY-SA-3.0"),
    ("debian-handbook", "zh-Hans", r"/html/zh-CN/.*\.html$", "CC-BY-SA-3.0 (of GPL-2.0+ or CC-BY-SA-3.0)"),
    ("debian-handbook", "zh-Hant", r"/html/zh-TW/.*\.html$", "CC-BY-SA-3.0 (of GPL-2.0+ or CC-BY-SA-3.0)"),
    ("debian-handbook", "ja", r"/html/ja-JP/.*\.html$", "CC-BY-SA-3.0 (of GPL-2.0+ or CC-BY-SA-3.0)"),
    ("debian-handbook", "ko", r"/html/ko-KR/.*\.html$", "CC-BY-SA-3.0 (of GPL-2.0+ or CC-BY-SA-3.0)"),
    ("debmake-doc", "zh-Hans", r"/html/.*\.zh-cn\.html$", "Expat"),
    ("debmake-doc", "zh-Hant", r"/html/.*\.zh-tw\.html$", "Expat"),
    ("debmake-doc", "ja", r"/html/.*\.ja\.html$", "Expat"),
]
CORPUS_SHARE = {"zh-Hans": 0.1, "zh-Hant": 0.1, "ja": 0.5, "ko": 0.5}
"""Weight of a language's documentation pairs beside its word-list pairs. Lower for Chinese,
whose word lists are the richest: the manuals' 个文(件) must not outweigh the words' 中文."""
_CJK_LINE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SPACED_HAN = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


class _TextOf(HTMLParser):
    """The text of an HTML or Mallard page, a line per block, code and scripts left out."""

    SKIP = frozenset({"script", "style", "code", "pre", "tt", "screen", "programlisting", "cmd", "output"})
    BLOCK = frozenset({"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
                       "title", "desc", "item", "section", "note", "table", "caption", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in self.SKIP
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(" ".join(data.split()))


def deb_files(deb: Path, pattern: str) -> list[tuple[str, bytes]]:
    """(path, content) of the files in a .deb's data archive whose path matches ``pattern``
    (a .deb is an ar archive holding data.tar.*; read here without dpkg)."""
    raw = deb.read_bytes()
    if not raw.startswith(b"!<arch>\n"):
        raise SystemExit(f"{deb}: not a .deb")
    pos, rx, out = 8, re.compile(pattern), []
    while pos + 60 <= len(raw):
        name = raw[pos : pos + 16].decode().strip().rstrip("/")
        size = int(raw[pos + 48 : pos + 58].decode().strip())
        body = raw[pos + 60 : pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as tar:
                for member in tar:
                    if member.isfile() and rx.search(member.name):
                        f = tar.extractfile(member)
                        assert f is not None
                        out.append((member.name, f.read()))
    return sorted(out)


def load_corpus(debs: Path) -> dict[str, list[str]]:
    """Distinct CJK-bearing lines of the documentation in CORPUS, per model language."""
    lines: dict[str, set[str]] = defaultdict(set)
    for package, lang, pattern, _ in CORPUS:
        found = sorted(debs.glob(f"{package}_*.deb"))
        if not found:
            raise SystemExit(f"{package}_*.deb not in {debs}: apt-get download {package}")
        n = 0
        for _, content in deb_files(found[-1], pattern):
            parser = _TextOf()
            parser.feed(content.decode("utf-8", "replace"))
            for line in "".join(parser.parts).split("\n"):
                line = _SPACED_HAN.sub("", line.strip())
                if _CJK_LINE.search(line) and line not in lines[lang]:
                    lines[lang].add(line)
                    n += len(line)
        log(f"  corpus {package} ({lang}): {n} chars")
    return {lang: sorted(v) for lang, v in lines.items()}


def corpus_pairs(lines: dict[str, list[str]]) -> dict[str, float]:
    """Joint char-pair mass of the documentation, each language normalised and weighted like its
    word list times CORPUS_SHARE; only pairs with a non-ASCII char (the English is the word lists')."""
    weights = {lang[0]: lang[3] for lang in LANGS}
    total_w = sum(lang[3] for lang in LANGS)
    pairs: dict[str, float] = defaultdict(float)
    for lang in sorted(lines):
        counts: dict[str, int] = defaultdict(int)
        n = 0
        for line in lines[lang]:
            for i in range(len(line) - 1):
                ab = line[i : i + 2]
                if not ab.isascii():
                    counts[ab] += 1
            n += len(line)
        w = weights[lang] / total_w * CORPUS_SHARE[lang] / n
        for ab, v in counts.items():
            pairs[ab] += w * v
        log(f"  corpus {lang}: {len(lines[lang])} lines, {n} chars, {len(counts)} pair types")
    return dict(pairs)


# ---------------------------------------------------------------- what follows a number

# A digit is followed by a unit or measure word (3个, 100元, 5岁, 2024年); the manuals hold dates
# and counts but no prices or ages. jieba's dictionary tags the one-char words that follow
# numbers: m (numeral-bound: 元 年 岁 克 万) and q (measure words: 个 次 张). The numerals
# themselves (一 两 三 ...) are left out: they do not follow a digit.
NUMBER_TAGS = frozenset({"m", "q"})
NUMERALS = frozenset("〇一二三四五六七八九十两零几多第半数")
NUMBER_SHARE = 1.0  # mass added per digit, relative to the digit -> Han mass the pairs hold
DIGITS = "0123456789０１２３４５６７８９"


def number_followers(jieba_dict: Path) -> dict[str, float]:
    """P(c) of the one-char words jieba's dictionary tags m or q (numerals left out), from the
    dict.txt of a jieba sdist (``word count tag`` lines)."""
    with tarfile.open(jieba_dict) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("jieba/dict.txt"))
        f = tar.extractfile(member)
        assert f is not None
        lines = f.read().decode("utf-8").splitlines()
    counts: dict[str, float] = defaultdict(float)
    for line in lines:
        parts = line.split()
        if (
            len(parts) == 3
            and len(parts[0]) == 1
            and parts[2] in NUMBER_TAGS
            and parts[0] not in NUMERALS
            and char_class(parts[0]) == C["han"]
        ):
            counts[parts[0]] += float(parts[1])
    total = sum(counts.values())
    log(f"  number followers: {len(counts)} chars from jieba's m/q words")
    return {c: v / total for c, v in sorted(counts.items())}


# Japanese and Korean count with their own words (3 年, 10 分, 1,200円; 3년, 12,000원), which jieba's
# Chinese dictionary does not hold: CLDR's unit patterns say which, through Babel at build time.
NUMBER_UNITS = (
    "duration-year", "duration-month", "duration-week", "duration-day", "duration-hour", "duration-minute",
    "duration-second", "length-kilometer", "length-meter", "length-centimeter", "length-millimeter",
    "mass-kilogram", "mass-gram", "area-square-meter", "volume-liter", "digital-gigabyte", "digital-megabyte",
)
UNIT_LANGS = ("ja", "ko")


def unit_followers() -> dict[str, float]:
    """Mass of each char that follows a number in CLDR's long unit patterns (NUMBER_UNITS) and
    its currency's name, for each of UNIT_LANGS: its language's weight relative to Chinese (the
    weight jieba's followers carry), split evenly among its chars."""
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import format_currency, get_territory_currencies
    from babel.units import format_unit

    weights = {lang[0]: lang[3] for lang in LANGS}
    likely = get_global("likely_subtags")
    out: dict[str, float] = defaultdict(float)
    for lang in UNIT_LANGS:
        locale = Locale.parse(likely[lang])
        shown = [format_unit(3, unit, locale=locale, length="long") for unit in NUMBER_UNITS]
        currency = format_currency(3, get_territory_currencies(locale.territory)[0], locale=locale, format_type="name")
        shown.append("3" + currency.split()[-1].lstrip("0123456789.,"))  # 1,200円; 대한민국 원: its last word
        chars = sorted({t.split("3", 1)[1].strip()[:1] for t in shown if "3" in t} - {""})
        chars = [c for c in chars if char_class(c) in (C["han"], C["hiragana"], C["katakana"], C["hangul"])]
        share = weights[lang] / (weights["zh-Hans"] + weights["zh-Hant"])
        for c in chars:
            out[c] += share / len(chars)
        log(f"  number followers {lang} (CLDR): {' '.join(chars)}")
    return dict(sorted(out.items()))


def with_number_pairs(pairs: dict[str, float], followers: dict[str, float]) -> dict[str, float]:
    """``pairs`` with NUMBER_SHARE times each digit's digit -> Han mass added in the shape of
    ``followers`` (a digit no pair shows before Han is left as it is)."""
    mass: dict[str, float] = defaultdict(float)  # digit -> its pairs' mass before Han
    for ab, v in pairs.items():
        if ab[0] in DIGITS and char_class(ab[1]) == C["han"]:
            mass[ab[0]] += v
    out = dict(pairs)
    for d in DIGITS:
        for c, p in followers.items():
            out[d + c] = out.get(d + c, 0.0) + NUMBER_SHARE * mass[d] * p
    return out


# ---------------------------------------------------------------- next-class context

# Marks, and CJK letters: what class follows a char is the char's own habit too. 值 and 为 often
# stand before a space or %s, 的 and 中 rarely end a run of Han (a lost byte before ASCII).
LETTER_CLASSES = frozenset({C["han"], C["hiragana"], C["katakana"], C["hangul"]})
CONTEXT_CLASSES = frozenset({C["cjk_punct"], C["general_punct"]}) | LETTER_CLASSES
CONTEXT_MIN = 200  # occurrences a char needs before its own next-class distribution is used
CONTEXT_ALPHA = 50.0  # pseudo-count of the class-level distribution in that estimate
CONTEXT_FLOOR = 0.03  # least share of the class-level distribution kept: a penalty is at most 5 bits
CONTEXT_FLOOR_LETTERS = 0.2  # for CJK letters, whose manuals' habits are less sure: at most 2.3 bits


def context_counts(corpus: dict[str, list[str]], texts: dict[str, list[str]]) -> dict[str, list[int]]:
    """Next-class counts of each punctuation mark and CJK letter in running CJK text
    (documentation lines, each ending in a line feed, and the Django CJK messages). A char's
    class says little about what follows it: ： and 。 end lines, ， almost never does; 值 is
    often followed by a space, 的 almost never; that is what these counts keep."""
    cjk = {lang for lang in CORPUS_SHARE}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * N_CLASSES)
    sources = [line + "\n" for lang in sorted(corpus) for line in corpus[lang]]
    sources += [msg for lang in sorted(texts) if lang in cjk for msg in texts[lang]]
    for line in sources:
        for a, b in itertools.pairwise(line):
            if char_class(a) in CONTEXT_CLASSES:
                counts[a][char_class(b)] += 1
    return dict(counts)


def context_adjust(counts: dict[str, list[int]], trans: list[list[float]], normal: list[int]) -> dict[str, dict[int, float]]:
    """Per mark, bits to add to the class transition ``trans[class(mark)][class b]``: its own
    next-class distribution, smoothed toward the class's, where they differ by MIN_GAIN or more."""
    out: dict[str, dict[int, float]] = {}
    for a in sorted(counts):
        row = counts[a]
        n = sum(row)
        if n < CONTEXT_MIN:
            continue
        ca = char_class(a)
        adj = {}
        for cb in normal:
            pc = 2.0 ** -trans[ca][cb]
            share = max(CONTEXT_ALPHA / (n + CONTEXT_ALPHA), CONTEXT_FLOOR_LETTERS if ca in LETTER_CLASSES else CONTEXT_FLOOR)
            p = (1 - share) * row[cb] / n + share * pc
            d = -math.log2(p) - trans[ca][cb]
            if abs(d) >= MIN_GAIN:
                adj[cb] = round(d, 3)
        if adj:
            out[a] = adj
    return out


# ---------------------------------------------------------------- model


def class_sizes() -> list[int]:
    """Number of code points in each class."""
    sizes = [0] * N_CLASSES
    for cp in range(0x110000):
        sizes[char_class(chr(cp))] += 1
    return sizes


def build(django_wheel: Path, debs: Path, out: Path, jieba: Path) -> None:
    """Compute all tables and write the data file."""
    log("word lists ...")
    wl_uni, wl_bi = load_wordlists()
    sym_uni = symbol_stats()
    latin_symbols = latin_symbol_stats()
    currencies = currency_stats()
    log("documentation ...")
    corpus = load_corpus(debs)
    sym_uni = with_corpus_symbols(sym_uni, corpus)
    followers = number_followers(jieba)
    for c, v in unit_followers().items():
        followers[c] = followers.get(c, 0.0) + v
    for ab, v in with_number_pairs(corpus_pairs(corpus), followers).items():
        wl_bi[ab] = wl_bi.get(ab, 0.0) + v
    log("running text ...")
    texts = load_running_text(django_wheel)
    ctx_counts = context_counts(corpus, texts)
    rt_trans, rt_uni, rt_cls, rt_pairs = running_stats(texts)
    n_running = sum(len(m) for msgs in texts.values() for m in msgs)
    sizes = class_sizes()
    garbage = set(GARBAGE_COST)

    # class prior pi: running-text class frequencies, a little uniform mass on the normal classes
    normal = [c for c in range(1, N_CLASSES) if c not in garbage]
    rt_total = sum(rt_cls)
    pi = [0.0] * N_CLASSES
    for c in normal:
        pi[c] = 0.97 * rt_cls[c] / rt_total + 0.03 / len(normal)
    prior = [0.0] * N_CLASSES
    for c in range(N_CLASSES):
        prior[c] = GARBAGE_COST[c] if c in garbage else (99.0 if c == 0 else -math.log2(pi[c]))

    # class transitions, in bits
    trans = [[0.0] * N_CLASSES for _ in range(N_CLASSES)]
    garbage_mass = sum(2.0 ** -v for v in GARBAGE_COST.values())
    for a in range(N_CLASSES):
        row = [rt_trans[a][b] * n_running for b in range(N_CLASSES)]
        mass = sum(row[b] for b in normal)
        for b in range(N_CLASSES):
            if b in garbage:
                trans[a][b] = GARBAGE_COST[b]
            elif b == 0:
                trans[a][b] = 99.0
            else:
                p = (1 - CLASS_BACKOFF) * (row[b] + CLASS_ALPHA * pi[b]) / (mass + CLASS_ALPHA)
                p += CLASS_BACKOFF * pi[b]
                trans[a][b] = -math.log2(p * (1 - garbage_mass))

    # per-char next-class adjustments (marks and CJK letters)
    context = context_adjust(ctx_counts, trans, normal)
    log(f"  next-class context: {len(context)} chars, {sum(len(v) for v in context.values())} adjustments")

    def ctrans(a: str, cb: int) -> float:
        return trans[char_class(a)][cb] + context.get(a, {}).get(cb, 0.0)

    # in-class unigram distributions
    wl_cls = [0.0] * N_CLASSES
    for ch, v in wl_uni.items():
        wl_cls[char_class(ch)] += v
    chars = sorted(set(wl_uni) | set(rt_uni) | set(sym_uni))
    sym_cls = [0.0] * N_CLASSES
    for ch, v in sym_uni.items():
        sym_cls[char_class(ch)] += v
    p_in: dict[str, float] = {}
    floor = [0.0] * N_CLASSES
    for c in range(N_CLASSES):
        if c in (C["replacement"],):
            floor[c] = 0.0
            continue
        if c in WORD_CLASSES:
            eps = EPSILON.get(c, EPSILON_WORD_DEFAULT)
        else:
            eps = EPSILON_RUNNING.get(c, EPSILON_RUNNING_DEFAULT)
        floor[c] = -math.log2(eps / max(sizes[c], 1))
    for ch in chars:
        c = char_class(ch)
        if c in garbage or c == 0:
            continue
        rt_p = rt_uni.get(ch, 0.0) / rt_cls[c] if rt_cls[c] else 0.0
        if c in WORD_CLASSES and wl_cls[c]:
            share = RUNNING_SHARE.get(c, RUNNING_SHARE_DEFAULT) if rt_cls[c] else 0.0
            p = (1 - share) * wl_uni.get(ch, 0.0) / wl_cls[c] + share * rt_p
            eps = EPSILON.get(c, EPSILON_WORD_DEFAULT)
        elif c in SYMBOL_CLASSES and sym_cls[c]:
            share = RUNNING_SHARE_DEFAULT if rt_cls[c] else 0.0
            p = (1 - share) * sym_uni.get(ch, 0.0) / sym_cls[c] + share * rt_p
            eps = EPSILON_RUNNING.get(c, EPSILON_RUNNING_DEFAULT)
        else:
            p = rt_p
            eps = EPSILON_RUNNING.get(c, EPSILON_RUNNING_DEFAULT)
        p_in[ch] = (1 - eps) * p + eps / sizes[c]

    def in_cost(ch: str) -> float:
        v = p_in.get(ch)
        return -math.log2(v) if v else floor[char_class(ch)]

    # bigram conditionals P_words(b | a, class b)
    row_mass: dict[tuple[str, int], float] = defaultdict(float)
    for ab, v in wl_bi.items():
        row_mass[(ab[0], char_class(ab[1]))] += v

    # EM for lam[class a][class b] on running-text pairs
    em_pairs: dict[tuple[int, int], list[tuple[float, float, float]]] = defaultdict(list)
    for ab, v in rt_pairs.items():
        a, b = ab[0], ab[1]
        cb = char_class(b)
        rm = row_mass.get((a, cb))
        if not rm or b not in p_in:
            continue
        em_pairs[(char_class(a), cb)].append((v, wl_bi.get(ab, 0.0) / rm, p_in[b]))
    lam = [[0.0] * N_CLASSES for _ in range(N_CLASSES)]
    for (ca, cb), obs in sorted(em_pairs.items()):
        lm = 0.5
        total = sum(o[0] for o in obs)
        for _ in range(50):
            acc = sum(v * lm * pw / (lm * pw + (1 - lm) * pu) for v, pw, pu in obs)
            lm = min(max(acc / total, 0.02), 0.98)
        lam[ca][cb] = lm
        log(f"  lam[{CLASSES[ca]}][{CLASSES[cb]}] = {lm:.3f}  ({len(obs)} pair types)")
    # class pairs with word-list data but no running-text evidence get a default
    default_lam = 0.5
    for (a, cb) in row_mass:
        ca = char_class(a)
        if not lam[ca][cb]:
            lam[ca][cb] = default_lam
    penalty = [[(-math.log2(1 - lam[a][b]) if lam[a][b] else 0.0) for b in range(N_CLASSES)] for a in range(N_CLASSES)]

    # stored pairs
    q = lambda x: min(int(round(x * SCALE)), 65535)  # noqa: E731
    candidates: list[tuple[float, str, int]] = []
    for ab, v in wl_bi.items():
        a, b = ab[0], ab[1]
        if a not in p_in:
            continue  # a row needs its char's unigram (documentation has chars the lists lack)
        ca, cb = char_class(a), char_class(b)
        lm = lam[ca][cb]
        pu = p_in.get(b) or 2.0 ** -floor[cb]
        seen = ctrans(a, cb) - math.log2(lm * v / row_mass[(a, cb)] + (1 - lm) * pu)
        fallback = ctrans(a, cb) + penalty[ca][cb] + in_cost(b)
        if fallback - seen >= MIN_GAIN:
            candidates.append((-v, ab, q(seen)))
    candidates.sort()
    kept = candidates[:MAX_PAIRS]
    log(f"  pairs: {len(wl_bi)} seen, {len(candidates)} worth storing, {len(kept)} kept")
    rows: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for _, ab, qc in kept:
        rows[ab[0]].append((ab[1], qc))
    masks: dict[str, int] = defaultdict(int)
    for (a, cb) in row_mass:
        if a in rows:
            masks[a] |= 1 << cb

    # serialise
    uni_chars = [ch for ch in chars if ch in p_in]
    row_chars = sorted(rows)
    foll = [sorted(rows[a]) for a in row_chars]
    blobs = [
        "".join(uni_chars).encode("utf-8"),
        array("H", [q(in_cost(ch)) for ch in uni_chars]),
        bytes(char_class(ch) for ch in uni_chars),
        "".join(row_chars).encode("utf-8"),
        array("I", [len(f) for f in foll]),
        "".join(b for f in foll for b, _ in f).encode("utf-8"),
        array("H", [qc for f in foll for _, qc in f]),
        array("I", [masks[a] for a in row_chars]),
    ]
    raw_blobs: list[bytes] = []
    for blob in blobs:
        if isinstance(blob, array):
            if sys.byteorder == "big":
                blob.byteswap()
            raw_blobs.append(blob.tobytes())
        else:
            raw_blobs.append(blob)
    r4 = lambda x: round(x, 4)  # noqa: E731
    header = {
        "format": 1,
        "scale": SCALE,
        "classes": list(CLASSES),
        "blob_sizes": [len(b) for b in raw_blobs],
        "trans": [[r4(x) for x in row] for row in trans],
        "prior": [r4(x) for x in prior],
        "floor": [r4(x) for x in floor],
        "penalty": [[r4(x) for x in row] for row in penalty],
        "lam": [[r4(x) for x in row] for row in lam],
        "context": {a: {str(cb): d for cb, d in sorted(adj.items())} for a, adj in sorted(context.items())},
        "languages": {name: weight for name, _, _, weight, _, _ in LANGS},
        "latin_symbols": dict(sorted(latin_symbols.items())),
        "currencies": currencies,
        "sources": "wordfreq 3.x word lists (CC-BY-SA 4.0), OpenCC s2tw, Django .po catalogs (BSD-3-Clause), "
        "Python pydoc_data/topics.py (PSF), CLDR currency signs via Babel (Unicode licence), Debian 12 documentation packages: libreoffice-help-zh-cn/zh-tw/ja/ko "
        "(MPL-2.0), gnome-user-docs (CC-BY-SA-3.0), debian-handbook (CC-BY-SA-3.0 option), debmake-doc (Expat)",
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    payload = struct.pack("<I", len(head)) + head + b"".join(raw_blobs)
    data = _MAGIC + lzma.compress(payload, format=lzma.FORMAT_XZ, preset=9)
    out.write_bytes(data)
    log(f"wrote {out}: {len(data)} bytes ({len(payload)} uncompressed), {len(uni_chars)} chars, {len(row_chars)} rows")


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--django", type=Path, required=True, help="path of a Django wheel (.whl)")
    ap.add_argument("--debs", type=Path, required=True, help="directory holding the CORPUS packages' .deb files")
    ap.add_argument("--jieba", type=Path, required=True, help="path of a jieba sdist (jieba-0.42.1.tar.gz)")
    ap.add_argument("--out", type=Path, default=ROOT / "mojibake" / "data" / "charmodel.bin")
    args = ap.parse_args()
    build(args.django, args.debs, args.out, args.jieba)


if __name__ == "__main__":
    main()
