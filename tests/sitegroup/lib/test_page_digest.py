"""网页防篡改 digests: what changes them and what does not."""

from sitegroup.lib.page_digest import content_of, digest

PAGE = """<html><head><title>通知</title></head><body><nav><a href="/">首页</a></nav>
<main><article><h1>关于开展安全生产检查的通知</h1><p>各乡镇：为做好安全生产工作，现通知如下。</p>
<img src="/a.png" alt="现场"></article><aside>最新文章：{latest}</aside></main>
<footer>主办单位</footer></body></html>"""


def page(article_body="为做好安全生产工作，现通知如下。", latest="A", extra=""):
    return PAGE.replace("为做好安全生产工作，现通知如下。", article_body + extra).format(latest=latest)


def test_same_content_same_digest_even_when_the_rest_of_the_page_changes():
    assert digest(page()) == digest(page(latest="新发布的文章"))


def test_changed_sentence_changes_the_digest():
    assert digest(page()) != digest(page(article_body="本网站已被入侵。"))


def test_a_hot_word_link_does_not_change_the_digest():
    linked = page(article_body='为做好<a href="/topics/safety/">安全生产</a>工作，现通知如下。')
    assert digest(page()) == digest(linked)


def test_an_injected_script_or_frame_changes_the_digest():
    assert digest(page()) != digest(page(extra='<script src="https://evil.example/x.js"></script>'))
    assert digest(page()) != digest(page(extra='<iframe src="https://evil.example/"></iframe>'))


def test_content_is_the_article_text():
    assert content_of(page()).startswith("关于开展安全生产检查的通知各乡镇：")
    assert "最新文章" not in content_of(page()) and "主办单位" not in content_of(page())


def test_page_without_article_uses_body():
    assert "你好" in content_of("<html><body><p>你好</p></body></html>")


def test_template_layout_white_space_does_not_count():
    assert digest(page()) == digest(page().replace("<p>", "\n    <p>"))
