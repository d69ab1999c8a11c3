"""撤稿（下线）: a county site withdraws a live article at once — a wrong figure, an expired notice —
without a platform admin. The reviewer chooses 撤稿 on the article, gives a reason and confirms; the
article is gone from its address, its column and site search; the history keeps who and why. An
editor is not offered 撤稿.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.journeys.pages import login, shot
from tests.journeys.test_reviewer import _draft

pytestmark = pytest.mark.journey

REASON = "第二段的补助金额有误，更正后重新发布。"


def _live_article(demo, title: str) -> tuple[int, int, str]:
    """An article the editor wrote and the reviewer approved last week: live on edu.localhost/news/."""
    line = demo.shell(
        "from django.contrib.auth import get_user_model; from wagtail.models import Site; "
        "from sitegroup.models import ArticlePage, ColumnPage; "
        "users = get_user_model().objects; editor = users.get(username='edu_editor'); "
        "reviewer = users.get(username='edu_reviewer'); "
        "root = Site.objects.get(hostname='edu.localhost').root_page; "
        "column = ColumnPage.objects.child_of(root).get(slug='news'); "
        f"page = ArticlePage(title={title!r}, summary='本文公布冬季取暖补助的发放标准。', owner=editor, "
        "body=[{'type': 'paragraph', 'value': '<p>每户补助标准见下表。</p>'}]); "
        "column.add_child(instance=page); "
        "page.save_revision(user=editor).publish(user=reviewer, skip_permission_checks=True); "
        "print(page.pk, column.pk, page.get_url_parts()[2])"
    )
    page_id, column_id, path = line.split()
    return int(page_id), int(column_id), path


def _site_search_titles(page, demo, word: str) -> str:
    page.goto(demo.url(f"/search/?q={word}", site="edu"))
    return page.locator("main").inner_text()


class TestWithdrawal:
    def test_reviewer_withdraws_a_live_article_and_it_is_gone_everywhere(self, demo, desktop, new_page):
        tag = f"{uuid.uuid4().int % 10000:04d}"
        word = f"取暖补助{tag}"
        title = f"关于发放{word}的通知"
        page_id, _column_id, path = _live_article(demo, title)

        public = new_page(390, 844)
        assert public.goto(demo.url(path, site="edu")).status == 200
        public.goto(demo.url("/news/", site="edu"))
        expect(public.locator("main")).to_contain_text(title)
        assert title in _site_search_titles(public, demo, word)

        login(desktop, demo, "edu_reviewer")
        desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        desktop.get_by_role("button", name="更多动作").click()
        desktop.get_by_role("link", name="撤稿（下线）").click()

        expect(desktop.locator("h1")).to_contain_text("撤稿（下线）")
        confirmation = desktop.locator("main")
        expect(confirmation).to_contain_text(title)
        expect(confirmation).to_contain_text(demo.url(path, site="edu"))
        expect(confirmation).to_contain_text("立即从网站下线")
        shot(desktop, "withdrawal-01-confirm")

        desktop.get_by_role("button", name="确认撤稿").click()  # no reason yet
        expect(desktop.locator("main")).to_contain_text("请填写撤稿理由")
        assert public.goto(demo.url(path, site="edu")).status == 200  # still live

        desktop.get_by_label("撤稿理由").fill(REASON)
        desktop.get_by_role("button", name="确认撤稿").click()
        expect(desktop.locator(".messages li.success")).to_contain_text(f"「{title}」已撤稿（下线）")
        shot(desktop, "withdrawal-02-done")

        response = public.goto(demo.url(path, site="edu"))
        assert response.status == 404
        expect(public.locator("h1")).to_contain_text("页面不存在")
        shot(public, "withdrawal-03-public-404")
        public.goto(demo.url("/news/", site="edu"))
        expect(public.locator("main")).not_to_contain_text(title)
        assert title not in _site_search_titles(public, demo, word)

        desktop.goto(demo.url(f"/admin/pages/{page_id}/history/"))
        history = desktop.locator("main")
        expect(history).to_contain_text("撤稿")
        expect(history).to_contain_text(REASON)
        shot(desktop, "withdrawal-04-history")

    def test_editor_is_not_offered_withdrawal(self, demo, desktop):
        title = f"关于春季学期开学安排的通知{uuid.uuid4().int % 10000:04d}"
        page_id, column_id, _path = _live_article(demo, title)
        login(desktop, demo, "edu_editor")

        desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        desktop.get_by_role("button", name="更多动作").click()
        expect(desktop.locator("footer")).to_contain_text("保存草稿")
        expect(desktop.get_by_text("撤稿")).to_have_count(0)

        desktop.goto(demo.url(f"/admin/pages/{column_id}/"))  # the column's listing, with its 更多 menus
        row = desktop.locator("tr", has_text=title)
        row.get_by_role("button", name=re.compile("更多")).click()
        expect(row.get_by_role("link", name="历史")).to_be_visible()
        expect(desktop.get_by_text("撤稿")).to_have_count(0)

        response = desktop.goto(demo.url(f"/admin/sitegroup/pages/{page_id}/withdraw/"))
        assert response.status == 403
        expect(desktop.locator("main")).to_contain_text("只有本机构的审核员、站点管理员或平台管理员可以撤稿")


class TestAdminWordsReportedWithIt:
    """Two admin strings reported with this finding: the reviewer's 批准并发布 (Wagtail's catalogue says
    "批准 和发布") and the table block's missing-header error (Wagtail raises it in English)."""

    def test_the_reviewer_approves_with_one_phrase(self, demo, desktop):
        title = f"关于寒假安全教育的通知{uuid.uuid4().int % 10000:04d}"
        page_id = _draft(demo, "edu", "news", title)
        demo.shell(
            "from django.contrib.auth import get_user_model; from sitegroup.models import ArticlePage; "
            f"page = ArticlePage.objects.get(pk={page_id}); "
            "page.get_workflow().start(page, get_user_model().objects.get(username='edu_editor')); "
            "print(page.current_workflow_task)"
        )
        login(desktop, demo, "edu_reviewer")
        desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        desktop.get_by_role("button", name="更多动作").click()
        expect(desktop.get_by_role("button", name="批准并发布", exact=True)).to_be_visible()
        expect(desktop.get_by_text("和发布")).to_have_count(0)
        shot(desktop, "withdrawal-05-approve-and-publish", full_page=False)

    def test_a_table_without_its_header_is_refused_in_chinese(self, demo, desktop):
        page_id = _draft(demo, "edu", "news", f"冬季取暖补助标准{uuid.uuid4().int % 10000:04d}")
        login(desktop, demo, "edu_editor")
        desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        body = desktop.locator("[data-contentpath='body']")
        body.locator("button.c-sf-add-button").first.click()
        desktop.get_by_role("option", name="表格", exact=True).first.click()
        cell = body.locator(".handsontable td").first
        # The table takes the text only once Handsontable has drawn; an untouched table is saved as empty
        # (and an empty table needs no header), so wait until the cell shows what was typed.
        # Saved is what the table keeps in its hidden form value, not what the cell shows: wait for both.
        stored = "() => [...document.querySelectorAll('input[type=hidden]')].some(i => i.value.includes('取暖补助'))"
        for _attempt in range(3):
            cell.dblclick()
            desktop.keyboard.type("取暖补助")
            desktop.keyboard.press("Enter")
            try:
                expect(cell).to_have_text("取暖补助", timeout=3000)
                desktop.wait_for_function(stored, timeout=3000)
                break
            except (AssertionError, PlaywrightTimeoutError):
                desktop.keyboard.press("Escape")
        expect(cell).to_have_text("取暖补助")
        desktop.wait_for_function(stored, timeout=5000)
        desktop.get_by_role("button", name="更多动作").click()
        desktop.get_by_role("button", name=re.compile("^提交")).click()
        expect(body).to_contain_text("请为表格选择“表头”")
        expect(desktop.locator("main")).not_to_contain_text("Validation error")
        shot(desktop, "withdrawal-06-table-header-required", full_page=False)
