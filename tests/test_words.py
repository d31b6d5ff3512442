"""The Chinese word model: word costs, and the best split of a stretch around a lost char."""  # mojibake: ignore

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mojibake import words


def test_the_word_list_holds_simplified_and_traditional_words() -> None:
    assert words.word_cost("序号") is not None  # mojibake: ignore
    assert words.word_cost("金鑰") is not None or words.word_cost("鑰匙") is not None  # mojibake: ignore
    assert words.word_cost("序可") is None  # mojibake: ignore
    common, rare = words.word_cost("问题"), words.word_cost("偏移量")  # mojibake: ignore
    assert common is not None and rare is not None and common < rare


def test_a_char_that_completes_a_word_splits_cheapest() -> None:
    # 显示周序[号] before a line end: 序号 is a word, 序可 is not (the char bigram preferred 可)  # mojibake: ignore
    hao, ke = words.split_costs("周序", ("号", "可"), "")  # mojibake: ignore
    assert hao < ke
    # 条目偏移[量]: 偏移量 beats 偏移 + 重  # mojibake: ignore
    liang, zhong = words.split_costs("偏移", ("量", "重"), "")  # mojibake: ignore
    assert liang < zhong
    # the right side counts too: [分]析 against [份]析  # mojibake: ignore
    fen, fen2 = words.split_costs("", ("分", "份"), "析")  # mojibake: ignore
    assert fen < fen2


def test_a_non_ideograph_costs_what_the_cheapest_ideograph_costs_alone() -> None:
    # 套接[字] forms a word: a stray letter loses to it  # mojibake: ignore
    ideo, other = words.split_costs("套接", ("字", "Լ"), "")  # mojibake: ignore
    assert ideo < other
    # 反转[）]: a closing bracket is not punished for being no word against chars that form none  # mojibake: ignore
    costs = dict(zip("）載较", words.split_costs("反转", tuple("）載较"), "")))  # mojibake: ignore
    assert costs["）"] <= min(costs["載"], costs["较"])  # mojibake: ignore


def test_split_costs_match_a_full_split() -> None:
    """The shortcut (fixed sides split once) gives what a plain split of the whole stretch gives."""
    for left, mid, right in [("显示周", "序", "号"), ("", "中", "文字"), ("无效套", "接", "字"), ("要", "被", "分析")]:  # mojibake: ignore
        whole = words._forward(left + mid + right, words._words(), words.MAX_WORDS["zh"])[-1] / words.SCALE
        assert abs(words.split_costs(left, (mid,), right)[0] - whole) < 1e-9


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), max_size=5),
    st.lists(st.characters(), min_size=1, max_size=5).map(tuple),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), max_size=5),
)
def test_split_costs_never_raise_and_are_finite(left: str, middle: tuple[str, ...], right: str) -> None:
    costs = words.split_costs(left, middle, right)
    assert len(costs) == len(middle)
    assert all(0 <= c < 1e6 for c in costs)


def test_the_japanese_list_holds_kana_words_and_splits_them() -> None:
    assert words.word_cost("データ", "ja") is not None and words.word_cost("データ") is None
    assert words.word_cost("ソケット", "ja") is not None
    # ソケ[ッ]ト: the small tsu completes a loanword, a plain ツ or a particle does not
    small, big, no = words.split_costs("ソケ", ("ッ", "ツ", "の"), "ト", "ja")
    assert small < big and small < no
    assert words.japanese("ー") and words.japanese("字") and not words.japanese("a")


def test_the_korean_list_holds_morphemes_and_splits_them() -> None:
    assert words.word_cost("사용자", "ko") is not None and words.word_cost("사용자") is None
    assert words.word_cost("을", "ko") is not None  # particles stand apart
    # 사용[자]가: the lost syllable completes the word, a rival with the same first bytes does not
    right, wrong = words.split_costs("사용", ("자", "잘"), "가", "ko")
    assert right < wrong
    assert words.hangul("한") and not words.hangul("ㅎ") and not words.hangul("字")


_COMMON = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服"  # mojibake: ignore


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_COMMON, max_size=4),
    st.lists(st.sampled_from(_COMMON), min_size=1, max_size=6).map(tuple),
    st.text(alphabet=_COMMON, max_size=4),
)
def test_split_costs_equal_a_plain_split_of_each_whole_stretch(left: str, middle: tuple[str, ...], right: str) -> None:
    # The shortcuts (fixed sides split once; a word pair no word holds is never looked up) are exact.
    for ch, cost in zip(middle, words.split_costs(left, middle, right)):
        whole = words._forward(left + ch + right, words._words(), words.MAX_WORDS["zh"])[-1] / words.SCALE
        assert abs(cost - whole) < 1e-9
