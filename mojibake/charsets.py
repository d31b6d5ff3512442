"""Which national character set a document's Han chars keep to (GB2312, Big5, EUC-JP, EUC-KR),
so that an inferred char can be held to it: a Simplified Chinese page's lost char is no 個."""

from __future__ import annotations

import re
from functools import lru_cache

HAN_CHARSETS = ("gb2312", "big5", "euc_jp", "euc_kr")
"""National character sets that each cover one written form of Han characters: Simplified
Chinese, Traditional Chinese, Japanese, Korean (tried in this order)."""
_NOT_HAN = re.compile("[^\u4e00-\u9fff]+")
CHARSET_MIN_HAN = 20
CHARSET_SAMPLE = 4000
CHARSET_SHARE = 0.98
CHARSET_BITS = 8.0
"""Bits an inferred char pays for lying outside the one character set its document's intact
Han chars keep to (個 in a document of GB2312 chars is likelier 值). 8, not 5: the model's
pairs mix in Japanese and Traditional text, where 失敗 is a common word, and at 5 bits 用户
身份凭证失[效] read 失敗 (GBK lost chars replace 91.9 -> 92.0 %, independent lines 2 fewer wrong)."""  # mojibake: ignore


def han_charset(text: str) -> str | None:
    """The first of HAN_CHARSETS holding CHARSET_SHARE of the Han chars of ``text`` (the intact
    and untouched text of a document, at least CHARSET_MIN_HAN Han chars; the first
    CHARSET_SAMPLE are counted), or None: a document is written in one form of Han characters."""
    han = _NOT_HAN.sub("", text)[:CHARSET_SAMPLE]
    if len(han) < CHARSET_MIN_HAN:
        return _short_charset(han, text)
    for charset in HAN_CHARSETS:
        # every char these sets hold takes two bytes (JIS X 0212 three: a slight overcount)
        if len(han.encode(charset, "ignore")) // 2 >= CHARSET_SHARE * len(han):
            return charset
    return None


SHORT_MIN_HAN = 4
_KANA_HANGUL = re.compile("[\u3040-\u30ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def _short_charset(han: str, text: str) -> str | None:
    """The form of Han chars of a short text (SHORT_MIN_HAN to CHARSET_MIN_HAN Han chars, no
    kana or Hangul): "gb2312" when all its Han chars are Simplified and one at least has no
    Traditional form in Big5 (问, 这), "big5" the other way round, else None. Too few chars for
    a share, but one char of one form only tells (打印问候[語] is no 候補, a Traditional word)."""  # mojibake: ignore
    if len(han) < SHORT_MIN_HAN or _KANA_HANGUL.search(text):
        return None
    in_gb = all(han_in_charset(c, "gb2312") for c in han)
    in_big5 = all(han_in_charset(c, "big5") for c in han)
    if in_gb != in_big5:
        return "gb2312" if in_gb else "big5"
    return None


@lru_cache(maxsize=65536)
def han_in_charset(ch: str, charset: str) -> bool:
    """Does ``charset`` encode ``ch``? (cached: candidates recur)"""
    try:
        ch.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def charset_bias(cands: tuple[str, ...], charset: str) -> dict[str, float]:
    """CHARSET_BITS for each Han char of ``cands`` outside ``charset`` (cached: shortlists
    recur). The dict is shared: callers copy it before adding to it."""
    return {c: CHARSET_BITS for c in cands if "\u4e00" <= c <= "\u9fff" and not han_in_charset(c, charset)}
