"""The platform admin's day: 开通子站 for a new department in one step.

Opens 机构与子站, 开通新子站, picks 部门模板, fills in the organisation and its first site
administrator, submits once; the new sub-site answers at its own hostname with its columns, its
disclosure column (/xxgk/) and the department theme, the new site administrator can sign in, and the
site's columns are in the column-freshness report.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, enrol, login, shot

pytestmark = pytest.mark.journey


@pytest.fixture
def newcomer():
    tag = uuid.uuid4().hex[:5]
    return {
        "name": f"丹徒区司法局{tag.upper()}",
        "short_name": "区司法局",
        "code": f"0143{int(tag, 16) % 100000:05d}",
        "hostname": f"sfj{tag}.localhost",
        "username": f"sfj{tag}_admin",
    }


def _open_form(page, demo):
    page.goto(demo.url("/admin/snippets/sitegroup/organisation/"))
    page.get_by_role("link", name="开通新子站").click()
    expect(page.get_by_role("heading", name="开通新子站", exact=True)).to_be_visible()


def _fill(page, data: dict) -> None:
    page.get_by_label(re.compile(r"^\s*名称\W*$")).fill(data["name"])
    page.get_by_label("简称").fill(data["short_name"])
    page.get_by_label("机构代码").fill(data["code"])
    page.get_by_label("类型").select_option(label="部门")
    page.get_by_label("子站域名").fill(data["hostname"])
    page.get_by_label("办公地址").fill("镇江市丹徒区谷阳大道18号")
    page.get_by_label("联系电话").fill("0511-85621505")
    page.get_by_label("负责人").fill("钱正")


class TestOpenSubsite:
    def test_department_subsite_in_one_submission(self, demo, desktop, new_page, newcomer):
        page = desktop
        login(page, demo, "admin")
        _open_form(page, demo)
        page.get_by_label(re.compile("部门模板")).check()
        _fill(page, newcomer)
        page.get_by_label("站点管理员用户名").fill(newcomer["username"])
        page.get_by_label("站点管理员电子邮箱").fill(f"{newcomer['username']}@example.gov.cn")
        shot(page, "platform-admin-01-form")
        page.get_by_role("button", name="确认开通").click()

        expect(page.get_by_role("heading", name=re.compile("^子站已开通"))).to_be_visible()
        password = page.locator("[data-initial-password]").inner_text().strip()
        assert len(password) >= 12
        shot(page, "platform-admin-02-done")

        site = newcomer["hostname"].split(".")[0]
        visitor = new_page()
        visitor.goto(demo.url("/", site=site))
        expect(visitor.locator("body")).to_have_class(re.compile("sg-theme-department"))
        expect(visitor.locator(".sg-brand__name")).to_have_text(f"{newcomer['name']}网站")
        menu = visitor.get_by_role("complementary", name="栏目导航")
        for column in ("工作动态", "通知公告", "政策文件", "政策解读", "办事服务", "互动交流", "政府信息公开"):
            expect(menu).to_contain_text(column)
        shot(visitor, "platform-admin-03-new-site")
        menu.get_by_role("link", name="政府信息公开").click()
        expect(visitor).to_have_url(re.compile(r"/xxgk/$"))
        for section in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
            expect(visitor.locator("main")).to_contain_text(section)
        assert_fits(visitor)
        assert_accessible(visitor)
        shot(visitor, "platform-admin-04-disclosure")
        visitor.get_by_role("link", name="政府信息公开指南").first.click()
        expect(visitor.locator("main")).to_contain_text(newcomer["name"])

        # The column-freshness report lists the new site's columns (empty, as nothing is published yet).
        page.goto(demo.url("/admin/sitegroup/statistics/"))
        page.get_by_label("机构", exact=True).select_option(label=newcomer["name"])
        page.get_by_role("button", name="查询").click()
        report = page.locator("section[aria-labelledby='fresh-heading']")
        expect(report).to_contain_text("工作动态")
        expect(report).to_contain_text("空栏目")
        shot(page, "platform-admin-05-freshness")

        # The new site administrator signs in (in their own browser) with the password shown once.
        colleague = new_page()
        colleague.goto(demo.url("/admin/login/"))
        colleague.get_by_label("用户名").fill(newcomer["username"])
        colleague.locator("input[name=password]").fill(password)
        colleague.get_by_role("button", name=re.compile("登录")).click()
        enrol(colleague)  # a new administrator binds an authenticator app at the first sign-in
        expect(colleague.locator("main")).to_contain_text(newcomer["name"])
        shot(colleague, "platform-admin-06-site-admin-dashboard")

    def test_mistakes_are_explained_in_chinese(self, demo, desktop, newcomer):
        page = desktop
        login(page, demo, "admin")
        _open_form(page, demo)
        _fill(page, {**newcomer, "hostname": "Bad Host", "code": "014349001"})
        page.get_by_label("站点管理员电子邮箱").fill("someone@example.gov.cn")
        page.get_by_role("button", name="确认开通").click()
        summary = page.get_by_role("alert").first
        expect(summary).to_contain_text("子站域名")
        expect(summary).to_contain_text("机构代码")
        form = page.locator("main form")
        expect(form).to_contain_text("请输入小写域名")
        expect(form).to_contain_text("机构代码")
        expect(form).to_contain_text("请同时填写站点管理员用户名")
        shot(page, "platform-admin-07-errors")
        assert (
            demo.shell(
                "from sitegroup.models import Organisation; "
                f"print(Organisation.objects.filter(name={newcomer['name']!r}).count())"
            )
            == "0"
        )
