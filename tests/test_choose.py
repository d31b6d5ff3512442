"""Tests of mojibake.choose: the reading of a segment's lost chars (document statistics, word
lists, the rough repair of a line's rest)."""

from __future__ import annotations

import pytest

from mojibake import choose, repair


def test_document_pairs_make_a_documents_own_words_cheaper() -> None:
    # A cache model: 错误 intact elsewhere in the document makes 误 after 错 cheaper here.
    d = choose
    doc = d.doc_stats("错误：无法打开\n错误：\x00文件")
    assert doc.pairs["错"] == {"误": 1.0}
    plain = d.model.pair_costs(["错"], ["误", "语"])[0]
    mixed = d._pair_costs(["错"], ["误", "语"], doc)[0]
    assert mixed[0] < plain[0] and mixed[1] == plain[1]
    assert d._pair_costs(["错"], ["误"], None) == d.model.pair_costs(["错"], ["误"])


def test_document_char_frequencies_help_a_lost_char_with_no_cjk_neighbour() -> None:
    # u'很' alone in quotes: the bigram model has only quotes around it; the document's own
    # untouched text, which says 很 often, tips the choice (得, 很, 後 are otherwise close).
    det = choose
    doc = det.doc_stats("这个东西真心很赞，很好，很快，很多人都说很有用。", "他很高兴，很满意。")
    assert doc.chars is not None and doc.chars["很"] > doc.chars.get("得", 0.0)
    # a clean page whose only "mojibake" is a stray false candidate does not pay for the count
    assert det.doc_stats("鑰", "这个东西真心很赞，很好，很快，很多人都说很有用。" * 2).chars is None
    cands = ("得", "很", "後")
    plain = det._pair_costs(("'",), cands, None)[0]
    mixed = det._pair_costs(("'",), cands, doc)[0]
    assert mixed[1] < plain[1] and mixed[0] == plain[0]
    # after a CJK char the bigram model speaks for itself: the unigram cache stays out
    assert det._pair_costs(("真",), cands, doc)[0] == det._pair_costs(("真",), cands, None)[0]


def test_japanese_text_reads_the_japanese_word_list(monkeypatch: pytest.MonkeyPatch) -> None:
    d = choose
    assert any(d._word_bias([("入",), ("力", "等")], "再", ""))  # the bias exists for ideographs  # mojibake: ignore
    langs: list[str] = []
    split_costs = d.words.split_costs

    def recording(left: str, middle: tuple[str, ...], right: str, lang: str = "zh") -> list[float]:
        langs.append(lang)
        return split_costs(left, middle, right, lang)

    monkeypatch.setattr(d.words, "split_costs", recording)
    # Shift_JIS shows UTF-8 katakana as 繧/繝 + a half-width char and drops bytes of ッ and デ;
    # without a word list these read ソケート and 繝ータ. The Chinese list is never asked.
    for original in ("このソケットのデータは、ウィジェットの外側に表示されます", "ID %sのダイジェストが一致しません"):
        assert repair(original.encode("utf-8").decode("shift_jis", "ignore")) == original
    assert langs and set(langs) == {"ja"}


def test_absent_scripts_need_enough_cjk_text() -> None:
    det = choose
    chinese = det.doc_stats("下载速度取决于网络情况")
    assert chinese.absent is not None and chinese.absent.match("の") and chinese.absent.match("한")
    assert not chinese.absent.match("ー") and not chinese.absent.match("中")
    assert det.doc_stats("情况").absent is None  # too little text to say
    japanese = det.doc_stats("ダウンロードの速度はネットワークによる")
    assert japanese.absent is not None and not japanese.absent.match("の") and japanese.absent.match("한")


def test_a_literal_question_mark_makes_up_no_closer() -> None:
    # Rough repair reads U+FFFD before a char as the lost 80, but never a '?' (often literal).
    d = choose
    from mojibake.codecs import GBK

    assert d._rough_repair("鍛娿\ufffd嬭", GBK).startswith("告》")  # mojibake: ignore
    assert "》" not in d._rough_repair("鍛娿?嬭", GBK)  # mojibake: ignore


def test_a_lost_closing_quote_is_chosen_by_the_quote_it_closes() -> None:
    from mojibake.codecs import GBK
    from mojibake.infer import conventions
    from mojibake.parse import parse_segments

    text = "“Yes,” she said. “Fine,鈥 he said."  # mojibake: ignore
    i = text.index("鈥")  # mojibake: ignore
    [seg] = parse_segments(text, i, i + 1, GBK)
    chosen = choose.choose(seg, text, text[:i], conventions(text))
    assert chosen.chars == ("”",)
    [inf] = chosen.inferences
    assert inf is not None and inf.alternatives[0] == ("”", inf.alternatives[0][1]) and inf.alternatives[0][1] > 0.5


def test_lost_bytes_of_chinese_are_chosen_by_the_model_with_their_alternatives() -> None:
    from mojibake.codecs import GBK
    from mojibake.infer import conventions
    from mojibake.parse import parse_segments

    text = "中文 内容".encode().decode("gbk", "replace")  # 涓?鏂? 鍐呭? (U+FFFD for ?)  # mojibake: ignore
    end = text.index(" ")
    [seg] = parse_segments(text, 0, end, GBK)
    chosen = choose.choose(seg, text, "", conventions(text))
    assert chosen.chars == ("中", "文")
    assert all(inf is not None and len(inf.alternatives) > 1 and inf.alternatives[0][0] == inf.char for inf in chosen.inferences)
