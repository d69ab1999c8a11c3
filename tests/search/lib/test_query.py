from search.lib.query import MAX_QUERY_CHARS, MAX_TERMS, clean, parse

SYNONYMS = {"低保": ("低保", "最低生活保障"), "最低生活保障": ("最低生活保障", "低保")}


def fake_segment(text):
    """A deterministic stand-in for jieba: two-character words."""
    return [text[i : i + 2] for i in range(0, len(text), 2)]


class TestClean:
    def test_control_characters_become_spaces(self):
        assert clean("教育\x00\x1b[31m局\u200b")[0] == "教育 [31m局"

    def test_long_queries_are_cut_and_flagged(self):
        text, truncated = clean("政" * 5000)
        assert len(text) == MAX_QUERY_CHARS
        assert truncated


class TestParse:
    def test_short_words_are_terms_as_typed(self):
        parsed = parse("教育 民政", segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["教育", "民政"]
        assert parsed.phrases == ()

    def test_long_runs_are_segmented_and_kept_as_a_phrase_for_ranking(self):
        parsed = parse("政务公开", segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["政务", "公开"]
        assert parsed.phrases == ("政务公开",)

    def test_quoted_text_is_one_phrase(self):
        parsed = parse('"政务公开"', segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["政务公开"]

    def test_chinese_quotes_work_too(self):
        parsed = parse("“政务公开”", segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["政务公开"]

    def test_synonyms_become_alternatives(self):
        parsed = parse("低保", segment=fake_segment, synonyms=SYNONYMS)
        assert parsed.terms[0].alternatives == ("低保", "最低生活保障")

    def test_synonym_inside_a_longer_run_is_not_split(self):
        parsed = parse("最低生活保障申请", segment=fake_segment, synonyms=SYNONYMS)
        assert [term.text for term in parsed.terms] == ["最低生活保障", "申请"]
        assert parsed.terms[0].alternatives == ("最低生活保障", "低保")

    def test_traditional_characters_are_simplified(self):
        parsed = parse("醫療", segment=fake_segment)
        assert parsed.terms[0].text == "医疗"

    def test_query_syntax_and_markup_leave_only_words(self):
        assert parse("*:* {} [] ()", segment=fake_segment).is_empty
        parsed = parse('{"query": {"match_all": {}}}', segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["query", "match", "all"]

    def test_number_of_terms_is_bounded(self):
        parsed = parse(" ".join(f"词{chr(0x4E00 + i)}" for i in range(20)), segment=fake_segment)
        assert len(parsed.terms) == MAX_TERMS
        assert parsed.truncated

    def test_words_for_highlighting_are_longest_first(self):
        parsed = parse("政务公开", segment=fake_segment)
        assert parsed.words[0] == "政务公开"


class TestSingleCharacters:
    def test_a_leading_character_joins_the_next_word(self):
        parsed = parse("旧标题", segment=lambda text: ["旧", "标题"])
        assert [term.text for term in parsed.terms] == ["旧标题"]

    def test_a_trailing_character_joins_the_previous_word(self):
        parsed = parse("下载申请表", segment=lambda text: ["下载", "申请", "表"])
        assert [term.text for term in parsed.terms] == ["下载", "申请表"]

    def test_function_words_are_dropped(self):
        parsed = parse("低保的申请", segment=lambda text: ["低保", "的", "申请"])
        assert [term.text for term in parsed.terms] == ["低保", "申请"]

    def test_a_run_of_only_single_characters_stays_whole(self):
        parsed = parse("我的家", segment=lambda text: ["我", "的", "家"])
        assert [term.text for term in parsed.terms] == ["我", "家"]

    def test_single_characters_next_to_longer_terms_are_dropped(self):
        parsed = parse("局 教育 县", segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["教育"]

    def test_at_most_two_single_characters_alone(self):
        parsed = parse("的 是 在 和", segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["的", "是"]
        assert parsed.truncated


class TestCanonical:
    def test_punctuation_emoji_and_operators_leave_the_words(self):
        from search.lib.query import canonical

        for typed in ("(低保", "低保~2", "😀🏛️低保", "低保^3", "“低保”", " 低保！", "低保～２"):
            assert canonical(typed) == "低保", typed

    def test_words_are_simplified_folded_and_spaced_once(self):
        from search.lib.query import canonical

        assert canonical("ＡＢＣ  醫保") == "abc 医保"
        assert canonical("最低生活保障   申请") == "最低生活保障 申请"

    def test_a_range_keeps_both_numbers(self):
        from search.lib.query import canonical

        assert canonical("2023~2024 预算") == "2023 2024 预算"

    def test_nothing_but_symbols_is_empty(self):
        from search.lib.query import canonical

        assert canonical("😀🏛️***()") == ""

    def test_the_parser_ignores_operators_too(self):
        parsed = parse("低保~2", segment=fake_segment)
        assert [term.text for term in parsed.terms] == ["低保"]
