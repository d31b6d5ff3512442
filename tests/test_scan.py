"""The pre-screen: anchors, Latin-context seeds, and runs found only near them."""  # mojibake: ignore

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mojibake
from mojibake import codecs as C
from mojibake import scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(
    "text, seeds",
    [
        ("caf茅 au lait", ["茅"]),  # é between ASCII  # mojibake: ignore
        ("H么tel", ["么"]),  # a common char, but inside a Latin word  # mojibake: ignore
        ("3脳5", ["脳"]),  # ×  # mojibake: ignore
        ("Copyright 漏 2020", ["漏"]),  # ©  # mojibake: ignore
        ("1聽000", ["聽"]),  # NBSP  # mojibake: ignore
        ("a 蔚魏蟿蠈蟼 b", ["蔚魏"]),  # Greek: two chars after ASCII  # mojibake: ignore
    ],
)
def test_latin_seeds_in_latin_context(text: str, seeds: list[str]) -> None:
    assert [m.group() for m in scan.latin_seed_regex(C.GBK).finditer(text)] == seeds


@pytest.mark.parametrize("text", ["N | 目录]", "有OID为%2$u", "   为 MI", "x 路 y", "%s 位元組\n"])
def test_common_chinese_beside_ascii_is_no_latin_seed(text: str) -> None:
    assert scan.latin_seed_regex(C.GBK).search(text) is None


def test_clean_chinese_has_few_candidates_and_mojibake_many() -> None:
    clean = "设置将在恢复结束时执行一次的命令。文件已保存到目录中，请检查权限。"
    mojibake = "璁剧疆灏嗗湪鎭㈠缁撴潫鏃舵墽琛屼竴娆＄殑鍛戒护銆�"  # mojibake: ignore
    assert scan.candidates(clean, C.FAMILIES) == {}
    assert len(scan.candidates(mojibake, C.FAMILIES)[C.GBK]) >= 5


def test_runs_after_a_run_still_find_the_next_seeds() -> None:
    # Each quote is its own run; the window search after one run must not skip the next seeds.
    text = "Direction (鈥渓eft鈥, 鈥渞ight鈥, 鈥渦p鈥, 鈥渄own鈥)."  # mojibake: ignore
    found = {text[s:e] for s, e in scan.runs(text, C.GBK)}
    assert found == {"鈥渓", "鈥", "鈥渞", "鈥渦", "鈥渄"}  # mojibake: ignore


def test_runs_look_as_far_after_a_clusters_last_anchor_as_before_its_first() -> None:
    # Cyrillic read as GBK: Тувалу holds anchors (褍 is D1 83, outside GB2312), Сенегал none (all  # mojibake: ignore
    # its pairs are GB2312 chars). Its line is found within the window after them, as before.
    for lines in (["саха", "Тувалу", "Сенегал"], ["Сенегал", "Тувалу"]):
        text = "\n".join(lines).encode("utf-8").decode("gbk")
        assert [text[s:e] for s, e in scan.runs(text, C.GBK)] == text.split("\n")
        assert mojibake.repair(text) == "\n".join(lines)


def test_runs_need_no_candidates_from_the_caller() -> None:
    text = "it鈥檚 a 鈥渢est鈥 and 涓枃"  # mojibake: ignore
    for family in C.FAMILIES:
        near = scan.candidates(text, C.FAMILIES).get(family, [])
        assert list(scan.runs(text, family)) == list(scan.runs(text, family, near))


def _clean_lines(limit: int = 400) -> list[str]:
    lines: list[str] = []
    with (FIXTURES / "clean-cjk.jsonl").open(encoding="utf-8") as f:
        for raw in f:
            lines.extend(x for x in json.loads(raw)["corrupted"].splitlines() if x.strip())
    return lines[:limit]


def test_candidates_are_rare_in_real_cjk_text() -> None:
    text = "\n".join(_clean_lines(4000))
    rx, _ = scan._candidate_owners(C.FAMILIES)
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    assert len(rx.findall(text)) < 0.01 * non_ascii


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("鈥檚涓枃鏂茅聽脳 a1?\n\ufffd中文的")), max_size=60))  # mojibake: ignore
def test_runs_are_ordered_disjoint_and_hold_a_candidate_window(text: str) -> None:
    for family in C.FAMILIES:
        spans = list(scan.runs(text, family))
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_shift_jis_half_width_katakana_seeds() -> None:
    # エラー (E3 82 A8 ...) read as Shift_JIS: a kanji, then a one-byte half-width katakana.  # mojibake: ignore
    text = "passwd: 繧ｨ繝ｩ繝ｼ %d"  # mojibake: ignore
    assert [text[s:e] for s, e in scan.runs(text, C.SHIFT_JIS)] == ["繧ｨ繝ｩ繝ｼ"]  # mojibake: ignore
    latin = "Mﾃｩmo"  # Mémo  # mojibake: ignore
    assert [latin[s:e] for s, e in scan.runs(latin, C.SHIFT_JIS)] == ["ﾃｩ"]  # mojibake: ignore


def test_a_cluster_of_candidates_without_seeds_still_finds_the_seed_after_it() -> None:
    # Thousands of anchors in a row with no seed among them (枃 is 96 87, two continuation  # mojibake: ignore
    # bytes: no UTF-8 sequence starts in it), then real mojibake: one search covers the
    # cluster, and the seed at its end is found.
    text = "枃" * 5000 + " it鈥檚"  # mojibake: ignore
    assert [text[s:e] for s, e in scan.runs(text, C.GBK)] == ["鈥檚"]  # mojibake: ignore
    text = "枃" * 5000 + " it鈥檚 " + "枃" * 5000 + " and 鈥渢he"  # mojibake: ignore
    assert [text[s:e] for s, e in scan.runs(text, C.GBK)] == ["鈥檚", "鈥渢"]  # mojibake: ignore


def test_an_anchor_rare_core_char_before_ascii_seeds_a_truncated_sequence() -> None:
    # 目录 read by Python's gbk: AE (before E5) and 95 (before the space) were dropped.
    # 褰 (E5 BD) is GB2312 but costs as much as an anchor, so before ASCII it seeds.  # mojibake: ignore
    text = "dir=鐩褰    "  # mojibake: ignore
    assert [text[s:e] for s, e in scan.runs(text, C.GBK)] == ["鐩褰"]  # mojibake: ignore


def test_shift_jis_latin_letter_whose_second_byte_leads_a_pair() -> None:
    # Ð (C3 90) read as cp932: ﾃ, then 90 45 (職) swallows the E of QWERTY.  # mojibake: ignore
    text = "Vietnamese (Aﾃ職RTY)"  # mojibake: ignore
    assert [text[s:e] for s, e in scan.runs(text, C.SHIFT_JIS)] == ["ﾃ職"]  # mojibake: ignore


def test_a_char_utf8_cannot_make_is_no_anchor_however_rare() -> None:
    # 鑰 is rare for the model, but its Big5 bytes C6 5F (a lead before ASCII) are never UTF-8
    assert "鑰" not in scan._anchors(C.BIG5)
    assert "鈥" in scan._anchors(C.GBK)  # mojibake: ignore
    assert not scan.candidates("公開金鑰 %s 與憑證", (C.BIG5,))


def test_a_lowercase_latin_letter_inside_a_latin_word_is_a_candidate_of_its_codec() -> None:
    # Big5 shows ı (C4 B1) as 覺, a common char: only between ASCII letters is it a candidate
    assert scan.candidates("Eski S覺rbistan", (C.BIG5,)) == {C.BIG5: [6]}  # mojibake: ignore
    assert scan.candidates("覺得 S覺 rbistan", (C.BIG5,)) == {}  # mojibake: ignore
    # uppercase readings are not: EUC-JP shows Ū as 的, which Chinese glues to Latin words often
    assert C.latin_letters(C.EUC_JP)["的"] == "Ū"  # mojibake: ignore
    assert scan.candidates("A的B", (C.EUC_JP,)) == {}  # mojibake: ignore


@pytest.mark.parametrize(
    "text, family, seed",
    [
        ("incluy坦 el", C.EUC_JP, "坦"),  # ó glued to a word's end  # mojibake: ignore
        ("Guat처", C.EUC_KR, "처"),  # at the text's end  # mojibake: ignore
    ],
)
def test_a_latin1_lowercase_letter_glued_to_a_words_end_seeds(text: str, family: C.Family, seed: str) -> None:
    assert [m.group() for m in scan.latin_seed_regex(family).finditer(text)] == [seed]
    assert scan.latin_seed_regex(family).search(text.replace(seed, " " + seed)) is None  # alone: no
