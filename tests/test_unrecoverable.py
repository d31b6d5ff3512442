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


CODECS = ("gbk", "big5", "cp949", "euc_jp", "cp932")


def test_replacement_char_artifacts_of_every_family_are_reported_not_repaired() -> None:
    # U+FFFD written as UTF-8 and read by another family's decoder: 嚙踝蕭 (Big5), 占쏙옙 (UHC),  # mojibake: ignore
    # 鐃緒申 (EUC-JP), �ｿｽ (Shift_JIS); its data was lost before, so any reading would invent chars.  # mojibake: ignore
    for codec in CODECS:
        for n in (1, 2, 3, 4):
            for errors in ("replace", "ignore") if n > 1 else ("replace",):  # a lone 锟 may read as the U+FFFD it was  # mojibake: ignore
                shown = ("\ufffd" * n).encode("utf-8").decode(codec, errors)
                for text in (f"名字：{shown}。", f"이름: {shown} 입니다", f"名前：{shown}です", f"name: {shown} end"):
                    assert repair(text) == text, (codec, n, errors, text)
                    if n >= 2:
                        assert any(f.path == "unrecoverable" and f.start <= text.index(shown) < f.end for f in detect(text))


def test_artifact_unit_and_odd_tail_are_one_finding() -> None:
    shown = ("\ufffd" * 3).encode("utf-8").decode("big5", "replace")  # 嚙踝蕭嚙�  # mojibake: ignore
    text = f"名字：{shown}。"
    (f,) = [f for f in detect(text) if f.path == "unrecoverable"]
    assert f.text == shown and "Big5" in f.note


def test_real_text_with_an_artifact_char_is_not_flagged() -> None:
    # 占 and 嚙 are real chars; alone, or 占 before a question mark, they are text.  # mojibake: ignore
    for text in ("占领了这座城市", "谁占?", "嚙咬", "ｿｽ"):
        assert unrecoverable(text) == [], text


def test_every_match_of_a_shape_holds_its_needle() -> None:
    # unrecoverable() skips a shape whose needle is not in the text: that must never skip a match.
    from mojibake.unrecoverable import NEEDLES, PATTERNS

    samples = [("\ufffd" * n).encode("utf-8").decode(c, e) for c in CODECS for n in (1, 2, 3) for e in ("replace", "ignore")]
    samples += ["烫烫烫烫", "屯屯屯屯屯", "\ufffd\ufffd\ufffd", "?ｿｽ?ｿｽ"]
    hits = 0
    for (pattern, _), needle in zip(PATTERNS, NEEDLES, strict=True):
        for sample in samples:
            for m in pattern.finditer(sample):
                assert needle in m.group(), (pattern.pattern, sample)
                hits += 1
    assert hits >= len(PATTERNS)
