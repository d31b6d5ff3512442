"""The wrong-codec tables: chars map back to the bytes their decoder saw."""

from mojibake.codecs import (
    char_table,
    droppable_before,
    first_byte,
    is_gb2312,
    two_byte_utf8_shape,
    utf8_can_make,
    utf8_need,
)


def test_table_round_trips_python_gbk():
    table = char_table()
    for ch in "鈥檚淲涓鏂枃茅漏眉":
        b, codec = table[ch]
        assert codec == "gbk"
        assert b.decode("gbk") == ch


def test_private_use_chars_map_to_user_defined_pairs():
    # Windows cp936 / gb18030 keep user-defined pairs as private-use chars (中 = E4 B8 AD, 文 = E6 96 87).
    b, codec = char_table()["\ue15f"]
    assert (b, codec) == (b"\xad\xe6", "gb18030")
    assert (b"\xe4\xb8" + b + b"\x96\x87").decode("utf-8") == "中文"


def test_euro_is_cp936_0x80():
    assert char_table()["€"] == (b"\x80", "cp936")


def test_table_only_holds_chars_whose_bytes_can_be_utf8():
    for ch, (b, _) in char_table().items():
        assert len(b) in (1, 2)
        assert b[0] >= 0x80
        assert not 0xF5 <= b[0] <= 0xFF
        assert b[-1] not in (0xC0, 0xC1) and b[-1] < 0xF5


def test_real_chinese_chars_are_mostly_gb2312():
    table = char_table()
    assert is_gb2312(table["的"][0]) and is_gb2312(table["中"][0])
    assert not is_gb2312(table["鈥"][0])  # E2 80: trail 0x80 is no GB2312 trail


def test_utf8_can_make_only_pairs_that_consecutive_utf8_bytes_form():
    assert utf8_can_make("鈥".encode("gbk"))  # E2 80: a lead, then a continuation  # mojibake: ignore
    assert utf8_can_make("檚".encode("gbk"))  # 99 73: a continuation, then ASCII  # mojibake: ignore
    assert not utf8_can_make("鑰".encode("big5"))  # C6 5F: a lead needs a continuation after it
    assert not utf8_can_make("輔".encode("gbk"))  # DD 6F: the same
    assert not utf8_can_make(bytes([0xF8, 0xA1]))  # F5-FF are never UTF-8
    assert not utf8_can_make(bytes([0xA1, 0xC1]))  # nor are C0, C1
    for raw in ("中文’é".encode(), "😀—…".encode()):
        pairs = [raw[i : i + 2] for i in range(len(raw) - 1)]
        assert all(utf8_can_make(p) for p in pairs if p[0] >= 0x80)


def test_two_byte_shape():
    assert two_byte_utf8_shape("茅".encode("gbk"))  # C3 A9 = é
    assert not two_byte_utf8_shape("中".encode("gbk"))


def test_utf8_need():
    assert [utf8_need(b) for b in (0x41, 0x80, 0xC3, 0xE2, 0xF0, 0xF8)] == [-1, -1, 1, 2, 3, -1]


def test_droppable_before_space_is_every_continuation():
    assert droppable_before(0x20) == frozenset(range(0x80, 0xC0))
    assert droppable_before(None) == frozenset(range(0x80, 0xC0))


def test_droppable_before_letter_is_only_invalid_leads():
    # 9D 61 is a valid GBK pair, so a continuation before a letter is swallowed, not dropped.
    drop = droppable_before(ord("a"))
    assert 0x9D not in drop and 0x80 in drop


def test_droppable_matches_python_decoder():
    for nxt in (0x20, 0x41, 0xE6, 0x31):
        for c in range(0x80, 0xC0):
            data = bytes((0xE2, 0x80, c, nxt))
            dropped = data.decode("gbk", "ignore") == "鈥" + chr(nxt) if nxt < 0x80 else None
            if dropped is not None:
                assert (c in droppable_before(nxt)) == dropped


def test_droppable_before_a_lead_byte_never_holds_a_half_width_katakana_byte():
    # Shift_JIS reads A1-DF as one-byte katakana whatever follows: such a byte is shown, never
    # dropped, even before a lead byte whose pair is cut off (AB E3 fails only for want of E3's
    # trail). The byte that ッ (E3 83 83) lost before the next E3 was 83, never AB (ル).
    from mojibake.codecs import SHIFT_JIS

    for nxt in (0xE3, 0x3A, None):
        drop = droppable_before(nxt, SHIFT_JIS)
        tail = bytes((nxt,)) if nxt is not None else b""  # what the decoder shows of it alone
        expected = {c for c in range(0x80, 0xC0) if (bytes((c,)) + tail).decode("shift_jis", "ignore") in ("", tail.decode("latin-1"))}
        assert drop == expected
    assert 0x83 in droppable_before(0xE3, SHIFT_JIS)
    assert not set(range(0xA1, 0xC0)) & droppable_before(0xE3, SHIFT_JIS)


def test_first_byte():
    assert first_byte("a") == 0x61
    assert first_byte("鈥") == 0xE2
    assert first_byte("") is None


def test_other_families_share_the_machinery():
    from mojibake.codecs import BIG5, EUC_KR, SHIFT_JIS
    from mojibake.detect import detect_double_byte

    (f,) = detect_double_byte("It窶冱 fine", SHIFT_JIS)  # mojibake: ignore
    assert (f.text, f.repair, f.path) == ("窶冱", "’s", "utf-8 as shift_jis")  # mojibake: ignore
    for family in (BIG5, EUC_KR):
        assert char_table(family)  # tables derive from Python's codecs
        assert droppable_before(0x20, family) == frozenset(range(0x80, 0xC0))
    # Shift_JIS reads A1-DF alone as half-width katakana: those bytes are never dropped.
    assert droppable_before(0x20, SHIFT_JIS) == frozenset(range(0x80, 0xA1))


def test_pair_families_mark_invalid_pairs_with_question_marks_or_middle_dots() -> None:
    # a pair family reads only beside its mark: ? (Windows and Java cp949) or ・ (Windows cp932)
    from mojibake.codecs import FAMILIES

    marks = {f.mark for f in FAMILIES if f.pair_marks}
    assert marks and marks <= {"?", "\u30fb"}
