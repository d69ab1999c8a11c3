"""The reviewer's day (and the editor's side of it): nothing reaches the public except through the
workflow; sensitive words are named to the editor, highlighted to the reviewer, masked when published;
a disclosure item passes 保密审查 and leaves its 公开审批表.

Demo words (sitegroup.demo.loader.SENSITIVE_WORDS): 代开发票 blocks, 办证 is held for review, 赌博 is masked.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import login, shot

pytestmark = pytest.mark.journey


def _unique(title: str) -> str:
    return f"{title}{uuid.uuid4().int % 10000:04d}"


def _draft(demo, site: str, column_slug: str, title: str, editor: str = "edu_editor") -> int:
    """A draft the editor saved earlier (title only): today's work starts from her draft.

    (The create view itself, autosave racing 提交, is the journey of tests/journeys/test_editor_autosave.py.)
    """
    return int(
        demo.shell(
            "from django.contrib.auth import get_user_model; from wagtail.models import Site; "
            "from sitegroup.models import ArticlePage, ColumnPage; "
            f"editor = get_user_model().objects.get(username={editor!r}); "
            f"root = Site.objects.get(hostname='{site}.localhost').root_page; "
            f"column = ColumnPage.objects.child_of(root).get(slug={column_slug!r}); "
            f"page = ArticlePage(title={title!r}, summary='本文介绍相关工作安排。', owner=editor, live=False); "
            "column.add_child(instance=page); page.save_revision(user=editor); print(page.pk)"
        )
    )


def _write_paragraph(page, demo, page_id: int, paragraph: str) -> None:
    """The editor opens the draft and writes one paragraph of body text."""
    page.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
    body = page.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="正文", exact=True).first.click()
    body.locator("[role='textbox']").first.click()
    page.keyboard.type(paragraph)
    # Draftail writes the text into the form a moment after typing; a person is never that quick.
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile(re.escape(paragraph[:6])))


def _open_action_menu(page) -> None:
    page.get_by_role("button", name="更多动作").click()


def _submit(page) -> None:
    """Open the action menu and submit to the site's workflow."""
    _open_action_menu(page)
    page.get_by_role("button", name=re.compile("^提交")).click()


def _open_for_review(page, demo, page_id: int) -> None:
    page.goto(demo.url(f"/admin/pages/{page_id}/edit/"))


def _approve(page) -> None:
    """批准 from the edit page's action menu; the admin then confirms with a message."""
    _open_action_menu(page)
    page.get_by_role("button", name=re.compile("批准")).first.click()
    expect(page.locator(".messages li.success")).to_be_visible()


class TestEditor:
    def test_a_blocked_word_is_named_on_the_edit_page_and_nothing_is_submitted(self, demo, desktop):
        login(desktop, demo, "edu_editor")
        page_id = _draft(demo, "edu", "news", _unique("关于规范票据管理的提醒"))
        _write_paragraph(desktop, demo, page_id, "有商家声称可以代开发票，请勿轻信。")
        _submit(desktop)
        messages = desktop.locator(".messages")
        expect(messages).to_contain_text("代开发票")
        expect(messages).to_contain_text("正文第1段")
        expect(messages).to_contain_text("请删除或替换后重新提交")
        expect(messages).not_to_contain_text("已提交")
        expect(desktop.locator("[data-contentpath='body']")).to_contain_text("可以【代开发票】，请勿轻信")
        shot(desktop, "reviewer-01-editor-blocked-word")


class TestReviewer:
    def test_clean_article_is_approved_once_and_is_live(self, demo, desktop, new_page):
        login(desktop, demo, "edu_editor")
        title = _unique("区教育局召开秋季开学工作会议")
        page_id = _draft(demo, "edu", "news", title)
        _write_paragraph(desktop, demo, page_id, "会议部署了秋季开学各项准备工作。")
        _submit(desktop)
        expect(desktop.locator(".messages li.success")).to_contain_text("提交")

        reviewer = new_page()
        login(reviewer, demo, "edu_reviewer")
        reviewer.goto(demo.url("/admin/"))
        expect(reviewer.get_by_text(title)).to_be_visible()
        _open_for_review(reviewer, demo, page_id)
        shot(reviewer, "reviewer-02-review-clean-article")
        _approve(reviewer)

        slug = demo.shell(
            f"from sitegroup.models import ArticlePage; print(ArticlePage.objects.get(pk={page_id}).slug)"
        )
        public = new_page(390, 844)
        response = public.goto(demo.url(f"/news/{slug}/", site="edu"))
        assert response.status == 200
        expect(public.locator("h1")).to_contain_text(title)
        shot(public, "reviewer-03-approved-article-live")

    def test_reviewer_finds_no_publish_button(self, demo, desktop):
        login(desktop, demo, "edu_reviewer")
        page_id = int(
            demo.shell(
                "from sitegroup.models import ArticlePage; from wagtail.models import Site; "
                "root = Site.objects.get(hostname='edu.localhost').root_page; "
                "print(ArticlePage.objects.descendant_of(root).live().first().pk)"
            )
        )
        desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        _open_action_menu(desktop)
        shot(desktop, "reviewer-04-no-publish-button")
        publishing = re.compile(r"^\s*(紧急发布|发布|定时发布|取消发布|批量发布)")
        expect(desktop.get_by_role("button", name=publishing)).to_have_count(0)
        expect(desktop.get_by_role("link", name=publishing)).to_have_count(0)
        expect(desktop.get_by_role("button", name="保存草稿")).to_be_visible()
        assert desktop.locator("button[name='action-publish']").count() == 0

    def test_a_review_level_word_is_highlighted_for_the_reviewer(self, demo, desktop, new_page):
        login(desktop, demo, "edu_editor")
        page_id = _draft(demo, "edu", "notices", _unique("关于集中办证服务的通知"))
        _write_paragraph(desktop, demo, page_id, "本周六在政务服务中心集中办理。")
        _submit(desktop)
        expect(desktop.locator(".messages")).to_contain_text("办证")

        reviewer = new_page()
        login(reviewer, demo, "edu_reviewer")
        _open_for_review(reviewer, demo, page_id)
        flagged = reviewer.locator(".messages mark", has_text="办证")
        expect(flagged).to_be_visible()
        expect(reviewer.locator(".messages")).to_contain_text("人工审核")
        shot(reviewer, "reviewer-05-review-word-highlighted")
        _approve(reviewer)
        assert (
            demo.shell(f"from sitegroup.models import ArticlePage; print(ArticlePage.objects.get(pk={page_id}).live)")
            == "True"
        )

    def test_a_mask_level_word_is_masked_on_the_public_page(self, demo, desktop, new_page):
        login(desktop, demo, "edu_editor")
        page_id = _draft(demo, "edu", "news", _unique("校园周边环境专项整治"))
        _write_paragraph(desktop, demo, page_id, "严厉打击校园周边赌博等违法行为。")
        _submit(desktop)
        expect(desktop.locator(".messages")).to_contain_text("发布时将以＊替换")

        reviewer = new_page()
        login(reviewer, demo, "edu_reviewer")
        _open_for_review(reviewer, demo, page_id)
        _approve(reviewer)

        slug = demo.shell(
            f"from sitegroup.models import ArticlePage; print(ArticlePage.objects.get(pk={page_id}).slug)"
        )
        public = new_page(390, 844)
        public.goto(demo.url(f"/news/{slug}/", site="edu"))
        article = public.locator("main")
        expect(article).to_contain_text("严厉打击校园周边＊＊等违法行为")
        expect(article).not_to_contain_text("赌博")
        shot(public, "reviewer-06-masked-word-public")


class TestConfidentialityReview:
    def test_a_disclosure_item_passes_review_and_its_approval_form_exists(self, demo, desktop, new_page):
        title = _unique("关于2026年义务教育招生工作的通告")
        item_id = int(
            demo.shell(
                "from datetime import date; from django.contrib.auth import get_user_model; "
                "from wagtail.models import Site; "
                "from disclosure.models import DisclosureCataloguePage, DisclosureItemPage, Genre, Topic; "
                "root = Site.objects.get(hostname='edu.localhost').root_page; "
                "catalogue = DisclosureCataloguePage.objects.descendant_of(root).first(); "
                f"item = DisclosureItemPage(title={title!r}, published_on=date.today(), "
                "topic=Topic.objects.filter(parent__isnull=False).first(), genre=Genre.objects.first(), "
                "summary='公布本年度义务教育学校招生范围和时间安排。', "
                "body='<p>各学校按划定范围招生。</p>', live=False); "
                "catalogue.add_child(instance=item); "
                "item.save_revision(user=get_user_model().objects.get(username='edu_editor')); "
                "print(item.pk)"
            )
        )
        login(desktop, demo, "edu_editor")
        desktop.goto(demo.url(f"/admin/pages/{item_id}/edit/"))
        _submit(desktop)
        expect(desktop.locator(".messages li.success")).to_contain_text("提交")

        reviewer = new_page()
        login(reviewer, demo, "edu_reviewer")
        _open_for_review(reviewer, demo, item_id)
        _open_action_menu(reviewer)
        reviewer.get_by_role("button", name=re.compile("保密审查通过")).click()
        dialog = reviewer.get_by_role("dialog")
        dialog.get_by_label("审查意见").fill("不涉及国家秘密、工作秘密和个人隐私，同意主动公开。")
        shot(reviewer, "reviewer-07-confidentiality-review")
        dialog.get_by_role("button", name=re.compile("保密审查通过|提交|确定")).click()
        expect(reviewer.locator(".messages li.success")).to_be_visible()

        reviewer.goto(demo.url("/admin/disclosure/reviews/"))
        row = reviewer.locator("tr", has_text=title)
        expect(row).to_contain_text("同意公开")
        with reviewer.context.expect_page() as opened:
            row.get_by_role("link", name=re.compile("打印审批表")).click()
        form = opened.value
        form.wait_for_load_state()
        expect(form.locator("body")).to_contain_text("政府信息公开审批表")
        expect(form.locator("body")).to_contain_text(title)
        expect(form.locator("body")).to_contain_text("同意主动公开")
        shot(form, "reviewer-08-approval-form")
        public_url = demo.shell(
            "from disclosure.models import DisclosureItemPage; "
            f"item = DisclosureItemPage.objects.get(pk={item_id}); print(item.get_full_url() if item.live else '')"
        )
        citizen = new_page(390, 844)
        assert citizen.goto(public_url).status == 200
        expect(citizen.locator("main")).to_contain_text(title)
        expect(citizen.locator("main")).to_contain_text(re.compile(r"014349001/\d{4}-\d{5}"))  # its 索引号
        shot(citizen, "reviewer-09-disclosure-item-public")
