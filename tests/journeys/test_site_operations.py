"""Site-group operations run by a site admin: 信息抓取 from the demo's own recorded feed into drafts,
and 政府网站工作年度报表 filled, published, read and downloaded by a citizen on a phone."""

from __future__ import annotations

import datetime
import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey

YEAR = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).year


class TestHarvest:
    def test_site_admin_adds_the_demo_feed_runs_it_and_finds_the_drafts_and_the_log(self, demo, desktop, phone):
        name = f"市政府网要闻{uuid.uuid4().hex[:4]}"
        login(desktop, demo, "edu_siteadmin")
        desktop.get_by_role("link", name="信息抓取", exact=True).click()
        expect(desktop.locator("h1")).to_contain_text("信息抓取")
        desktop.get_by_role("link", name="新增抓取源", exact=True).click()
        desktop.locator("#id_name").fill(name)
        desktop.get_by_label("抓取地址").fill(demo.url("/harvest-demo/feed.xml"))
        column = desktop.locator("#id_target_column option", has_text="工作动态").first.get_attribute("value")
        desktop.locator("#id_target_column").select_option(column)
        desktop.get_by_label("来源名称").fill("镇江市人民政府网")
        desktop.get_by_label("列表链接选择器").fill("ul[[")  # a typo the form catches
        desktop.get_by_label("启用").uncheck()  # only when pressed (the scheduler would otherwise race us)
        desktop.get_by_role("button", name="保存", exact=True).click()
        expect(desktop.locator("main")).to_contain_text("选择器写法有误")
        desktop.get_by_label("列表链接选择器").fill("")
        desktop.get_by_role("button", name="保存", exact=True).click()
        expect(desktop.locator(".messages")).to_contain_text(f"抓取源“{name}”已保存")
        assert_accessible(desktop)

        desktop.get_by_role("button", name="立即抓取", exact=True).click()
        expect(desktop.locator(".messages")).to_contain_text("新增草稿 3 篇")
        log = desktop.locator("main")
        expect(log).to_contain_text("立即抓取（edu_siteadmin）")
        expect(log).to_contain_text("全市优化营商环境工作推进会召开（草稿）")
        shot(desktop, "harvest-01-run-log")
        assert_accessible(desktop)

        desktop.get_by_role("button", name="立即抓取", exact=True).click()  # again: nothing new
        expect(desktop.locator(".messages")).to_contain_text("新增草稿 0 篇，重复跳过 3 篇")

        desktop.get_by_role("link", name="全市优化营商环境工作推进会召开", exact=True).click()
        expect(desktop.locator("#id_source")).to_have_value("镇江市人民政府网")
        expect(desktop.locator("main")).to_contain_text("会议要求，各地各部门要持续深化")
        expect(desktop.locator("main img[src*='harvest']").first).to_be_visible()
        shot(desktop, "harvest-02-draft")

        login(phone, demo, "edu_siteadmin")
        phone.goto(demo.url("/admin/sitegroup/harvest/"))
        phone.get_by_role("link", name=name, exact=True).click()
        expect(phone.locator("main")).to_contain_text("重复")
        assert_fits(phone)
        shot(phone, "harvest-03-phone")


class TestWebsiteReport:
    def test_site_admin_publishes_and_a_citizen_reads_and_downloads(self, demo, desktop, phone):
        visitors = str(200000 + int(uuid.uuid4().hex[:4], 16))
        login(desktop, demo, "portal_siteadmin")
        desktop.get_by_role("link", name="网站年度报表", exact=True).click()
        desktop.locator("tr", has_text=f"{YEAR} 年").get_by_role("link").click()
        expect(desktop.locator("main")).to_contain_text("平台统计")
        desktop.get_by_label("独立用户访问总量（个）").fill("很多")
        desktop.get_by_role("button", name="保存", exact=True).click()
        expect(desktop.locator("main")).to_contain_text("请填写不小于 0 的整数")
        desktop.get_by_label("独立用户访问总量（个）").fill(visitors)
        desktop.get_by_label("是否开展应急演练").select_option(label="是")
        desktop.get_by_role("button", name="保存", exact=True).click()
        expect(desktop.locator(".messages")).to_contain_text("已保存")
        assert_accessible(desktop)
        desktop.get_by_role("button", name="重新发布", exact=True).click()
        expect(desktop.locator(".messages")).to_contain_text("年度报表已发布")
        shot(desktop, "website-report-01-admin")

        phone.goto(demo.url("/website-report/"))
        phone.get_by_role("link", name=re.compile(f"{YEAR}年度政府网站工作年度报表")).click()
        expect(phone.locator("h1")).to_contain_text(f"{YEAR}年度政府网站工作年度报表")
        row = phone.get_by_role("row", name=re.compile("独立用户访问总量"))
        expect(row).to_contain_text(f"{visitors} 个")
        expect(phone.get_by_role("row", name=re.compile("是否开展应急演练"))).to_contain_text("是")
        assert_fits(phone)
        assert_accessible(phone)
        shot(phone, "website-report-02-phone")
        with phone.expect_download() as download:
            phone.get_by_role("link", name="下载 Excel 表格", exact=True).click()
        sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
        values = {row[1]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert values["独立用户访问总量"] == int(visitors)
        assert f"{YEAR}年度政府网站工作年度报表" in sheet["A1"].value
