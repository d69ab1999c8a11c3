"""网站健康检查 and 错敏词 through the real screens: the 教育局 site admin, on a phone, opens the health
dashboard, runs a check, sees the demo's broken link and wrong forms and follows the link to fix it;
the supervisor on a desktop sees every site's traffic light; an editor submitting the demo draft is
told which wrong form to correct. axe-core on each new page."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey


def check_page(page, name: str) -> None:
    assert_fits(page)
    assert_accessible(page)
    shot(page, name)


def wait_for_result(page, text: str, seconds: float = 240) -> None:
    """The check runs in the background: refresh (as the site admin would) until it has finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.get_by_text(text).count() and not page.get_by_text("检查进行中").count():
            return
        time.sleep(3)
        page.get_by_role("link", name="刷新", exact=True).click()
    raise AssertionError(f"健康检查 {seconds} 秒内没有出现：{text}")


class TestSiteHealth:
    def test_site_admin_runs_a_check_and_follows_a_problem_to_fix_it(self, demo, phone):
        page = phone
        login(page, demo, "edu_siteadmin")
        page.goto(demo.url("/admin/sitegroup/health/"))
        expect(page.get_by_role("heading", level=1, name=re.compile("网站健康检查"))).to_be_visible()
        page.get_by_role("button", name="立即检查", exact=True).click()
        expect(page.locator(".messages")).to_contain_text(re.compile("已开始检查|正在检查中"))
        wait_for_result(page, "funding-faq-2025")
        broken = page.locator(".sg-health-check", has=page.get_by_role("heading", name=re.compile("失效链接")))
        expect(broken).to_contain_text("严重")
        wrong = page.locator(".sg-health-check", has=page.get_by_role("heading", name=re.compile("错敏词")))
        expect(wrong).to_contain_text("「丹徒县」应为「丹徒区」")
        check_page(page, "health-1-site-dashboard-phone")
        broken.get_by_role("link", name=re.compile("^去处理")).first.click()
        expect(page.locator("#id_title")).to_have_value("关于做好2026年秋季学期资助政策宣传的通知")
        shot(page, "health-2-fix-broken-link-phone", full_page=False)

    def test_supervisor_sees_every_site(self, demo, desktop):
        page = desktop
        login(page, demo, "supervisor")
        page.get_by_role("link", name="网站健康检查", exact=True).first.click()
        expect(page.get_by_role("heading", level=1, name="站群健康检查")).to_be_visible()
        for name in ("区教育局", "高桥镇"):
            expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
        check_page(page, "health-3-group-desktop")
        page.get_by_role("link", name="高桥镇", exact=True).click()
        expect(page.get_by_role("heading", level=1, name=re.compile("网站健康检查"))).to_be_visible()
        check_page(page, "health-4-township-desktop")


class TestWrongForms:
    def test_editor_sees_the_wrong_form_when_submitting(self, demo, desktop):
        page = desktop
        pk = (
            demo.shell(
                "from sitegroup.models import ArticlePage; "
                "print(ArticlePage.objects.get(slug='summer-safety-meeting').pk)"
            )
            .strip()
            .splitlines()[-1]
        )
        login(page, demo, "edu_editor")
        page.goto(demo.url(f"/admin/pages/{pk}/edit/"))
        page.locator("footer .w-dropdown__toggle, footer [aria-label='更多操作']").first.click()
        page.get_by_role("button", name=re.compile("^提交")).click()
        messages = page.locator(".messages")
        expect(messages).to_contain_text("稿件含错敏词")
        expect(messages).to_contain_text("「丹徒县」应为「丹徒区」（正文第2段）")
        check_page(page, "health-5-editor-wrong-form")
