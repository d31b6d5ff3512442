"""Choose the most probable reading of a parsed segment.

Each lost byte leaves a unit with many candidate chars; the reading is the cheapest path
through them (Viterbi) under the character model, weighed by the word lists, the typographic
rules of ``infer`` (quote pairing, dashes, number signs), bracket and quote pairing across the
line, and the document's own statistics (a cache model of its intact text). ``detect`` then
judges the chosen reading against the original.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import model, words
from .chars import CJK, CJK_LETTER, LATIN_WORD, latin_ish
from .charsets import charset_bias
from .codecs import GBK, QUESTION, Family, char_table, droppable_before, first_byte
from .finding import DEFAULT_THRESHOLD, Inference
from .infer import (
    Conventions,
    eaten_char,
    is_punctuation,
    may_be_number_sign,
    number_sign_guess,
    punctuation_guess,
)
from .parse import EATEN_CHARS, Segment, Unit

PAIRS: dict[str, str] = {
    "（": "）", "「": "」", "『": "』", "【": "】", "《": "》", "〈": "〉", "〔": "〕", "“": "”", "‘": "’",
}
"""Opening mark -> its closing mark, for pairing inferred CJK brackets and quotes."""


VITERBI_WIDTH = 16
"""Candidates per lost character kept for the bigram search (by unigram frequency)."""


CONTEXT_UNITS = 200
"""Units of the segment itself given to the punctuation rules as context on each side."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen decoding of a segment: per-unit chars, and each inferred unit's inference."""

    chars: tuple[str, ...]
    inferences: tuple[Inference | None, ...]  # offsets relative to the whole segment's repair
    swallowed: str  # the ASCII char a "?" ate with the last lost byte ("" if none)
    eaten: tuple[tuple[str, float], ...] = ()  # its alternatives, most probable first

    @property
    def repair(self) -> str:
        return "".join(self.chars) + self.swallowed

    @property
    def min_p(self) -> float:
        """Probability of the least certain inferred char (1.0 when nothing was inferred)."""
        return min((inferred_confidence(inf) for inf in self.all_inferences), default=1.0)

    @property
    def all_inferences(self) -> tuple[Inference, ...]:
        """The inferred chars of the whole repair, the eaten ASCII char (if any) last."""
        infs = tuple(i for i in self.inferences if i)
        if self.swallowed:
            infs += (Inference(len(self.repair) - 1, self.swallowed, self.eaten),)
        return infs


def inferred_confidence(inf: Inference) -> float:
    """Confidence in an inferred char: its probability among the alternatives, scaled down for
    CJK punctuation, which syntax picks and a bigram model barely sees (：or ，after 列表): such
    a mark must reach PUNCTUATION_P to be applied at the default threshold."""
    p = dict(inf.alternatives).get(inf.char, 0.0)
    return p * DEFAULT_THRESHOLD / PUNCTUATION_P if _CJK_PUNCTUATION.match(inf.char) else p


PUNCTUATION_P = 0.5
"""Probability a CJK punctuation mark needs to be applied at the default threshold. Lowered from
0.75: on 20,700 independent lines of Chinese READMEs and sources it made 32 lines right per
decoder (71 with a `?` that eats the next byte) and none wrong, on the GBK fixtures 200 cases
better and 4 worse (lost chars: replace 88.3 -> 89.1 %); at 0.45 a comma starts to end lines
(选项，), which real text almost never does. From 0.55 to 0.5 (：before a line end, at 0.53-0.57
once the text's end reads as one, stayed `锛�`): GBK lost chars +0.2-0.4 points, short zh lines
+44 right and none wrong, the READMEs and sources of five Chinese sdists 3-4 lines better per
decoder, held-out news and reviews unchanged."""  # mojibake: ignore


_CJK_PUNCTUATION = re.compile("[\u3001-\u3003\u3008-\u3011\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


def choose(
    seg: Segment,
    text: str,
    before: str,
    conv: Conventions,
    doc: DocStats | None = None,
    charset: str | None = None,
    eating: str | None = None,
) -> Choice:
    """Pick the most probable decoding of a segment, unit by unit.

    ``before`` is the repaired text preceding the segment (for quote pairing); ``eating``: a
    sample of the document when its decoder eats the byte after a ``?``. Punctuation in
    Latin context is chosen by typographic rules; everything else by a Viterbi search over the
    units' candidates under the character bigram model.
    """
    units = seg.units
    left = before[-1:]
    line = before[before.rfind("\n") + 1 :]  # the repaired line up to the segment
    eaten = _swallowed(seg, text, line, eating)
    swallowed = eaten[0][0] if eaten else ""
    following = swallowed + text[seg.end : seg.end + 200]
    choices: list[list[tuple[str, float]] | None] = [None] * len(units)
    latin_line: bool | None = None  # is the segment's line Latin text? (asked once, if at all)
    for idx, u in enumerate(units):
        if len(u.candidates) > 1 and (shares := _number_sign_here(units, idx, before, following)):
            choices[idx] = shares
        elif len(u.candidates) > 1 and is_punctuation(u.candidates):
            prefix = (before + "".join(v.candidates[0] for v in units[max(0, idx - CONTEXT_UNITS) : idx]))[-2000:]
            after = "".join(v.candidates[0] for v in units[idx + 1 : idx + 1 + CONTEXT_UNITS]) + following
            choices[idx] = punctuation_guess(list(u.candidates), prefix, after, conv)
        elif len(u.candidates) > 1 and _latin_symbols_known(u.candidates):
            if latin_line is None:
                latin_line = _latin_line(line, following.partition("\n")[0], seg.family)
            if latin_line:
                prev = before[-1:] if idx == 0 else units[idx - 1].candidates[0]
                choices[idx] = _latin_symbol_guess(u.candidates, doc.pairs.get(prev) if doc and prev else None)
    lattice = [
        _shortlist(u.candidates, _fixed(units, i - 1, left))
        if choices[i] is None
        else (choices[i][0][0],)  # type: ignore[index]
        for i, u in enumerate(units)
    ]
    if seg.family.pair_marks:
        lattice = _with_word_completions(lattice, units, before, following)
    if _BRACKET_RX.search(line) or any(not _BRACKETS.isdisjoint(cands) for cands in lattice):
        lattice = _with_closers(lattice, units, line)
    bias: list[dict[str, float] | None] = [None] * len(units)
    rest = following.partition("\n")[0]
    rough = ""  # the rest of the line roughly repaired, when a bracket or quote is a candidate
    paired = any(len(cands) > 1 and not _PAIRED.isdisjoint(cands) for cands in lattice)
    raw_closed: set[str] = set()  # openers that lone closers on the rest of the line need: in its mojibake,
    rough_closed: set[str] = set()  # and in its rough repair
    if paired:
        rough = _rough_repair(rest, seg.family)
        raw_closed, rough_closed = _marks(rest)[1], _marks(rough)[1]
        rest_closed = raw_closed | rough_closed
        fixed = [_fixed(units, i, "") for i in range(len(units))]
        for idx, cands in enumerate(lattice):
            if len(cands) > 1 and not _PAIRED.isdisjoint(cands):
                later_open, later_closed = _marks("".join(fixed[idx + 1 :]))
                opened = _marks(line + "".join(fixed[:idx]))[0]
                bias[idx] = pairing_bias(cands, opened, later_closed | (rest_closed - later_open))
    if doc is not None and doc.absent is not None:
        absent = doc.absent
        bias = _with_bias(bias, [{c: SCRIPT_BITS for c in cands if absent.match(c)} if len(cands) > 1 else None for cands in lattice])
    if charset:
        for idx, cands in enumerate(lattice):
            if len(cands) > 1:
                outside = charset_bias(cands, charset)
                if outside:
                    bias[idx] = {**outside, **(bias[idx] or {})}
    if len(lattice[-1]) > 1:
        end = _end_bias(lattice[-1], swallowed or following[:1], len(units) > 1 or left not in "'\"", rest, rough, seg.family)
        bias = _with_bias(bias, [None] * (len(lattice) - 1) + [end])
    if "\u3000" in lattice[0] and _indents(line, seg.family):
        bias = _with_bias(bias, _indent_bias(lattice, bool(line.strip(" \t"))))
    elif any("\u3000" in cands and len(cands) > 1 for cands in lattice):
        bias = _with_bias(bias, _separator_bias(lattice, units, left, swallowed or following[:1]))
    for idx, cands in enumerate(lattice):
        if len(cands) > 1 and "？" in cands:
            # lost chars before it read as their commonest candidate: 是 of 是否 is often one  (mojibake: ignore)
            sentence = _SENTENCE_END.split(line + "".join(units[i].candidates[0] for i in range(idx)))[-1]
            if _ASKS.search(sentence):
                bias = _with_bias(bias, [None] * idx + [{c: QUESTION_BITS for c in cands if c != "？"}])
    if seg.family is GBK and "「" in lattice[-1] and CJK_LETTER.match(_fixed(units, len(units) - 2, left)) and _lost_closer_ahead(following):
        bias = _with_bias(bias, [None] * (len(lattice) - 1) + [{c: LOST_PAIR_BITS for c in lattice[-1] if c not in _PAIRED}])
    kana_here = any(len(cands) == 1 and _KANA.match(cands[0]) for cands in lattice)
    kana_near = kana_here or _KANA.search(before, max(0, len(before) - KANA_LOOK)) or _kana_ahead(following, seg.family)
    plain = bias
    # Japanese text reads its own word list. Kana nearby may be mojibake (GBK shows bytes A4/A5
    # + trail as kana), so the document's exact decodings decide when they say enough; when
    # they are too few, kana the segment itself decodes exactly (テ[ス]ト) do.
    japanese = doc.kana if doc else None  # None: too little exact text to say
    if japanese is None and kana_here:
        japanese = True
    lang = "ja" if kana_near and japanese else "zh" if not kana_near or japanese is False else ""
    if lang == "zh" and (
        any(len(cands) == 1 and _HANGUL.match(cands[0]) for cands in lattice)
        or _HANGUL.search(before, max(0, len(before) - KANA_LOOK))
    ):
        lang = "ko"  # Hangul the segment decodes exactly, or the repaired text before it: Korean
    span = WORD_SPANS.get(lang, 0)
    if lang:
        bias = _with_bias(plain, _word_bias(lattice, before[-span:], following[:span], lang=lang, doc=doc))
    right = following[:1] or _text_end(lattice[-1])
    far_left, far_right = before[-2:-1] if left == " " else "", following[1:2] if right == " " else ""
    tables = _lattice_tables(lattice, *_numbers_seen(before, following, left, right, far_left, far_right), doc)
    best = model.best_path(lattice, tables, bias)
    lost_at = [i for i, cands in enumerate(lattice) if len(cands) > 1]
    if lang and any(b - a <= span for a, b in itertools.pairwise(lost_at)):
        # Lost chars near each other left each other out of their words (the first reading
        # stops a word's context at a lost char): read again, each weighed among the chars the
        # first search chose for the others (使用[一][个]外部, 打印[问]候[语]).  (mojibake: ignore)
        bias = _with_bias(plain, _word_bias(lattice, before[-span:], following[:span], best, lang, doc))
        best = model.best_path(lattice, tables, bias)
    if paired and (closing := _closer_bias(lattice, best, line, raw_closed, rough_closed, swallowed or following[:1])):
        bias = [{**(b or {}), **c} if c else b for b, c in zip(bias, closing)]  # the pairing now known
        best = model.best_path(lattice, tables, bias)
    nxt = text[seg.end : seg.end + 1]
    if swallowed and nxt and not nxt.isascii() and not _needs_eaten_byte(units[-1], nxt, seg.family, best[-1]):
        swallowed, eaten = "", ()  # the chosen char's last byte could be lost on its own
    shown = best
    if seg.family.pair_marks:
        shown = _lone_80s(units, best)
        if swallowed and best[-1].encode("utf-8")[-1:] == b"\x80":
            swallowed, eaten = "", ()  # a lone 80 is a ? by itself: it ate nothing
    inferences: list[Inference | None] = []
    offset = 0
    for idx, u in enumerate(units):
        ch = shown[idx]
        inf = None
        if len(u.candidates) > 1 and ch:
            ranked = choices[idx]
            if ranked is None:
                ranked = _ranked(lattice, tables, best, idx, bias[idx])
                if _stray_symbol(ch) and not model.seen(
                    ch, best[idx - 1] if idx else left, best[idx + 1] if idx + 1 < len(units) else right
                ):
                    # The model gives every symbol it never saw one cost, so such a symbol
                    # wins only because its rivals are letters (a Sinhala ෴ among Sinhala
                    # letters, for a lost ≥ read as Big5): that proves nothing.
                    ranked = [(c, min(p, UNSEEN_P) if c == ch else p) for c, p in ranked]
            inf = Inference(offset, ch, tuple(ranked[:5]))
        inferences.append(inf)
        offset += len(ch)
    return Choice(tuple(shown), tuple(inferences), swallowed, eaten)


def _number_sign_here(units: tuple[Unit, ...], idx: int, before: str, following: str) -> list[tuple[str, float]] | None:
    """``number_sign_guess`` of lost unit ``idx`` (``before`` and ``following``: the text around
    the segment): a currency sign or a temperature beside a number."""
    if not may_be_number_sign(units[idx].candidates):
        return None  # (most lost chars: no sign among them, no context to build)
    left = "".join(_fixed(units, j, "") or "\x00" for j in range(max(0, idx - 2), idx))
    right = "".join(_fixed(units, j, "") or "\x00" for j in range(idx + 1, min(len(units), idx + 3)))
    left = (before[-2:] + left)[-2:]
    right = (right + following[:2])[:2]
    return number_sign_guess(units[idx].candidates, left, right)


PAIR_WORD_SHORTLIST = 8
"""Candidates a pair-eating ``?`` char gains by the Korean words they complete with the fixed
chars around them: two or three lost bytes allow hundreds of syllables, and the frequency and
bigram shortlists miss 인 of 로그[인], which no common pair 그인 suggests."""  # mojibake: ignore


def _with_word_completions(
    lattice: list[tuple[str, ...]], units: tuple[Unit, ...], before: str, following: str
) -> list[tuple[str, ...]]:
    """``lattice`` with, at each unit of more than VITERBI_WIDTH candidates, the PAIR_WORD_SHORTLIST
    of them that split best into Korean words with the fixed Hangul on each side."""
    out = list(lattice)
    span = WORD_SPANS["ko"]
    for i, u in enumerate(units):
        if len(u.candidates) <= VITERBI_WIDTH:
            continue
        left = "".join(_fixed(units, t, "") or "\x00" for t in range(max(0, i - span), i))
        if i < span:
            left = before[-(span - i):] + left if before else left
        right = "".join(_fixed(units, t, "") or "\x00" for t in range(i + 1, min(len(units), i + 1 + span)))
        if len(units) - i - 1 < span:
            right += following[: span - (len(units) - i - 1)]
        left = _HANGUL_TAIL.search(left).group()  # type: ignore[union-attr]
        right = _HANGUL_HEAD.match(right).group()  # type: ignore[union-attr]
        if not left and not right:
            continue
        hangul = tuple(c for c in u.candidates if _HANGUL.match(c))
        if not hangul:
            continue
        costs = words.split_costs(left, hangul, right, "ko")
        ranked = [c for _, c in sorted(zip(costs, hangul))[:PAIR_WORD_SHORTLIST]]
        out[i] = tuple(dict.fromkeys(out[i] + tuple(ranked)))
    return out


_HANGUL_TAIL = re.compile("[\uac00-\ud7a3]*$")


_HANGUL_HEAD = re.compile("[\uac00-\ud7a3]*")


def _lone_80s(units: tuple[Unit, ...], best: list[str]) -> list[str]:
    """``best`` with nothing for each char a pair-eating ``?`` ate after a char whose chosen last
    byte is 80: no lead byte, so its ``?`` stood for it alone (지 is EC A7 80: 吏?), and the unit
    read as eaten stood for nothing."""  # mojibake: ignore
    out = list(best)
    for i in range(1, len(units)):
        if units[i].candidates is EATEN_CHARS and out[i - 1].encode("utf-8")[-1:] == b"\x80":
            out[i] = ""
    return out


def _latin_line(line: str, rest: str, family: Family) -> bool:
    """Is the line around a segment Latin text: Latin words, no CJK char in its repaired part
    before the segment, and after it nothing but what reads as Latin once roughly repaired?"""
    if not LATIN_WORD.search(line + rest) or CJK.search(line):
        return False
    return not CJK.search(rest) or latin_ish(_rough_repair(rest, family))


def _latin_symbols_known(cands: Sequence[str]) -> bool:
    """Does one of ``cands`` have data as a symbol of Latin-script text, and none is an arrow
    or a math operator? The word lists drop those (→ ≤ ≠ are Sm), so their rare So neighbours
    (↩) would win for want of data on them."""
    return (
        all(_SYMBOL_BLOCK.match(c) for c in cands)
        and not any(_ARROWS_MATH.match(c) for c in cands)
        and any(model.latin_symbol_cost(c) is not None for c in cands)
    )


_SYMBOL_BLOCK = re.compile("[\u2000-\u2bff\U0001f000-\U0001faff]")
"""Punctuation, letterlike symbols, arrows, math, technical, shapes, dingbats; emoji: a lost
char whose every candidate lies here was a symbol (a whole lost char may be any CJK char)."""


_ARROWS_MATH = re.compile("[\u2190-\u22ff\u27c0-\u27ef\u2900-\u2aff]")
"""Arrows and mathematical operators (→ ≤ ≠ ∞ ⟶ ⤴ ⨯)."""


UNSEEN_LATIN_SYMBOL_BITS = 6.0
"""Bits over the rarest candidate with data that a candidate the Latin word lists never show
alone costs (℀ beside ™)."""


def _latin_symbol_guess(cands: Sequence[str], after_prev: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """A lost symbol of a Latin line (Trademark™, 5★, ✔ Done) ranked by how often Latin-script
    text writes each candidate, with probabilities; the char model's symbol data is CJK web
    text's, which has none for ™. ``after_prev``: the document's own next-char probabilities
    after the char before, mixed in as in ``_pair_costs`` (★★★★ then a lost ★)."""
    known = [model.latin_symbol_cost(c) for c in cands]
    worst = max(c for c in known if c is not None) + UNSEEN_LATIN_SYMBOL_BITS
    costs = [worst if c is None else c for c in known]
    if after_prev:
        costs = [
            -math.log2((1 - DOC_WEIGHT) * 2.0**-k + DOC_WEIGHT * p) if (p := after_prev.get(c)) else k
            for k, c in zip(costs, cands)
        ]
    return _normalised(costs, cands, None)


UNSEEN_P = 0.3
"""Highest probability of an inferred stray symbol (``_stray_symbol``) the model's data never
showed in that place: below the apply threshold, so it is reported, not applied (only its own
probability is capped, so the alternatives then sum to less than 1)."""


_COMMON_SYMBOLS = re.compile("[\u2000-\u2bff\u3000-\u33ff\ufe30-\uffef\U0001f000-\U0001faff]")
"""Blocks whose symbols real text uses (punctuation, currency, arrows, math, technical, shapes,
dingbats; CJK symbols and full-width forms; emoji)."""


def _stray_symbol(ch: str) -> bool:
    """Is ``ch`` a symbol of the model's catch-all class outside the blocks real text uses
    (a script's own marks: Sinhala ෴, Tibetan ༄)?"""
    return model.char_class(ch) == SYMBOL_CLASS and not _COMMON_SYMBOLS.match(ch)


SYMBOL_CLASS = model.CLASS_ID["symbol"]


WORD_SPANS = {"zh": 4, "ja": 6, "ko": 4}
"""Fixed word chars read on each side of a lost char for the word model (Japanese words, in
kana, are longer: ディレクトリ)."""


_ASKS = re.compile("是否|吗|什么|怎么|怎样|如何|为什么|為什麼|为何|為何|谁|誰|是不是|能否|可否|嗎|麼")  # mojibake: ignore


_SENTENCE_END = re.compile("[。！？!?\n]")


_LOST_MARK_AFTER = re.compile("[\x21-\x7e]{1,40}?銆(?:[\ufffd?]|(?![^\x00-\x7f]))")  # mojibake: ignore


LOST_PAIR_BITS = 8.0
"""Bits a lost CJK mark's non-bracket readings pay when it follows a CJK letter and, past a short
ASCII run (a placeholder, a word), another mark of its block lost its last byte: 「%s」, which
read alone each time was 。%s。. Not when a third such mark follows: 名称、%s、%s is a list."""  # mojibake: ignore


def _lost_closer_ahead(following: str) -> bool:
    """Does ``following`` start with a short ASCII run and a U+3000-U+303F mark (GBK 銆) whose  (mojibake: ignore)
    last byte was lost, with no third such mark right after?"""
    m = _LOST_MARK_AFTER.match(following)
    return m is not None and _LOST_MARK_AFTER.match(following, m.end()) is None


QUESTION_BITS = 4.0
"""Bits the other candidates of a lost CJK mark pay when its sentence asks (是否, 吗, 什么...):  (mojibake: ignore)
是否支持添加单词到词表中[？], which the char model, seeing only 中, reads as ：. 哪 is left out:  (mojibake: ignore)
statements name 哪些 too (表示要运行哪些预处理器：). GBK fixtures 8 cases better, none worse."""  # mojibake: ignore


INDENT_BITS = 6.0
"""What an ideographic space gains at the start of a line, where Chinese text indents its
paragraphs with it (\u3000\u3000): the model, which never saw one, prices it like a rare
space anywhere, and between digits (16、32) it is no mark at all."""


INDENT_MORE_BITS = 10.0
"""What one gains right after another at a line's start: an indent is two of them, where the
model would read \u3000。 (。 before a Han char is cheap)."""


@lru_cache(maxsize=8)
def _indent_chars(family: Family) -> frozenset[str]:
    """What an indent may look like before a segment: spaces, the ideographic space, and what
    the family's decoder shows for its first two bytes (E3 80, 銆 under GBK) and a lost byte."""  # mojibake: ignore
    shown = b"\xe3\x80".decode(family.codecs[0], "replace")
    return frozenset(" \t\u3000?\ufffd" + (shown if len(shown) == 1 and shown != "\ufffd" else ""))


def _indents(head: str, family: Family) -> bool:
    """Is ``head``, the text of a line before a segment, only indentation (or nothing)?"""
    return _indent_chars(family).issuperset(head)


def indent_before(text: str, pos: int, family: Family) -> str | None:
    """The indentation from the start of ``pos``'s line to ``pos``, or None when other text
    stands there. Read backwards from ``pos``: a long line costs only its indent."""
    chars = _indent_chars(family)
    i = pos
    while i > 0 and text[i - 1] in chars:
        i -= 1
    return text[i:pos] if i == 0 or text[i - 1] == "\n" else None


def _indent_bias(lattice: list[tuple[str, ...]], going_on: bool = False) -> list[dict[str, float] | None]:
    """-INDENT_BITS for the ideographic space of each unit of a segment that starts a line
    (after spaces), as long as every unit before it may be one too; -INDENT_MORE_BITS for the
    ones after the first (``going_on``: an ideographic space already precedes the segment)."""
    out: list[dict[str, float] | None] = [None] * len(lattice)
    for idx, cands in enumerate(lattice):
        if "\u3000" not in cands:
            break
        if len(cands) > 1:
            out[idx] = {"\u3000": -INDENT_MORE_BITS if idx or going_on else -INDENT_BITS}
    return out


SEPARATOR_BITS = 8.0
"""What an ideographic space gains between two CJK chars, where Japanese and Chinese titles,
names and lists set it (第1章\u3000概述, 山田\u3000太郎): the model, which never saw one, prices it
like a rare space, below marks no text uses (〃 〄 〠). Shift_JIS rejects its last byte (80)
always, so every one it shows is lost (縲 + marker): without this, each became 〠."""  # mojibake: ignore


_SEPARATED = re.compile("[\u3041-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff01-\uff5e\u3008-\u3011\u25a0-\u25ff]")
"""Chars an ideographic space stands between: kana, Han, Hangul, full-width forms, brackets
and the shapes of lists (○ ●), not the marks that end a clause (、 。)."""


def _separator_bias(lattice: list[tuple[str, ...]], units: tuple[Unit, ...], left: str, right: str) -> list[dict[str, float] | None]:
    """-SEPARATOR_BITS for the ideographic space of each lost unit between two CJK chars that
    decoded exactly (``left`` and ``right`` past the segment's ends)."""
    out: list[dict[str, float] | None] = [None] * len(lattice)
    for idx, cands in enumerate(lattice):
        if len(cands) > 1 and "\u3000" in cands:
            # a neighbour lost too is read as its likeliest candidate: every one is CJK or none
            before = _fixed(units, idx - 1, left) or (lattice[idx - 1][0] if idx else "")
            after = _fixed(units, idx + 1, right) or (lattice[idx + 1][0] if idx + 1 < len(lattice) else "")
            if before and after and _SEPARATED.match(before) and _SEPARATED.match(after):
                out[idx] = {"\u3000": -SEPARATOR_BITS}
    return out


_KANA = re.compile("[\u3041-\u30ff]")


_HANGUL = re.compile("[\uac00-\ud7a3]")


KANA_LOOK = 40
"""Chars read on each side of a segment for kana: Japanese text gets the Japanese word list."""


def _kana_ahead(following: str, family: Family) -> bool:
    """Kana within KANA_LOOK chars after a segment, read through their rough repair: mojibake
    shows bytes as kana (GBK reads A4/A5 + trail so: 好 is 屽ソ), real text shows kana as they
    are, so the raw text's kana count only where the repair makes no CJK text of them."""  # mojibake: ignore
    ahead = following[:KANA_LOOK]
    if not _KANA.search(ahead):
        return False
    rough = _rough_repair(ahead, family)
    return bool(_KANA.search(rough)) or not CJK.search(rough)


WORD_WEIGHTS = {"zh": 0.7, "ja": 1.0, "ko": 1.0}
"""Share of the word model's cost differences in a lost char's bias. Chinese: Measured on the GBK
Chinese fixtures and, independently, on 20,700 lines of Chinese READMEs and sources of five
sdists the fixtures do not use (chinesecalendar, cnocr, pywebio, synonyms, thulac), lines right
only with / only without the word model: 0.5 gains 40 and loses 5 lines, 0.7 gains 44 and
loses 9, 1.0 gains 46 and loses 10; on the fixtures 0.7 is best (replace 88.3 %, ignore
88.0 %). The bigram model already knows how common each char is, so a full weight counts
that twice (日[本] for 日[期] before a line end). Japanese, on the Shift_JIS fixtures (lost
chars recovered): 0.7 85.4 %, 1.0 86.2 %, 1.4 86.4 %; 1.0 is kept, with no independent
Japanese set to confirm a higher one (the list's one-kana particles already pull every lost
kana toward の)."""  # mojibake: ignore


DOC_WORD_BITS = 4.0
"""Bits a lost char's word cost gains when the document writes it intact elsewhere beside the
same neighbour (a word cache, against the word list's pull toward its commonest words)."""


def _with_bias(bias: list[dict[str, float] | None], extra: list[dict[str, float] | None]) -> list[dict[str, float] | None]:
    """``bias`` with ``extra`` added position by position (new dicts: cached ones are shared)."""
    out = list(bias)
    for idx, more in enumerate(extra):
        if more:
            merged = dict(out[idx] or {})
            for c, bits in more.items():
                merged[c] = merged.get(c, 0.0) + bits
            out[idx] = merged
    return out


def _word_bias(
    lattice: Sequence[tuple[str, ...]],
    left: str,
    right: str,
    path: Sequence[str] | None = None,
    lang: str = "zh",
    doc: DocStats | None = None,
) -> list[dict[str, float] | None]:
    """Bits added to each candidate of a lost char by how well the word chars around it split
    into words of ``lang`` with it (偏移量 is a word; 偏移重 is not): the best candidate gets 0,  (mojibake: ignore)
    each other the extra bits of its best split (a char of no word splits as an unknown char).
    Only the neighbours that are fixed (one candidate, or context) count, or, given a ``path``
    (one char per position, a first search's choice), the path's chars around each lost one."""
    word_char = words.WORD_CHAR[lang]
    span = WORD_SPANS[lang]
    weight = WORD_WEIGHTS[lang]
    middle: list[tuple[str, ...]] = list(lattice) if path is None else [(c,) for c in path]
    seq: list[tuple[str, ...]] = [(c,) for c in left] + middle + [(c,) for c in right]
    base = len(left)
    out: list[dict[str, float] | None] = [None] * len(lattice)
    for t in range(base, base + len(lattice)):
        cands = lattice[t - base]
        if len(cands) < 2 or not any(map(word_char, cands)):
            continue
        a = t
        while a > 0 and t - a < span and len(seq[a - 1]) == 1 and word_char(seq[a - 1][0]):
            a -= 1
        b = t + 1
        while b < len(seq) and b - t <= span and len(seq[b]) == 1 and word_char(seq[b][0]):
            b += 1
        if a == t and b == t + 1:
            continue
        fixed_left = "".join(seq[x][0] for x in range(a, t))
        fixed_right = "".join(seq[x][0] for x in range(t + 1, b))
        costs = words.split_costs(fixed_left, cands, fixed_right, lang)
        if path is not None:
            # A lost neighbour's first-search char may belong to a rival word (一[方] where 中[文]
            # was written): each candidate is also weighed beside the neighbour's likeliest
            # other chars, and keeps its best split.  (mojibake: ignore)
            for lf, rt in _partner_sides(lattice, path, t - base, fixed_left, fixed_right):
                alt = words.split_costs(lf, cands, rt, lang)
                costs = [min(x, y) for x, y in zip(costs, alt)]
        if doc is not None:
            # A pair of ideographs the document itself writes intact elsewhere (结束日期 beside a
            # lost 起始日[期]) outweighs how common a rival word is in general (日本). Not kana:
            # a page writes す + る somewhere whatever its lost す[。] was.
            a_row = doc.pairs.get(fixed_left[-1]) if fixed_left and words.ideograph(fixed_left[-1]) else None
            after = fixed_right[0] if fixed_right and words.ideograph(fixed_right[0]) else ""
            costs = [
                v - DOC_WORD_BITS
                if words.ideograph(c) and ((a_row is not None and c in a_row) or (after and after in doc.pairs.get(c, ())))
                else v
                for c, v in zip(cands, costs)
            ]
        low = min(costs)
        out[t - base] = {c: weight * (v - low) for c, v in zip(cands, costs) if v > low}
    return out


WORD_PARTNERS = 3
"""Candidates of a lost neighbour (its likeliest by frequency) that a lost char's word cost is
also read beside, in the word model's second reading."""


def _partner_sides(
    lattice: Sequence[tuple[str, ...]], path: Sequence[str], i: int, left: str, right: str
) -> list[tuple[str, str]]:
    """(left, right) word contexts of lost char ``i`` with a lost next-door neighbour's char
    swapped for each of its WORD_PARTNERS likeliest others (one side at a time)."""
    out: list[tuple[str, str]] = []
    if left and i > 0 and len(lattice[i - 1]) > 1:
        out += [(left[:-1] + c, right) for c in lattice[i - 1][:WORD_PARTNERS] if c != path[i - 1]]
    if right and i + 1 < len(lattice) and len(lattice[i + 1]) > 1:
        out += [(left, c + right[1:]) for c in lattice[i + 1][:WORD_PARTNERS] if c != path[i + 1]]
    return out


EATEN_LOOK = 400
"""Chars of the line before a ``?`` (and after it) that the eaten-char rules read."""


def _swallowed(seg: Segment, text: str, line_before: str, sample: str | None) -> tuple[tuple[str, float], ...]:
    """The ASCII char a Windows/Java-style ``?`` ate along with a lost lead byte, ranked with
    probabilities (() when it ate none we can tell). ``line_before``: the repaired line up to
    the segment; ``sample``: the document's text when its decoder eats (see ``eating_sample``).

    Before an ASCII char the context decides (``infer.eaten_char``: a quote left open, a
    comment's line feed before code, a tag's ``<``...; before a letter something below 0x40
    must have stood, as the letter would have paired with the lead byte). Before a non-ASCII
    char a lost byte needs a byte it cannot pair with; if the likeliest completion does not end
    in one, an ASCII byte stood between them: a line feed between two wide (CJK) chars, which
    CJK text sets without spaces, else what the document's habits say (a space by default).
    """
    if seg.end < len(text) and text[seg.end - 1] == seg.family.mark and seg.units[-1].lost:
        line_before = line_before[-EATEN_LOOK:]  # (read char by char: a whole long line per ? was quadratic)
        nxt = text[seg.end]
        if nxt.isascii():
            rest = text[seg.end : seg.end + EATEN_LOOK].partition("\n")
            near = text[max(0, seg.end - CRLF_LOOK) : seg.end + CRLF_LOOK] if nxt == "\n" else ""
            crlf = near.count("\r\n") * 2 > near.count("\n")  # the lines around end in CR LF
            return eaten_char(line_before, rest[0] + rest[1], crlf, sample)
        unit = seg.units[-1]
        if _needs_eaten_byte(unit, nxt, seg.family) and (
            sample or all(_needs_eaten_byte(unit, nxt, seg.family, c) for c in unit.candidates[1:VITERBI_WIDTH])
        ):
            # (unless the document is known to eat, one of the likeliest completions that could
            # lose its last byte right there explains the ? alone: 銆? before 銆 is U+3000)  # mojibake: ignore
            if _wide(unit.candidates[0]) and _wide(nxt):
                return (("\n", 0.8), (" ", 0.2))  # no space between two CJK chars: a line ended
            return eaten_char(line_before, text[seg.end : seg.end + 2], False, sample) if sample else ((" ", 0.9), ("", 0.1))
    return ()


def _wide(ch: str) -> bool:
    """Is ``ch`` a wide (CJK) char, which Chinese and Japanese set without spaces around it?"""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def eating_sample(text: str, segments: list[Segment]) -> str | None:
    """The first EATING_SAMPLE chars of ``text`` when its decoder shows that it eats the byte
    after a lost lead byte, else None.

    Proof: a ``?`` for a lost byte right before a char it would most likely have paired with
    (an ASCII letter, or a non-ASCII char whose first byte its likely completions could not be
    lost before). One site is proof enough: counting sites against each other (a vote) cost
    eating documents more than it saved the others. (Counting
    ``?`` before other ASCII chars and none before a line feed as a hint misfired on English
    message catalogs, whose lines end in ASCII: it cost gbk-question-en 6 points.)
    """
    if segments and segments[0].family.pair_marks:
        return text[:EATING_SAMPLE]  # such a decoder eats by definition
    n = len(text)
    for s in segments:
        if not (s.end < n and text[s.end - 1] == QUESTION and s.units and s.units[-1].lost):
            continue
        nxt = text[s.end]
        if nxt.isascii():
            b = ord(nxt) if nxt.isalpha() else None
        else:
            b = first_byte(nxt, s.family)
        if b is not None and b >= 0x40 and _would_pair(s, text, b):
            return text[:EATING_SAMPLE]
    return None


EATING_DOUBT = 0.5
"""Share of a lost char's likely completions whose last byte forms no pair with the byte after
its ``?`` above which the ``?`` proves nothing: a decoder that eats nothing writes ``?`` + that
char for those too (略 ends in A5, and A5 4F is no GBK char: 忽略OOV -> 忽鐣?OOV)."""  # mojibake: ignore


def _would_pair(seg: Segment, text: str, next_byte: int) -> bool:
    """Would the segment's lost last byte most likely have paired with ``next_byte`` (the first
    byte of the char after its ``?``), so that the decoder must have eaten a byte in between?
    By the model's ranking of its completions after the char before it."""
    units = seg.units
    prev = _fixed(units, len(units) - 2, text[seg.start - 1 : seg.start])
    cands = _shortlist(units[-1].candidates, prev)
    if len(cands) < 2:
        return False
    drop = droppable_before(next_byte, seg.family)
    indent = None
    if "\u3000" in cands:  # an ideographic space may end an indent: read it at the line's start
        head = indent_before(text, units[-1].start if units[-1].start >= 0 else seg.end - 2, seg.family)
        if head is not None:
            indent, prev = _indent_bias([cands], bool(head.strip(" \t")))[0], "\n"
    ranked = _rank_by_model(cands, prev, "", bias=indent)
    return sum(p for ch, p in ranked if ch.encode("utf-8")[-1] in drop) < EATING_DOUBT


def _needs_eaten_byte(unit: Unit, nxt: str, family: Family, ch: str | None = None) -> bool:
    """Can ``ch`` (default: ``unit``'s likeliest completion) not have lost its last byte right
    before ``nxt`` (a non-ASCII char), so that an ASCII byte must have stood between them?"""
    b = first_byte(nxt, family)
    if b is None or b < 0x80:
        return False
    return (ch or unit.candidates[0]).encode("utf-8")[-1] not in droppable_before(b, family)


EATING_SAMPLE = 50_000
"""Chars of a document read for its habits before the char that follows an eaten one."""


CRLF_LOOK = 4000
"""Chars read on each side of a ``?`` before a line feed to tell whether lines end in CR LF."""


def _fixed(units: tuple[Unit, ...], i: int, outside: str) -> str:
    """The char of unit ``i`` when it decoded exactly (``outside`` past either end), else ""."""
    if i < 0 or i >= len(units):
        return outside
    cands = units[i].candidates
    return cands[0] if len(cands) == 1 else ""


def _shortlist(cands: tuple[str, ...], left: str = "") -> tuple[str, ...]:
    """The candidates the lattice search weighs: the VITERBI_WIDTH most frequent (they come
    sorted by frequency), plus, when the left neighbour decoded exactly, the VITERBI_WIDTH
    likeliest after it: 容 of 内容 is no top-16 char of the 4,096 that two lost bytes allow, nor
    古 of 内蒙古 of the 64 that one allows. When the unigram table saw none of the shortlist, the
    left neighbour alone picks it (€ after a space or digit: the table has no char of its block).
    (Ranking by the right neighbour too gained nothing measurable.)"""  # mojibake: ignore
    if len(cands) <= VITERBI_WIDTH:
        return cands
    if left and len(cands) <= ONE_BYTE_CANDIDATES and _all_tied(cands):
        cut = model.char_cost(cands[0])
        return _likeliest_after(left, tuple(c for c in cands if model.char_cost(c) == cut))
    picked = dict.fromkeys(cands[:VITERBI_WIDTH])
    if left:
        picked.update(dict.fromkeys(_likeliest_after(left, cands)))
    return tuple(picked)


def _with_closers(lattice: list[tuple[str, ...]], units: tuple[Unit, ...], line: str) -> list[tuple[str, ...]]:
    """``lattice`` with the closer of each bracket that may be open (on the line before the
    segment, or a candidate inside it) added where its unit's bytes allow it: 】 and 》 are too
    rare in the model's text to make a frequency shortlist, yet after 【 or 《 they are what a
    lost byte of their block most likely held (82-100 % in running text)."""
    out = list(lattice)
    opened = _marks(line)[0] & _BRACKETS
    for i, cands in enumerate(lattice):
        if len(cands) > 1 and opened:
            allowed = units[i].candidates
            extra = tuple(c for c in (PAIRS[o] for o in opened) if c not in cands and c in allowed)
            out[i] = cands + extra
        opened = opened | (_BRACKETS & set(cands))
    return out


def _closer_bias(
    lattice: list[tuple[str, ...]], best: list[str], line: str, raw: set[str], needed: set[str], nxt: str
) -> list[dict[str, float] | None]:
    """Bracket closers' bias read again along the chosen path, guessed chars included (the first
    pairing saw only the exact ones): for the closer of a bracket open there that nothing later
    in the segment closes, nor a lone closer on the rest of the line (``needed``: the openers
    those need, read from its rough repair; ``raw``: from its mojibake, whose chars may be any
    mark), -BRACKET_CLOSE_BITS as the segment's last char before ``nxt``, a line's end or
    ASCII punctuation or space (97-100 % closers in running text), -CLOSE_BITS elsewhere (、
    inside 『...』 is common); PAIRING_BITS for one with nothing open. An opener that a lone
    closer later in the segment or in ``needed`` needs gains -BRACKET_CLOSE_BITS as the last
    char before any ASCII char (《2024年报告》: no indent before 2024), -CLOSE_BITS elsewhere;
    not for a closer only ``raw`` shows (mojibake makes up 』 as readily as any char: 类型。'%s'
    read 类型『'%s'). [] for none. Prices these rules do not set keep the first pairing's."""
    out: list[dict[str, float] | None] = [None] * len(lattice)
    opened = _marks(line)[0]
    found = False
    last = len(lattice) - 1 if nxt in ("", "\n", "\r") or (nxt.isascii() and not nxt.isalnum()) else -1
    for i, cands in enumerate(lattice):
        ch = best[i]
        if len(cands) > 1:
            prices = {}
            later: set[str] | None = None  # openers that lone closers later on the path need
            for c in cands:
                if c in _BRACKETS and c != "（" and c not in opened:
                    if later is None:
                        later = _marks("".join(best[i + 1 :]))[1]
                    if c in needed or c in later:
                        prices[c] = -BRACKET_CLOSE_BITS if i == len(lattice) - 1 and nxt.isascii() else -CLOSE_BITS
                        if "\u3000" in cands:
                            prices["\u3000"] = 0.0  # no indent: the opener begins the line
                    continue
                o = _CLOSER_OF_OPENER.get(c)
                if o is None or o not in _BRACKETS:
                    continue
                if o == "（":
                    if o in opened and o not in _marks(line + "".join(u[0] for u in lattice[:i] if len(u) == 1))[0]:
                        prices[c] = -CLOSE_BITS  # as the first pairing prices it for an opener it sees
                    continue
                if o not in opened:
                    prices[c] = PAIRING_BITS
                elif o not in needed and o not in raw and (c == ch or c not in best[i + 1 :]):
                    prices[c] = -BRACKET_CLOSE_BITS if i == last else -CLOSE_BITS
            if prices:
                out[i] = prices
                found = True
        if ch in PAIRS:
            opened = opened | {ch}
        elif ch in _CLOSER_OF_OPENER:
            opened = _marks("".join(opened) + ch)[0]
    return out if found else []


def _all_tied(cands: tuple[str, ...]) -> bool:
    """Does the whole frequency shortlist cost what the first char left out costs? Then the
    unigram table saw none of them, and the cut is arbitrary (€ among ₊₋₌ of U+2080-U+20BF)."""
    return model.char_cost(cands[0]) == model.char_cost(cands[VITERBI_WIDTH])


ONE_BYTE_CANDIDATES = 64
"""The most candidates one lost continuation byte allows."""


@lru_cache(maxsize=4096)
def _likeliest_after(left: str, cands: tuple[str, ...]) -> tuple[str, ...]:
    """The VITERBI_WIDTH candidates likeliest after ``left`` (cached: a lost byte after the same
    char recurs, and ranking 4,096 candidates is the costly part of a two-byte loss)."""
    costs = model.pair_costs((left,), cands)[0]
    return tuple(c for _, c in heapq.nsmallest(VITERBI_WIDTH, zip(costs, cands)))


def _lattice_tables(
    lattice: list[tuple[str, ...]], left: str, right: str, far_left: str = "", far_right: str = "", doc: DocStats | None = None
) -> list[list[list[float]]]:
    """The cost tables of a lattice, computed once for its searches and rankings: table t holds
    the cost of each candidate of position t after each of position t-1 (``left`` before the
    first); a last table, when there is a ``right`` char, the cost of it after each last candidate.
    A table between two fixed positions is a constant (``_FLAT``): every path would pay the
    same there, and most of a segment is fixed."""
    tables = []
    prevs: tuple[str, ...] = (left,)
    for cands in lattice:
        tables.append(_context_costs(prevs, cands, doc, _transitions) if len(prevs) > 1 or len(cands) > 1 else _FLAT)
        prevs = cands
    if far_left and len(lattice[0]) > 1 and _telling(far_left):
        extra = _context_costs((far_left,), lattice[0], doc)[0]
        tables[0] = [[c + SPACED_WEIGHT * x for c, x in zip(tables[0][0], extra)]]
    if right:
        tables.append(_context_costs(prevs, (right,), doc) if len(prevs) > 1 else _FLAT)
        if far_right and len(prevs) > 1 and _telling(far_right):
            extra = [row[0] for row in _context_costs(prevs, (far_right,), doc)]
            tables[-1] = [[row[0] + SPACED_WEIGHT * x] for row, x in zip(tables[-1], extra)]
    return tables


def _context_costs(
    prevs: tuple[str, ...],
    nexts: tuple[str, ...],
    doc: DocStats | None,
    costs: Callable[[tuple[str, ...], tuple[str, ...], DocStats | None], list[list[float]]] | None = None,
) -> list[list[float]]:
    """``_pair_costs`` (or ``costs``) where the one context char on either side may be a set
    of chars, any of which is as likely (``NUMBER``, the digits a ``%d`` prints): its costs are
    those of the set's mixture."""
    fn = costs or _pair_costs
    if len(prevs) == 1 and len(prevs[0]) > 1:
        rows = fn(tuple(prevs[0]), nexts, doc)
        return [[_mean_cost(col) for col in zip(*rows)]]
    if len(nexts) == 1 and len(nexts[0]) > 1:
        return [[_mean_cost(row)] for row in fn(prevs, tuple(nexts[0]), doc)]
    return fn(prevs, nexts, doc)


def _mean_cost(costs: Sequence[float]) -> float:
    """The cost of a uniform mixture of events with these costs (bits)."""
    return -math.log2(sum(2.0**-c for c in costs) / len(costs))


def _text_end(cands: Sequence[str]) -> str:
    """The char after a segment that ends the text, for its last char's costs: a line feed when
    that char may be a CJK mark (the text's end ends a line: 选项： not 选项，), else none. For
    letters the manuals' line ends say less than nothing: a Korean UI string's last 중 read 줄
    (on short lines of the clean fixtures, zh and ja gain either way, ko lost 25 of 4,512)."""
    return "\n" if any(_CJK_PUNCTUATION.match(c) for c in cands) else ""


_NUMBER_FORMAT = "%(?:[0-9]+\\$)?[-+ #0']*[0-9]*(?:\\.[0-9]+)?(?:hh|h|ll|l|L|j|z|t|q|I64)?[diufFgGeExX]"


NUMBER_LOOK = 24
"""Chars before a lost char searched for a number conversion (``%2$-10lld`` is the longest kind)."""


_NUMBER_BEFORE = re.compile(f"(?<!%){_NUMBER_FORMAT}\\Z")


_NUMBER_AFTER = re.compile(_NUMBER_FORMAT)


NUMBER = "0123456789"
"""What a number conversion is read as: any digit, each as likely."""


def _numbers_seen(before: str, following: str, left: str, right: str, far_left: str, far_right: str) -> tuple[str, str, str, str]:
    """The context chars of a lost char with a printf number conversion (``%d``, ``%lu``,
    ``%.1f``, ``%2$d``) next to it, or beyond one space, read as the digit it prints: 共 %d 个,
    第 %u 条 are a count's unit and ordinal, which the model knows after digits, not after d."""  # mojibake: ignore
    before = before[-NUMBER_LOOK:]  # (a search ending at the end still scans from the start)
    if left == " " and _NUMBER_BEFORE.search(before, 0, len(before) - 1):
        far_left = NUMBER
    elif _NUMBER_BEFORE.search(before):
        left = NUMBER
    if right == " " and _NUMBER_AFTER.match(following, 1):
        far_right = NUMBER
    elif _NUMBER_AFTER.match(following):
        right = NUMBER
    return left, right, far_left, far_right


def _telling(ch: str) -> bool:
    """Does a char beyond a space say something about a lost CJK char: a digit (第 3 章) or a
    non-ASCII char, not a Latin letter (VSCode 中 and VSCode 一 are equally odd pairs)?"""
    return ch.isdigit() or ch >= "\x80"


SPACED_WEIGHT = 0.5
"""Share of the pair cost with the char beyond a single space next to a lost char: Chinese
text spaces out its ASCII words (第 3 章, 使用 Python 编写), so 第 before " 3" says more than
the space does."""


_FLAT = [[0.0]]
"""The table between two fixed positions (shared, never written to)."""


def _ranked(
    lattice: list[tuple[str, ...]], tables: list[list[list[float]]], path: list[str], idx: int, bias: dict[str, float] | None
) -> list[tuple[str, float]]:
    """The candidates of position ``idx`` ranked by their cost between the ``path``'s chars
    around it (read from the lattice's ``tables``), plus ``bias``, with normalised probabilities."""
    cands = lattice[idx]
    before = tables[idx][lattice[idx - 1].index(path[idx - 1])] if idx else tables[0][0]
    if idx + 1 < len(lattice):
        k = lattice[idx + 1].index(path[idx + 1])
        after = [row[k] for row in tables[idx + 1]]
    elif len(tables) > len(lattice):
        after = [row[0] for row in tables[-1]]
    else:
        after = [0.0] * len(cands)
    costs = list(map(float.__add__, before, after))
    return _normalised(costs, cands, bias)


def _transitions(prevs: tuple[str, ...], cands: tuple[str, ...], doc: DocStats | None = None) -> list[list[float]]:
    """Cost of each candidate after each previous char (its unigram cost after no char)."""
    table = _pair_costs(prevs, cands, doc)
    for i, a in enumerate(prevs):
        if not a:
            table[i] = [model.char_cost(c) for c in cands]
    return table


_CLOSER_OF_OPENER = {c: o for o, c in PAIRS.items()}


_PAIRED = frozenset(PAIRS) | frozenset(_CLOSER_OF_OPENER)


PAIRING_BITS = 6.0
"""Bits a bracket or quote pays when the marks around it on its line contradict it."""


CLOSE_BITS = 6.0
"""Bits a bracket or quote gains when the marks around it on its line call for it."""


BRACKET_CLOSE_BITS = 16.0
"""What the closer of a CJK bracket other than （ gains while its opener is open, at a line's
end or before ASCII punctuation or a space (【注意】: , 《书名》\n): in running text it is
97-100 % of the chars of its block there, though the model, which rarely saw 】 or 》, prices
it 10-14 bits above 。 (and an unseen 《 as far above 、 before a digit)."""


END_BITS = 6.0
"""Bits an opening bracket or quote pays right before a line's or a string's end, a pause mark
(、) right before a string's closing quote, and an opening CJK bracket before ASCII punctuation
or a space that nothing on its line closes: text does not end, or open, that way."""


_PAUSES = frozenset("、")


_CLAUSE_MARKS = frozenset("、，")
"""Marks that end a clause, not a sentence: a text whose last char was lost (its last byte
has no partner) rarely ends with one, while the model, which reads that end as a line's, finds
れ、 so much likelier than れ。 that 晴れ。 came back as 晴れ、."""  # mojibake: ignore


_BRACKETS = frozenset(PAIRS) - {"“", "‘"}
"""Opening CJK brackets: unlike a quote, whose closing partner is often lost itself, one that
nothing on its line closes did not open."""


_BRACKET_RX = re.compile("[" + re.escape("".join(sorted(_BRACKETS))) + "]")
"""Any of ``_BRACKETS``, found in a line by one C scan."""


def _end_bias(
    cands: Sequence[str], nxt: str, has_text: bool, rest: str = "", rough: str = "", family: Family = GBK
) -> dict[str, float]:
    """END_BITS for the candidates of a segment's last char that cannot end what ``nxt`` ends:
    an opener before a line feed, the end, or a quote; a clause mark (、 ，) at the text's end;
    a pause mark before a quote closing a
    string that holds other text (``has_text``); a bracket before ASCII punctuation or a space
    that nothing on the rest of its line closes (``rest``, and ``rough``, it roughly repaired):
    况。** is no 况「**."""  # mojibake: ignore
    if nxt in ("", "\n", "\r"):
        bad: frozenset[str] | set[str] = PAIRS.keys() & set(cands)
        if not nxt:
            bad |= _CLAUSE_MARKS & set(cands)  # 晴れ。 ends the text, not 晴れ、
    elif nxt in "'\"":
        bad = (PAIRS.keys() | (_PAUSES if has_text else set())) & set(cands)
    elif nxt.isascii() and not nxt.isalnum() and (openers := PAIRS.keys() & set(cands)):
        bad = {c for c in openers if PAIRS[c] not in rest and PAIRS[c] not in rough}
        if bad - _BRACKETS and _lost_mark_ahead(rest, family):
            bad &= _BRACKETS  # a quote's closer may be the mark ahead whose bytes were lost
        if bad & _BRACKETS and family is GBK and _lost_closer_ahead(rest):
            bad -= _BRACKETS  # and a bracket's: 「%s」 with both last bytes lost
    else:
        return {}
    return dict.fromkeys(bad, END_BITS)


def _lost_mark_ahead(line: str, family: Family) -> bool:
    """Does ``line`` hold a char whose bytes begin a General Punctuation mark (E2 80, shown
    by GBK as one char), a quote whose last byte may be lost?"""
    table = char_table(family)
    return any(ch in table and table[ch][0][:2] == b"\xe2\x80" for ch in line)


def _marks(s: str) -> tuple[set[str], set[str]]:
    """(openers of PAIRS still open at the end of ``s``, openers whose closer appears in ``s``
    with no opener before it: closing something opened earlier)."""
    depth = dict.fromkeys(PAIRS, 0)
    lone: set[str] = set()
    for ch in s:
        if ch in depth:
            depth[ch] += 1
        else:
            o = _CLOSER_OF_OPENER.get(ch)
            if o is not None:
                if depth[o]:
                    depth[o] -= 1
                else:
                    lone.add(o)
    return {o for o, d in depth.items() if d}, lone


def pairing_bias(cands: Sequence[str], opened: set[str], closed: set[str]) -> dict[str, float]:
    """Bits added to bracket and quote candidates by the marks around them on their line
    (``opened``: openers still open before; ``closed``: openers a later closer needs): an
    opener while its pair is open, an opener of another kind than a later lone closer needs, or
    a closer with nothing open, pays PAIRING_BITS; an opener that a later lone closer needs, or
    a closer of an open pair, gains CLOSE_BITS."""
    needed = closed - opened  # later closers that nothing open before explains
    out: dict[str, float] = {}
    for ch in cands:
        if ch in PAIRS:  # an opener
            if ch in opened:
                out[ch] = PAIRING_BITS
            elif ch in needed:
                out[ch] = -CLOSE_BITS
            elif needed:  # a later closer needs an opener of another kind
                out[ch] = PAIRING_BITS
        else:
            o = _CLOSER_OF_OPENER.get(ch)
            if o is not None:
                out[ch] = -CLOSE_BITS if o in opened else PAIRING_BITS
    return out


CHARSET_SCAN = 3000
"""Chars of a document's intact text, and of its untouched text, read to judge its character set."""


def text_outside(text: str, segments: list[Segment], limit: int) -> str:
    """The first ``limit`` or so chars of ``text`` outside the segments (sorted): what no codec
    path reads as mojibake."""
    parts, pos, n = [], 0, 0
    for seg in segments:
        if n >= limit:
            break
        parts.append(text[pos : min(seg.start, pos + limit)])
        n += len(parts[-1])
        pos = max(pos, seg.end)
    if n < limit:
        parts.append(text[pos : pos + limit - n])
    return "".join(parts)


def _rough_repair(s: str, family: Family) -> str:
    """``s`` turned back into the family's bytes and read as UTF-8, unreadable bytes dropped:
    enough to see the closing marks in the mojibake after a segment, not yet repaired (a
    U+FFFD before a char stands for 80: 》 whose 80 was lost reads as 》; a ``?`` may be
    literal, and read as 80 it made up closers)."""
    table = char_table(family)
    raw = b"".join(
        table[ch][0] if ch in table
        # a marker inside a run of chars most often stood for 80, the byte that leads no pair
        else b"\x80" if ch == "\ufffd" and s[i + 1 : i + 2] in table
        else ch.encode("utf-8") if ch < "\x80" else b""
        for i, ch in enumerate(s)
    )
    return raw.decode("utf-8", "ignore")


@dataclass(frozen=True, slots=True)
class DocStats:
    """The document's own statistics, for a cache model of its lost chars: ``pairs``, char a ->
    {b: P(b | a)} over its intact (exactly decoded) text; ``chars``, P(c) of its CJK chars (None
    unless its mojibake holds DOC_UNIGRAM_MIN CJK chars)."""

    pairs: dict[str, dict[str, float]]
    chars: dict[str, float] | None = None
    absent: re.Pattern[str] | None = None  # the scripts (kana, Hangul) its CJK text never uses
    kana: bool | None = None  # does its CJK text use kana (None: too little text to say)


DOC_WEIGHT = 0.3
"""Share of the document's own pair statistics in a lost char's pair costs (a cache model:
a document repeats its words, so 错误 intact elsewhere makes 错误 the likely reading here)."""


def doc_stats(intact: str, clean: str = "") -> DocStats:
    """Pair probabilities of ``intact`` (text decoded exactly), for non-ASCII first chars, and
    the char probabilities of its CJK chars and of ``clean`` (the document's untouched text)."""
    counts: dict[str, dict[str, int]] = {}
    for a, b in itertools.pairwise(intact):
        if a >= "\x80":
            row = counts.setdefault(a, {})
            row[b] = row.get(b, 0) + 1
    pairs: dict[str, dict[str, float]] = {}
    for a, row in counts.items():
        total = sum(row.values())
        pairs[a] = {b: n / total for b, n in row.items()}
    every = Counter(intact[:CHARSET_SCAN])  # counted in C; then the distinct chars are filtered
    n_cjk = sum(k for c, k in every.items() if c >= "\u3000")
    if n_cjk < DOC_UNIGRAM_MIN:  # no page with mojibake
        if n_cjk < SCRIPT_MIN:
            return DocStats(pairs)
        return DocStats(pairs, None, *_scripts("".join(c for c in every if c >= "\u3000")))
    every.update(clean[:CHARSET_SCAN])
    uni = {c: k for c, k in every.items() if c >= "\u3000"}
    n = sum(uni.values())
    return DocStats(pairs, {c: k / n for c, k in uni.items()}, *_scripts("".join(uni)))


def _scripts(present: str) -> tuple[re.Pattern[str] | None, bool]:
    """(a pattern of the chars of the scripts, kana and Hangul, that ``present`` holds none of,
    or None; whether it holds kana) for ``DocStats.absent`` and ``DocStats.kana``."""
    absent = "".join(rx for script, rx in _SCRIPTS.items() if not _SCRIPT_RX[script].search(present))
    return (_script_class(absent) if absent else None), bool(_SCRIPT_RX["kana"].search(present))


@lru_cache(maxsize=4)
def _script_class(ranges: str) -> re.Pattern[str]:
    return re.compile(f"[{ranges}]")


SCRIPT_MIN = 8
"""CJK chars a document's exactly decoded text must hold before a script it lacks counts as absent."""


_SCRIPTS = {"kana": "\u3041-\u30fa\u30fd-\u30ff\u31f0-\u31ff", "hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"}
"""Scripts a CJK document may lack altogether (kana but for ・ and ー, which Chinese uses too)."""


_SCRIPT_RX = {script: re.compile(f"[{rx}]") for script, rx in _SCRIPTS.items()}


SCRIPT_BITS = 5.0
"""Bits a lost char's candidate pays when its script (kana, Hangul) appears nowhere in the
document's CJK text: a Chinese page's lost 。 is no の."""


DOC_UNIGRAM_WEIGHT = 0.1


DOC_UNIGRAM_MIN = 20
"""Share of the document's own char frequencies in a lost char's costs, once its exactly decoded
mojibake holds this many CJK chars (then its untouched text counts too; a clean page with a
stray false candidate skips the count, which cost clean Chinese pages 18 % of their speed): a
page repeats its characters, and a lost char with no CJK neighbour (a one-char string, u'很')
has nothing else to go by."""


def _pair_costs(prevs: Sequence[str], nexts: Sequence[str], doc: DocStats | None) -> list[list[float]]:
    """``model.pair_costs``, mixed with the document's own pair statistics where it has them."""
    table = model.pair_costs(prevs, nexts)
    if doc is not None:
        uni = doc.chars
        for i, a in enumerate(prevs):
            row = doc.pairs.get(a) if a else None
            costs = table[i]
            if row is not None:
                for j, b in enumerate(nexts):
                    p = row.get(b)
                    if p is not None:
                        costs[j] = -math.log2((1 - DOC_WEIGHT) * 2.0 ** -costs[j] + DOC_WEIGHT * p)
            if uni is not None and a < "\u3000":  # only where no CJK char precedes: u'很'
                for j, b in enumerate(nexts):
                    p = uni.get(b)
                    if p is not None:
                        costs[j] = -math.log2((1 - DOC_UNIGRAM_WEIGHT) * 2.0 ** -costs[j] + DOC_UNIGRAM_WEIGHT * p)
    return table


def _rank_by_model(
    cands: tuple[str, ...], prev: str, nxt: str, doc: DocStats | None = None, bias: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """Candidates ranked by the model's cost in context (plus ``bias``), with normalised probabilities."""
    before = _transitions((prev,), cands, doc)[0]
    after = [row[0] for row in _pair_costs(cands, (nxt,), doc)] if nxt else [0.0] * len(cands)
    return _normalised(list(map(float.__add__, before, after)), cands, bias)


def _normalised(costs: list[float], cands: Sequence[str], bias: dict[str, float] | None) -> list[tuple[str, float]]:
    """``cands`` ranked by ``costs`` (plus ``bias``), cheapest first, with normalised probabilities."""
    if bias:
        costs = [c + bias.get(ch, 0.0) for c, ch in zip(costs, cands)]
    scored = sorted(zip(costs, cands))
    best = scored[0][0]
    weights = [(ch, 2.0 ** (best - c)) for c, ch in scored]
    total = sum(w for _, w in weights)
    return [(ch, w / total) for ch, w in weights]
