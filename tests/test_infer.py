"""Completions for lost bytes and the typographic rules that choose among them."""

from mojibake.codecs import UNKNOWN, droppable_before
from mojibake.infer import (
    Conventions,
    completions,
    conventions,
    expected_closer,
    punctuation_guess,
)

PUNCT = completions((0xE2, 0x80, UNKNOWN))


def test_completions_of_lost_third_byte_are_general_punctuation():
    assert "”" in PUNCT and "’" in PUNCT and "—" in PUNCT and "…" in PUNCT
    assert all("\u2000" <= c <= "\u203f" for c in PUNCT)
    # zero-width and bidi controls are never proposed
    assert "\u200b" not in PUNCT and "\u202e" not in PUNCT


def test_completions_respect_what_the_decoder_could_drop():
    # 中 = E4 B8 AD; AD followed by E6 is an invalid (user-defined) GBK pair, so AD could be dropped.
    cands = completions((0xE4, 0xB8, UNKNOWN), (None, None, droppable_before(0xE6)))
    assert "中" in cands and len(cands) == 7  # AA-AF, and 0x80 (never a GBK lead)


def test_completions_unknown_lead():
    cands = completions((UNKNOWN, 0x96, 0x87))
    assert "文" in cands


def test_completions_refuse_impossible_patterns():
    assert completions((0xE2, 0x41)) == ()


def test_expected_closer_pairs_quotes():
    conv = Conventions()
    assert expected_closer("He said “it was the level", conv) == "”"
    assert expected_closer("He said “it” and the level", conv) is None
    assert expected_closer("“Open\n\nnew paragraph, then", conv) is None
    assert expected_closer("a “b ‘c", conv) == "’"


def test_expected_closer_german():
    conv = conventions("„Ja“, sagte er. „Nein")
    assert conv.german
    assert expected_closer("„Ja“, sagte er. „Nein", conv) == "“"


def test_expected_closer_skips_apostrophes_inside_words():
    assert expected_closer("she called it ‘the dog’s bowl", Conventions()) == "’"
    assert expected_closer("it was ‘fine’ and the dog", Conventions()) is None


def _best(before, after, conv=Conventions()):
    return punctuation_guess(PUNCT, before, after, conv)[0][0]


def test_closing_quote_when_open_is_pending():
    assert _best("the “level", " emanating from") == "”"
    assert _best("at “least,", " says") == "”"


def test_apostrophe_after_plural_s():
    assert _best("Belarus", " army") == "’"


def test_dash_between_spaces_follows_document():
    assert _best("word ", " word") == "—"
    assert _best("word ", " word", Conventions(en_dash=3)) == "–"


def test_en_dash_in_number_range():
    assert _best("pages 10", "20") == "–"


def test_opening_quote_before_digit_and_decade_apostrophe():
    assert _best("the ", "1984” book") == "“"
    assert _best("the ", "90s were") == "’"


def test_bullet_at_line_start():
    assert _best("list:\n", " item") == "•"


def test_german_closing_quote():
    assert _best("„Ja", ", sagte er", conventions("„Ja")) == "“"


def test_opening_quote_before_placeholder_follows_document():
    assert _best("option ", "%s’ is") == "“"
    assert _best("option ", "%s is", conventions("x ‘a’ and ‘b’")) == "‘"


def test_ellipsis_at_line_end():
    assert _best("installing updates", "") == "…"
    assert _best("installing updates", "\nnext") == "…"


def test_no_rule_for_non_punctuation_candidates():
    assert punctuation_guess(["中", "个"], "x", "y", Conventions()) is None


def test_closer_after_bracket_before_space():
    assert _best("the token ‘{", " is not") == "’"


def test_ellipsis_before_closing_bracket():
    assert _best("lib, bin, python3, ", ") and item") == "…"


def test_quoted_closing_paren_is_opened_not_an_ellipsis():
    assert _best("warning: ", ")鈥 found where") == "“"


def test_closer_after_bracket_when_quote_open():
    assert _best("to match the opening ‘[", ".") == "’"


def test_line_habit_beats_document_majority():
    conv = conventions("“a” “b” “c”")
    assert _best("can't open ", "%s’ or ‘%s’", conv) == "‘"
    # a later, still-unrepaired site on the same line counts too (鈥榅 is ‘X)
    assert _best("open ", "%s and 鈥榅’", conv) == "‘"  # mojibake: ignore


def test_inline_list_item_gets_a_bullet():
    assert _best("The values are ", " none: no tracking") == "•"
    assert _best("word ", " word and more") == "—"


def test_cjk_prose_pairs_quotes_and_has_no_apostrophes():
    # Chinese catalogs write 选项“%s”: after a Han char an opener, then its closer.
    assert _best("未知的处理选项", "%s") == "“"
    assert _best("未知的处理选项“%s", "。") == "”"
    # A line that closes with ’ opens with ‘ too.
    assert _best("使用选项", "%s’来解密") == "‘"
