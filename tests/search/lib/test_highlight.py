from search.lib.highlight import highlight, snippet, spans


class TestHighlight:
    def test_matches_are_marked(self):
        assert highlight("推进政务公开工作", ["政务公开"]) == "推进<mark>政务公开</mark>工作"

    def test_markup_in_the_text_is_escaped(self):
        html = highlight("<script>alert('政务')</script>", ["政务"])
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "<mark>政务</mark>" in html

    def test_overlapping_words_merge_into_one_mark(self):
        assert highlight("政务公开", ["政务", "务公开"]) == "<mark>政务公开</mark>"

    def test_full_width_text_matches_half_width_words(self):
        assert spans("ＡＢＣ公司", ["abc"]) == [(0, 3)]


class TestSnippet:
    def test_window_is_around_the_first_match(self):
        text = "甲" * 300 + "最低生活保障" + "乙" * 300
        html = snippet(text, ["最低生活保障"], length=60)
        assert "<mark>最低生活保障</mark>" in html
        assert html.startswith("…") and html.endswith("…")

    def test_no_match_gives_the_beginning(self):
        assert snippet("一二三四五", ["六"], length=3) == "一二三…"
