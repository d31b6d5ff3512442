"""Applying findings: the passes of ``repair`` and what they may touch."""

import pytest

from mojibake import repair


@pytest.mark.parametrize("real", ["很弱", "科济耶", "北拉瑙省"])
@pytest.mark.parametrize("head", ["温度 25℃", "价格 100€", "中文内容测试，这是一段文字。"])
def test_a_line_the_first_pass_found_nothing_in_stays(head: str, real: str) -> None:
    # The head's repair makes the later passes read the text as mojibake, where no lone reading
    # is set aside as a stray; the first pass found nothing on the real line below it, and a
    # later pass read 弱 as EUC-KR's 少 with a lost byte (很弱 became 很少).  # mojibake: ignore
    shown = head.encode("utf-8").decode("gbk", "replace")
    assert repair(f"{shown}\n{real}") == f"{head}\n{real}"


def test_a_layered_line_is_still_peeled_pass_by_pass() -> None:
    # GBK read twice: the first pass touches the line, so the second may read it again
    original = "it’s a test"
    shown = original.encode("utf-8").decode("gbk").encode("utf-8").decode("gbk")
    assert repair(f"{shown}\nplain line") == f"{original}\nplain line"


@pytest.mark.parametrize("original", ["温度 25℃\n很弱", "温度 25℃\n信号很弱", "气温 18℃\n风力很弱\n湿度适中"])
def test_a_line_the_first_pass_repaired_exactly_is_read_by_no_other_decoder_later(original: str) -> None:
    # the whole text is GBK mojibake: the first pass reads 寰堝急 as 很弱 exactly; a later pass,  # mojibake: ignore
    # which sets aside no stray, read 弱 as EUC-KR's 少 with a lost byte (found by a review)
    assert repair(original.encode("utf-8").decode("gbk", "replace")) == original
