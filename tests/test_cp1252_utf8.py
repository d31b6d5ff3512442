"""Tests of mojibake/cp1252_utf8.py: Windows-1252 English read as UTF-8 with errors="replace"."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mojibake import detect, repair
from mojibake.cp1252_utf8 import PATH, cp1252_replaced, is_cp1252_replaced


def shown(text: str) -> str:
    """``text`` written in cp1252 and read as UTF-8 with errors="replace" (one U+FFFD a mark)."""
    return text.encode("cp1252").decode("utf-8", "replace")


@pytest.mark.parametrize(
    "text",
    [
        "It’s a “great” day — isn’t it?",
        "don’t stop",
        "I’m sure you’ll like the “new” design — really.",
        "We’ve said “yes”, they’d said “no”.",
    ],
)
def test_marks_of_english_with_a_contraction_are_read(text: str) -> None:
    broken = shown(text)
    assert broken.count("\ufffd") == sum(ch in "’“”—…" for ch in text)
    assert repair(broken) == text


def test_each_read_mark_is_an_inference_on_its_own_path() -> None:
    found = detect(shown("don’t stop"))
    assert [(f.repair, f.path, f.lost) for f in found] == [("’", PATH, 1)]
    assert found[0].inferred[0].alternatives[0][0] == "’"


@pytest.mark.parametrize(
    "text",
    [
        "Für die Straße, it’s fine",  # an accent inside a word: the text may be any Latin language
        "Index 3×5, 9×11 Envelope",  # no contraction: nothing shows the markers are marks
        "Rebooting after installing updates…",
    ],
)
def test_markers_without_proof_are_left(text: str) -> None:
    broken = shown(text)
    assert repair(broken) == broken


def test_a_word_final_marker_with_no_quote_to_close_is_left() -> None:
    """caf� of an English text with contractions: é as likely as an apostrophe (Belarus’).  # mojibake: ignore"""
    assert repair(shown("Tom’s café is open")) == "Tom’s caf\ufffd is open"


def test_other_non_ascii_or_runs_rule_the_text_out() -> None:
    """Real non-ASCII beside the markers, or runs of them (UTF-8 read as ASCII makes runs), are
    some other damage."""
    assert not is_cp1252_replaced("it\ufffds “fine”")
    assert not is_cp1252_replaced("it\ufffd\ufffd\ufffds fine, don\ufffdt")
    assert is_cp1252_replaced("it\ufffds fine")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab stdm'.,\n\ufffd")), max_size=40))
def test_never_raises_and_idempotent(text: str) -> None:
    once = repair(text)
    assert repair(once) == once
    for f in cp1252_replaced(text):
        assert text[f.start : f.end] == "\ufffd"
