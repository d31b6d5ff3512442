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
