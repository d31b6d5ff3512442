"""UTF-8 read as ASCII with errors="replace": runs of U+FFFD that only marks explain."""

import pytest

from mojibake import detect, repair
from mojibake.ascii import ascii_replaced, is_ascii_replaced


def _shown(text: str) -> str:
    return text.encode("utf-8").decode("ascii", "replace")


@pytest.mark.parametrize(
    "text",
    [
        "It’s a “test” — really… fine",
        "He said, “We’ll see.” She didn’t.",
        "Can’t open “%s”: not found",  # (‘ and “ lose the same bytes: the commoner is read)
        "1990–2000, and they’re “done”",
    ],
)
def test_marks_of_three_bytes_come_back(text: str) -> None:
    assert repair(_shown(text)) == text


def test_findings_say_what_was_inferred() -> None:
    shown = _shown("Don’t stop")
    (f,) = detect(shown)
    assert f.path == "utf-8 as ascii" and f.lost == 3 and f.repair == "’"
    assert f.inferred and f.inferred[0].alternatives[0][0] == "’"


def test_what_runs_do_not_tell_is_left() -> None:
    # a 2-byte letter (café), a 4-byte emoji, a price's €: the run's length or place says too little
    for text in ["It’s a café", "It’s 5€ now", "It’s 😀"]:
        shown = _shown(text)
        assert "\ufffd" in repair(shown) and "’" in repair(shown)
    # no mark-shaped run: nothing read (a run of U+FFFD may stand for anything)
    assert repair("a \ufffd\ufffd\ufffd b") == "a \ufffd\ufffd\ufffd b"
    assert not is_ascii_replaced("caf\ufffd it\ufffd\ufffd\ufffds")  # a lone marker: no UTF-8 read as ASCII
    assert ascii_replaced("It’s real UTF-8 text: it\ufffd\ufffd\ufffds") == []  # other non-ASCII chars

