"""The editor's day: an article with only a Chinese title saves at the first try (pinyin URL), with an
image and an attachment, and is submitted; the admin search finds it by a word inside its title; the
admin speaks Chinese; the disclosure topic is chosen by typing; statistics name people and keep their
chart labels apart.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitegroup.lib.slugs import slug_from_text
from tests.journeys.pages import login, shot

pytestmark = pytest.mark.journey

NUMERALS = "零一二三四五六七八九"

# Visible text that must never appear in the admin an editor uses (finding 13).
ENGLISH_LEFTOVERS = (
    "Search all pages",
    "Privacy and access",
    "Schedule to publish",
    "Locked by workflow",
    "NoneNone",
    "Editors",
    "Moderators",
)
ALLOWED_LATIN = re.compile(
    r"\b(Wagtail|Ctrl|Shift|Alt|Esc|CSV|PDF|DOCX|XLSX|WPS|OFD|API|URL|GMT|[A-Z]{1,3})\b|\.(pdf|docx?|xlsx?|png|jpe?g)\b"
)
VISIBLE_LATIN_WORDS = """() => {
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest('script,style,template,.w-sr-only') || !element.checkVisibility()) continue;
    const text = walker.currentNode.textContent.trim();
    if (/[A-Za-z]{3,}/.test(text)) found.add(text.slice(0, 80));
  }
  document.querySelectorAll('input[placeholder],textarea[placeholder]').forEach((input) => {
    if (input.checkVisibility() && /[A-Za-z]{3,}/.test(input.placeholder)) found.add(input.placeholder);
  });
  return [...found];
}"""

TEXT_BOXES = (
    "texts => texts.map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })"
)


def _chinese_tag() -> str:
    """A unique run of Chinese numerals, so titles stay Chinese-only and unique within the shared demo."""
    return "".join(NUMERALS[int(digit)] for digit in str(uuid.uuid4().int)[:6])


def _png(directory: Path, name: str) -> Path:
    from PIL import Image

    path = directory / name
    # A colour of its own: Wagtail asks what to do with an upload identical to an earlier one.
    colour = tuple(uuid.uuid4().bytes[:3])
    Image.new("RGB", (64, 48), colour).save(path)
    return path


def _pdf(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def _column_id(demo, site: str, slug: str = "news") -> int:
    return int(
        demo.shell(
            "from sitegroup.models import ColumnPage; from wagtail.models import Site; "
            f"root = Site.objects.get(hostname='{site}.localhost').root_page; "
            f"print(ColumnPage.objects.child_of(root).get(slug='{slug}').pk)"
        )
    )


def _catalogue_id(demo, site: str) -> int:
    return int(
        demo.shell(
            "from disclosure.models import DisclosureCataloguePage; from wagtail.models import Site; "
            f"root = Site.objects.get(hostname='{site}.localhost').root_page; "
            "print(DisclosureCataloguePage.objects.descendant_of(root).first().pk)"
        )
    )


def _upload_in_chooser(page, path: Path) -> None:
    """In an open image/document chooser: the upload tab, the file, the upload button."""
    modal = page.locator(".modal-content")
    modal.get_by_role("tab", name="上传").click()
    modal.locator("input[type=file]").set_input_files(str(path))
    # The chooser names the upload after its file; wait for that before sending the form.
    expect(modal.get_by_role("textbox", name=re.compile("标题"))).to_have_value(path.stem)
    modal.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page.locator(".modal-content")).to_have_count(0, timeout=30_000)


def _no_errors(page) -> None:
    expect(page.locator(".messages .error, .w-field--error, .help-critical")).to_have_count(0)


class TestNewArticle:
    def test_chinese_title_only_saves_at_once_then_with_image_and_attachment_is_submitted(
        self, demo, desktop, tmp_path
    ):
        page = desktop
        tag = _chinese_tag()
        title = f"县教育局{tag}工作动态"
        column = _column_id(demo, "edu")
        login(page, demo, "edu_editor")
        # Autosave posts the whole form in the background as the editor types: none of it may fail.
        refused = []
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and refused.append((response.status, response.request.method, response.url, response.text()[:300]))
            ),
        )

        # From the dashboard's own-sites panel, write in the 工作动态 column.
        page.locator(f"a[href$='/admin/pages/add/sitegroup/articlepage/{column}/']").first.click()
        page.locator("#id_title").fill(title)
        shot(page, "editor-1-new-article-title-only", full_page=False)
        page.get_by_role("button", name="保存草稿").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        _no_errors(page)
        expect(page.locator(".messages")).to_contain_text("已创建")
        shot(page, "editor-2-draft-saved", full_page=False)

        # The URL is the pinyin of the title, shown on the 推荐 tab.
        page.get_by_role("tab", name="推荐").click()
        expect(page.locator("#id_slug")).to_have_value(slug_from_text(title))
        assert slug_from_text(title).startswith("xian-jiao-yu-ju-")
        page.get_by_role("tab", name="内容").click()

        # A cover image and an attachment, uploaded through the choosers.
        image = _png(tmp_path, f"教育局{tag}活动现场.png")
        page.locator("[data-contentpath='cover_image']").get_by_role("button", name=re.compile("选择")).click()
        _upload_in_chooser(page, image)
        expect(page.locator("[data-contentpath='cover_image']")).to_contain_text(f"教育局{tag}活动现场")
        page.get_by_role("button", name=re.compile("增加.*附件|添加.*附件")).click()
        page.get_by_role("button", name="选择一个文档").first.click()
        _upload_in_chooser(page, _pdf(tmp_path, f"教育局{tag}通知.pdf"))
        expect(page.get_by_text(f"教育局{tag}通知").first).to_be_visible()
        shot(page, "editor-3-image-and-attachment", full_page=False)
        assert not refused, refused

        # Submit to the site's workflow from the action menu.
        page.locator("footer .w-dropdown__toggle, footer [aria-label='更多操作']").first.click()
        page.get_by_role("button", name=re.compile("^提交")).click()
        _no_errors(page)
        expect(page.locator(".messages")).to_contain_text("提交")
        shot(page, "editor-4-submitted", full_page=False)
        state = demo.shell(
            "from sitegroup.models import ArticlePage; "
            f"p = ArticlePage.objects.get(title={title!r}); "
            "print(p.slug, p.workflow_in_progress, p.cover_image.title if p.cover_image else None, "
            "p.attachments.count(), ArticlePage.objects.filter(title=p.title).count())"
        )
        assert state == f"{slug_from_text(title)} True 教育局{tag}活动现场 1 1", state

        # Admin search: a Chinese word inside the title finds the article, and its image.
        page.goto(demo.url("/admin/"))
        search = page.get_by_placeholder("搜索所有页面…")
        search.fill(f"{tag}工作")
        search.press("Enter")
        expect(page.get_by_role("link", name=title).first).to_be_visible()
        shot(page, "editor-5-admin-search", full_page=False)
        page.goto(demo.url("/admin/images/"))
        images_search = page.get_by_role("textbox", name="搜索条件")
        images_search.fill(f"{tag}活动")
        images_search.press("Enter")
        expect(page.get_by_text(f"教育局{tag}活动现场").first).to_be_visible()

    def test_the_title_field_no_longer_fills_the_slug_with_chinese(self, demo, desktop):
        page = desktop
        login(page, demo, "edu_editor")
        page.goto(demo.url(f"/admin/pages/add/sitegroup/columnpage/{_column_id(demo, 'edu')}/"))
        page.locator("#id_title").fill("专题专栏")
        page.locator("#id_title").blur()
        page.get_by_role("tab", name="推荐").click()
        expect(page.locator("#id_slug")).to_have_value("")
        expect(page.get_by_text("留空时按标题自动生成汉语拼音")).to_be_visible()


class TestAdminInChinese:
    SCREENS = (
        ("dashboard", "/admin/"),
        ("explorer", "/admin/pages/{column}/"),
        ("editor", "/admin/pages/add/sitegroup/articlepage/{column}/"),
        ("images", "/admin/images/"),
        ("documents", "/admin/documents/"),
        ("search", "/admin/pages/search/?q=工作"),
        ("locked", "/admin/reports/locked/"),
        ("workflow", "/admin/reports/workflow/"),
        ("aging", "/admin/reports/aging-pages/"),
        ("history", "/admin/reports/site-history/"),
    )

    def test_editor_screens_show_no_english(self, demo, desktop):
        page = desktop
        column = _column_id(demo, "edu")
        login(page, demo, "edu_editor")
        problems = {}
        for name, path in self.SCREENS:
            page.goto(demo.url(path.format(column=column)))
            page.wait_for_load_state("networkidle")
            shot(page, f"editor-admin-{name}", full_page=False)
            text = page.locator("body").inner_text()
            leftovers = [word for word in ENGLISH_LEFTOVERS if word in text]
            latin = [
                item
                for item in page.evaluate(VISIBLE_LATIN_WORDS)
                if re.search(r"[A-Za-z]{3,}", ALLOWED_LATIN.sub("", item))
            ]
            if leftovers or latin:
                problems[name] = leftovers + latin
        assert not problems, problems

    def test_platform_admin_sees_no_english_default_groups(self, demo, desktop):
        page = desktop
        login(page, demo, "admin")
        page.goto(demo.url("/admin/groups/"))
        body = page.locator("main").inner_text()
        assert "Editors" not in body and "Moderators" not in body
        expect(page.get_by_text("区教育局").first).to_be_visible()


class TestDisclosureClassification:
    def test_topic_genre_and_catalogue_item_are_chosen_by_typing(self, demo, desktop):
        page = desktop
        title = f"关于{_chinese_tag()}义务教育经费的通知"
        login(page, demo, "edu_editor")
        page.goto(demo.url(f"/admin/pages/add/disclosure/disclosureitempage/{_catalogue_id(demo, 'edu')}/"))
        page.locator("#id_title").fill(title)

        def choose(field: str, words: str, expected_visible: int) -> None:
            box = page.locator(".sg-filter-select").filter(has=page.locator(f"#id_{field}"))
            box.locator(".sg-filter-select__filter").fill(words)
            expect(page.locator(f"#id_{field} option:not([hidden])")).to_have_count(expected_visible)
            box.locator(".sg-filter-select__filter").press("Enter")

        # 99 topics in one tree; typing a second-level topic keeps its first-level topic for context.
        expect(page.locator("#id_topic option")).to_have_count(100)
        choose("topic", "知识产权", 2)
        shot(page, "editor-6-topic-filtered", full_page=False)
        expect(page.locator("#id_topic option:checked")).to_have_text(re.compile("知识产权"))
        choose("genre", "通知", 1)
        choose("catalogue_item", "义务教育", 2)
        page.get_by_role("button", name="保存草稿").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        _no_errors(page)
        saved = demo.shell(
            "from disclosure.models import DisclosureItemPage; "
            f"p = DisclosureItemPage.objects.get(title={title!r}); "
            "print(p.topic.name, p.genre.name, '义务教育' in p.catalogue_item.name, p.slug)"
        )
        assert saved == f"知识产权 通知 True {slug_from_text(title)}", saved


class TestStatistics:
    def test_people_are_named_and_chart_labels_do_not_overlap(self, demo, desktop):
        page = desktop
        login(page, demo, "supervisor")
        page.goto(demo.url("/admin/sitegroup/statistics/?days=365"))
        body = page.locator("main").inner_text()
        assert "None" not in body
        shot(page, "editor-7-statistics", full_page=False)
        for chart in page.locator("svg.sg-chart").all():
            boxes = chart.locator("text").evaluate_all(TEXT_BOXES)
            for index, (left, right, top, bottom) in enumerate(boxes):
                for other_left, other_right, other_top, other_bottom in boxes[index + 1 :]:
                    overlaps = left < other_right - 0.5 and other_left < right - 0.5
                    same_line = top < other_bottom - 0.5 and other_top < bottom - 0.5
                    assert not (overlaps and same_line), boxes
