"""Completions for lost bytes: which characters a damaged UTF-8 sequence could have been.

Candidates come from the byte layout (a lost continuation byte is one of 64 values, narrowed
by what the decoder could have dropped); the choice among them comes from the language model
and, for Latin-script punctuation, from typographic context (quote pairing, dashes, bullets).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from . import model
from .chars import CJK_LETTER
from .codecs import UNKNOWN

MAX_CANDIDATES = 4096
"""Never enumerate more completions than this for one character (two lost bytes)."""

_BAD_CATEGORIES = frozenset({"Cn", "Cs", "Co", "Cc", "Cf", "Zl", "Zp"})

_LEADS = {2: range(0xC2, 0xE0), 3: range(0xE0, 0xF0), 4: range(0xF0, 0xF5)}
_CONTINUATIONS = range(0x80, 0xC0)


@cache
def acceptable(ch: str) -> bool:
    """Could this char have been in the original text? (no controls, unassigned, private use,
    exotic spaces: a completion must be a character real text plausibly holds)."""
    cat = unicodedata.category(ch)
    if cat == "Zs":
        return ch in "\u00a0\u3000"
    return cat not in _BAD_CATEGORIES and not ("\u3021" <= ch <= "\u302f" or "\u3038" <= ch <= "\u303a")


# U+3021-U+302F and U+3038-U+303A, the Suzhou numerals and the combining ideographic tone marks,
# share E3 80 with the ideographic space, and a GBK decoder rejects A1-AF + 80 as it rejects 80:
# 章\u3000 that lost its last two bytes read 章〪 or 条〢, at the model's class floor for marks
# (cheaper than a space it never saw). Market price tags and phonetic studies write them, not
# the text a decoder meets.

@lru_cache(maxsize=8192)
def completions(
    pattern: tuple[int, ...], allowed: tuple[frozenset[int] | None, ...] | None = None
) -> tuple[str, ...]:
    """Every acceptable char whose UTF-8 bytes fit ``pattern`` (UNKNOWN marks a lost byte).

    ``allowed`` optionally narrows each lost position to the byte values the decoder could
    have dropped there. The first byte of ``pattern`` decides the length when known.
    Candidates come most frequent first (by the model's unigram cost), so a prefix of the
    result is a shortlist. Cached: the same damaged patterns recur throughout a document.
    """
    length = len(pattern)
    options: list[range | frozenset[int] | tuple[int, ...]] = []
    for i, b in enumerate(pattern):
        if b != UNKNOWN:
            options.append((b,))
            continue
        base: range | frozenset[int] | tuple[int, ...] = _LEADS.get(length, ()) if i == 0 else _CONTINUATIONS
        narrow = allowed[i] if allowed is not None else None
        options.append(frozenset(base) & narrow if narrow is not None else base)
    total = 1
    for opt in options:
        total *= len(opt)
    if total == 0 or total > MAX_CANDIDATES:
        return ()
    out = []
    for combo in product(*options):
        try:
            ch = bytes(combo).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and acceptable(ch):
            out.append(ch)
    out.sort(key=model.char_cost)
    return tuple(out)


# --- Latin-script punctuation -------------------------------------------------------------

_QUOTE_EVENTS = re.compile("[“”„‘’‚]")
_WORD_END = re.compile(r"[^\W_]")
QUOTE_WINDOW = 600
"""Chars of the paragraph before a damaged quote searched for its opening partner."""

_CLOSER = {"“": "”", "„": "“", "‘": "’", "‚": "‘"}


@dataclass(frozen=True)
class Conventions:
    """Typographic habits of one document, counted over its intact characters."""

    em_dash: int = 0
    en_dash: int = 0
    ellipsis: int = 0
    apostrophe: int = 0  # at a word's end (Belarus’ army, goin’ home): don’t says nothing of a lost ’ before a space
    low_open: int = 0  # „ : German-style quotes, closed by “
    open_double: int = 0
    open_single: int = 0
    close_double: int = 0
    cjk: bool = False  # the document's repaired sites hold CJK chars: its marks follow CJK prose's rules

    @property
    def german(self) -> bool:
        """Does the document open its double quotes low („…“)?"""
        return self.low_open > 0 and self.low_open >= self.close_double

    def opener(self) -> str:
        """The opening quote this document uses most (“ unless its intact sites say ‘ or „)."""
        if self.german:
            return "„"
        return "‘" if self.open_single > self.open_double else "“"


_CONVENTION_CHARS = re.compile(r"[—–…„“‘”]|’(?![^\W_])")
"""The marks counted; ’ only at a word's end (before a space, a mark or the text's end)."""


def conventions(*texts: str, cjk: bool = False) -> Conventions:
    """Count the document's own dashes, ellipses and quote styles (its intact sites), one C scan
    a text; ``cjk``: its repaired sites hold CJK chars."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_CONVENTION_CHARS.findall(text))
    return Conventions(
        em_dash=counts["—"],
        en_dash=counts["–"],
        ellipsis=counts["…"],
        apostrophe=counts["’"],
        low_open=counts["„"],
        open_double=counts["“"],
        open_single=counts["‘"],
        close_double=counts["”"],
        cjk=cjk,
    )


def expected_closer(before: str, conv: Conventions) -> str | None:
    """The closing quote owed at the end of ``before``: its paragraph's innermost open quote."""
    para = before[before.rfind("\n\n") + 1 :][-QUOTE_WINDOW:]
    stack: list[str] = []
    german = conv.german
    for m in _QUOTE_EVENTS.finditer(para):
        ch = m.group()
        nxt = para[m.end() : m.end() + 1]
        if ch == "’":
            if nxt.isalpha() and not CJK_LETTER.match(nxt) and not CJK_LETTER.match(para[m.start() - 1 : m.start()]):
                continue  # an apostrophe inside a word (CJK text has none: ’不 closes a quote)
            if stack and stack[-1] == "‘":
                stack.pop()
        elif ch == "”":
            if stack and stack[-1] in "“„":
                stack.pop()
        elif ch == "“" and german and stack and stack[-1] == "„" or ch == "‘" and german and stack and stack[-1] == "‚":
            stack.pop()
        else:
            stack.append(ch)
    return _CLOSER[stack[-1]] if stack else None


_DROPPED_LETTER = re.compile(r"(?<![^\W\d_])’n\Z")
"""The ’n of rock ’n’ roll, whose closing apostrophe stands for a dropped d."""
_PROGRESS_WORD = re.compile(r"[A-Za-z]ing\Z")
"""A word ending in -ing before a mark: a progress message's (Loading…, Saving…)."""

CONTRACTION = re.compile(r"(?:s|t|d|ll|re|ve|m)(?![^\W\d_])", re.IGNORECASE)  # it’s, DON’T
"""What follows the apostrophe of an English contraction or possessive (it’s, don’t, we’ll)."""
ELISION = re.compile(r"(?<![^\W\d_])(?:[cdjlmnst]|qu)\Z", re.IGNORECASE)
"""A French elided word before the apostrophe (c’est, l’âge, qu’il)."""

_SENTENCE_IN_SIGHT = re.compile(r"[\s*#>-]*[A-Z]")
"""A line (in sight from its start) that begins a sentence: a quote still open at a mark on
it would have opened on it, in sight."""

def _begins_a_sentence(before: str) -> bool:
    """Is the start of the line ``before`` ends on in sight (within QUOTE_WINDOW, or ``before``
    is that short: the text's start) and the start of a sentence?"""
    nl = before.rfind("\n", max(0, len(before) - QUOTE_WINDOW))
    if nl < 0 and len(before) > QUOTE_WINDOW:
        return False
    return _SENTENCE_IN_SIGHT.match(before, nl + 1) is not None



_LIST_ITEM = re.compile(r"[ \t][\w-]+: ")
"""An inline list item, ' • name: description': a bullet, not a dash, stands before it."""

_MOJIBAKE_QUOTE = re.compile("鈥([^\x00-\x7f])")  # mojibake: ignore
"""A still-unrepaired GBK reading of a quote (E2 80 + next byte), to read the style of later sites."""


_MOJIBAKE_MARK = re.compile("鈥[^\x00-\x7f]?")  # mojibake: ignore
"""A mark still in its GBK mojibake (鈥 and the char its third byte began): no CJK text of the
line, however much its Han chars look like it."""  # mojibake: ignore

_QUOTE_OF_THIRD_BYTE = {b"\x9c": "“", b"\x9d": "”", b"\x98": "‘", b"\x99": "’"}
"""The quote a GBK-read E2 80 + this byte was (the byte begins the char after 鈥)."""  # mojibake: ignore


def _nearby_opener(before: str, after: str, closers: bool = False) -> str | None:
    """The opening quote used by intact sites on the same line, if they agree on one style.

    Joined or quoted material mixes styles ('%s' in one message, "%s" in the next), so the
    line's own habit beats the document's majority. ``closers``: count closing quotes too
    (in CJK prose, where ’ is never an apostrophe).
    """
    line = before[before.rfind("\n") + 1 :] + after[: (after.find("\n") + 1 or len(after) + 1) - 1]
    single = line.count("‘") + (line.count("’") if closers else 0)
    double = line.count("“") + (line.count("”") if closers else 0)
    for m in _MOJIBAKE_QUOTE.finditer(line):
        q = _QUOTE_OF_THIRD_BYTE.get(m.group(1).encode("gbk", "ignore")[:1])
        single += q == "‘" or (closers and q == "’")
        double += q == "“" or (closers and q == "”")
    if single == double:
        return None
    return "‘" if single > double else "“"


_CLOSING_ASCII = frozenset("\"')]}>,.;:!?")
"""ASCII marks that end what stands before them: no quote opens right before one."""


def _is_space(ch: str) -> bool:
    return ch in " \t\u00a0"


def _is_break(ch: str) -> bool:
    return ch == "" or ch in "\n\r"


_BLOCK_TAG_END = re.compile(r"<(?:li|p|div|td|th|dt|dd|h[1-6]|br|tr|blockquote)\b[^<>]*>\Z", re.IGNORECASE)
"""An HTML tag that starts a block or a list item, where ``before`` ends: the mark after it
starts a line as rendered (``<li>• 第一项``), whatever the source's line breaks."""
_INLINE_TAG = re.compile(r"</?(?:a|b|i|u|s|em|strong|span|code|small|sup|sub|mark|font|abbr|cite|q)\b[^<>]*>", re.IGNORECASE)
"""An inline HTML tag (where ``after`` starts; ``_INLINE_TAG_END``: where ``before`` ends): the
text it marks up runs on through it (``<b>fine</b>…``), so the rules read the char beyond it."""
_INLINE_TAG_END = re.compile(_INLINE_TAG.pattern + r"\Z", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:li|p|div|td|th|dt|dd|h[1-6]|br|tr|blockquote|ul|ol|table)\b[^<>]*>", re.IGNORECASE)
"""A tag that opens or closes a block, where ``after`` starts: the mark before it ends a line."""


def _left_char(before: str) -> str:
    """The char left of a damaged mark for the typographic rules: "" (a line start) right after
    a block tag, the char before an inline tag, else the last char of ``before``."""
    for _ in range(4):
        if not before.endswith(">"):
            break
        tail = before[-200:]
        if _BLOCK_TAG_END.search(tail):
            return ""
        m = _INLINE_TAG_END.search(tail)
        if m is None:
            break
        before = before[: len(before) - (len(tail) - m.start())]
    return before[-1:]


def _right_text(after: str) -> str:
    """``after`` as the typographic rules read it: past inline tags, and "\n" for a block tag."""
    for _ in range(4):
        if not after.startswith("<"):
            break
        if _BLOCK_TAG.match(after):
            return "\n" + after
        m = _INLINE_TAG.match(after)
        if m is None:
            break
        after = after[m.end() :]
    return after


CURRENCY_BITS = 10.0
"""Bits over the rarest currency sign among a lost char's completions that its other
completions cost beside a number: 5 [€] and [₩]1000, not 5 ♬ and ♩1000 (the char model's
symbol data is CJK web text's, rich in ♬ and blind to €, which the word lists drop)."""

_DIGIT_SPACE_BEFORE = re.compile("[0-9][ \xa0]\\Z")
_DIGIT_AFTER = re.compile("[ \xa0]?[0-9]")


def currency_guess(candidates: tuple[str, ...] | list[str], before: str, after: str) -> list[tuple[str, float]] | None:
    """``candidates`` of a lost char beside a number ranked as a currency sign (``before`` and
    ``after``: the text on each side of it), with probabilities: the signs by how often text
    writes each, the rest CURRENCY_BITS below the rarest of them. None when no candidate is a
    sign, no number is beside it (5 €, €20, 20€), or a Latin-1 char is a candidate: ± § ° ½
    stand beside numbers as often as ¥ and £ do (±5, §3, 25°), and the model weighs those."""
    if any("\xa0" <= c <= "\xff" for c in candidates):
        return None  # ± § ° ½ stand beside numbers as often as ¥ and £ (±5, §3, 25°)
    if not (_DIGIT_AFTER.match(after) or _DIGIT_SPACE_BEFORE.search(before[-2:]) or ("0" <= before[-1:] <= "9")):
        return None
    known = [model.currency_cost(c) for c in candidates]
    if all(k is None for k in known):
        return None
    other = max(k for k in known if k is not None) + CURRENCY_BITS
    costs = [other if k is None else k for k in known]
    low = min(costs)
    weights = [2.0 ** (low - c) for c in costs]
    total = sum(weights)
    return sorted(((c, w / total) for c, w in zip(candidates, weights)), key=lambda cp: -cp[1])


TEMPERATURE_SIGNS = frozenset("℃℉")
TEMPERATURE_SHARES = (("℃", 0.8), ("™", 0.12), ("℉", 0.05), ("№", 0.03))
"""A lost letterlike sign (E2 84 xx) right after a number: a temperature far more often than a
trademark (25℃, 77℉; Office 365™ is rarer). The word lists fold ℃ into °C (NFKC) and keep no
trace of it, so the model prices it like ℀ and ranks the block's 64 signs as equals."""

_DIGIT_BEFORE = re.compile("[0-9０-９][ \xa0]?\\Z")


def may_be_number_sign(candidates: tuple[str, ...] | list[str]) -> bool:
    """Is a currency or temperature sign among ``candidates``, so that ``number_sign_guess`` may
    rank them? (A C-speed test before any context is built: most lost chars hold none.)"""
    return not model.currency_signs().isdisjoint(candidates) or "℃" in candidates


def number_sign_guess(candidates: tuple[str, ...] | list[str], before: str, after: str) -> list[tuple[str, float]] | None:
    """``candidates`` of a lost char beside a number ranked as the sign that stands there: a
    currency sign (``currency_guess``), or a temperature after the number (``TEMPERATURE_SHARES``,
    over the candidates present). None when neither applies."""
    guess = currency_guess(candidates, before, after) if not model.currency_signs().isdisjoint(candidates) else None
    if guess or "℃" not in candidates or not _DIGIT_BEFORE.search(before[-2:]):
        return guess
    present = [(c, p) for c, p in TEMPERATURE_SHARES if c in candidates]
    mass = sum(p for _, p in present)
    return [(c, p / mass) for c, p in present]


_NUMBER_PLACES = {
    "×": (re.compile("[0-9][A-Za-z]{0,3} ?\\Z"), re.compile(" ?[0-9]")),  # 3×5, 30cm×20cm, 1920 × 1080
    "²": (re.compile("[0-9] ?[a-z]{1,2}\\Z"), re.compile("(?!\\w)")),  # 100m², 5 cm²
    "³": (re.compile("[0-9] ?[a-z]{1,2}\\Z"), re.compile("(?!\\w)")),
    "µ": (re.compile("[0-9] ?\\Z"), re.compile("[A-Za-z]{1,2}(?![A-Za-z])")),  # 10µs, 5 µm
}
"""Where numbers put a sign of Latin-1 (before, after): × between two, ² ³ after a unit, µ before
one. GBK shows these as real chars that no text writes there (脳 虏 鲁 碌); the model, whose  (mojibake: ignore)
running text holds few such signs, cannot tell. Not ± (卤, braise: 卤1小时 of a recipe) nor ½ ¼ ¾  (mojibake: ignore)
(陆 录 戮: 第7戮), whose chars stand beside numbers in real text too."""  # mojibake: ignore


def number_place(ch: str, before: str, after: str) -> bool:
    """Does sign ``ch`` stand where numbers put it, between ``before`` and ``after``?"""
    place = _NUMBER_PLACES.get(ch)
    return place is not None and place[0].search(before[-8:]) is not None and place[1].match(after) is not None


def is_punctuation(candidates: tuple[str, ...] | list[str]) -> bool:
    """Are all completions General Punctuation (U+2000-U+203F), the typographic rules' domain?"""
    return bool(candidates) and "\u2000" <= min(candidates) and max(candidates) <= "\u203f"


def punctuation_guess(
    candidates: list[str], before: str, after: str, conv: Conventions
) -> list[tuple[str, float]] | None:
    """Rank General Punctuation completions (U+2000-U+203F) by typographic context.

    ``before``/``after`` are the (repaired) text around the damaged char. Returns
    ``[(char, probability), ...]`` best first, or None when no rule applies.
    """
    if not is_punctuation(candidates):
        return None
    left = _left_char(before)
    after = _right_text(after)
    right = after[:1]
    dash = "–" if conv.en_dash > conv.em_dash else "—"
    other_dash = "—" if dash == "–" else "–"
    guess: list[tuple[str, float]]
    if CJK_LETTER.match(left) and not (_is_space(right) or _is_break(right)):
        # CJK prose quotes with “…” (or ‘…’) and writes no apostrophes: pair the quotes.
        closer = expected_closer(before, conv)
        if closer is not None:
            guess = [(closer, 0.85), (conv.opener(), 0.1)]
        elif right == "…" or left == "…":
            guess = [("…", 0.8), (conv.opener(), 0.1)]
        elif right in _CLOSING_ASCII:
            guess = [("…", 0.6), ("”", 0.2)]  # nothing opens before a closing mark: "加载中…";
        else:
            opener = _nearby_opener(before, after, closers=True) or conv.opener()
            guess = [(opener, 0.75), ("‘" if opener == "“" else "“", 0.15), ("…", 0.05)]
    elif (cjk_guess := _cjk_line_guess(before, after, conv)) is not None:
        guess = cjk_guess
    elif _is_break(left) and _is_space(right):
        guess = [("•", 0.8), (dash, 0.15)]
    elif (_is_space(left) or _is_break(left)) and _LIST_ITEM.match(after):
        guess = [("•", 0.6), (dash, 0.3)]
    elif (_is_space(left) or _is_break(left)) and (_is_space(right) or _is_break(right)):
        guess = [(dash, 0.8), (other_dash, 0.15)]
    elif left.isdigit() and right.isdigit():
        guess = [("–", 0.8), ("—", 0.1)]
    elif _WORD_END.match(left) and right.isalpha() and not CJK_LETTER.match(left + right):
        # inside a word (a mark stripped whole, not a GBK one: there a letter after it was
        # swallowed): a contraction's apostrophe, else a dash joining words (which—as)
        if CONTRACTION.match(after) or ELISION.search(before):
            guess = [("’", 0.85), ("—", 0.1)]
        else:
            guess = [("—", 0.6), ("’", 0.25), ("–", 0.1)]
    elif (_is_space(left) or _is_break(left)) and right in ").,;:!?]}" and (
        after[1:2] == "" or _is_space(after[1:2]) or _is_break(after[1:2])
    ):
        guess = [("…", 0.6), (dash, 0.2)]
    elif (_is_space(left) or _is_break(left) or (left in "([{</“‘„" and expected_closer(before, conv) is None)) and not (
        _is_space(right) or _is_break(right)
    ):
        if re.match(r"\d\ds\b", after):
            guess = [("’", 0.8), ("“", 0.15)]
        else:
            opener = _nearby_opener(before, after) or conv.opener()
            alt = "‘" if opener == "“" else "“"
            guess = [(opener, 0.7), (alt, 0.2), ("’", 0.05)]
    else:
        closer = expected_closer(before, conv)
        plain = "“" if conv.german else "”"
        if closer is not None:
            guess = [(closer, 0.9), ("’" if closer != "’" else plain, 0.05)]
        elif left in ".,!?;:":
            guess = [(plain, 0.6), ("’", 0.2), ("…", 0.1)]
        elif _WORD_END.match(left) and _is_break(right):
            guess = [("…", 0.6), ("’", 0.2), (plain, 0.15)]
        elif left in "sz" and (_is_space(right) or right in ",.;:"):
            guess = [("’", 0.75), ("…", 0.1), (plain, 0.1)]
        elif _DROPPED_LETTER.search(before) and (_is_space(right) or right in ",.;:!?"):
            guess = [("’", 0.7), ("…", 0.15), (plain, 0.1)]  # rock ’n’ roll
        elif (
            _WORD_END.match(left)
            and _is_space(right)
            and after[1:2].islower()
            and conv.ellipsis <= conv.close_double
            and "”" not in before[-QUOTE_WINDOW:]
            and not _PROGRESS_WORD.search(before)
            and not _begins_a_sentence(before)
        ):
            # mid-sentence, no quote open in reach: the closer of a quote opened out of sight
            # (the “level” from), commoner in running prose than a trailing-off ellipsis, unless
            # the document writes more ellipses than closing quotes or already closed one here,
            # or the word is a progress message's (Loading… please wait), or the line's start is
            # in sight and begins a sentence, with no opener after it (Wait… what?).
            guess = [(plain, 0.5), ("…", 0.25), ("’", 0.2)]
        elif _WORD_END.match(left):
            if conv.ellipsis >= conv.apostrophe:
                guess = [("…", 0.5), ("’", 0.25), (plain, 0.2)]
            else:
                guess = [("’", 0.5), ("…", 0.25), (plain, 0.2)]
        else:
            guess = [(plain, 0.4), ("’", 0.3), ("…", 0.2)]
    present = set(candidates)
    ranked = [(c, p) for c, p in guess if c in present]
    return ranked or None


def punctuation_shares(
    candidates: list[str], before: str, after: str, conv: Conventions
) -> list[tuple[str, float]] | None:
    """``punctuation_guess``, its probabilities renormalised over ``candidates``: where the bytes
    allow only some marks (a stripped â€ is ” or ‐, a run of three U+FFFD any of E2 80 xx), those  # mojibake: ignore
    share the rules' mass."""  # mojibake: ignore
    guess = punctuation_guess(candidates, before, after, conv)
    if not guess:
        return None
    mass = sum(p for _, p in guess)
    return [(c, p / mass) for c, p in guess]


def _cjk_line_guess(before: str, after: str, conv: Conventions) -> list[tuple[str, float]] | None:
    """A mark's ranking on a line of CJK prose when its left neighbour is not CJK (``ID“%s”``,
    ``[选项]… 程序``): such a line writes no apostrophes and closes what it opens, so a quote open
    before it closes, a closer ahead of it with no opener between says it opens, a lost mark
    ahead pairs with it, and a mark after a char and before a space or the end, with no quote to
    close, is an ellipsis (after a space or at a line start it is left to the bullet and dash
    rules). None when the document's repaired sites or the line hold no CJK, or no rule applies."""  # mojibake: ignore
    if not conv.cjk:
        return None
    line_before = before[before.rfind("\n") + 1 :]
    line_after = after.partition("\n")[0]
    if not (CJK_LETTER.search(line_before) or CJK_LETTER.search(_MOJIBAKE_MARK.sub("", line_after))):
        return None
    right = after[:1]
    left = _left_char(before)
    if (_is_space(left) or _is_break(left)) and (_is_space(right) or _is_break(right)):
        return None  # nothing closes or trails off between spaces: the bullet and dash rules'
    closer = expected_closer(before, conv)
    if closer is not None:
        return [(closer, 0.85), ("…", 0.05)]
    ahead = _first_quote(line_after)
    if ahead in ("”", "’"):
        return [("“" if ahead == "”" else "‘", 0.8), ("…", 0.1)]
    if ahead == "?" and not (_is_space(right) or _is_break(right)):
        opener = _nearby_opener(before, after, closers=True) or conv.opener()
        return [(opener, 0.6), ("…", 0.2)]
    if (_is_space(right) or _is_break(right)) and not (_is_space(left) or _is_break(left)):
        return [("…", 0.6), (conv.opener(), 0.1)]
    return None


_LINE_QUOTE = re.compile("[“”‘’]|鈥(?:[?\ufffd\x00-\x7f]|$)|鈥([^\x00-\x7f])")  # mojibake: ignore
"""A quote ahead on the line, intact or still GBK mojibake (鈥 + the char its third byte began;
鈥 + a lost-byte mark, an ASCII char or the end: a mark whose third byte is lost)."""  # mojibake: ignore


def _first_quote(line: str) -> str | None:
    """The first quote on ``line`` (its mojibake read back), ``?`` for a mark whose last byte
    was lost; apostrophes inside Latin words do not count."""
    for m in _LINE_QUOTE.finditer(line):
        if m.group(1) is not None:
            q = _QUOTE_OF_THIRD_BYTE.get(m.group(1).encode("gbk", "ignore")[:1])
            if q is None:
                continue  # another mark (…, —)
        elif m.group()[0] == "鈥":  # mojibake: ignore
            return "?"
        else:
            q = m.group()
        if q == "’" and _inside_word(line[m.start() - 1 : m.start()] or " ", line[m.end() : m.end() + 1] or " "):
            continue
        return q
    return None


# --- the ASCII char a Windows/Java-style "?" ate along with a lost lead byte ----------------
#
# javac and other Java/.NET-style GBK decoders turn an invalid lead byte *and* the byte after
# it into one "?": UTF-8 Chinese ending before a quote, a newline or a "<" loses that char too
# ("unclosed string literal" is the famous symptom). Only bytes below 0x40 can be eaten (0x40-
# 0x7E would have formed a valid pair), which is why the structure of code and markup tells
# them apart: a quote the line left open, a line comment followed by code, a tag's "<".

_LINE_COMMENT = re.compile(r"(?:.*?(?:^|[\s;{}])//|\s*#\s|.*?\S\s+#\s)")
"""A line that is (or ends in) a line comment: ``// ...`` or ``# ...``, also after code
(``for y in years:  # 06年数据少``)."""  # mojibake: ignore

_STATEMENT = re.compile(
    r"\s*(?:[\w$.\[\]]+\s*[-+*/%|&]?=(?!=)\s*\S"  # x = 1, a[i] += 2
    r"|(?:if|for|while|switch|catch|elif|with)\s*\("  # if (
    r"|(?:def|class)\s+\w+[^\n]*:\s*$|from\s+[\w.]+\s+import\s|import\s+[\w.]+\s*;?\s*$"
    r"|(?:if|elif|while|for|with|except)\s[^\n]*:\s*$|(?:else|try|finally)\s*:\s*$"  # Python blocks: if x:
    r"|(?:return|raise|pass|break|continue)\b"
    r"|[}@]|[\x00-\x09\x0b-\x7f]*(?:[;{]\s*$|[\w$]\([^\n]*\)\s*[;{:,]?\s*$))"  # } or @x; ends in ; or {; a call
)
"""A line that reads as code, not prose: an assignment, ``if (``, ``def f():``, an import, a
closing brace or annotation, an ASCII line ending in ``;`` or ``{`` or a call (a comment's
words may come first when the line feed between them is lost too: ``low 模式... an2cn("123")``)."""


def _reads_as_code(rest: str) -> bool:
    """Does ``rest`` (a line's text after a ``?``) read as a statement, not comment prose?"""
    return bool(_STATEMENT.match(rest))


_TAG_REST = re.compile(r"/?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s<>]+))?)*\s*/?>|!--")
"""What follows a "?" that ate a tag's "<": ``/p>``, ``br>``, ``a href="x">``, ``!--``."""


_TRIPLE_QUOTE = re.compile(r"\"\"\"|'''")


_BLOCK_START = re.compile(r"(?:[-*+] |#{1,6} |> |\d{1,3}[.)] |```|\.\. )")
"""What starts a Markdown or reStructuredText block: a list item, a heading, a quote, a fence,
a directive. After a "?" mid-line it says the line feed before it was eaten. (Not a table
row's ``|``: in code a ``?|`` is a regex alternation.)"""


def _open_quote(line: str) -> str | None:
    """The ASCII quote (' or ") ``line`` leaves open at its end, if any: apostrophes inside
    words (it's) are not quotes, and a quote closes only the quote that opened last."""
    line = _TRIPLE_QUOTE.sub("", line)  # a docstring's quotes are no string's quotes
    stack: list[str] = []
    for i, ch in enumerate(line):
        if ch not in "'\"":
            continue
        prev = line[i - 1] if i else " "
        nxt = line[i + 1] if i + 1 < len(line) else " "
        if ch == "'" and _inside_word(prev, nxt):
            continue  # it's
        if stack and stack[-1] == ch and not prev.isspace():
            stack.pop()
        elif ch == "'" and prev.isalnum() and not _OPENS_AFTER.search(line[:i]):
            continue  # dogs' (but u'x' opens a string)
        elif ch not in stack:
            stack.append(ch)
    return stack[-1] if stack else None


def _inside_word(prev: str, nxt: str) -> bool:
    """Is a ' between these chars an apostrophe inside a Latin word (it's, l'homme)?"""
    return prev.isascii() and nxt.isascii() and prev.isalnum() and nxt.isalnum()


_OPENS_AFTER = re.compile(r"[\s,(\[{=:+%](?:[urbfURBF]{1,2})?$")
"""What stands before a quote that opens a string: a separator, perhaps a prefix (``, u'``)."""


def _closes(rest: str, q: str) -> bool:
    """Does ``rest`` (after a ``?``) close the quote ``q`` left open before it? Its first ``q``
    does, unless that quote opens a new string (after a separator: ``, u'x'``); apostrophes
    inside words do not count."""
    for i, ch in enumerate(rest):
        if ch != q or (q == "'" and 0 < i < len(rest) - 1 and _inside_word(rest[i - 1], rest[i + 1])):
            continue
        return not _OPENS_AFTER.search(rest[:i])
    return False


def eaten_char(line_before: str, rest: str, crlf: bool, sample: str | None) -> tuple[tuple[str, float], ...]:
    """The ASCII char a ``?`` for a lost lead byte ate, ranked with probabilities; () when it
    ate none, or none that context shows (then nothing is inserted). ``line_before``: the
    (repaired) line up to the mojibake; ``rest``: the text after the ``?`` up to the line's end;
    ``crlf``: the lines around end in CR LF; ``sample``: the document's text when it shows a
    decoder that eats (a ``?`` before a letter somewhere), else None.

    In order: a "?" right before a lone LF in a CR LF document ate the CR; the first of a
    docstring's closing three quotes; a line feed before text indented exactly as the line
    is (the next line); a quote the line opened and the rest of the line does not close; a
    tag's "<" (``?/p>``); a line comment's line feed before code; a line feed before a
    Markdown/reST block start (``- item``, ``# title``, ``> quote``). Otherwise, in a document
    whose decoder eats, the document's own habits decide: which of the chars that can be
    eaten it puts most often before the two chars that follow (a space or a line feed before
    a byte 0x40-0x7E or a non-ASCII char, where the caller knows something was eaten: bytes
    0x40-0x7E would have paired with the lead byte, so something below 0x40 stood there).
    """
    if not rest:
        return ()
    if rest[0] == "\n" and crlf:
        return (("\r", 0.95), ("", 0.05))
    for triple in ('"""', "'''"):
        if rest.startswith(triple[:2]) and not rest.startswith(triple) and line_before.count(triple) % 2:
            return ((triple[0], 0.9), ("", 0.1))  # the first quote of a docstring's closing three
    indent = line_before[: len(line_before) - len(line_before.lstrip(" \t"))]
    if len(indent) >= 2 and rest.startswith(indent) and rest[len(indent)].strip():
        return (("\n", 0.85), (" ", 0.15))  # the next line, indented like this one
    q = _open_quote(line_before)
    if q is not None and not rest[0].isalnum() and not _closes(rest, q):  # "abc"is: no
        return ((q, 0.9), ("", 0.1))
    if _TAG_REST.match(rest):
        return (("<", 0.9), (" ", 0.1))
    if _LINE_COMMENT.match(line_before) and _reads_as_code(rest):
        return (("\n", 0.85), (" ", 0.15))
    if _BLOCK_START.match(rest) and line_before.strip():
        return (("\n", 0.8), (" ", 0.2))
    if sample is None:
        return ()
    both = _char_class(rest[0]) + (_char_class(rest[1]) if len(rest) > 1 else "")  # the two chars after it
    if not rest[0].isascii() or "\x40" <= rest[0] <= "\x7e":
        percent: float = _formats(sample, rest[0], "%") if _CONVERSION.match(rest) else 0
        if not percent and _LONE_SD.match(rest):
            percent = LONE_SD_PERCENT_PRIOR
        if percent:
            # A lone letter (鈥?s鈥? of “%s”): the document's own count of that letter standing  (mojibake: ignore)
            # alone after a space, a line feed or a % decides.
            space, feed = _formats(sample, rest[0], " ") + LONE_LETTER_SPACE_PRIOR, _formats(sample, rest[0], "\n")
        else:
            counts = _before_class(sample, both if rest[0] == "`" else _char_class(rest[0]))
            space, feed = counts[" "] + LETTER_SPACE_PRIOR, counts["\n"]
        total = space + feed + percent
        scored = ((" ", space / total), ("\n", feed / total), ("%", percent / total))
        return tuple(sorted((o for o in scored if o[1] > 0), key=lambda x: -x[1]))
    counts = _before_class(sample, both)
    options = EATABLE.replace(" ", "") if rest[0] == " " else EATABLE  # a double space is alignment, not prose
    total = sum(counts[c] for c in options) + len(options) * EATEN_PSEUDO_COUNT
    ranked = sorted(((c, (counts[c] + EATEN_PSEUDO_COUNT) / total) for c in options), key=lambda x: -x[1])
    return tuple(ranked[:5]) if ranked[0][1] >= EATEN_MIN_P else ()


def _char_class(ch: str) -> str:
    """A regex for the kind of char ``ch`` is: any upper/lower-case ASCII letter, any digit,
    any non-ASCII char, or itself."""
    if not ch.isascii():
        return "[^\\x00-\\x7f]"
    if ch.isalpha():
        return "[A-Z]" if ch.isupper() else "[a-z]"
    return "[0-9]" if ch.isdigit() else re.escape(ch)


EATABLE = " \n.,;:)!\"'"
"""Chars below 0x40 a "?" commonly eats (a lead byte pairs with 0x40-0x7E, so those survive)."""

LETTER_SPACE_PRIOR = 2.0
"""Pseudo-count for a space before a letter: with no line feeds before letters in the
document, a space is what was eaten."""

LONE_LETTER_SPACE_PRIOR = 0.5
"""Pseudo-count for a space before a lone letter (one no letter follows): prose rarely writes one."""

EATEN_PSEUDO_COUNT = 0.2
EATEN_MIN_P = 0.5
"""Before a non-letter, the document's habit must name one char this clearly, or nothing is inserted."""


_LONE_SD = re.compile(r"[sd](?![A-Za-z0-9])")
LONE_SD_PERCENT_PRIOR = 1.0
"""Pseudo-count for a ``%`` eaten before a lone ``s`` or ``d`` when the document shows no
conversion intact: no prose writes either alone, while %s and %d fill every message catalog."""

_CONVERSION = re.compile(r"[sdiufxXcpgeEl](?![A-Za-z])")
"""A lone letter after a ``?`` that could end a printf conversion (``鈥?s鈥?`` of “%s”).  (mojibake: ignore)"""


@lru_cache(maxsize=48)  # per document, letter and char before
def _formats(sample: str, letter: str, before: str) -> int:
    """How often the document writes ``letter`` alone (no letter after it) right after
    ``before``: after ``%`` it is a printf conversion, and where the document writes those, a
    ``?`` before a lone ``letter`` most likely ate the ``%`` (0x25, below the 0x40 a lead byte
    pairs with), while a lone letter after a space is rare in prose."""
    return len(re.findall(f"{re.escape(before)}{re.escape(letter)}(?![A-Za-z])", sample))


@lru_cache(maxsize=16)  # per document and next-char class; a few documents' samples at most
def _before_class(sample: str, cls: str) -> Counter[str]:
    """How often each char of EATABLE comes right before a char of the regex class ``cls`` in
    ``sample``. (Only after non-ASCII chars would be closer to the eaten char's place, but in
    mojibake text that is exactly where the eaten chars are missing: it measured worse.)"""
    return Counter(re.findall(f"([{re.escape(EATABLE)}])(?={cls})", sample))
