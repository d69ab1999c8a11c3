"""The sensitive-word engine alone: normalisation, evasion, positions, masking, levels."""

import pytest

from sitegroup.lib.wordfilter import Level, WordFilter, mask, normalise


@pytest.fixture(scope="module")
def word_filter():
    return WordFilter([("法轮功", Level.BLOCK), ("flg", Level.REVIEW), ("赌博", Level.MASK), ("代开发票", Level.BLOCK)])


class TestNormalise:
    def test_full_width_and_case_become_half_width_lower_case(self):
        assert normalise("ＦＬＧ Abc１２３") == "flgabc123"

    def test_traditional_characters_become_simplified(self):
        assert normalise("法輪功") == "法轮功"

    def test_separators_symbols_and_emoji_are_dropped(self):
        assert normalise("法 ·輪\u200b😀功！") == "法轮功"


class TestScan:
    @pytest.mark.parametrize(
        "text",
        [
            "法轮功",
            "法 轮 功",
            "法·輪·功",
            "法😀轮😀功",
            "法\u200b轮\ufe0f功",
            "法-轮_功",
            "法\n轮\t功",
            "《法》轮【功】",
        ],
    )
    def test_evasions_are_found(self, word_filter, text):
        result = word_filter.scan(f"他说{text}怎样")
        assert [match.word for match in result.matches] == ["法轮功"]
        assert result.is_blocked

    def test_positions_point_into_the_original_text(self, word_filter):
        text = "网上 赌😀博网站和ＦＬＧ"
        result = word_filter.scan(text)
        spans = {match.word: text[match.start : match.end] for match in result.matches}
        assert spans == {"赌博": "赌😀博", "flg": "ＦＬＧ"}

    def test_masked_text_keeps_everything_else(self, word_filter):
        result = word_filter.scan("请勿参与赌博活动")
        assert result.masked_text == "请勿参与**活动"

    def test_highest_level_decides(self, word_filter):
        assert word_filter.scan("赌博和flg").needs_review
        assert word_filter.scan("赌博和代开发票").is_blocked
        assert word_filter.scan("只有赌博").level is Level.MASK

    def test_clean_text_has_no_matches(self, word_filter):
        result = word_filter.scan("全面推进政务公开标准化规范化工作")
        assert result.is_clean and result.masked_text == "全面推进政务公开标准化规范化工作" and result.level is None

    def test_overlapping_words_are_all_reported(self):
        result = WordFilter([("开发", Level.MASK), ("代开发票", Level.BLOCK)]).scan("可代开发票")
        assert {match.word for match in result.matches} == {"开发", "代开发票"}
        assert result.masked_text == "可****"

    def test_words_listed_in_traditional_or_full_width_still_match(self):
        result = WordFilter([("賭博", Level.MASK), ("ＡＢＣ", Level.MASK)]).scan("赌博abc")
        assert len(result.matches) == 2

    def test_empty_list_and_empty_text(self):
        assert WordFilter([]).scan("法轮功").is_clean
        assert WordFilter([("法轮功", Level.BLOCK)]).scan("").is_clean

    def test_punctuation_only_words_are_ignored(self):
        assert WordFilter([("！！", Level.BLOCK)]).size == 0


def test_mask_merges_overlaps():
    from sitegroup.lib.wordfilter import Match

    matches = [Match("ab", Level.MASK, 1, 3, "bc"), Match("cd", Level.MASK, 2, 5, "cde")]
    assert mask("abcdef", matches) == "a****f"
