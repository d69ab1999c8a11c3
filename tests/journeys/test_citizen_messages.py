"""政民互动's message channels through the real screens: a citizen on a phone writes to the portal's
咨询 mailbox naming 民政局, gets a lookup code; 民政局's handler replies on a desktop, its reviewer
approves and it is published; the citizen looks it up, reads the reply and rates it; the published
letter shows no personal data; the supervision office sees overdue letters of every department and
sends a 督办 notice. axe-core and no horizontal scrolling on every new public page."""

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


class TestALetterFromAPhone:
    def test_write_reply_review_publish_lookup_rate(self, demo, phone, new_page):
        page = phone
        tag = uuid.uuid4().hex[:6]
        tail = f"{int(tag, 16) % 10000:04d}"
        title = f"高龄津贴怎么申领（{tag}）"

        page.goto(demo.url("/"))
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="政民互动").click()
        expect(page.get_by_role("heading", level=1, name="政民互动")).to_be_visible()
        check_page(page, "messages-01-hub")

        page.get_by_role("link", name="咨询", exact=True).click()
        expect(page.get_by_role("heading", level=1, name="咨询：在线写信")).to_be_visible()
        page.get_by_label("办理部门").select_option(label="丹徒区民政局")
        page.get_by_role("textbox", name=re.compile("^标题")).fill(title)
        page.get_by_role("textbox", name=re.compile("^内容")).fill(
            "我父亲今年八十一岁，户籍在高桥镇，请问高龄津贴需要本人到场申请吗？每月发多少？"
        )
        page.get_by_role("textbox", name=re.compile("^姓名")).fill("王秀兰")
        page.get_by_role("textbox", name=re.compile("^联系电话")).fill(f"1390511{tail}")
        page.get_by_role("radio", name=re.compile("^同意公开")).check()
        answer_captcha(page)
        check_page(page, "messages-02-write")
        page.get_by_role("button", name="提交来信").click()

        expect(page.get_by_role("heading", level=1, name="来信已提交")).to_be_visible()
        code = page.locator(".sg-code").inner_text().strip()
        assert re.fullmatch(r"\d{10}", code), code
        check_page(page, "messages-03-done")

        desk = new_page(1280)
        login(desk, demo, "mz_handler")
        desk.get_by_role("link", name="群众来信").first.click()
        desk.get_by_role("link", name=code).click()
        expect(desk.get_by_text(f"1390511{tail}")).to_be_visible()  # the handler sees the writer in full
        desk.get_by_text("提交答复", exact=True).first.click()
        desk.get_by_label(re.compile("^答复内容")).fill(
            "您好！高龄津贴由户籍所在镇社会事务办受理，80周岁以上老人凭身份证、户口簿申请，行动不便的可由家属代办。"
        )
        desk.get_by_role("button", name="提交答复").click()
        expect(desk.get_by_text("已提交答复")).to_be_visible()
        shot(desk, "messages-04-handler-replied")

        desk.context.clear_cookies()
        login(desk, demo, "mz_reviewer")
        desk.goto(desk.url.split("/admin/")[0] + "/admin/interaction/messages/?state=review")
        desk.get_by_role("link", name=code).click()
        desk.get_by_text("审核通过", exact=True).first.click()
        desk.get_by_role("button", name="审核通过").click()
        expect(desk.get_by_role("heading", name=re.compile("已答复并公开"))).to_be_visible()
        shot(desk, "messages-05-reviewer-published")

        page.goto(demo.url("/hudong/"))
        page.get_by_role("link", name="查询来信答复").click()
        page.get_by_label("查询码").fill(code)
        page.get_by_label("联系电话后四位").fill(tail)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_role("heading", name=re.compile("^答复"))).to_be_visible()
        expect(page.get_by_text("社会事务办受理")).to_be_visible()
        check_page(page, "messages-06-lookup")
        page.get_by_role("radio", name="非常满意").check()
        page.get_by_role("button", name="提交评价").click()
        expect(page.get_by_text("感谢您的评价")).to_be_visible()

        page.goto(demo.url("/hudong/replies/"))
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        body = page.content()
        assert "王秀兰" not in body and f"1390511{tail}" not in body
        check_page(page, "messages-07-published")
        page.goto(demo.url("/hudong/statistics/"))
        expect(page.get_by_role("heading", level=1, name="来信办理情况统计")).to_be_visible()
        check_page(page, "messages-08-statistics")


class TestSupervision:
    def test_overdue_letters_of_every_department_and_a_notice(self, demo, desktop):
        page = desktop
        login(page, demo, "supervisor")
        page.get_by_role("link", name="电子监察").first.click()
        expect(page.get_by_role("heading", name=re.compile("电子监察"))).to_be_visible()
        overdue = page.locator("tr", has_text="红色预警").filter(has_text="来信").first
        expect(overdue).to_be_visible()
        code = overdue.get_by_role("link").first.inner_text()
        overdue.get_by_label(re.compile("督办意见")).fill("请于两个工作日内答复并报送办理情况")
        overdue.get_by_role("button", name="督办").click()
        expect(page.get_by_text(f"已对 {code} 发出督办")).to_be_visible()
        shot(page, "messages-09-supervision")
