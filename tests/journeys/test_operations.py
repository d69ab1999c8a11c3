"""Site-group operations: 信息报送 and 扩展热字, through the real screens.

A department editor submits two live articles to the portal (phone); the portal editor rejects one
with a reason and accepts the other (desktop); a citizen finds the accepted one in the portal's
部门信息 column with its source and a link to the original (phone); the editor sees both outcomes
in 我的报送. A site admin adds a hot word for the own site and sees it linked in an article body.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot
from tests.journeys.test_withdrawal import _live_article

pytestmark = pytest.mark.journey

REASON = "属部门内部事务，不宜在门户转载。"


def _submit(page, demo, page_id: int, note: str) -> None:
    page.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
    page.get_by_role("button", name="更多动作").click()
    page.get_by_role("link", name="报送到门户").click()
    expect(page.locator("h1")).to_contain_text("报送到门户")
    page.get_by_label("报送到门户栏目").select_option(label="部门信息")
    page.get_by_label("报送说明（选填）").fill(note)
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.locator(".messages li.success")).to_contain_text("等待门户编辑审核")


class TestSubmission:
    def test_submit_review_and_see_the_outcome_on_the_portal(self, demo, phone, desktop, new_page):
        tag = f"{uuid.uuid4().int % 10000:04d}"
        kept = f"区教育局举办教师技能大赛{tag}"
        refused = f"区教育局机关内部会议纪要{tag}"
        kept_id, _column, kept_path = _live_article(demo, kept)
        refused_id, _column, _path = _live_article(demo, refused)

        login(phone, demo, "edu_editor")
        _submit(phone, demo, refused_id, "")
        phone.goto(demo.url(f"/admin/sitegroup/pages/{kept_id}/submit/"))
        assert_fits(phone)
        assert_accessible(phone)
        shot(phone, "operations-01-submit-form")
        _submit(phone, demo, kept_id, "建议在部门信息栏目采用")
        mine = phone.locator("main")
        expect(mine).to_contain_text(kept)
        expect(phone.get_by_role("row", name=re.compile(refused))).to_contain_text("待审核")
        assert_accessible(phone)

        login(desktop, demo, "portal_chief")
        desktop.get_by_role("link", name="信息报送审核", exact=True).click()
        expect(desktop.locator("h1")).to_contain_text("信息报送审核")
        assert_accessible(desktop)
        desktop.get_by_role("button", name=f"不采用《{refused}》", exact=True).click()  # no reason yet
        expect(desktop.locator("main")).to_contain_text("请填写未采用原因")
        desktop.get_by_label(f"未采用原因（《{refused}》）", exact=True).fill(REASON)
        desktop.get_by_role("button", name=f"不采用《{refused}》", exact=True).click()
        expect(desktop.locator(".messages li.success")).to_contain_text(f"已退回《{refused}》")
        desktop.get_by_role("button", name=f"采用《{kept}》", exact=True).click()
        expect(desktop.locator(".messages li.success")).to_contain_text(f"已采用《{kept}》")
        shot(desktop, "operations-02-review-queue")

        citizen = new_page(390, 844)
        citizen.goto(demo.url("/bmxx/"))
        item = citizen.get_by_role("listitem").filter(has_text=kept)
        expect(item).to_contain_text("来源：丹徒区教育局")
        expect(citizen.locator("main")).not_to_contain_text(refused)
        assert_fits(citizen)
        assert_accessible(citizen)
        item.get_by_role("link", name=kept, exact=True).click()
        expect(citizen.locator("h1")).to_have_text(kept)
        expect(citizen.locator(".sg-article__meta")).to_contain_text("来源：丹徒区教育局")
        original = citizen.get_by_role("link", name="查看原文（丹徒区教育局）", exact=True)
        expect(original).to_have_attribute("href", demo.url(kept_path, site="edu"))
        assert_fits(citizen)
        assert_accessible(citizen)
        shot(citizen, "operations-03-portal-entry")
        original.click()
        citizen.wait_for_url(demo.url(kept_path, site="edu"))

        phone.goto(demo.url("/admin/sitegroup/submissions/mine/"))
        expect(phone.get_by_role("row", name=re.compile(refused))).to_contain_text(REASON)
        expect(phone.get_by_role("row", name=re.compile(kept))).to_contain_text("已采用")
        assert_fits(phone)
        shot(phone, "operations-04-my-submissions")

        desktop.goto(demo.url("/admin/sitegroup/submissions/statistics/"))
        expect(desktop.get_by_role("row", name=re.compile("丹徒区教育局"))).to_be_visible()
        assert_accessible(desktop)
        shot(desktop, "operations-05-statistics")


class TestHotWords:
    def test_site_admin_adds_a_hot_word_and_sees_it_linked(self, demo, desktop, phone):
        login(desktop, demo, "edu_siteadmin")
        desktop.get_by_role("link", name="扩展热字", exact=True).click()
        expect(desktop.locator("main")).to_contain_text("义务教育")
        expect(desktop.locator("main")).not_to_contain_text("政务服务")  # group-wide: the portal's
        desktop.goto(demo.url("/admin/snippets/sitegroup/hotword/add/"))
        desktop.get_by_label(re.compile(r"^热字")).fill("优质均衡")
        desktop.get_by_label(re.compile(r"^链接地址")).fill("/policies/")
        desktop.get_by_label(re.compile(r"^适用站点")).select_option(label="丹徒区教育局网站")
        assert_accessible(desktop)
        desktop.get_by_role("button", name="保存", exact=True).click()
        expect(desktop.locator("main")).to_contain_text("优质均衡")
        shot(desktop, "operations-06-hot-words")

        phone.goto(demo.url("/news/yiwu-jiaoyu/", site="edu"))
        body = phone.locator(".sg-article__body")
        expect(body.get_by_role("link", name="优质均衡", exact=True)).to_have_attribute("href", "/policies/")
        expect(body.get_by_role("link", name="义务教育", exact=True)).to_have_class("hot-word")
        expect(body.get_by_role("link", name="政府信息公开", exact=True)).to_have_count(1)
        expect(phone.get_by_role("heading", name="做好政府信息公开")).to_be_visible()
        assert_fits(phone)
        assert_accessible(phone)
        shot(phone, "operations-07-article-hot-words")
