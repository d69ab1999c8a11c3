"""Visible text of rich text, and masking spans of it without touching the markup."""

from sitegroup.lib.html_text import mask_spans, visible_text


class TestVisibleText:
    def test_tags_dropped_entities_decoded(self):
        assert visible_text('<p>本店<b>可</b>&amp;<a href="/x?a=1&amp;b=2">代开</a>发票</p>') == "本店可&代开发票"

    def test_empty(self):
        assert visible_text("") == ""


class TestMaskSpans:
    def test_a_word_split_by_inline_markup_is_masked_across_the_tags(self):
        html = '<p>本店可代<b class="x">开</b>发票，欢迎。</p>'
        text = visible_text(html)
        start = text.index("代")
        assert mask_spans(html, [(start, start + 4)]) == '<p>本店可＊<b class="x">＊</b>＊＊，欢迎。</p>'

    def test_attributes_and_links_are_never_changed(self):
        html = '<p><a href="/赌博/">赌博</a>&lt;注意&gt;</p>'
        text = visible_text(html)
        assert text == "赌博<注意>"
        assert mask_spans(html, [(0, 2)]) == '<p><a href="/赌博/">＊＊</a>&lt;注意&gt;</p>'

    def test_masked_text_is_escaped_and_untouched_text_keeps_its_entities(self):
        html = "<p>a&lt;b 赌博</p><p>&nbsp;x</p>"
        text = visible_text(html)
        start = text.index("赌")
        assert mask_spans(html, [(start, start + 2)]) == "<p>a&lt;b ＊＊</p><p>&nbsp;x</p>"

    def test_no_spans_returns_the_same_html(self):
        assert mask_spans("<p>x</p>", []) == "<p>x</p>"
