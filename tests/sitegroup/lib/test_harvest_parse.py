"""The pure parsing of 信息抓取: feeds, list pages, article pages, sanitising, body pieces and digests."""

from datetime import datetime, timedelta, timezone

from sitegroup.lib import harvest_parse
from tests.sitegroup.harvest_server import RECORDED

BASE = "http://news.example.gov.cn/ywdt/"
CHINA = timezone(timedelta(hours=8))


class TestFeed:
    def test_entries_with_absolute_links_titles_dates_and_bodies(self):
        entries = harvest_parse.parse_feed((RECORDED / "feed.xml").read_bytes(), BASE + "feed.xml")
        assert [entry.url for entry in entries] == [BASE + "news-1.html", BASE + "news-2.html", BASE + "news-3.html"]
        assert entries[0].title == "全市优化营商环境工作推进会召开"
        assert entries[0].published == datetime(2026, 11, 23, 9, 30, tzinfo=CHINA)
        assert "一网通办" in entries[0].body_html

    def test_garbage_is_a_parse_error(self):
        try:
            harvest_parse.parse_feed(b"<html><body>not a feed", BASE)
        except harvest_parse.ParseError as error:
            assert "订阅源" in str(error)
        else:
            raise AssertionError("expected ParseError")


class TestListAndArticle:
    def test_links_from_the_selected_list_only_http_and_once(self):
        html = (RECORDED / "index.html").read_bytes()
        links = harvest_parse.extract_links(html + b'<a href="news-1.html#top">dup</a>', BASE, "ul.news-list a")
        names = ["news-1.html", "news-2.html", "news-2-reprint.html", "news-3.html"]
        assert links == [BASE + name for name in names]

    def test_article_title_date_and_body_by_selectors(self):
        entry = harvest_parse.parse_article(
            (RECORDED / "news-3.html").read_bytes(),
            BASE + "news-3.html",
            title_selector="h1.article-title",
            date_selector=".pubdate",
            body_selector="div.article-body",
        )
        assert entry.title == "我市新增12项高频政务服务事项实现“跨省通办”"
        assert entry.published == datetime(2026, 11, 18, 10, 15, tzinfo=CHINA)
        assert "跨省通办" in entry.body_html and "分享到" not in entry.body_html

    def test_bad_selector_is_reported_in_chinese(self):
        try:
            harvest_parse.extract_links(b"<p>x</p>", BASE, "ul[[")
        except harvest_parse.ParseError as error:
            assert "选择器" in str(error)
        else:
            raise AssertionError("expected ParseError")

    def test_chinese_dates(self):
        assert harvest_parse.parse_date("发布时间：2026年1月5日") == datetime(2026, 1, 5, tzinfo=CHINA)
        assert harvest_parse.parse_date("2026/12/01 08:05") == datetime(2026, 12, 1, 8, 5, tzinfo=CHINA)
        assert harvest_parse.parse_date("无日期") is None


class TestSanitise:
    def test_scripts_handlers_and_foreign_schemes_go_links_become_absolute(self):
        html = harvest_parse.sanitise(
            '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">坏</a>'
            '<a href="../b.html">好</a><img src="img/a.png" alt="图" onerror="x"></p>'
            '<style>p{}</style><iframe src="x">',
            BASE + "news-1.html",
        )
        assert "script" not in html and "onclick" not in html and "onerror" not in html and "javascript" not in html
        assert "iframe" not in html and "p{}" not in html
        assert 'href="http://news.example.gov.cn/b.html"' in html
        assert 'src="http://news.example.gov.cn/ywdt/img/a.png"' in html

    def test_body_is_cut_at_images(self):
        pieces = harvest_parse.split_body('<p>前文<img src="http://x.cn/a.png" alt="甲">后文</p><p>再一段</p>')
        assert [(piece.kind, piece.html or piece.src) for piece in pieces] == [
            ("html", "<p>前文</p>"),
            ("image", "http://x.cn/a.png"),
            ("html", "<p>后文</p><p>再一段</p>"),
        ]
        assert pieces[1].alt == "甲"


class TestDigest:
    def test_same_text_in_other_markup_and_spacing_has_the_same_digest(self):
        one = harvest_parse.content_digest("标题", "<p>会议强调，要压紧压实责任。</p>")
        assert one == harvest_parse.content_digest(" 标题 ", "<div><p>会议强调 要压紧压实责任</p></div>")
        assert one != harvest_parse.content_digest("标题", "<p>会议强调，要压紧压实安全责任。</p>")
