"""Article page tools: font size buttons, print, view count, QR code; body paragraph styles and Word paste."""

import io
import re

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from sitegroup.blocks import RICH_TEXT_FEATURES
from sitegroup.services import pageviews
from tests.builders import make_article

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@pytest.fixture(autouse=True)
def _empty_buffer():
    pageviews.flush()
    yield
    pageviews.flush()


def without_block_keys(html: str) -> str:
    return re.sub(r' data-block-key="[^"]*"', "", html)


def page_path(page) -> str:
    return page.get_url_parts()[2]


def qr_modules(png: bytes, size: int) -> list[list[bool]]:
    """The dark/light modules read back from a QR PNG with a 4-module quiet zone."""
    image = Image.open(io.BytesIO(png)).convert("L")
    scale = image.width // (size + 8)
    return [
        [image.getpixel(((4 + col) * scale + scale // 2, (4 + row) * scale + scale // 2)) < 128 for col in range(size)]
        for row in range(size)
    ]


@pytest.mark.django_db
class TestArticleTools:
    def test_the_page_offers_font_sizes_print_and_qr_without_inline_script(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "字号与打印测试稿件")
        body = client.get(page_path(article), HTTP_HOST="a.localhost").content.decode()
        for label in ("大", "中", "小"):
            assert f'aria-pressed="{"true" if label == "中" else "false"}">{label}</button>' in body
        assert "data-sg-print>打印</button>" in body
        assert "sitegroup/article_tools.js" in body and "sitegroup/print.js" in body
        assert "onclick" not in body and "<script>" not in body
        assert f"/article-qr/{article.pk}.png" in body

    def test_view_count_includes_stored_and_buffered_views_in_one_query(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "浏览次数测试稿件")
        path = page_path(article)
        for _ in range(3):
            client.get(path, HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER)
        pageviews.flush()
        with CaptureQueriesContext(connection) as queries:
            body = client.get(path, HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER).content.decode()
        assert "浏览次数：4" in body  # three stored, this one still in the buffer
        assert len([q for q in queries if "pageviewdaily" in q["sql"].lower()]) == 1

    def test_the_qr_code_encodes_the_article_address(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "二维码测试稿件")
        response = client.get(f"/article-qr/{article.pk}.png", HTTP_HOST="a.localhost")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        expected = segno.make(article.get_full_url(), error="m", micro=False)
        assert "a.localhost" in article.get_full_url()
        size = expected.symbol_size(border=0)[0]
        assert qr_modules(response.content, size) == [[bool(cell) for cell in row] for row in expected.matrix]

    def test_qr_of_another_sites_article_or_a_draft_is_not_found(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "别站稿件")
        draft = make_article(site_group["columns"]["a"], "未发布稿件", publish=False)
        assert client.get(f"/article-qr/{article.pk}.png", HTTP_HOST="b.localhost").status_code == 404
        assert client.get(f"/article-qr/{draft.pk}.png", HTTP_HOST="a.localhost").status_code == 404


@pytest.mark.django_db
class TestBodyEditor:
    def test_paragraph_styles_reach_the_public_page_as_classes(self, client, site_group):
        body = [
            {
                "type": "paragraph",
                "value": '<p class="sg-indent">首行缩进的段落。</p><p class="sg-center">居中的落款</p>',
            }
        ]
        article = make_article(site_group["columns"]["a"], "段落样式测试稿件", body=body)
        page = client.get(page_path(article), HTTP_HOST="a.localhost").content.decode()
        assert '<p class="sg-indent">首行缩进的段落。</p>' in page
        assert '<p class="sg-center">居中的落款</p>' in page

    def test_the_editor_round_trips_paragraph_styles(self):
        converter = ContentstateConverter(RICH_TEXT_FEATURES)
        html = '<p class="sg-indent">第一段</p><p class="sg-center">第二段</p><p>第三段</p>'
        assert without_block_keys(converter.to_database_format(converter.from_database_format(html))) == html

    def test_word_markup_is_cleaned_keeping_paragraphs_bold_and_lists(self):
        word = (
            '<p class="MsoNormal" style="mso-margin-top-alt:auto;text-indent:21.0pt">'
            '<span lang="EN-US" style="font-family:宋体;mso-bidi-font-family:Arial">第一段<b>加粗</b></span>'
            "<o:p></o:p></p>"
            '<ul style="mso-list:l0 level1 lfo1"><li class="MsoListParagraph">列表一</li><li>列表二</li></ul>'
            '<table class="MsoTableGrid"><tr><td>表格内容</td></tr></table>'
        )
        converter = ContentstateConverter(RICH_TEXT_FEATURES)
        cleaned = without_block_keys(converter.to_database_format(converter.from_database_format(word)))
        assert "mso" not in cleaned.lower() and "style=" not in cleaned and "class=" not in cleaned
        assert "<p>第一段<b>加粗</b></p>" in cleaned
        assert "<ul><li>列表一</li><li>列表二</li></ul>" in cleaned
        assert "表格内容" in cleaned  # the table's text is kept; tables go in the 表格 block
