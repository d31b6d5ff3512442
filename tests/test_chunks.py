"""Cutting huge texts into pieces: cuts fall only where no mojibake site can straddle them, and
detect/repair on a huge text agree with the same calls on its pieces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import mojibake
from mojibake import apply
from mojibake.chunks import CHUNK_CHARS, cut_points, pieces
from mojibake.detect import CUT_TRIES, forced_cut

LINE = "It鈥檚 the 鈥渓evel鈥 we saw, 鍒犻櫎鏂囦欢 and caf茅.\n"  # mojibake: ignore
FIXED = "It’s the “level” we saw, 删除文件 and café.\n"


def _safe(text: str, cut: int) -> bool:
    """A cut after a line feed, or between two ASCII chars the first below 0x40 and not '?'."""
    if text[cut - 1] == "\n":
        return True
    a, b = text[cut - 1], text[cut]
    return a.isascii() and b.isascii() and ord(a) < 0x40 and a != "?"


@given(st.text(alphabet=st.sampled_from(list("ab ,?\n鈥檚涓枃")), max_size=400), st.integers(4, 64))  # mojibake: ignore
def test_pieces_cover_the_text_and_cut_only_at_safe_places(text: str, size: int) -> None:
    spans = list(pieces(text, size))
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans)
    for _, b in spans[:-1]:
        assert _safe(text, b)


def test_a_short_text_is_one_piece() -> None:
    assert list(pieces("涓枃", 10)) == [(0, 2)]  # mojibake: ignore
    assert list(cut_points("")) == [0]


def test_a_line_without_cut_points_stays_whole_unless_forced() -> None:
    text = "鈥檚涓" * 100  # mojibake: ignore
    assert list(pieces(text, 50)) == [(0, len(text))]
    forced = list(pieces(text, 50, forced=lambda t, pos: pos))
    assert len(forced) > 1 and "".join(text[a:b] for a, b in forced) == text


def test_forced_cut_ends_a_finding_so_no_site_straddles_it() -> None:
    text = "鈥檚" * 2000  # mojibake: ignore  (each 鈥檚 is ’s: sites are two chars)
    for pos in (1001, 1500, 1777):
        cut = forced_cut(text, pos)
        assert cut % 2 == 0 and abs(cut - pos) <= CUT_TRIES


def test_huge_text_detect_offsets_are_exact_and_match_the_pieces() -> None:
    text = LINE * (CHUNK_CHARS // len(LINE) * 2 + 7)
    assert len(text) > 2 * CHUNK_CHARS
    found = mojibake.detect(text)
    assert all(text[f.start : f.end] == f.text for f in found)
    assert [f.start for f in found] == sorted(f.start for f in found)
    per_piece = []
    for a, b in pieces(text):
        per_piece += [(f.start + a, f.end + a, f.repair) for f in mojibake.detect(text[a:b])]
    assert [(f.start, f.end, f.repair) for f in found] == per_piece


def test_huge_text_repair_is_exact_and_idempotent() -> None:
    n = CHUNK_CHARS // len(LINE) * 2 + 7
    text = LINE * n
    fixed = mojibake.repair(text)
    assert fixed == FIXED * n
    assert mojibake.repair(fixed) == fixed


def test_huge_single_line_is_cut_and_repaired_whole() -> None:
    # No line feed and no ASCII: only forced cuts can split it, and they must not break a site.
    text = "鍒犻櫎鏂囦欢" * (CHUNK_CHARS // 6 * 2 + 3)  # mojibake: ignore
    assert len(list(pieces(text, forced=forced_cut))) > 1
    assert mojibake.repair(text) == "删除文件" * (CHUNK_CHARS // 6 * 2 + 3)


def test_repair_layers_findings_are_offset_into_the_whole_text() -> None:
    text = LINE * (CHUNK_CHARS // len(LINE) + 5)
    fixed, found = apply.repair_layers(text)
    assert fixed == FIXED * (CHUNK_CHARS // len(LINE) + 5)
    assert found and all(text[f.start : f.end] == f.text for f in found)
