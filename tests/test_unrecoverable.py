"""Lost data is reported with its cause and never changed."""

from mojibake import detect, repair
from mojibake.unrecoverable import unrecoverable

KUN = "锟斤拷"  # mojibake: ignore


def test_kunjinkao_is_reported_not_repaired():
    text = f"title: {KUN * 3} end"
    assert repair(text) == text
    (f,) = [f for f in detect(text) if f.path == "unrecoverable"]
    assert f.text == KUN * 3 and f.repair == f.text and "U+FFFD" in f.note
    assert text[f.start : f.end] == f.text


def test_real_text_with_the_same_chars_is_not_flagged():
    assert unrecoverable("水很烫，烫烫的") == []
    assert unrecoverable("a � b") == []


def test_runs_of_replacement_chars_are_reported():
    text = "abc \ufffd\ufffd\ufffd\ufffd def"
    assert repair(text) == text
    assert [f.path for f in detect(text)] == ["unrecoverable"]


def test_runs_of_replacement_chars_in_real_text_stay_and_are_reported() -> None:
    # Lost data in real CJK text: no codec's reading may turn the markers into guessed chars.
    for text in (
        "这是一个测试\ufffd\ufffd\ufffd文件",
        "这是\ufffd\ufffd\ufffd一个测试\ufffd\ufffd\ufffd\ufffd文件\ufffd\ufffd\ufffd。",
        "文件\ufffd\ufffd\ufffd。",
        "日本語の\ufffd\ufffd\ufffdテキスト",
        "한국어 \ufffd\ufffd\ufffd 텍스트",
        "\ufffd" * 9,
    ):
        assert repair(text) == text
        runs = [f for f in detect(text) if f.path == "unrecoverable"]
        assert runs and all(set(f.text) == {"\ufffd"} for f in runs)


def test_a_run_of_markers_inside_mojibake_is_read_as_lost_bytes() -> None:
    # Big5 rejects 80-A0 as trail bytes, so UTF-8 Chinese read as Big5 shows runs of three or
    # more U+FFFD (删 is E5 88 A0: three markers); they are the readings' lost bytes, not lost data.
    text = "这个文件已经被删除，请重新下载。"
    shown = text.encode("utf-8").decode("big5", "replace")
    assert "\ufffd\ufffd\ufffd" in shown
    fixed = repair(shown)
    assert fixed.startswith("这个文件已经被删除，")
    # what no reading took is still reported, run by run
    for f in detect(shown):
        if f.path == "unrecoverable":
            assert set(f.text) == {"\ufffd"} and shown[f.start : f.end] == f.text
