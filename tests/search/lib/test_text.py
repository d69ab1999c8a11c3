from search.lib.text import bigrams, index_terms, normalise, normalise_aligned, runs


class TestIndexTerms:
    def test_chinese_runs_become_overlapping_bigrams_and_a_final_character(self):
        assert index_terms("县政府") == "县政 政府 府"

    def test_single_character_run_is_kept(self):
        assert index_terms("县") == "县"

    def test_punctuation_separates_runs(self):
        assert index_terms("教育局，民政局。") == "教育 育局 局 民政 政局 局"

    def test_latin_and_digits_are_words_lower_cased(self):
        assert index_terms("2024年ＡＢＣ报告") == "2024 年 abc 报告 告"

    def test_html_and_symbols_produce_no_tokens(self):
        assert index_terms('<b>*:* "{}"</b>') == "b b"


class TestNormalise:
    def test_full_width_folds_to_half_width(self):
        assert normalise("ＡＢＣ１２３") == "abc123"

    def test_aligned_normalisation_keeps_positions(self):
        text = "Ａ㈠县"  # ㈠ folds to three characters, so it is kept as it is
        assert len(normalise_aligned(text)) == len(text)
        assert normalise_aligned(text)[0] == "a"

    def test_runs_split_chinese_from_latin(self):
        assert runs("第3季度report") == ["第", "3", "季度", "report"]

    def test_bigrams_end_with_the_last_character(self):
        assert bigrams("政务公开") == ["政务", "务公", "公开", "开"]
