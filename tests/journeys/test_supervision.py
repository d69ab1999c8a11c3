"""电子监察 through the real screens: the supervisor on a desktop sees a red warning for an overdue
demo case, sends a 督办 notice with a reply deadline; the department's handler finds it in 督办与差评回访
and answers; the supervisor reads the answer in the supervision log, then reads the department's
on-time rate and the performance ranking and exports the statistics to Excel. axe-core on each page."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey


def check_page(page, name: str) -> None:
    assert_fits(page)
    assert_accessible(page)
    shot(page, name)


def handler_of_latest_notice(demo) -> str:
    result = demo.manage(
        "shell",
        "-c",
        "from sitegroup.models import SupervisionNotice, OrganisationRole;"
        "n = SupervisionNotice.objects.latest('pk');"
        "role = OrganisationRole.objects.get(organisation=n.organisation, role='handler');"
        "print(role.group.user_set.order_by('pk').first().username)",
    )
    return result.stdout.strip().splitlines()[-1]


class TestSupervision:
    def test_red_warning_notice_answer_log_statistics(self, demo, desktop, new_page):
        page = desktop
        login(page, demo, "supervisor")
        page.get_by_role("link", name="电子监察").first.click()
        expect(page.get_by_role("heading", level=1, name=re.compile("电子监察"))).to_be_visible()
        page.get_by_label("预警", exact=True).select_option(label="红色预警（已超期）")
        page.get_by_role("button", name="筛选").click()
        row = page.locator("tr", has_text="红色预警：已超期").first
        expect(row).to_be_visible()
        check_page(page, "supervision-01-dashboard")
        code = row.get_by_role("link").first.inner_text()
        row.get_by_label(re.compile("督办意见")).fill("请说明超期原因，于两个工作日内办结并反馈")
        row.get_by_label(re.compile("反馈期限")).select_option(label="2个工作日内反馈")
        row.get_by_role("button", name="督办").click()
        expect(page.get_by_text(f"已对 {code} 发出督办")).to_be_visible()
        expect(page.locator("#notices-heading + div")).to_contain_text(code)
        shot(page, "supervision-02-notice-sent")

        handler = handler_of_latest_notice(demo)
        phone = new_page(390, 844)  # the department's handler, on a phone
        login(phone, demo, handler)
        phone.goto(demo.url("/admin/sitegroup/supervision/tasks/"))
        expect(phone.get_by_role("heading", level=1, name="督办与差评回访")).to_be_visible()
        notice_row = phone.locator("tr", has_text=code)
        expect(notice_row).to_contain_text("请说明超期原因")
        check_page(phone, "supervision-03-department-tasks-phone")
        notice_row.get_by_role("link", name=re.compile("查看并反馈")).click()
        check_page(phone, "supervision-04-notice-phone")
        phone.get_by_label("反馈情况").fill("已联系申请人核实，本周内办结。")
        phone.get_by_role("button", name="提交反馈").click()
        expect(phone.get_by_text(f"已反馈督办（{code}）")).to_be_visible()

        page.goto(demo.url("/admin/sitegroup/supervision/"))
        page.get_by_role("link", name="监察日志").click()
        page.get_by_label("类型", exact=True).select_option(label="督办反馈")
        page.get_by_role("button", name="筛选").click()
        answer = page.locator("tr", has_text=code)
        expect(answer).to_contain_text("已联系申请人核实")
        check_page(page, "supervision-05-log")

        page.get_by_role("link", name="统计与绩效考核").click()
        expect(page.get_by_role("heading", name="绩效考核排名")).to_be_visible()
        expect(page.get_by_text("计分办法（满分 100 分）")).to_be_visible()
        expect(page.get_by_role("columnheader", name="按时办结率").first).to_be_visible()
        check_page(page, "supervision-06-statistics")
        with page.expect_download() as download:
            page.get_by_role("link", name="导出 Excel").click()
        workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
        rows = list(workbook.active.iter_rows(values_only=True))
        assert rows[0][:7] == ("机构", "业务", "事项", "受理", "办结", "按时办结", "按时办结率")
        assert any(row[0] == "丹徒区民政局" for row in rows[1:])
