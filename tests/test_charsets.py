"""The national character set of a document's Han chars, which inferred chars are held to."""

from mojibake.charsets import charset_bias, han_charset


def test_han_charset_of_a_document() -> None:
    assert han_charset("这是一个简体中文的文档，里面的字都在国标二三一二里面。" * 2) == "gb2312"
    assert han_charset("這是一個繁體中文的文件，裡面的字都在大五碼裡面。" * 2) == "big5"
    assert han_charset("中文") is None  # too few to tell
    assert han_charset("这是一个简体中文的文档" * 3 + "這是一個繁體中文的文件" * 3) is None  # both forms


def test_a_short_text_of_one_form_only() -> None:
    assert han_charset("打印问候") == "gb2312"  # 问 has no Big5 form
    assert han_charset("打印問候") == "big5"
    assert han_charset("打印候補") == "big5"  # 補 is Traditional only
    assert han_charset("日本語") is None  # too few Han chars for a form


def test_charset_bias_prices_han_chars_outside_the_set() -> None:
    bias = charset_bias(("址", "區", "の"), "gb2312")
    assert set(bias) == {"區"} and bias["區"] > 0
