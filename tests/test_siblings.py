"""Tests of mojibake.siblings: once a text's decoder is known from one applied reading, the other
letters it made of Latin words are read the same way, and real CJK text is never touched."""

from __future__ import annotations

import itertools

import pytest

import mojibake
from mojibake import detect, repair
from mojibake.codecs import BIG5, EUC_JP, EUC_KR, GBK, latin_letters
from mojibake.siblings import SIBLING_NOTE, sibling_findings


def _broken(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec)


@pytest.mark.parametrize(
    ("original", "codec"),
    [
        ("se intentó usar una instrucción ARM en un procesador", "euc_kr"),  # ó at a word's end: 처
        ("gerekirse 3 yönlü birleştirmeye geri çekilmeye", "cp949"),  # ö sure, ü at the end not
        ('"%s" için yürürlükten kaldırma anahtarları yok', "big5"),  # ı inside a word and at its end
        ("Gürcü", "euc_jp"),  # two of one letter, one of them last
        ("vorübergehend aufgelöst, für Relationen", "euc_jp"),
    ],
)
def test_every_letter_of_a_latin_line_is_read_when_one_of_them_is(original: str, codec: str) -> None:
    assert repair(_broken(original, codec)) == original


def test_a_sibling_finding_copies_its_model_and_says_what_it_is() -> None:
    # Big5 shows ı (C4 B1) as 覺: inside kaldırma it is read on its own, at Dinarı's end only as
    # the sibling of that reading
    text = _broken("Dinarı kaldırma", "big5")
    found = detect(text)
    sure = [f for f in found if f.note != SIBLING_NOTE]
    siblings = [f for f in found if f.note == SIBLING_NOTE]
    assert [(f.start, f.text, f.repair) for f in siblings] == [(5, "覺", "ı")]  # mojibake: ignore
    assert [(f.start, f.text, f.repair) for f in sure] == [(11, "覺", "ı")]  # mojibake: ignore
    assert siblings[0].path == sure[0].path == "utf-8 as big5"
    assert siblings[0].confidence == sure[0].confidence >= mojibake.DEFAULT_THRESHOLD
    assert repair(text) == "Dinarı kaldırma"


def test_no_applied_reading_means_no_siblings() -> None:
    # one Hangul syllable at the end of a Latin word, nothing else: Korean glues its particles
    # so, and without a sure reading of the text's decoder it is left
    text = "Windows처 설정"  # mojibake: ignore
    assert sibling_findings(text, detect(text)) == []
    assert repair(text) == text


def test_cjk_beside_the_char_or_on_its_line_keeps_it_real() -> None:
    broken = _broken("café", "gbk")
    # a Korean particle after a Latin word (API처럼), and real Chinese on the line (做PPT模)
    for real in ("API처럼 쓰는 법", "做PPT模", "PPT模板"):  # mojibake: ignore
        text = f"{broken} {real}"
        assert repair(text) == f"café {real}"


def test_sites_already_found_are_not_found_twice() -> None:
    text = _broken("año niño, señor", "euc_kr")
    found = detect(text)
    spans = sorted((f.start, f.end) for f in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert repair(text) == "año niño, señor"
    assert sibling_findings(text, []) == []


def test_latin_letters_are_whole_two_byte_utf8_latin_letters() -> None:
    assert latin_letters(EUC_KR)["처"] == "ó"  # mojibake: ignore
    assert latin_letters(BIG5)["覺"] == "ı"  # mojibake: ignore
    assert latin_letters(EUC_JP)["端"] == "ü"  # mojibake: ignore
    assert latin_letters(GBK)["茅"] == "é"  # mojibake: ignore
    # two-byte UTF-8 of other scripts (Cyrillic д is D0 B4) is no Latin letter
    assert all(letter.isalpha() and not "\u0370" <= letter <= "\u04ff" for letter in latin_letters(GBK).values())
