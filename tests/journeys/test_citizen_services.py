"""政务服务专栏 through the real screens: a citizen on a phone goes from the portal home to the county's
service column, finds 最低生活保障审批 by life event, reads the guide, downloads a form and sends a
consultation that lands in 民政局's 群众来信 queue; on a desktop someone browses by power category and
searches. axe-core and no horizontal scrolling on every new public page."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from sitegroup.lib.captcha import solve
from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey


def answer_captcha(page) -> None:
    label = page.locator(".sg-captcha label").inner_text()
    question = re.search(r"验证问题：(.+?等于几？)", label).group(1)
    page.get_by_label(re.compile("^验证问题")).fill(solve(question))


def check_page(page, name: str) -> None:
    assert_fits(page)
    assert_accessible(page)
    shot(page, name)


class TestACitizenOnAPhone:
    def test_life_event_guide_form_and_consultation(self, demo, phone, new_page):
        page = phone
        tag = uuid.uuid4().hex[:6]
        tail = f"{int(tag, 16) % 10000:04d}"

        page.goto(demo.url("/"))
        entry = page.locator(".sg-home-entry")
        expect(entry.get_by_role("link", name="镇江市丹徒区政务服务专栏").first).to_be_visible()
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="镇江市丹徒区政务服务专栏").click()
        expect(page.get_by_role("heading", level=1, name="镇江市丹徒区政务服务专栏")).to_be_visible()
        check_page(page, "services-01-column")

        people = page.locator("section", has=page.get_by_role("heading", name="个人办事"))
        people.get_by_role("link", name=re.compile(r"^社会救助 \(\d+\)")).click()
        expect(page.get_by_role("status")).to_contain_text("个事项")
        expect(page.get_by_role("link", name="最低生活保障审批", exact=True)).to_be_visible()
        check_page(page, "services-02-life-event")

        page.get_by_role("link", name="最低生活保障审批", exact=True).click()
        expect(page.get_by_role("heading", level=1, name="最低生活保障审批")).to_be_visible()
        for heading in ("设定依据", "受理条件", "申请材料", "办理流程", "办理时限", "收费标准和依据"):
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_role("list", name=re.compile("办理流程图"))).to_be_visible()
        expect(page.get_by_text("丹徒区民政局（承办科室：社会救助股）")).to_be_visible()
        check_page(page, "services-03-guide")

        page.get_by_role("navigation", name="事项服务").get_by_role("link", name="表格下载").click()
        expect(page.get_by_role("heading", name="表格下载")).to_be_visible()
        check_page(page, "services-04-forms")
        with page.expect_download() as download_info:
            page.get_by_role("link", name=re.compile(r"^下载\s*最低生活保障申请书")).click()
        download = download_info.value
        assert download.suggested_filename.endswith(".docx"), download.suggested_filename
        with open(download.path(), "rb") as handle:
            assert handle.read(2) == b"PK"

        page.get_by_role("navigation", name="事项服务").get_by_role("link", name="网上咨询").click()
        expect(page.get_by_role("heading", name="网上咨询", exact=True)).to_be_visible()
        check_page(page, "services-05-consult")
        page.get_by_role("link", name="写信咨询本事项").click()
        subject = page.get_by_role("textbox", name=re.compile("^标题"))
        expect(subject).to_have_value("咨询：最低生活保障审批")
        subject.fill(f"咨询：最低生活保障审批（{tag}）")
        page.get_by_role("textbox", name=re.compile("^内容")).fill(
            "我母亲独自居住，没有养老金，子女在外地打工。申请低保时子女的收入是否计算在内？需要本人到场吗？"
        )
        page.get_by_role("textbox", name=re.compile("^姓名")).fill("李桂芳")
        page.get_by_role("textbox", name=re.compile("^联系电话")).fill(f"1390522{tail}")
        answer_captcha(page)
        page.get_by_role("button", name="提交来信").click()
        expect(page.get_by_role("heading", level=1, name="来信已提交")).to_be_visible()
        code = page.locator(".sg-code").inner_text().strip()
        assert re.fullmatch(r"\d{10}", code), code

        desk = new_page(1280)
        login(desk, demo, "mz_handler")
        desk.get_by_role("link", name="群众来信").first.click()
        row = desk.locator("tr", has=desk.get_by_role("link", name=code))
        expect(row).to_contain_text(f"最低生活保障审批（{tag}）")
        desk.get_by_role("link", name=code).click()
        expect(desk.get_by_text(f"1390522{tail}")).to_be_visible()
        shot(desk, "services-06-handler-queue")


class TestDirectoryOnADesktop:
    def test_by_power_category_and_search(self, demo, desktop):
        page = desktop
        page.goto(demo.url("/zwfw/"))
        categories = page.locator("section", has=page.get_by_role("heading", name="按权力类别"))
        categories.get_by_role("link", name=re.compile(r"^行政许可 \(\d+\)")).first.click()
        expect(page.get_by_role("link", name="教师资格认定")).to_be_visible()
        expect(page.get_by_role("link", name="医师执业注册")).to_be_visible()
        expect(page.get_by_role("link", name="最低生活保障审批")).to_have_count(0)
        check_page(page, "services-07-by-category")

        departments = page.locator("section", has=page.get_by_role("heading", name="按部门"))
        departments.get_by_role("link", name=re.compile(r"^丹徒区教育局 \(\d+\)")).click()
        expect(page.get_by_role("link", name="教师资格认定")).to_be_visible()
        expect(page.get_by_role("link", name="医师执业注册")).to_have_count(0)

        page.get_by_role("searchbox", name=re.compile("中检索事项")).fill("低保")
        page.get_by_role("button", name="检索", exact=True).click()
        expect(page.get_by_role("heading", level=1, name="事项检索")).to_be_visible()
        page.goto(demo.url("/zwfw/search/?q=最低生活保障"))
        expect(page.get_by_role("link", name="最低生活保障审批", exact=True)).to_be_visible()
        check_page(page, "services-08-search")

        page.get_by_role("link", name="最低生活保障审批", exact=True).click()
        page.get_by_role("link", name="打印办事指南").click()
        expect(page.get_by_role("button", name="打印")).to_be_visible()
        expect(page.get_by_role("heading", level=1, name="最低生活保障审批办事指南")).to_be_visible()
        check_page(page, "services-09-print")

    def test_a_department_site_links_to_its_own_items(self, demo, phone):
        page = phone
        page.goto(demo.url("/", site="edu"))
        page.locator(".sg-home-entry").get_by_role("link", name="政务服务").first.click()
        expect(page.get_by_role("heading", level=1, name="政务服务")).to_be_visible()
        expect(page.get_by_role("link", name="教师资格认定")).to_be_visible()
        expect(page.get_by_role("link", name="最低生活保障审批")).to_have_count(0)
        check_page(page, "services-10-department-column")
