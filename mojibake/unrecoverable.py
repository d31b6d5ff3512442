"""Text whose bytes are gone for good: report it with its known cause, never "repair" it."""

from __future__ import annotations

import re

from .finding import Finding


def _shown(codec: str) -> str:
    """Two U+FFFD written as UTF-8 (EF BF BD EF BF BD) and read as ``codec``: the unit the artifact repeats."""
    return ("\ufffd" * 2).encode("utf-8").decode(codec, "replace")


def _double_byte(codec: str, tail_marks: str) -> re.Pattern[str]:
    """The artifact of a double-byte codec, whose three chars hold two U+FFFD: whole units, then the
    lead char of an odd one, whose last byte the decoder lost (as a marker of ``tail_marks``, or
    nothing after a whole unit); a lone lead char counts only beside a marker (锟斤拷锟�, 锟?)."""  # mojibake: ignore
    a, lead = re.escape(_shown(codec)), re.escape(_shown(codec)[0])
    marks = "[" + re.escape(tail_marks) + "]"
    return re.compile(f"(?:{a})+(?:{lead}{marks}?)?|{lead}{marks}")


PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _double_byte("gbk", "\ufffd?"),
        (
            "锟斤拷: U+FFFD replacement chars (EF BF BD) written as UTF-8, then read as GBK; "  # mojibake: ignore
            "the original bytes were lost before that"
        ),
    ),
    (
        _double_byte("big5", "\ufffd?"),
        (
            "嚙踝蕭: U+FFFD replacement chars (EF BF BD) written as UTF-8, then read as Big5; "  # mojibake: ignore
            "the original bytes were lost before that"
        ),
    ),
    (
        _double_byte("cp949", "\ufffd"),  # not '?': 占? is a Chinese question  # mojibake: ignore
        (
            "占쏙옙: U+FFFD replacement chars (EF BF BD) written as UTF-8, then read as EUC-KR/UHC; "  # mojibake: ignore
            "the original bytes were lost before that"
        ),
    ),
    (
        _double_byte("euc_jp", "\ufffd?"),
        (
            "鐃緒申: U+FFFD replacement chars (EF BF BD) written as UTF-8, then read as EUC-JP; "  # mojibake: ignore
            "the original bytes were lost before that"
        ),
    ),
    (
        re.compile("(?:[\ufffd?]ｿｽ)+|(?:ｿｽ){2,}"),
        (
            "�ｿｽ: U+FFFD replacement chars (EF BF BD) written as UTF-8, then read as Shift_JIS, which rejects EF; "  # mojibake: ignore
            "the original bytes were lost before that"
        ),
    ),
    (re.compile("烫{4,}"), "烫烫烫: uninitialised stack memory (0xCC bytes) shown as GBK"),  # mojibake: ignore
    (re.compile("屯{4,}"), "屯屯屯: uninitialised heap memory (0xCD bytes) shown as GBK"),  # mojibake: ignore
    (re.compile("\ufffd{3,}"), "a run of U+FFFD: a decoder replaced bytes it could not read; they cannot be recovered"),
)
"""Shapes of lost data, and their causes. The U+FFFD artifacts are computed from the codecs, not typed."""

NEEDLES = (*(_shown(c)[0] for c in ("gbk", "big5", "cp949", "euc_jp")), "ｿ", "烫", "屯", "\ufffd")
"""A char every match of the pattern of the same place in PATTERNS holds."""

ANY = re.compile("|".join(re.escape(x) for x in (
    *(_shown(c)[:2] for c in ("gbk", "big5", "cp949", "euc_jp")),
    *(_shown(c)[0] + m for c in ("gbk", "big5", "cp949", "euc_jp") for m in "\ufffd?"),
    "ｿｽ", "烫烫", "屯屯", "\ufffd",
)))
"""Where any of them may start: two chars each, so that a real 占 of Chinese text (占用) does not
send the text through every pattern; the regex engine skips to their first chars in one C scan."""  # mojibake: ignore


def unrecoverable(text: str) -> list[Finding]:
    """Report-only findings (repair == text) for spans whose original bytes cannot come back."""
    out: list[Finding] = []
    for (pattern, cause), needle in zip(PATTERNS, NEEDLES):
        if needle not in text:  # (a C scan that skips 占 of real Chinese text, 占用, at once)  # mojibake: ignore
            continue
        for m in pattern.finditer(text):
            out.append(
                Finding(
                    start=m.start(),
                    end=m.end(),
                    text=m.group(),
                    repair=m.group(),
                    path="unrecoverable",
                    lost=0,
                    confidence=1.0,
                    note=cause,
                )
            )
    return out
