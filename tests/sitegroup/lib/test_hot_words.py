from sitegroup.lib.hot_words import HotWordLinker


def link(html, words):
    return HotWordLinker(words).apply(html)


def test_longest_match_wins_and_shorter_words_link_elsewhere():
    out = link("<p>政务公开标准化，政务服务。</p>", [("政务", "/a"), ("政务公开", "/b")])
    assert '<a class="hot-word" href="/b">政务公开</a>' in out
    assert '<a class="hot-word" href="/a">政务</a>服务' in out


def test_only_the_first_occurrence_of_each_word_is_linked():
    out = link("<p>乡村振兴，乡村振兴，乡村振兴</p>", [("乡村振兴", "/x")])
    assert out.count("hot-word") == 1
    assert out.startswith('<p><a class="hot-word" href="/x">乡村振兴</a>，乡村振兴')


def test_never_inside_links_headings_code_scripts_or_attributes():
    html = (
        '<h2>乡村振兴</h2><a href="/y">乡村振兴</a><code>乡村振兴</code><script>var a="乡村振兴"</script>'
        '<p title="乡村振兴"><img alt="乡村振兴">正文乡村振兴</p>'
    )
    out = link(html, [("乡村振兴", "/x")])
    assert out.count("hot-word") == 1
    assert out.endswith('<img alt="乡村振兴">正文<a class="hot-word" href="/x">乡村振兴</a></p>')
    assert '<h2>乡村振兴</h2><a href="/y">乡村振兴</a><code>乡村振兴</code><script>var a="乡村振兴"</script>' in out


def test_first_occurrence_skipped_inside_a_heading_links_the_next_one():
    out = link("<h3>营商环境</h3><p>优化营商环境</p>", [("营商环境", "/x")])
    assert out == '<h3>营商环境</h3><p>优化<a class="hot-word" href="/x">营商环境</a></p>'


def test_no_match_across_elements_or_separators():
    out = link("<p>政务</p><p>公开</p><p>政 务公开</p>", [("政务公开", "/x")])
    assert "hot-word" not in out


def test_urls_and_text_are_escaped_and_entities_survive():
    out = link("<p>A&amp;B 教育局</p>", [("教育局", '/s?a=1&b="2"')])
    assert 'href="/s?a=1&amp;b=&quot;2&quot;"' in out
    assert out.startswith("<p>A&amp;B ")


def test_nothing_to_link_returns_the_fragment_unchanged():
    html = "<p>没有热字</p>"
    assert link(html, [("乡村振兴", "/x")]) is html
    assert link(html, []) is html
