"""Completions for lost bytes and the typographic rules that choose among them."""

import mojibake
from mojibake.codecs import UNKNOWN, droppable_before
from mojibake.infer import (
    Conventions,
    completions,
    conventions,
    currency_guess,
    eaten_char,
    expected_closer,
    number_place,
    number_sign_guess,
    punctuation_guess,
)

PUNCT = completions((0xE2, 0x80, UNKNOWN))


def test_completions_of_lost_third_byte_are_general_punctuation():
    assert "”" in PUNCT and "’" in PUNCT and "—" in PUNCT and "…" in PUNCT
    assert all("\u2000" <= c <= "\u203f" for c in PUNCT)
    # zero-width and bidi controls are never proposed
    assert "\u200b" not in PUNCT and "\u202e" not in PUNCT


def test_completions_respect_what_the_decoder_could_drop():
    # 中 = E4 B8 AD; AD followed by E6 is an invalid (user-defined) GBK pair, so AD could be dropped.
    cands = completions((0xE4, 0xB8, UNKNOWN), (None, None, droppable_before(0xE6)))
    assert "中" in cands and len(cands) == 7  # AA-AF, and 0x80 (never a GBK lead)


def test_completions_unknown_lead():
    cands = completions((UNKNOWN, 0x96, 0x87))
    assert "文" in cands


def test_suzhou_numerals_and_tone_marks_are_no_completions() -> None:
    # E3 80 + lost bytes: the ideographic space, never 〢 or 〪 (GBK rejects A1-AF + 80 like 80)
    cands = completions((0xE3, UNKNOWN, UNKNOWN))
    assert "\u3000" in cands and "、" in cands
    assert not any("\u3021" <= c <= "\u302f" or "\u3038" <= c <= "\u303a" for c in cands)
    for broken in ("第一章\u3000总则\n第一条\u3000为了规范管理。\n", "第1章\u3000概要"):
        for errors in ("replace", "ignore"):
            assert mojibake.repair(broken.encode("utf-8").decode("gbk", errors)) == broken


def test_completions_refuse_impossible_patterns():
    assert completions((0xE2, 0x41)) == ()


def test_expected_closer_pairs_quotes():
    conv = Conventions()
    assert expected_closer("He said “it was the level", conv) == "”"
    assert expected_closer("He said “it” and the level", conv) is None
    assert expected_closer("“Open\n\nnew paragraph, then", conv) is None
    assert expected_closer("a “b ‘c", conv) == "’"


def test_expected_closer_german():
    conv = conventions("„Ja“, sagte er. „Nein")
    assert conv.german
    assert expected_closer("„Ja“, sagte er. „Nein", conv) == "“"


def test_expected_closer_skips_apostrophes_inside_words():
    assert expected_closer("she called it ‘the dog’s bowl", Conventions()) == "’"
    assert expected_closer("it was ‘fine’ and the dog", Conventions()) is None


def _best(before, after, conv=Conventions()):
    return punctuation_guess(PUNCT, before, after, conv)[0][0]


def test_closing_quote_when_open_is_pending():
    assert _best("the “level", " emanating from") == "”"
    assert _best("at “least,", " says") == "”"


def test_closer_of_a_quote_opened_out_of_sight_mid_sentence() -> None:
    # no opener in reach, a lowercase word after: the quoted word's closer, not an ellipsis
    assert _best("the level", " from the") == "”"
    assert mojibake.repair("level鈥 from") == "level” from"  # mojibake: ignore
    # not when the document writes ellipses, when a closer stands just before, or before a capital
    assert _best("the level", " from the", conventions("wait… what… no")) == "…"
    assert _best("“a” b” the level", " from the") == "…"
    assert _best("Completing", " Connect") == "…"
    assert _best("Loading", " please wait") == "…"  # a progress message's ellipsis
    # nor when the line's start is in sight and begins a sentence: its opener would show
    assert _best("Wait", " what?") == "…"
    assert mojibake.repair("Wait鈥� what?") == "Wait… what?"  # mojibake: ignore
    assert _best("x" * 700 + " the level", " from the") == "”"  # the line's start out of sight


def test_a_mark_lost_whole_inside_a_word() -> None:
    # (a sanitizer stripped its byte; under GBK the letter after it would have been swallowed)
    assert _best("it", "s fine") == "’" and _best("we", "ll see") == "’"
    assert _best("l", "âge d’or") == "’"  # a French elision
    assert _best("which", "as they say") == "—"


def test_apostrophe_of_rock_n_roll() -> None:
    assert _best("Rock ’n", " roll") == "’"
    assert mojibake.repair("Rock 鈥檔鈥 roll") == "Rock ’n’ roll"  # mojibake: ignore


def test_apostrophe_after_plural_s():
    assert _best("Belarus", " army") == "’"


def test_apostrophes_inside_words_say_nothing_of_a_lost_mark_after_a_word() -> None:
    # don’t is intact in the document; a word-final ’ (goin’, Belarus’) is what would make a
    # lost mark before a space an apostrophe, and there is none: keep going… is an ellipsis.
    conv = conventions("Don’t stop, it’s fine")
    assert conv.apostrophe == 0
    assert conventions("the Joneses’ car, Belarus’").apostrophe == 2
    assert _best("keep going", " “Never” give up.", conv) == "…"
    text = "Don’t stop—keep going… “Never” give up."
    for errors in ("replace", "ignore"):
        assert mojibake.repair(text.encode("utf-8").decode("gbk", errors)) == text


def test_a_mark_right_after_a_block_tag_starts_a_line() -> None:
    # <li>• item: the bullet rule reads the tag as the line start it renders as.
    assert _best("<ul>\n<li>", " first item") == "•"
    assert _best("Note: <b>", " first item") != "•"  # an inline tag is no line start
    text = "<li>• 第一项</li>\n<li>• 第二项</li>"
    for errors in ("replace", "ignore"):
        assert mojibake.repair(text.encode("utf-8").decode("gbk", errors)) == text


def test_inline_tags_are_read_through_and_a_block_tag_ends_the_line() -> None:
    # The rules read the char beyond an inline tag (fine</b>… is a word's ellipsis, not a
    # closing quote after ">"), and a block tag after the mark as a line end.
    assert _best("it is <b>fine</b>", "\nok") == "…"
    assert _best("it is fine", "</p>") == "…"
    for text in ("<p>“Hello,” she said — it’s <b>fine</b>…</p>", "see <a href='x'>“here”</a> now"):
        for errors in ("replace", "ignore"):
            assert mojibake.repair(text.encode("utf-8").decode("gbk", errors)) == text


def test_dash_between_spaces_follows_document():
    assert _best("word ", " word") == "—"
    assert _best("word ", " word", Conventions(en_dash=3)) == "–"


def test_en_dash_in_number_range():
    assert _best("pages 10", "20") == "–"


def test_opening_quote_before_digit_and_decade_apostrophe():
    assert _best("the ", "1984” book") == "“"
    assert _best("the ", "90s were") == "’"


def test_bullet_at_line_start():
    assert _best("list:\n", " item") == "•"


def test_german_closing_quote():
    assert _best("„Ja", ", sagte er", conventions("„Ja")) == "“"


def test_opening_quote_before_placeholder_follows_document():
    assert _best("option ", "%s’ is") == "“"
    assert _best("option ", "%s is", conventions("x ‘a’ and ‘b’")) == "‘"


def test_ellipsis_at_line_end():
    assert _best("installing updates", "") == "…"
    assert _best("installing updates", "\nnext") == "…"


def test_no_rule_for_non_punctuation_candidates():
    assert punctuation_guess(["中", "个"], "x", "y", Conventions()) is None


def test_closer_after_bracket_before_space():
    assert _best("the token ‘{", " is not") == "’"


def test_ellipsis_before_closing_bracket():
    assert _best("lib, bin, python3, ", ") and item") == "…"


def test_quoted_closing_paren_is_opened_not_an_ellipsis():
    assert _best("warning: ", ")鈥 found where") == "“"


def test_closer_after_bracket_when_quote_open():
    assert _best("to match the opening ‘[", ".") == "’"


def test_line_habit_beats_document_majority():
    conv = conventions("“a” “b” “c”")
    assert _best("can't open ", "%s’ or ‘%s’", conv) == "‘"
    # a later, still-unrepaired site on the same line counts too (鈥榅 is ‘X)
    assert _best("open ", "%s and 鈥榅’", conv) == "‘"  # mojibake: ignore


def test_inline_list_item_gets_a_bullet():
    assert _best("The values are ", " none: no tracking") == "•"
    assert _best("word ", " word and more") == "—"


def test_cjk_prose_pairs_quotes_and_has_no_apostrophes():
    # Chinese catalogs write 选项“%s”: after a Han char an opener, then its closer.
    assert _best("未知的处理选项", "%s") == "“"
    assert _best("未知的处理选项“%s", "。") == "”"
    # A line that closes with ’ opens with ‘ too.
    assert _best("使用选项", "%s’来解密") == "‘"


def test_cjk_prose_mark_after_a_non_cjk_char():
    cjk = Conventions(ellipsis=5, cjk=True)
    # A closer ahead on the line with no opener between: the lost mark opens it.
    assert _best("冲突的 conffile", "%s鈥濆瓨鍦", cjk) == "“"  # mojibake: ignore
    assert _best("连字符（", "-”）。", cjk) == "“"
    # Another lost mark ahead pairs with this one; the quote it opened closes.
    assert _best("无效的用户 ID", "%s鈥�\n", cjk) == "“"  # mojibake: ignore
    assert _best("无效的用户 ID“%s", "\n", cjk) == "”"
    # Nothing to close, before a space or the line's end: an ellipsis (usage lines).
    assert _best("用法：ldd [选项]", " 文件…", cjk) == "…"
    # The same contexts in a document with no CJK repairs keep the Latin rules.
    latin = Conventions(ellipsis=5)
    assert _best("用法：ldd [选项]", " 文件…", latin) != "…"
    assert _best("at the keyring ", "%s鈥�", latin) == "“"  # mojibake: ignore
    # In errors="ignore" text a lost mark ahead shows as 鈥 right before an ASCII char.
    assert _best("无效的用户 ID", "%s鈥\n", cjk) == "“"  # mojibake: ignore


def test_cjk_document_english_line_keeps_the_latin_rules() -> None:
    cjk = Conventions(ellipsis=1, open_double=1, cjk=True)
    # A dash between spaces, even with a quote open: unrepaired 鈥︹ ahead is no CJK text.  # mojibake: ignore
    assert _best("said: “We’re excited ", " this is just the beginning鈥︹��</p>", cjk) == "—"  # mojibake: ignore
    # A CJK line too: nothing closes between spaces.
    assert _best("他说“我们 ", " 你们", cjk) == "—"
    # A mark after a Han char right before a closing ASCII quote opens nothing: 加载中…"
    assert _best('var msg = "加载中', '"; console.log', cjk) == "…"


# --- the ASCII char a Java-style "?" ate -----------------------------------------------------


def top(ranked: tuple[tuple[str, float], ...]) -> str | None:
    """The most probable eaten char, or None when none is inferred."""
    return ranked[0][0] if ranked else None


def test_eaten_quote_that_the_line_leaves_open() -> None:
    assert top(eaten_char("msg = '资源未找到", ",", False, None)) == "'"
    assert top(eaten_char('println("资源未找到', ");", False, None)) == '"'
    # the rest of the line closes the quote itself: nothing was eaten
    assert top(eaten_char('println("资源未找到', '");', False, None)) is None
    assert top(eaten_char('println("资源未找到', ' ok");', False, None)) is None
    # the next quote on the line opens another string (after a separator, perhaps a prefix)
    assert top(eaten_char("[u'这个', u'很", ", u'赞']", False, None)) == "'"
    assert top(eaten_char("f('资源未找到", ", 'x')", False, None)) == "'"
    # apostrophes inside words are no quotes; a quote before a letter is no closing quote
    assert top(eaten_char("it's 资源未找到", ", ok", False, None)) is None
    assert top(eaten_char('content="The second one 中文', "is even", False, None)) != '"'


def test_eaten_quote_of_a_docstring_closing() -> None:
    assert top(eaten_char('    """汉字拼音转换工具', '""', False, None)) == '"'
    # all three closing quotes are there: nothing was eaten
    assert top(eaten_char('    """汉字拼音转换工具', '"""', False, None)) is None
    # an opening triple quote is no open single quote
    assert top(eaten_char('    """代替原来的', "``v``", False, None)) is None


def test_eaten_line_feed_of_a_comment_followed_by_code() -> None:
    assert top(eaten_char("// 直接访问检查", "if (x) {", False, None)) == "\n"
    assert top(eaten_char("x = 1; // 直接访问检查", "y = 2;", False, None)) == "\n"
    assert top(eaten_char("# 单字拼音库", "PINYIN_DICT = pinyin_dict.pinyin_dict", False, None)) == "\n"
    # prose after the comment: no line feed (a space, decided by the document, see below)
    assert top(eaten_char("# (Use gpg 直接", "to restore them)", False, None)) is None


def test_eaten_line_feed_before_a_line_indented_like_this_one() -> None:
    assert top(eaten_char("    # 向后兼容", "    _improve_tone3,", False, None)) == "\n"
    assert top(eaten_char("        :param mode: 直接转化", "        :return: 数字", False, None)) == "\n"
    # different indentation (aligned columns of an option table) is no new line
    assert top(eaten_char("  --save-cookies=檔案", "         階段", False, None)) is None


def test_eaten_cr_in_a_crlf_file_and_tag_opener() -> None:
    assert top(eaten_char("// 资源未找到", "\n", True, None)) == "\r"
    assert top(eaten_char("// 资源未找到", "\n", False, None)) is None
    assert top(eaten_char("<p>资源未找到", "/p>", False, None)) == "<"
    assert top(eaten_char("expressed as “", 'Alt>” or', False, None)) == "<"
    assert top(eaten_char("资源", "!-- comment -->", False, None)) == "<"


def test_eaten_line_feed_before_a_markdown_block_start() -> None:
    assert top(eaten_char("ta v0.13.0 的词语拼音数据。", "* **[Improved]** 改进", False, None)) == "\n"
    assert top(eaten_char("### 3.3 句子转化", "> 试验性功能", False, None)) == "\n"
    # a regex alternation in code is no table row
    assert top(eaten_char('    "文', '|克|千克"', False, None)) is None


def test_eaten_char_from_the_documents_habits() -> None:
    lists = "Open\nSave As\nCompleting…\nFolders\nInput\nPlaces\n" * 5
    prose = "This is the users’ Guide. Read it, then go on. And a Title Here. " * 5
    # before a letter: the document's own choice between a space and a line feed
    assert top(eaten_char("Completing…", "Folders", False, lists)) == "\n"
    assert top(eaten_char("the users’", "Guide", False, prose)) == " "
    # before a space and a lower-case letter in prose: the comma it puts there most
    assert top(eaten_char("the users’", " then go", False, prose)) == ","
    # no evidence of an eating decoder: nothing is inferred before a non-letter
    assert top(eaten_char("the users’", " then go", False, None)) is None
    # before a space, a space is never guessed (double spaces are alignment)
    assert all(c != " " for c, _ in eaten_char("x", " y", False, "a  b  c  d  e  f"))


def test_eaten_char_probabilities_are_ranked_and_bounded() -> None:
    for ranked in (
        eaten_char("Completing…", "Folders", False, "a\nB\nC d"),
        eaten_char("msg = '资源", ",", False, None),
        eaten_char("the users’", " then go", False, "x, y, z, w. v"),
    ):
        probs = [p for _, p in ranked]
        assert probs == sorted(probs, reverse=True) and all(0 < p <= 1 for p in probs), ranked


def test_a_closing_quote_before_a_cjk_char_is_no_apostrophe() -> None:
    # ’ between letters is an apostrophe (don’t), but CJK text has none: ’不 closes ‘%s  # mojibake: ignore
    conv = conventions("")
    assert expected_closer("选项 “%s”‘%s’不是一个密钥：无法打开", conv) is None  # mojibake: ignore
    assert expected_closer("He said ‘don’t", conv) == "’"
    broken = "选项 “%s”‘%s’不是一个密钥：无法打开‘%s’：%s更改".encode().decode("gbk", "replace")  # mojibake: ignore
    assert mojibake.repair(broken) == "选项 “%s”‘%s’不是一个密钥：无法打开‘%s’：%s更改"  # mojibake: ignore


def test_an_eaten_line_feed_after_a_comment_behind_code_before_a_python_block() -> None:
    # `for ...:  # 不测了?        if year <= 2024:` - the comment follows code, the next line  # mojibake: ignore
    # is a Python block header (no parenthesis), indented deeper than this one
    line = "    for year in range(2007, 2025):  # 06年数据少，不测了"  # mojibake: ignore
    assert eaten_char(line, "        if year <= 2024:\n", False, None)[0][0] == "\n"
    assert eaten_char("    # 说明", "        return x\n", False, None)[0][0] == "\n"  # mojibake: ignore
    # prose after a comment stays prose: no line feed is made up
    assert eaten_char("x = 1  # 如果", " if you want to\n", False, None) == ()  # mojibake: ignore


def test_an_eaten_percent_before_a_lone_conversion_letter() -> None:
    # “%s” through a Java-style GBK decoder: E2 80 + (9C, 25) -> 鈥?s: the ? ate the %. A page
    # that writes %s elsewhere says so; a lone "s" after a space is rare in prose.
    sample = "Cannot open %s: %s\nUnable to resolve 鈥?s鈥? Error reading 鈥?s鈥? %s\n"  # mojibake: ignore
    assert top(eaten_char("Unable to resolve ", "s鈥? Error", False, sample)) == "%"  # mojibake: ignore
    # No printf conversion anywhere in the page: the usual space before a word, but no prose
    # writes a lone s or d, while %s and %d fill every message catalog.
    plain = "It was 鈥?so鈥? good. We said 鈥?yes鈥?\n"  # mojibake: ignore
    assert top(eaten_char("It was ", "so鈥? good", False, plain)) == " "  # mojibake: ignore
    assert top(eaten_char("Unable to resolve ", "s鈥? Error", False, plain)) == "%"  # mojibake: ignore
    assert top(eaten_char("We said ", "e鈥? Error", False, plain)) == " "  # mojibake: ignore



def test_a_lost_letterlike_sign_after_a_number_reads_as_a_temperature() -> None:
    signs = completions((0xE2, 0x84, UNKNOWN))  # E2 84 xx: ℀ ... ℃ ... ℉ ... ™ ... Ω
    for before in ("25", "25 ", "温度：３０"):
        guess = number_sign_guess(signs, before, "")
        assert guess is not None and guess[0][0] == "℃" and guess[0][1] > 0.7 and "™" in dict(guess)
    assert number_sign_guess(signs, "Company", " ") is None  # no number before it: the model's
    assert number_sign_guess(("™", "№"), "25", "") is None  # no ℃ among the candidates
    euro = completions((0xE2, UNKNOWN, 0xAC))  # currency signs first, as before
    assert number_sign_guess(euro, "5 ", "") == currency_guess(euro, "5 ", "")


def test_signs_where_numbers_put_them() -> None:
    assert number_place("×", "30cm", "20cm") and number_place("×", "1920 ", " 1080") and number_place("×", "3", "5")
    assert not number_place("×", "the ", " sign") and not number_place("×", "3", " cards")
    assert number_place("²", "100m", "") and number_place("³", "5 cm", "。") and not number_place("²", "m", "")
    assert not number_place("³", "5 cm", "菜")  # 鲁菜: a word goes on  (mojibake: ignore)
    assert number_place("µ", "10", "s ") and not number_place("µ", "", "s ")
    # ± ½ ¼ ¾ are GBK's 卤 陆 录 戮, which real text writes beside numbers (卤1小时, 第7戮)  (mojibake: ignore)
    assert not number_place("±", "", "1小时") and not number_place("½", "1", " cup")
    assert not number_place("漏", "1", "2")  # a char of no sign: nothing to say


def test_a_lost_char_beside_a_number_reads_as_a_currency_sign() -> None:
    euro = completions((0xE2, UNKNOWN, 0xAC))  # € with its middle byte stripped (5 â¬)  # mojibake: ignore
    yen = completions((0xC2, UNKNOWN))  # ¥ = C2 A5, its last byte lost before a digit
    for before, after in (("5 ", " per day"), ("", "20 only"), ("Total: ", " 5")):
        guess = currency_guess(euro, before, after)
        assert guess is not None and guess[0][0] == "€" and guess[0][1] > 0.9
    guess = currency_guess(euro, "20", " le kilo")  # 20€ le kilo: right after the number
    assert guess is not None and guess[0][0] == "€"
    # no number beside it, or Latin-1 candidates (± § ° ½ stand beside numbers as ¥ and £ do)
    assert currency_guess(euro, "the ", " sign") is None
    assert currency_guess(yen, "价格：", "100") is None and currency_guess(yen, "温度25", "C") is None
    # no candidate is a currency sign: nothing to say
    assert currency_guess(("♪", "♫"), "5 ", "") is None
