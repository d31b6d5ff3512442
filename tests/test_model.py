"""Tests of the character language model: real text must beat its GBK mojibake."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mojibake
from mojibake import model
from mojibake.model import CLASS_ID, char_class, char_cost, commonest, cost, pair_cost

COMMON_ZH = "的是在了我有中文人这个们"
GBK_MOJIBAKE_CHARS = "鈥檚涓鏂枃馃鍙銆锛鐨"

SENTENCES = {
    "zh": "我们今天讨论中文编码的问题，这个文件已经保存成功。",
    "zh-Hant": "我們這裡說的是繁體中文，這個檔案已經儲存成功了。",
    "ja": "ファイルを保存しました。日本語の文字化けを直すツールです。",
    "ko": "파일이 성공적으로 저장되었습니다. 한국어 문자도 정상입니다.",
    "en": "It’s a “great” day — isn’t it? The level” from the file…",
    "fr": "Le café est déjà prêt, à côté de l’église. Ça coûte très cher.",
}


def per_char(text: str) -> float:
    """Bits per character of a text read from a boundary."""
    return cost(text) / len(text)


@pytest.mark.parametrize("good", COMMON_ZH)
@pytest.mark.parametrize("bad", GBK_MOJIBAKE_CHARS)
def test_common_chinese_chars_cheaper_than_mojibake_chars(good: str, bad: str) -> None:
    assert char_cost(good) + 8 < char_cost(bad)


def test_chinese_word_cheaper_than_its_mojibake() -> None:
    assert cost("中文") + 20 < cost("涓枃")
    assert cost("中文", " ", " ") + 20 < cost("涓枃", " ", " ")


def test_known_bigram_cheaper_than_unseen() -> None:
    assert pair_cost("中", "文") + 10 < pair_cost("中", "枃")
    assert pair_cost("t", "h") < pair_cost("t", "q")


def test_curly_apostrophe_beats_gbk_mojibake() -> None:
    assert cost("’s", "it") + 20 < cost("鈥檚", "it")
    assert cost("“We", " ") + 20 < cost("鈥淲e", " ")


def test_lost_byte_variants_all_worse_than_quote() -> None:
    good = cost("” ", "level", "f")
    for bad in ("鈥 ", "鈥\ufffd ", "鈥? ", "鈥\ue15f "):
        assert good + 10 < cost(bad, "level", "f")


def test_accent_in_latin_context() -> None:
    assert cost("é", "caf", " ") + 10 < cost("茅", "caf", " ")
    assert cost("é", "d", "j") < cost("茅", "d", "j")


def test_han_reading_in_chinese_context() -> None:
    for bad in ("Ã©台", "é台", "Ã©"):
        assert cost("茅台", "贵州") + 10 < cost(bad, "贵州")


@pytest.mark.parametrize("ch", "們這裡說國會學")
def test_traditional_chinese_plausible(ch: str) -> None:
    assert char_cost(ch) < 16
    assert char_cost(ch) + 8 < min(char_cost(b) for b in GBK_MOJIBAKE_CHARS)


@pytest.mark.parametrize("ch", "のはをがてすアイスー日本語会社")
def test_japanese_plausible(ch: str) -> None:
    assert char_cost(ch) < 16


@pytest.mark.parametrize("ch", "한국어가이는다습니")
def test_korean_plausible(ch: str) -> None:
    assert char_cost(ch) < 16


@pytest.mark.parametrize("ch", "éèàçüößñłąőжыЖπω")
def test_european_letters_plausible(ch: str) -> None:
    assert char_cost(ch) < 20


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_sentences_much_cheaper_than_their_gbk_mojibake(lang: str) -> None:
    text = SENTENCES[lang]
    moji = text.encode("utf-8").decode("gbk", "ignore")
    assert moji != text
    # whole-text comparison and per-character comparison
    assert cost(text) + 40 < cost(moji)
    if lang in ("zh", "zh-Hant", "ja", "ko"):
        assert per_char(text) < 9
        assert per_char(moji) > 2 * per_char(text)


def test_garbage_classes_very_expensive() -> None:
    assert char_class("\ue15f") == CLASS_ID["private_use"]
    assert char_class("\ufffd") == CLASS_ID["replacement"]
    assert char_class("\x01") == CLASS_ID["control"]
    assert char_class("\U000e0080") == CLASS_ID["control"]  # unassigned
    for ch in ("\ue15f", "\x01", "\U000e0080", "\U000f0001"):
        assert char_cost(ch) > 35
        assert pair_cost("a", ch) > 35
    assert char_cost("\ufffd") > 14


def test_char_classes() -> None:
    expected = {
        "a": "ascii_lower", "Q": "ascii_upper", "7": "digit", " ": "space", "\n": "newline",
        ",": "ascii_punct", "é": "latin_letter", "«": "latin_symbol", "’": "general_punct",
        "中": "han", "の": "hiragana", "ア": "katakana", "한": "hangul", "。": "cjk_punct",
        "Ａ": "fullwidth_alnum", "ж": "cyrillic", "π": "greek", "😀": "symbol", "": "boundary",
    }  # fmt: skip
    for ch, name in expected.items():
        assert char_class(ch) == CLASS_ID[name], ch


def test_cost_is_sum_of_pair_costs() -> None:
    text, left, right = "中文 it’s", "ab", "x"
    chain = left[-1] + text + right[0]
    expected = sum(pair_cost(a, b) for a, b in zip(chain, chain[1:]))
    assert cost(text, left, right) == pytest.approx(expected)
    assert cost(text) == pytest.approx(pair_cost("", "中") + sum(pair_cost(a, b) for a, b in zip(text, text[1:])))
    assert cost("") == 0.0


@settings(max_examples=300, deadline=None)
@given(st.characters(), st.characters())
def test_every_pair_has_finite_positive_cost(a: str, b: str) -> None:
    c = pair_cost(a, b)
    assert math.isfinite(c) and c > 0
    assert math.isfinite(char_cost(b)) and char_cost(b) > 0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_cost_additive_over_splits(x: str, y: str, left: str) -> None:
    """Reading x then y costs the same as reading them joined (chain rule)."""
    whole = cost(x + y, left)
    split = cost(x, left, y[:1]) + cost(y[1:], left + x + y[:1]) if y else cost(x, left)
    assert whole == pytest.approx(split)


def test_pair_costs_table_equals_pair_cost() -> None:
    prevs = ["", "a", "中", "鈥", "\ue000", "\ufffd", "ζ"]  # mojibake: ignore
    nexts = ["中", "文", " ", "’", "\ufffd", "ζ", "涓"]  # mojibake: ignore
    table = model.pair_costs(prevs, nexts)
    assert [[model.pair_cost(a, b) for b in nexts] for a in prevs] == table


@pytest.mark.parametrize(
    ("left", "right", "wrong"),
    [("", "未指定", "本指定"), ("", "无法打开", "无法打天"), ("用", "中文", "个文")],
)
def test_pairs_across_word_boundaries_come_from_running_text(left: str, right: str, wrong: str) -> None:
    # 未 + 指定 crosses a word boundary: word lists never hold that pair, the documentation
    # corpus does (with word lists alone the more frequent 本 won). And the corpus must not
    # outweigh the words: 一个文件 is common in manuals, yet 中文 stays the better reading
    # after a char (at the very start, 个's habit of standing before Han evens them out).
    assert model.cost(right, left) < model.cost(wrong, left)


@pytest.mark.parametrize(
    ("mark", "after", "other"),
    [("：", "\n", "，"), ("。", "\n", "、"), ("：", "%", "，")],
)
def test_punctuation_marks_have_their_own_next_class_statistics(mark: str, after: str, other: str) -> None:
    """：and 。 end lines, ，and 、 almost never do; ：%s is common: a mark's class alone says nothing of this."""
    assert pair_cost(mark, after) + 3 < pair_cost(other, after)



def test_seen_knows_the_unigram_table_and_the_pairs_around() -> None:
    assert model.seen("的") and model.seen("a")
    assert not model.seen("෴")  # a Sinhala mark: never in the data
    assert model.seen("×", prev="2") and not model.seen("×")  # only its pairs were seen


def test_the_ideographic_space_is_a_space() -> None:
    # It indents Chinese paragraphs: a space (Unicode Zs), not punctuation; yet a rare one.
    assert model.char_class("\u3000") == model.CLASS_ID["space"]
    assert model.char_cost("\u3000") < model.char_cost("\u3022")  # an unassigned-looking mark
    assert model.char_cost("\u3000") > model.char_cost("、")


def test_symbols_the_cjk_word_lists_show_cost_less_than_unseen_ones() -> None:
    # ● ★ ♪ are single-symbol tokens of wordfreq's zh/ja/ko lists (web text); ⍼ is in none.
    rare = model.char_cost("⍼")
    for common in "●○★■♪":
        assert model.char_cost(common) + 8 < rare
    assert model.char_cost("●") < model.char_cost("◀")  # the commoner bullet of the same block
    # Compatibility chars (℃ ™ ①) are NFKC-folded out of those lists: no English ™ prior that
    # would read a Chinese 25℃ as 25™.
    assert model.char_cost("™") == model.char_cost("℃")


def test_arrows_the_word_lists_drop_come_from_the_documentation() -> None:
    # wordfreq drops math symbols (Sm) with the punctuation; the manuals' menu paths (ファイル→保存)
    # make → the commonest arrow, and a lost → (E2 86 92) no longer reads as any of its block's 64.
    assert model.char_cost("→") + 3 < model.char_cost("↑") < model.char_cost("⍼")  # ⍼: no data at all
    assert mojibake.repair("→ 下一步".encode("utf-8").decode("gbk", "replace")) == "→ 下一步"


def test_a_digit_is_followed_by_unit_and_measure_words() -> None:
    # 100元, 5个: jieba's m/q-tagged one-char words give each digit its followers; the
    # manuals alone made 100入 likelier than 100元 (same bytes but the last: E5 85 83 / 85 A5).
    assert model.pair_cost("0", "元") + 2 < model.pair_cost("0", "入")
    assert model.pair_cost("5", "个") + 2 < model.pair_cost("5", "中")
    # Japanese and Korean count with their own words, from CLDR's unit patterns (1,200円, 30분)
    assert model.pair_cost("0", "円") + 2 < model.pair_cost("0", "写")
    assert mojibake.repair("送料 500円".encode("utf-8").decode("shift_jis", "replace")) == "送料 500円"


def test_commonest_chars_of_a_byte_length() -> None:
    top = commonest(3, 200)
    assert len(top) == 200 and all(len(ch.encode("utf-8")) == 3 for ch in top)
    assert "的" in top[:20] and [char_cost(ch) for ch in top] == sorted(char_cost(ch) for ch in top)
    assert all(len(ch.encode("utf-8")) == 2 for ch in commonest(2, 50))


def test_latin_text_symbols_have_their_own_frequencies() -> None:
    # from the Latin-script word lists' symbol tokens: ™ is common there, ℀ never seen
    tm, star, hollow = (model.latin_symbol_cost(c) for c in "™★☆")
    assert tm is not None and star is not None and hollow is not None and star < hollow
    assert model.latin_symbol_cost("℀") is None and model.latin_symbol_cost("a") is None


def test_currency_signs_of_latin_script_text() -> None:
    # from CLDR: the currency of each Latin-script language's likely territory (fr -> EUR -> €),
    # weighted like the language; the word lists drop currency signs altogether
    euro, lira = model.currency_cost("€"), model.currency_cost("₺")
    assert euro is not None and lira is not None and euro < lira
    assert model.currency_cost("♬") is None and model.latin_symbol_cost("€") is None


@pytest.mark.parametrize(
    "real",
    ["שלום עולם, זה מבחן.", "مرحبا بالعالم، هذا اختبار.", "سلام دنیا، این یک آزمایش است.", "नमस्ते दुनिया, यह एक परीक्षा है।"],
)
def test_letters_of_other_scripts_beat_their_gbk_mojibake(real: str) -> None:
    """Hebrew, Arabic, Persian and Devanagari have word-list data of their own (the other_letter
    class): their text costs far less than the rare hanzi their UTF-8 makes under GBK."""
    broken = real.encode("utf-8").decode("gbk", errors="replace")
    assert per_char(real) + 5 < per_char(broken)


def test_combining_diacritics_are_latin_letters() -> None:
    """NFD text (macOS file names) writes é as e + U+0301: the accent is priced as a Latin letter,
    not as a letter of some other script that never follows an ASCII one."""
    assert char_class("\u0301") == CLASS_ID["latin_letter"] == char_class("é")
    assert cost("Ingle\u0301s") + 5 < cost("Ingle虂s")  # mojibake: ignore
