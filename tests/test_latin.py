"""Latin-family mojibake: ftfy's domain bridged, and legacy CJK bytes shown as Latin-1."""

import ftfy
import pytest

from mojibake import detect, repair
from mojibake.latin import legacy_as_latin, utf8_as_latin


@pytest.mark.parametrize(
    "text",
    ["The Mona Lisa doesnâ€™t have eyebrows.", "cafÃ© crÃ¨me", "Ã¢â‚¬â„¢ layered", "This is Ã  la mode"],  # mojibake: ignore
)
def test_fixes_at_least_what_ftfy_fix_encoding_fixes(text):
    assert repair(text) == ftfy.fix_encoding(text) != text


def test_only_the_encoding_changes():
    # fix_text would straighten quotes and fold fullwidth punctuation; we must not.
    text = "“quoted”，全角；and cafÃ©"  # mojibake: ignore
    assert repair(text) == "“quoted”，全角；and café"


def test_finding_is_trimmed_to_the_changed_span():
    (f,) = utf8_as_latin("x doesnâ€™t y")  # mojibake: ignore
    assert f.text == "â€™" and f.repair == "’" and f.path.startswith("utf-8 as")  # mojibake: ignore


def test_gbk_bytes_shown_as_latin1():
    text = "你好，世界".encode("gbk").decode("latin-1")
    assert repair(text) == "你好，世界"
    (f,) = legacy_as_latin(text)
    assert f.path == "gbk as latin-1"


def test_real_european_text_is_not_read_as_legacy_cjk():
    for text in ["Ça déjà été reçu à Noël", "Größe ändern, Übersicht", "señor año niño", "Ærø ØÅ"]:
        assert detect(text) == []
        assert repair(text) == text


def test_short_legacy_run_with_an_overwhelming_gain_is_repaired():
    # 许可 (GBK) shown as Latin-1 before '(_L)': a little costly per char in ASCII context,  # mojibake: ignore
    # but the Latin-1 reading is far worse.
    assert repair("Ðí¿É(_L)") == "许可(_L)"  # mojibake: ignore


def test_a_document_of_gbk_as_latin1_reads_its_short_runs_as_gbk_too():
    # 秒 as Latin-1 is Ãë, which EUC-KR alone would read as 취; the document is GBK.  # mojibake: ignore
    text = "¾¯¸æ£ºÎÞ·¨¶¨Î»µ½Ä¿Â¼ SECS Ãë"  # mojibake: ignore
    assert repair(text).endswith(" SECS 秒")  # mojibake: ignore


def test_big5_and_shift_jis_shown_as_latin1_keep_their_ascii_trail_bytes():
    # Big5 and Shift_JIS trail bytes may be ASCII (A4 40 is 一 in Big5, shown as ¤@).  # mojibake: ignore
    for original, codec in (("一個檔案", "big5"), ("設定ファイル", "shift_jis")):
        shown = original.encode(codec).decode("latin-1")
        assert any("\x40" <= ch <= "\x7e" for ch in shown)  # the case this test is about
        assert repair(shown) == original


def test_a_lone_char_with_an_ascii_trail_byte_is_read_in_the_documents_codec():
    # 」 is Big5 A1 76, shown as ¡v; 無 is B5 4C, shown as µL: one high char, then an ASCII  # mojibake: ignore
    # letter. Alone they look like Latin text; in a document that is Big5 they are Big5.
    original = "可能的數值有「none」(無)、「wallpaper」(桌布)。"
    shown = original.encode("big5").decode("latin-1")
    assert repair(shown) == original


def test_a_lone_high_char_before_a_letter_stays_in_european_text():
    # The same shape (é + t) in text with no legacy CJK run is left alone.
    for text in ["Ça a été très bien", "Hé toi, où est-il?", "Über uns: ¡vamos!"]:
        assert repair(text) == text


def test_katakana_shown_as_latin1_c1_controls_only():
    # Shift_JIS katakana have lead byte 0x83: Latin-1 shows them as the C1 control U+0083 and an
    # ASCII trail, so the text holds no letter beyond ASCII at all.
    for original in ("ハングアップ", "レベル:", "<b>コンポーネント:</b>"):
        shown = original.encode("shift_jis").decode("latin-1")
        assert all(ch < "\xa0" for ch in shown)
        assert repair(shown) == original


def test_a_run_that_no_codec_settles_alone_reads_in_the_documents_codec():
    # 커밋 ("commit") as Latin-1 is Ä¿¹Ô, which GBK reads a little better than EUC-KR does;  # mojibake: ignore
    # in a document that is EUC-KR it is EUC-KR.
    original = "명령어:\n p, pick = 커밋 사용\n r, reword = 커밋 사용하지만, 커밋 메시지 편집\n"
    assert repair(original.encode("euc_kr").decode("latin-1")) == original


@pytest.mark.parametrize(
    ("shown", "original"),
    [
        ("it\x92s fine", "it’s fine"),
        ("He said \x93hello\x94 to me", "He said “hello” to me"),
        ("wait\x85 what", "wait… what"),
        ("1990\x962000", "1990–2000"),
    ],
)
def test_cp1252_text_read_as_latin1_is_left_to_ftfy(shown: str, original: str) -> None:
    # C1 controls are cp1252 punctuation read as Latin-1; ftfy.fix_encoding restores them, and
    # the finding names the path.
    (f,) = detect(shown)
    assert f.path == "windows-1252 as latin-1"
    assert repair(shown) == original


@pytest.mark.parametrize(
    ("original", "codec"),
    [
        ("Привет, как дела? Это тестовое сообщение.", "sloppy-windows-1251"),
        ("It’s a “test” — really…", "sloppy-windows-1251"),
        ("Le café où j’ai mangé était très agréable.", "macroman"),
        ("Mám dost třetího tisíciletí", "macroman"),
        ("#правильноепитание", "cp437"),
        ("Le café où j’ai mangé", "cp437"),
        ("Καλημέρα, τι κάνεις;", "sloppy-windows-1253"),
        ("Šveices baņķieri gaida konkrētus", "sloppy-windows-1251"),
    ],
)
def test_utf8_read_as_the_other_single_byte_codecs_ftfy_repairs_is_repaired(original: str, codec: str) -> None:
    # UTF-8 read as windows-1251, MacRoman or cp437 holds no Latin-1 shape (РџСЂРёРІРµС‚),
    # so the Latin-1 pre-screen never handed these lines to ftfy (all stayed as they were).
    shown = original.encode("utf-8").decode(codec)
    assert repair(shown) == ftfy.fix_encoding(shown) == original


def test_utf8_read_twice_as_windows_1251_is_repaired() -> None:
    shown = "приятности. ❤".encode().decode("sloppy-windows-1251").encode("utf-8").decode("sloppy-windows-1251")
    assert repair(shown) == "приятности. ❤"


@pytest.mark.parametrize("text", ["ÖÖ", "12ÖÖ", "«»", "3 Çç", "Harf: Çç", "ÖÐ"])
def test_one_legacy_char_alone_is_not_read_without_the_pages_codec(text: str) -> None:
    # ÖÖ is Turkish for a.m. (GBK D6 D6 is 种), «» an empty quote (EUC-KR AB BB is セ): one  # mojibake: ignore
    # double-byte char is all such a reading rests on.
    assert repair(text) == text


def test_one_legacy_char_is_read_where_the_page_shows_its_codec() -> None:
    assert repair("ÄãºÃ\nÖÐ") == "你好\n中"  # mojibake: ignore


@pytest.mark.parametrize("text", ["-12 won Hàn Quốc,123\xa0N\xa0€", "Quốc,123\xa0N\xa0€", "1.234,56\xa0N\xa0€"])
def test_no_break_spaces_of_a_price_are_no_gbk_pairs(text: str) -> None:
    # A0 4E A0 80 is 燦爛 in GBK, pairs led by A0, outside GB2312: real GBK text holds GB2312 chars.  # mojibake: ignore
    assert repair(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Съешь же ещё этих мягких французских булок, да выпей чаю. Сёмга, Рёбра, С№ 5",
        "L’été dernier, j’ai lu « Les Misérables » — un chef-d’œuvre…",
        "Ελληνικά: Άλφα, Έψιλον, Ήτα · 25°C ± 2",
        "┌──┬──┐\n│é │ü │\n└──┴──┘",
        "价格：¥100 — “优惠” ‘限时’…",
    ],
)
def test_clean_text_with_the_other_codecs_letters_is_unchanged(text: str) -> None:
    assert repair(text) == text


def test_a_line_ftfy_leaves_alone_is_read_in_the_codec_of_the_documents_other_lines() -> None:
    # Alone, "f├╝r" is too little for ftfy; in a document whose other lines are cp437
    # mojibake it is the same mojibake (ftfy.fix_encoding on the whole text agrees).  (mojibake: ignore)
    original = "Die Datei wurde gelöscht. Größe: 5 MB, Übertragung läuft.\nPfad für Manifest verwenden"
    shown = original.encode("utf-8").decode("cp437")
    assert ftfy.fix_encoding(shown.splitlines()[1]) == shown.splitlines()[1]
    assert repair(shown) == original


def test_a_clean_line_beside_single_byte_mojibake_stays() -> None:
    # Its chars are no strict UTF-8 once encoded in the document's codec: nothing to read back.
    shown = "Привет, мир".encode().decode("sloppy-windows-1251") + "\nЁлка и ёжик"
    assert repair(shown) == "Привет, мир\nЁлка и ёжик"


# --- UTF-8 read as cp1252 with errors="replace": the bytes cp1252 does not define ----------------


def _cp1252_replace(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", "replace")


def test_a_lost_closing_quote_of_cp1252_is_inferred() -> None:
    shown = _cp1252_replace("He said “it is the level” from here.")
    assert "â€\ufffd" in shown and ftfy.fix_encoding(shown) != "He said “it is the level” from here."  # mojibake: ignore
    (f,) = utf8_as_latin(shown)
    assert repair(shown) == "He said “it is the level” from here."
    assert f.lost == 1 and [i.char for i in f.inferred] == ["”"]
    (inf,) = f.inferred
    assert f.repair[inf.offset] == "”" and inf.alternatives[0][1] >= 0.85


@pytest.mark.parametrize("text", ["日本語のテキストです。", "繁體中文測試", "東京都の天気", "한국어 텍스트"])
def test_cjk_chars_with_a_byte_cp1252_does_not_define(text: str) -> None:
    shown = _cp1252_replace(text)
    assert "\ufffd" in shown
    assert repair(shown) == text


def test_lost_chars_keep_to_the_documents_form_of_han() -> None:
    # 小 (E5 B0 8F) and 對 (E5 B0 8D) share all but the lost byte; 补 and 码 say Simplified.
    assert repair(_cp1252_replace("2 补码，小端序 (little endian)")) == "2 补码，小端序 (little endian)"


def test_no_closer_without_its_opener() -> None:
    # 、 (E3 80 81) and 」 (E3 80 8D): a list of placeholders, nothing opened.
    assert repair(_cp1252_replace("由 %s、%s、%s 创建")) == "由 %s、%s、%s 创建"


def test_lossy_only_lines_and_lone_shapes() -> None:
    # a line whose cp1252 mojibake is all lossy is read when it holds two such chars
    assert repair(_cp1252_replace("(なし)")) == "(なし)"
    # a Portuguese capital before a stray U+FFFD is no mojibake: nothing else says cp1252
    for text in ["SÃ\ufffdO PAULO", "nã\ufffdo sei", "ã\ufffd® alone"]:  # mojibake: ignore
        assert repair(text) == text


def test_a_cp1252_line_is_not_read_as_big5_around_its_replacement_chars() -> None:
    # 号 (E5 8F B7) shows as å�· under cp1252; Big5 once claimed �· as a lost lead + ·  # mojibake: ignore
    text = "是否存在冒号分隔的包含插件的路径，逗号分隔的列表"
    assert repair(_cp1252_replace(text)) == text


# --- UTF-8 read as Latin-1 (or cp1252), its C1 controls stripped by a sanitizer ------------------


def _c1_stripped(text: str, codec: str = "latin-1") -> str:
    import re

    return re.sub("[\x80-\x9f]", "", text.encode("utf-8").decode(codec))


def test_an_ellipsis_whose_middle_byte_was_stripped() -> None:
    # … is E2 80 A6: Latin-1 makes 80 a C1 control, stripped, so â¦ is left; ftfy read the
    # space after it as a lost NBSP and made ⦠ (U+29A0)
    shown = _c1_stripped("Completing… please wait\nDone…")
    assert "â¦" in shown  # mojibake: ignore
    assert repair(shown) == "Completing… please wait\nDone…"


@pytest.mark.parametrize(
    "original", ["It costs 5 € per day.", "Preis: 20 €", "€20 only", "Total: 1.234,56 € inkl. MwSt.", "12,50\xa0€ TTC"]
)
def test_a_euro_sign_whose_middle_byte_was_stripped(original: str) -> None:
    # € is E2 82 AC: Latin-1 makes 82 a C1 control, stripped, so 5 â¬ is left. The symbol data of  # mojibake: ignore
    # the char model (CJK web text) made it 5 ♬; beside a number, currency signs decide.
    shown = _c1_stripped(original)
    assert "â¬" in shown  # mojibake: ignore
    assert repair(shown) == original


def test_a_repaired_euro_sign_after_a_bare_a_circumflex_is_not_read_again() -> None:
    # €5–€10: the en dash leaves a bare â (left), and the repaired € after it made â€, which a
    # later pass read as a stripped ” and ate the €. ” seldom stands before a digit.  # mojibake: ignore
    shown = _c1_stripped("Ticket: €5–€10")
    assert "€" in repair(shown) and repair(shown).count("€") == 2


@pytest.mark.parametrize(
    "original",
    ["繁體中文測試，謝謝。", "日本語のテキストです。", "한국어 텍스트입니다.", "Great job 👍 see you 😀!", "请提供数据输出位置！", "Caps Lock が ON です", "はい"],
)
def test_utf8_read_as_cp1252_ignoring_its_undefined_bytes(original: str) -> None:
    # Windows' default codec raises on 81 8D 8F 90 9D, so code adds errors="ignore" and each is
    # dropped without a trace: 謝 (E8 AC 9D) shows as è¬, 提 (E6 8F 90) as æ alone. ftfy reads
    # the lines around them, and leaves these.  # mojibake: ignore
    shown = original.encode("utf-8").decode("cp1252", "ignore")
    assert shown != original.encode("utf-8").decode("sloppy-windows-1252")  # a byte was dropped
    assert repair(shown) == original


@pytest.mark.parametrize(
    "text",
    ["café» et « thé »", "Él dijo «sí»", "Straße, Größe", "Ça coûte 5 €", "été\xa0»", "existe déjà\xa0»", "Décoré\xa0— TLS",
     "Le café\xa0: voilà\xa0» très bien", "Prénom\xa0:", "Ele é alto e é forte", "Il est à Paris et à Lyon", "Hauçá",
     "Informação é útil"],
)
def test_short_latin_sequences_of_real_text_are_no_dropped_bytes(text: str) -> None:
    # é» ends a French word before a guillemet: a lead and one continuation byte, as a char
    # with a dropped byte shows; real text holds no whole three-byte mojibake beside it
    assert repair(text) == text
    assert repair(f"{text} {'中文'.encode('utf-8').decode('cp1252', 'ignore')}").startswith(text)


@pytest.mark.parametrize(
    "original",
    ["Don’t allow the command", "It’s a nice day", "I’m sure you’re right", "He said “hello” to me", "Pages 5–10 of the report",
     "“I know,” she said.", "DON’T PANIC", "I don’t like the café",
     "unexpected token “%s”, conditional binary operator expected", "Wait — it’s here\nand there’s more — see?"],
)
def test_a_bare_a_circumflex_of_stripped_marks_is_read(original: str) -> None:
    # ’ “ ” – lose both continuation bytes (80 and a C1 control) and leave â alone: the donât of
    # countless web pages, which ftfy leaves. Its place tells the mark; the quote style is the
    # document's (“ by default).  # mojibake: ignore
    shown = _c1_stripped(original)
    assert "â" in shown and "€" not in shown
    assert repair(shown) == original
    findings = [f for f in detect(shown) if f.inferred]
    assert findings and all(f.lost > 0 and i.alternatives[0][0] == i.char for f in findings for i in f.inferred)
    assert {f.path for f in findings} == {"utf-8 as latin-1"}  # completed in cp1252's form for ftfy, read as Latin-1


@pytest.mark.parametrize(
    "text",
    [
        "Colegament selezionât",  # Friulian ends words in â: n + â + t is no n’t there  # mojibake: ignore
        "Fâs deventâ BlocMaiusc un Esc in plui",  # mojibake: ignore
        "Payis-Bâs",  # mojibake: ignore
        "Note: pe opzion --restore, se la posizion origjinarie dal file butât te scovacere",  # mojibake: ignore
        "Cysylltwch â ni heddiw",  # Welsh â (with) stands between spaces as a dash would  # mojibake: ignore
        "Contact Lâm for details",  # mojibake: ignore
        "Câmara dos Deputados",  # mojibake: ignore
        "România și Moldova: în câmp, decât",  # mojibake: ignore
        # an English word beside it makes no mark of a word's own â (a review found these changed)  # mojibake: ignore
        "No âmbito do programa",  # mojibake: ignore
        "Un âge d'or",  # mojibake: ignore
        "Brahmâ is the creator of the world",  # mojibake: ignore
        "Arhâ is a language",  # mojibake: ignore
        "the Rajâs palace",  # mojibake: ignore
        "Cysylltwch â ni - Get in touch with us",  # mojibake: ignore
        "I want to go â la carte",  # mojibake: ignore
        "Object instanceâs name formatted for assistive technology access",  # no proof: left  # mojibake: ignore
    ],
)
def test_a_bare_a_circumflex_that_is_a_letter_stays(text: str) -> None:
    assert repair(text) == text


@pytest.mark.parametrize("original", ["It’s a “test” — ok", "don’t", "I’m sure you’re right", "Pages 5–10 of the report"])
def test_a_bare_mark_read_twice_as_latin1(original: str) -> None:
    # read as Latin-1 twice and stripped of C1 controls, ’ is Ã¢ÂÂ: each Â a lead whose C1 went,  # mojibake: ignore
    # which ftfy half-reads (donâÂÂt, an NBSP of each Â before a space)  # mojibake: ignore
    twice = _c1_stripped(original.encode("utf-8").decode("latin-1"))
    assert "Ã¢ÂÂ" in twice  # mojibake: ignore
    assert repair(twice) == original
    assert {f.path for f in detect(twice)} == {"utf-8 as latin-1 (2 layers)"}


def test_another_codecs_mojibake_beside_a_bare_a_circumflex_keeps_repair_idempotent() -> None:
    # windows-1250 shows ✓ (E2 9C 93) as âś“: that â is no bare mark, and once it was one  # mojibake: ignore
    # (a shape of none), the first pass left Itâs and the second repaired it  # mojibake: ignore
    text = "Itâs fine\n" + "Gotowe ✓ – „tak”".encode("utf-8").decode("windows-1250")  # mojibake: ignore
    once = repair(text)
    assert once.startswith("It’s fine\n") and repair(once) == once


def test_a_bare_mark_read_twice_counts_the_bytes_it_lost() -> None:
    (f,) = detect("donÃ¢ÂÂt want")  # mojibake: ignore
    assert f.lost == 2 and f.repair == "’"
    f = detect("Ã¢ÂÂhelloÃ¢ÂÂ and donÃ¢ÂÂt")[0]  # mojibake: ignore
    assert f.repair == "“hello” and don’" and [i.offset for i in f.inferred] == [0, 6, 15]


def test_an_english_line_proves_nothing_of_the_bare_a_circumflex_of_another() -> None:
    # an ISO 639 name (Arhâ) or a Friulian word ending in â, on its own line below English
    # mojibake, is no closing quote; nor is Welsh's â'r (with the) on a line with "at"  # mojibake: ignore
    assert repair("Itâs what I donât want\nArhâ") == "It’s what I don’t want\nArhâ"  # mojibake: ignore
    text = "GWIR os dylid dod â'r ffenestr at sylw'r defnyddiwr."  # mojibake: ignore
    assert repair(text) == text


def test_one_bare_a_circumflex_that_is_a_letter_keeps_the_documents_others() -> None:
    # â inside a word (câmara) says the document writes â as a letter: its other â stay too  # mojibake: ignore
    text = "Itâs here\nVisite a Câmara"  # mojibake: ignore
    assert repair(text) == text


def test_a_stripped_closer_after_cp1252() -> None:
    # cp1252 shows E2 80 as â€; a sanitizer stripped the 9D (a C1 control in sloppy cp1252)  # mojibake: ignore
    assert repair("He said â€œhelloâ€ and left") == "He said “hello” and left"  # mojibake: ignore
    # only ” (9D) and ‐ (90) lose their third byte so, whatever the rules would like there
    assert repair("The â€œlevelâ€ from") == "The “level” from"  # mojibake: ignore


@pytest.mark.parametrize(
    "text",
    ["le château et l’âme", "C’est l’âge d’or", "âge âme", "le mât du bateau", "Pâte à choux", "România și Moldova: în câmp"],
)
def test_real_a_circumflex_is_no_stripped_mark(text: str) -> None:
    assert repair(text) == text


@pytest.mark.parametrize(
    ("name", "codec"),
    [("中文文件名.txt", "gbk"), ("新建文件夹/报告.docx", "gbk"), ("日本語のファイル.txt", "shift_jis"), ("アンリンク", "shift_jis"),
     ("한국어 파일.hwp", "cp949"), ("繁體中文.txt", "big5")],
)
def test_legacy_file_names_shown_as_cp437_are_repaired(name: str, codec: str) -> None:
    # zip tools show names not flagged as UTF-8 in DOS's code page: 中文 is ╓╨╬─  # mojibake: ignore
    shown = name.encode(codec).decode("cp437")
    assert repair(shown) == name
    assert any(f.path.endswith("as cp437") for f in detect(shown))


@pytest.mark.parametrize(
    "real",
    ["╔═══╗\n║ A ║\n╚═══╝", "├── src/\n│   └── main.py", "┌──────┬──────┐\n│ name │ size │\n└──────┴──────┘",
     "x ≥ 5, α = 0.5, µs ± 3°", "Σφάλμα: αδύνατη η ανάγνωση", "░▒▓█ 50% █▓▒░"],
)
def test_box_drawing_and_greek_text_is_not_read_as_cp437_mojibake(real: str) -> None:
    assert repair(real) == real


@pytest.mark.parametrize(
    ("head", "fixed"),
    [("ÖÐÎÄÎÄ¼þÃû.txt", "中文文件名.txt"), ("╓╨╬─╬─╝■├√.txt", "中文文件名.txt")],  # mojibake: ignore
)
@pytest.mark.parametrize(
    "real",
    ["[OPCIÓN…]", "Uso: gresource [--section SECCIÓN] COMANDO", "Éagþyrelcynn", "Centúúm", "abcdefghijk (ıiöüəğçş IİÖÜƏĞÇŞ)"],
)
def test_one_legacy_line_is_no_evidence_for_real_words_beside_it(head: str, fixed: str, real: str) -> None:
    # A page that quotes one line of legacy bytes shown as Latin-1 or cp437 still holds real
    # European text: its short runs glued to letters need evidence on their own line.
    assert repair(f"{head}\n{real}") == f"{fixed}\n{real}"


def test_the_documents_codec_never_puts_another_script_inside_a_latin_word() -> None:
    # KAPCSOLÓ… read as cp1252 bytes of UTF-8 is KAPCSOLӅ (a Cyrillic letter ends the word):  # mojibake: ignore
    # ftfy leaves the line alone, and the cp1252 mojibake of another line is no reason to read it.
    text = "Itâ€™s a â€œtestâ€\nHasználat: pkcheck [KAPCSOLÓ…]"  # mojibake: ignore
    assert repair(text) == "It’s a “test”\nHasználat: pkcheck [KAPCSOLÓ…]"


@pytest.mark.parametrize("text", ["Ăn-đoa-râ»", "«arhâ»", "pwapwâ» x"])
def test_a_guillemet_after_a_circumflex_is_no_stripped_middle_byte(text: str) -> None:
    # â + a Latin-1 char was read as E2 with its middle byte stripped (â¦ for …), so a  # mojibake: ignore
    # Vietnamese or Friulian word's â» became ※ (E2 80 BB); a guillemet closes the word
    assert repair(text) == text


def test_a_c1_control_sloppy_cp1252_has_no_byte_for_never_raises() -> None:
    # \x80 is no char of sloppy cp1252 (its byte 80 is €): the lossy cp1252 path raised on it
    for text in ("â\x80\ufffd", "ã\x80\ufffd®", "x â\x80\x80\ufffd y"):
        assert isinstance(repair(text), str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ÐºÐ¼", "км"), ("1 ÐºÐ¼", "1 км"), ("Ð´Ð°", "да"), ("5 ÐºÐ³", "5 кг")],  # mojibake: ignore
)
def test_utf8_shown_as_cp1252_is_no_legacy_double_byte_text(text, expected):
    # D0 BA D0 BC is GBK's 克劇 too, but bytes that are valid UTF-8 are read as UTF-8 unless the  # mojibake: ignore
    # legacy reading is far more plausible
    assert legacy_as_latin(text) == []
    assert repair(text) == expected


def test_legacy_text_that_is_no_utf8_is_still_read():
    for text in ("ÄãºÃ", "ÖÐÎÄ"):  # 你好, 中文 in GBK: no UTF-8  # mojibake: ignore
        assert repair(text) == text.encode("latin-1").decode("gbk")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("baÄŸ", "bağ"),  # mojibake: ignore
        ("Ameryka Åšrodkowa", "Ameryka Środkowa"),  # mojibake: ignore
        ("wÄ…tki", "wątki"),  # mojibake: ignore
        ("- YidiÅŸ", "- Yidiş"),  # mojibake: ignore
    ],
)
def test_letters_ftfy_leaves_are_read_by_the_model(text, expected):
    assert ftfy.fix_encoding(text) == text  # ftfy's badness reads Ÿ › … š after Ä Å as possibly real
    assert repair(text) == expected
    (f,) = utf8_as_latin(text)
    assert f.path == "utf-8 as windows-1252"


@pytest.mark.parametrize("text", ["ÇŸ", "Åland", "Ãœber is no word here: Ã"])  # mojibake: ignore
def test_the_model_fallback_keeps_to_living_letters_and_strict_utf8(text):
    # ǟ (C7 9F) is no letter a living orthography writes; Åland is real; a stray Ã is no UTF-8
    assert not [f for f in utf8_as_latin(text) if "model" in f.note]
