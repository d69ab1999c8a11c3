"""Editors' listing features as the editor, the reviewer and the citizen meet them: an editor pins an article
and gives it a red bold title, the reviewer approves it, and on a phone the citizen finds it first in its
column in red bold; link-out articles (外链稿件) lead straight out (see docs/editor-listing.md)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey


def _old_draft(demo, title: str) -> int:
    """A draft the editor wrote last week (title and summary) in 教育局's 政策文件 column."""
    return int(
        demo.shell(
            "from datetime import timedelta; from django.utils import timezone; "
            "from django.contrib.auth import get_user_model; from wagtail.models import Site; "
            "from sitegroup.models import ArticlePage, ColumnPage; "
            "editor = get_user_model().objects.get(username='edu_editor'); "
            "root = Site.objects.get(hostname='edu.localhost').root_page; "
            "column = ColumnPage.objects.child_of(root).get(slug='policies'); "
            f"page = ArticlePage(title={title!r}, summary='本文公布今年义务教育招生入学安排。', owner=editor, "
            "live=False, publish_time=timezone.now() - timedelta(days=7), "
            "body=[{'type': 'paragraph', 'value': '<p>今年义务教育招生入学工作按以下安排进行。</p>'}]); "
            "column.add_child(instance=page); page.save_revision(user=editor); print(page.pk)"
        )
    )


class TestPinnedHeadline:
    def test_editor_pins_a_red_bold_headline_and_the_citizen_sees_it_first(self, demo, desktop, new_page):
        title = f"关于做好义务教育招生入学工作的通知{uuid.uuid4().int % 10000:04d}"
        page_id = _old_draft(demo, title)
        login(desktop, demo, "edu_editor")
        desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        desktop.get_by_role("tab", name="置顶与外链").click()
        desktop.get_by_label("置顶", exact=True).check()
        desktop.get_by_label("标题颜色").select_option(label="红色")
        desktop.get_by_label("标题加粗").check()
        expect(desktop.get_by_text("到期后自动取消置顶")).to_be_visible()
        shot(desktop, "editor-listing-01-admin-panel", full_page=False)
        desktop.get_by_role("button", name="更多动作").click()
        desktop.get_by_role("button", name=re.compile("^提交")).click()
        expect(desktop.locator(".messages li.success")).to_contain_text("提交")

        reviewer = new_page()
        login(reviewer, demo, "edu_reviewer")
        reviewer.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
        reviewer.get_by_role("button", name="更多动作").click()
        reviewer.get_by_role("button", name=re.compile("批准")).first.click()
        expect(reviewer.locator(".messages li.success")).to_be_visible()
        column_id = demo.shell(
            f"from sitegroup.models import ArticlePage; print(ArticlePage.objects.get(pk={page_id}).get_parent().pk)"
        )
        reviewer.goto(demo.url(f"/admin/pages/{column_id}/"))
        expect(reviewer.get_by_text(f"【置顶】{title}")).to_be_visible()

        citizen = new_page(390, 844)
        citizen.goto(demo.url("/policies/", site="edu"))
        first = citizen.locator(".sg-list__item").first.get_by_role("link")
        expect(first).to_contain_text(title)
        expect(first).to_contain_text("置顶")
        expect(first).to_have_class("sg-title--red sg-title--bold")
        expect(first).to_have_css("color", "rgb(176, 0, 18)")
        expect(first).to_have_css("font-weight", "700")
        assert_fits(citizen)
        assert_accessible(citizen)
        shot(citizen, "editor-listing-02-phone-pinned-red-bold")


class TestLinkOut:
    def test_link_out_articles_lead_out_of_the_listing(self, demo, phone):
        phone.goto(demo.url("/news/"))
        # The visually hidden text is part of the link's name: screen readers announce leaving the site.
        name = re.compile(r"^国务院常务会议部署进一步优化政务服务提升行政效能\s*（外部链接，将离开本站）$")
        external = phone.get_by_role("link", name=name)
        expect(external).to_have_attribute("href", "https://www.gov.cn/yaowen/")
        own = phone.request.get(demo.url("/news/gov-cn-link/"), max_redirects=0)
        assert own.status == 302 and own.headers["location"] == "https://www.gov.cn/yaowen/"
        assert_fits(phone)
        assert_accessible(phone)
        shot(phone, "editor-listing-03-phone-link-out")

        phone.goto(demo.url("/notices/"))
        inside = phone.locator(".sg-list__item a[href*='edu.localhost']").first
        expect(inside).not_to_contain_text("外部链接")
        inside.click()
        phone.wait_for_url(re.compile(r"^http://edu\.localhost:\d+/notices/"))
        expect(phone.locator("h1")).to_be_visible()
        assert_accessible(phone)
