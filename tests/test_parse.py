"""Tests of mojibake.parse: a run of decoder output back to UTF-8 units and their candidates."""

from __future__ import annotations

import pytest

from mojibake import repair
from mojibake.codecs import BIG5, GBK, SHIFT_JIS
from mojibake.parse import _all_replaced, parse_segments, reads_as_real


@pytest.mark.parametrize(
    ("original", "codec", "family"),
    [("设置", "gbk", GBK), ("ファイル", "gbk", GBK), ("錯誤", "shift_jis", SHIFT_JIS), ("设置", "big5", BIG5)],
)
def test_a_lossless_run_parses_into_one_segment_that_decodes_to_the_original(original: str, codec: str, family: object) -> None:
    shown = original.encode("utf-8").decode(codec)
    segs = parse_segments(shown, 0, len(shown), family)  # type: ignore[arg-type]
    assert [s.decoded or "".join(u.candidates[0] for u in s.units) for s in segs] == [original]
    assert segs[0].start == 0 and segs[-1].end == len(shown)


def test_a_lost_byte_becomes_a_unit_whose_candidates_hold_the_original_char() -> None:
    # 中文 + space as GBK: 中's last byte formed no pair (U+FFFD), 文's was lost before the space
    shown = "中文 ".encode().decode("gbk", "replace")
    assert shown == "涓\ufffd鏂\ufffd "  # mojibake: ignore
    units = [u for s in parse_segments(shown, 0, len(shown) - 1, GBK) for u in s.units]
    assert [u.lost for u in units] == [1, 1]
    assert "中" in units[0].candidates and "文" in units[1].candidates
    assert len(units[1].candidates) == 64  # any continuation byte: 64 chars of E6 96 xx


def test_a_question_mark_after_mojibake_is_read_as_the_lost_byte() -> None:
    # a decoder that writes ? for what it cannot read: 中文 + space is 涓?鏂? (the ? are lost bytes)  # mojibake: ignore
    shown = "中文 ".encode().decode("gbk", "replace").replace("\ufffd", "?")
    units = [u for s in parse_segments(shown, 0, len(shown) - 1, GBK) for u in s.units]
    assert [u.lost for u in units] == [1, 1] and "文" in units[1].candidates


def test_real_text_reads_as_real_and_mojibake_does_not() -> None:
    assert reads_as_real("没有可以重复的内容")
    assert not reads_as_real("娌℃湁鍙互閲嶅鐨勫唴瀹")


def test_a_lost_byte_group_never_ends_in_a_byte_its_decoder_shows_as_a_char() -> None:
    # Shift_JIS shows B0 as the half-width katakana ｰ: 80 B0 can never have become two markers,
    # so ー (E3 80 B0 is 〰, E3 83 BC is ー: BC is ｼ) is no completion of E3 + two markers.
    assert not _all_replaced(b"\x80\xb0", SHIFT_JIS)
    assert _all_replaced(b"\x80\x82", SHIFT_JIS) and _all_replaced(b"\x80\x82", GBK)


def _gbk(x: str) -> str:
    return x.encode("utf-8").decode("gbk", "replace")


@pytest.mark.parametrize(
    ("before", "broken", "after"),
    [
        ("他说", "——好", ""),  # 说 is CB B5, one whole UTF-8 char: ˵
        ("我们说", "“Hello”。", ""),
        ("停用偏执模式", "——好", ""),  # 偏执模式 would read ƫִģʽ
        ("不允許匯出私鑰", "——好", ""),  # 鑰 would read 耀 with a lost byte
        ("萨瓦省", "——好", ""),  # 瓦 is no common char (15.6 bits), still real beside 萨 and 省
        ("選取顏色", "——好", ""),  # 顏 (18 bits) is rarer still: 色 reads far better than ɫ
        ("調整尺寸模式", "——好", ""),
        ("返回所有 URL 位址", "——好", ""),  # beside a space: 位址 reads far better than λַ
        ("", "——好", "图片"),  # at the text's end
        ("", "Привет", "平顺省"),  # whole two-byte chars all through: 平顺省 would read ƽ˳ʡ
        ("平顺省", "Привет", ""),
        ("", "Привет", "鹿儿岛县"),
        ("设置", "Café naïve", ""),
        ("", "——好", "瑙鲁共和国"),  # a tail: 瑙鲁 would read as 觀 + ...
        ("她笑着说", "——这样好", "，他说"),
    ],
)
def test_real_text_running_into_a_mojibake_run_keeps_its_chars(before: str, broken: str, after: str) -> None:
    # a mixed page: real Chinese, then (or before) a mojibake run whose parse can begin or end in
    # real chars that are whole UTF-8 chars too; they are the real text they show
    text = before + _gbk(broken) + after
    assert repair(text) == before + broken + after


@pytest.mark.parametrize(
    ("text", "fixed"),
    [("中文 蔚魏蟿蠈蟼", "中文 εκτός"), ("caf茅", "café"), ("蔚魏蟿蠈蟼", "εκτός")],  # mojibake: ignore
)
def test_mojibake_of_whole_two_byte_chars_is_still_read(text: str, fixed: str) -> None:
    assert repair(text) == fixed


def test_decoded_ends_cut_cuts_only_the_real_head() -> None:
    from mojibake.parse import decoded_ends_cut

    text = "他说" + _gbk("——好")
    [seg] = parse_segments(text, 1, len(text), GBK)  # the parse starts at 说 (CB B5: ˵)
    whole = type(seg)(seg.start, seg.end, (), seg.codecs, seg.family, "".join(u.candidates[0] for u in seg.units))
    cut = decoded_ends_cut(whole, text)
    assert cut is not None and (cut.start, cut.end, cut.decoded) == (2, len(text), "——好")
    alone = _gbk("——好")  # nothing real before it: nothing to cut
    [seg] = parse_segments(alone, 0, len(alone), GBK)
    assert decoded_ends_cut(type(seg)(seg.start, seg.end, (), seg.codecs, seg.family, "——好"), alone) is None
