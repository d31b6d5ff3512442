"""UTF-8 read as ASCII with errors="replace": every non-ASCII byte became one U+FFFD.

``it’s`` shows as ``it���s`` and ``café`` as ``caf��``: a run of markers counts the bytes of  # mojibake: ignore
the chars it replaced, so in a text that is otherwise pure ASCII a run of three stands for a
3-byte char, on a line of Latin text most likely a quote, a dash or an ellipsis, which the
typographic rules read from context. A run of two (an accented letter) is left: the char
bigram model, with no word list of Latin languages, read caf[é] as cafü. Runs of other
lengths, and any text holding a lone marker (a 1-byte char is no UTF-8: cp1252 read as ASCII)
or another non-ASCII char, are left to ``unrecoverable``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .codecs import UNKNOWN
from .finding import Finding, Inference
from .infer import Conventions, completions, conventions, punctuation_shares

_RUN = re.compile("\ufffd+")
_LATIN_WORD = re.compile("[A-Za-z]{2,}")
_OTHER_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
PATH = "utf-8 as ascii"
NOTE = "every non-ASCII byte became U+FFFD; the char is inferred from the run's length and context"


_EVIDENCE = re.compile(
    "[A-Za-z]\ufffd{3}(?:s|t|ll|re|ve|d|m)(?![A-Za-z])"  # it’s, don’t, we’ll
    "|(?<![A-Za-z0-9\ufffd])\ufffd{3}[A-Za-z0-9%][^\ufffd\n]{0,80}?[A-Za-z0-9.,!?)]\ufffd{3}(?![A-Za-z0-9\ufffd])"  # “a quote”
)
"""What only marks make of runs of three: a contraction's apostrophe, a quote opened before a
word and closed after one on the same line. Runs of U+FFFD anywhere else may stand for anything."""


def is_ascii_replaced(text: str) -> bool:
    """Is ``text`` pure ASCII but for runs of two or more U+FFFD, on Latin words, with runs that
    only marks explain (``_EVIDENCE``)?"""
    if _OTHER_NON_ASCII.search(text):
        return False  # (stops at the first such char: at once in the CJK text that mostly asks)
    if not _LATIN_WORD.search(_RUN.sub("", text)):
        return False
    return all(len(m.group()) >= 2 for m in _RUN.finditer(text)) and _EVIDENCE.search(text) is not None


CONTEXT_CHARS = 2000
"""Chars before a run (earlier runs as read) that the typographic rules see: quote pairing."""


def ascii_replaced(text: str) -> list[Finding]:
    """Findings for the runs of a text that UTF-8 read as ASCII left (``is_ascii_replaced``):
    three markers as a punctuation mark."""
    if "\ufffd" not in text or not is_ascii_replaced(text):
        return []
    return read_runs(text, _RUN, lambda run, before, rest, after, conv: _read(len(run), before, rest, after, conv), PATH, NOTE)


Rank = Callable[[str, str, str, str, Conventions], "list[tuple[str, float]] | None"]
"""(run, before, rest, after, conventions) -> the run's readings, likeliest first, or None."""


def read_runs(text: str, runs: re.Pattern[str], rank: Rank, path: str, note: str) -> list[Finding]:
    """A finding for each run of U+FFFD that ``runs`` finds and ``rank`` reads, as its first
    reading. ``rank`` sees the CONTEXT_CHARS ``before`` the run (earlier runs as read), the 200
    chars after it (``rest``), and those without later runs (``after``). The walk both this
    module and ``cp1252_utf8`` (one marker a mark) read their markers with."""
    conv = conventions(runs.sub("", text))
    out: list[Finding] = []
    recent = ""  # the last CONTEXT_CHARS before the current run, earlier runs as read (bounded: linear)
    pos = 0
    for m in runs.finditer(text):
        before = (recent + text[max(pos, m.start() - CONTEXT_CHARS) : m.start()])[-CONTEXT_CHARS:]
        rest = text[m.end() : m.end() + 200]
        ranked = rank(m.group(), before, rest, runs.sub("", rest), conv)  # later runs unread: left out
        recent = before + (ranked[0][0] if ranked else m.group())
        pos = m.end()
        if ranked:
            char, p = ranked[0]
            out.append(
                Finding(
                    start=m.start(),
                    end=m.end(),
                    text=m.group(),
                    repair=char,
                    path=path,
                    lost=len(m.group()),
                    confidence=round(p, 4),
                    inferred=(Inference(0, char, tuple(ranked[:5])),),
                    note=note,
                )
            )
    return out


def _read(n: int, before: str, rest: str, after: str, conv: Conventions) -> list[tuple[str, float]] | None:
    """The ranked reading of a run of ``n`` markers between ``before`` and ``rest`` (``after``:
    ``rest`` without later runs), or None when its length or place says nothing: only three
    markers, as punctuation, and not beside a single digit (5€, €5: a price's sign is no mark)."""
    left, right = before[-1:], rest[:1]
    if n != 3 or left.isdigit() != right.isdigit():
        return None
    # General Punctuation, what a 3-byte char on a Latin line most likely was (’ “ ” – — … •)
    return punctuation_shares(list(completions((0xE2, 0x80, UNKNOWN))), before, after, conv)

