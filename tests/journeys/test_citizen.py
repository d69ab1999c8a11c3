"""A citizen's errands on a phone: from a department's home page to 政府信息公开, the guide, the request
form, the lookup code and the status page; a search for 补助 that finds disclosure items by their
catalogue kind; 热搜词 that no single citizen can make, and that the portal editor can block and pin.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import PHONE
from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey

# A phone as citizens have them (headless Chromium announces itself and is rightly not counted as a person).
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
RESIDENT_ID = "321112198503120016"


def _citizen_phone(browser):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", user_agent=PHONE_USER_AGENT
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


class TestDisclosureRequestOnAPhone:
    def test_from_the_home_page_through_the_guide_to_the_form_and_the_lookup(self, demo, phone):
        page = phone
        tag = uuid.uuid4().hex[:6].upper()
        tail = f"{int(tag, 16) % 10000:04d}"
        page.goto(demo.url("/", site="mz"))
        assert_fits(page)
        shot(page, "citizen-01-department-home", full_page=False)

        page.get_by_role("complementary", name="栏目导航").get_by_role("link", name="政府信息公开").click()
        expect(page.get_by_role("heading", level=1, name="政府信息公开")).to_be_visible()
        request_block = page.locator("section", has=page.get_by_role("heading", name="依申请公开"))
        expect(request_block.get_by_role("link", name="在线申请")).to_be_visible()
        expect(request_block.get_by_role("link", name="查询办理进度")).to_be_visible()
        assert_fits(page)
        assert_accessible(page)
        request_block.scroll_into_view_if_needed()
        shot(page, "citizen-02-disclosure-column", full_page=False)

        page.get_by_role("link", name="政府信息公开指南").first.click()
        expect(page.get_by_role("heading", level=1, name="政府信息公开指南")).to_be_visible()
        obtain = page.locator("section", has=page.get_by_role("heading", name="二、获取信息的方式"))
        expect(obtain.get_by_role("heading", name="依申请公开")).to_be_visible()
        assert_fits(page)
        obtain.get_by_role("link", name="在线申请").scroll_into_view_if_needed()
        shot(page, "citizen-03-guide", full_page=False)
        obtain.get_by_role("link", name="在线申请").click()

        expect(page.get_by_role("heading", level=1, name="政府信息公开申请")).to_be_visible()
        assert_fits(page)
        shot(page, "citizen-04-form", full_page=False)
        page.get_by_role("radio", name="自然人").check()
        page.get_by_label("姓名或单位名称").fill("李桂英")
        page.get_by_label(re.compile("^身份证号码")).fill(RESIDENT_ID)
        page.get_by_label("联系电话").fill(f"1380511{tail}")
        page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(
            f"2025年度本镇高龄津贴发放名单和标准（{tag}）"
        )
        page.get_by_role("radio", name="电子文本").check()
        page.get_by_role("radio", name="网上查看").check()
        page.get_by_role("button", name="提交申请").click()

        expect(page.get_by_role("heading", level=1, name="申请已提交")).to_be_visible()
        code = page.locator(".sg-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{12}", code), code
        assert_fits(page)
        assert_accessible(page)
        shot(page, "citizen-05-done", full_page=False)
        for width in (320, 414, 1280):  # the same page on a smaller and a larger screen
            page.set_viewport_size({"width": width, "height": 800})
            assert_fits(page)
        page.set_viewport_size(PHONE)

        page.get_by_role("link", name="查询办理进度").click()
        expect(page.get_by_role("heading", level=1, name="查询政府信息公开申请")).to_be_visible()
        page.get_by_label("查询码").fill(code)
        page.get_by_label("联系电话后四位").fill(tail)
        page.get_by_role("button", name="查询").click()
        status = page.locator("section", has=page.get_by_role("heading", name="办理情况"))
        expect(status).to_contain_text(code)
        expect(status).to_contain_text("丹徒区民政局")
        assert_fits(page)
        assert_accessible(page)
        shot(page, "citizen-06-status", full_page=False)

    def test_the_portal_leads_to_every_organisations_form(self, demo, phone):
        page = phone
        page.goto(demo.url("/"))
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开").click()
        page.get_by_text(re.compile("向其他机关申请")).click()
        chooser = page.locator("#request-chooser")
        expect(chooser.get_by_role("link", name="丹徒区教育局")).to_be_visible()
        assert_fits(page)
        shot(page, "citizen-07-portal-chooser", full_page=False)
        chooser.get_by_role("link", name="丹徒区教育局").click()
        expect(page.get_by_role("heading", level=1, name="政府信息公开申请")).to_be_visible()
        expect(page.locator(".sg-lead")).to_contain_text("向丹徒区教育局申请获取政府信息")
        assert page.url == demo.url("/xxgk/apply/", site="edu")


class TestSearch:
    def test_a_search_for_subsidies_finds_disclosure_items_by_their_catalogue_kind(self, demo, browser):
        context, page = _citizen_phone(browser)
        try:
            page.goto(demo.url("/", site="mz"))
            page.get_by_role("search").get_by_label("站内搜索").fill("补助")
            page.get_by_role("search").get_by_role("button", name="搜索").click()
            expect(page.locator(".sg-search-page__summary")).to_contain_text("找到")
            assert_fits(page)
            shot(page, "citizen-08-search-subsidy", full_page=False)
            page.get_by_role("complementary", name="筛选结果").get_by_role(
                "link", name=re.compile("^政府信息公开")
            ).click()
            expect(page.locator(".sg-search-page__summary")).to_contain_text("找到")
            first = page.locator(".sg-result").first
            expect(first).to_contain_text("政府信息公开")
            first.get_by_role("link").click()
            catalogue_kind = page.locator(".sg-metadata tr", has_text="目录事项")
            expect(catalogue_kind).to_contain_text("补助")
            assert_fits(page)
            shot(page, "citizen-09-subsidy-item", full_page=False)
        finally:
            context.close()

    def test_no_single_citizen_makes_a_hot_term_and_the_portal_editor_pins_and_blocks(self, demo, browser, desktop):
        word = "政务服务"  # found on the demo sites
        tag = uuid.uuid4().hex[:4]
        context, page = _citizen_phone(browser)
        try:
            for typed in (f"({word}", f"{word}~2", f"😀🏛️{word}"):
                page.goto(demo.url("/search/?" + f"q={typed}"))
                expect(page.locator(".sg-search-page__summary")).to_contain_text("找到")
            page.goto(demo.url(f"/search/?q=没有这种内容{tag}"))
            expect(page.locator(".sg-search-page__summary")).to_contain_text("没有找到")
            hot = page.locator(".sg-hot-terms")
            shown = hot.inner_text() if hot.count() else ""
            for leaked in (f"({word}", f"{word}~2", "😀", word):
                assert leaked not in shown, shown

            # The portal editor sees the normalised term counted once, and pins and blocks terms.
            admin = desktop
            login(admin, demo, "portal_chief")  # 门户编辑
            admin.goto(demo.url("/admin/search/report/?days=7"))
            row = admin.locator("tr", has=admin.get_by_role("cell", name=word, exact=True))
            expect(row).to_be_visible()
            for leaked in (f"({word}", f"{word}~2", f"😀🏛️{word}"):
                expect(admin.get_by_role("cell", name=leaked, exact=True)).to_have_count(0)
            shot(admin, "citizen-10-search-report")
            pinned = "老年人补贴" + "".join("零一二三四五六七八九"[int(digit)] for digit in str(int(tag, 16)))
            admin.get_by_label("搜索词").fill(pinned)
            admin.get_by_label("处理").select_option("pin")
            admin.get_by_role("button", name="保存").click()
            expect(admin.locator(".messages")).to_contain_text(f"已置顶“{pinned}”")
            row.get_by_role("button", name=f"屏蔽“{word}”", exact=True).click()
            expect(admin.locator(".messages")).to_contain_text(f"已屏蔽“{word}”")

            page.goto(demo.url(f"/search/?q=还是没有这种内容{tag}"))
            hot_terms = page.locator(".sg-hot-terms a")
            expect(hot_terms.first).to_have_text(pinned)
            expect(page.locator(".sg-hot-terms")).not_to_contain_text(word)
            assert_fits(page)
            shot(page, "citizen-11-hot-terms", full_page=False)

            # Leave the shared demo as it was.
            for term in (pinned, word):
                admin.get_by_role("button", name=re.compile(f"^取消(置顶|屏蔽)“{term}”")).click()
                expect(admin.locator(".messages")).to_contain_text("已取消")
        finally:
            context.close()
