"""explain(): one block per finding with the codec path, the bytes, inferred bytes and confidence."""  # mojibake: ignore

from __future__ import annotations

from mojibake import explain


def test_lossless_finding_shows_path_bytes_and_confidence() -> None:
    out = explain("it鈥檚")  # mojibake: ignore
    assert "'鈥檚' -> '’s' (utf-8 as gbk, confidence 1.00)" in out  # mojibake: ignore
    assert "bytes the decoder saw: E2 80 99 73; the repair in UTF-8: E2 80 99 73" in out
    assert "lost" not in out


def test_lossy_finding_shows_lost_and_inferred_bytes() -> None:
    out = explain("涓\ufffd鏂\ufffd")  # 中文 with U+FFFD for the lost bytes  # mojibake: ignore
    assert "E4 B8 ?? E6 96 ?? (?? = lost)" in out
    assert "the repair in UTF-8: E4 B8 AD E6 96 87" in out
    assert "2 byte(s) lost by the decoder" in out
    assert "inferred '中' (E4 B8 AD)" in out and "inferred '文' (E6 96 87)" in out


def test_competing_codec_paths_are_named() -> None:
    assert "more plausible than utf-8 as big5" in explain("豕ｨ諢: %s")  # mojibake: ignore


def test_clean_text_says_so() -> None:
    assert explain("这是正常的中文文本") == "no mojibake found"
