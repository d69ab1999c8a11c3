"""Online applications (网上申请) through the real screens: a citizen on a 390 px phone applies for a
民政局 item with uploads and gets the 办件编号; the handler (desktop) accepts and asks for a correction
listing a missing material; the citizen uploads it on the lookup page; the handler takes it on and
proposes the result, the reviewer (another person) reviews, the handler concludes; the citizen looks
the result up and rates it. axe-core and no horizontal scrolling on every public page."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from sitegroup.lib.captcha import solve
from tests.journeys.pages import assert_accessible, assert_fits, login, shot
from tests.services_column.application_builders import PDF, PERSON_ID, PNG

pytestmark = pytest.mark.journey

SITE = "mz"


def answer_captcha(page) -> None:
    label = page.locator(".sg-captcha label").inner_text()
    question = re.search(r"验证问题：(.+?等于几？)", label).group(1)
    page.get_by_label(re.compile("^验证问题")).fill(solve(question))


def check_page(page, name: str) -> None:
    assert_fits(page)
    assert_accessible(page)
    shot(page, name)


def make_item(demo, title: str) -> str:
    """An item of 民政局 that accepts online applications (the catalogue's demo items may exist too);
    returns its path on 民政局's site."""
    return demo.shell(
        "from sitegroup.models import Organisation\n"
        "from tests.services_column.application_builders import make_item\n"
        "organisation = Organisation.objects.get(site__hostname__startswith='mz.')\n"
        f"item = make_item(organisation.site.root_page.specific, {title!r})\n"
        "print(item.relative_url(organisation.site))"
    )


def act(desk, label: str, fill=None) -> None:
    """Open an action of the admin's 办理 list, fill its form and press its button."""
    desk.locator("summary", has_text=re.compile(f"^{label}$")).click()
    form = desk.locator("details[open] form")
    if fill:
        fill(form)
    form.get_by_role("button", name=label, exact=True).click()
    expect(desk.get_by_text(f"已{label}。")).to_be_visible()


class TestAnApplicationFromAPhone:
    def test_apply_accept_correct_handle_review_conclude_lookup_rate(self, demo, phone, new_page):
        page = phone
        tag = uuid.uuid4().hex[:4]
        title = f"最低生活保障审批（{tag}）"
        path = make_item(demo, title)

        page.goto(demo.url(path + "apply/", site=SITE))
        tab = page.get_by_role("navigation", name="事项服务").get_by_role("link", name="网上申请")
        expect(tab).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("heading", name="网上申请")).to_be_visible()
        page.get_by_role("radio", name="法人或其他组织").check()  # the switch shows the chosen block only
        expect(page.get_by_role("textbox", name=re.compile("^统一社会信用代码"))).to_be_visible()
        expect(page.get_by_role("textbox", name=re.compile("^申请人姓名"))).to_be_hidden()
        page.get_by_role("radio", name="个人", exact=True).check()
        page.get_by_role("textbox", name=re.compile("^申请人姓名")).fill("王秀兰")
        page.get_by_role("textbox", name=re.compile("^居民身份证号码")).fill(PERSON_ID)
        page.get_by_role("textbox", name=re.compile("^联系电话")).fill("13905110001")
        page.get_by_role("textbox", name=re.compile("^家庭人口数")).fill("3")
        reason = "丈夫去年病故，本人无固定收入，独自抚养两个孩子。"
        page.get_by_role("textbox", name=re.compile("^申请理由")).fill(reason)
        page.get_by_label(re.compile("^居民身份证")).last.set_input_files(
            files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.get_by_label(re.compile("^家庭收入情况说明")).set_input_files(
            files=[{"name": "收入说明.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.get_by_label(re.compile("^我承诺")).check()
        answer_captcha(page)
        check_page(page, "applications-01-apply")
        page.get_by_role("button", name="提交申请").click()

        expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
        code = page.locator(".sg-apply__code").inner_text().strip()
        assert re.fullmatch(r"[0-9A-Z]{14}", code), code
        check_page(page, "applications-02-done")

        desk = new_page(1280)
        login(desk, demo, "mz_handler")
        desk.get_by_role("link", name="网上申请办理").first.click()
        desk.get_by_role("link", name=code).click()
        expect(desk.get_by_text("王秀兰")).to_be_visible()
        expect(desk.get_by_text(PERSON_ID)).to_have_count(0)  # masked until asked for
        act(desk, "受理")

        def correction(form):
            form.get_by_label("家庭收入情况说明").check()
            form.get_by_label(re.compile("^其他需要补正")).fill("收入说明须由村（居）委会盖章。")

        act(desk, "一次性告知补齐补正", correction)
        expect(desk.get_by_role("heading", name=re.compile("状态：待补齐补正"))).to_be_visible()
        shot(desk, "applications-03-handler-correction")

        page.goto(demo.url("/zwfw/lookup/", site=SITE))
        page.get_by_label("办件编号").fill(code)
        page.get_by_label("证件号码").fill(PERSON_ID)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_role("heading", name="补齐补正材料")).to_be_visible()
        expect(page.get_by_text("收入说明须由村（居）委会盖章。", exact=True)).to_be_visible()
        check_page(page, "applications-04-lookup-correction")
        page.get_by_label(re.compile("^家庭收入情况说明")).set_input_files(
            files=[{"name": "盖章收入说明.png", "mimeType": "image/png", "buffer": PNG}]
        )
        page.get_by_role("button", name="提交补正材料").click()
        expect(page.get_by_text("补正材料已提交")).to_be_visible()

        desk.reload()
        expect(desk.get_by_role("heading", name=re.compile("状态：已受理"))).to_be_visible()
        act(desk, "承办")

        def proposal(form):
            form.get_by_role("radio", name=re.compile("准予许可")).check()
            form.get_by_label(re.compile("^结果说明")).fill("符合城乡最低生活保障条件，自下月起按月发放。")

        act(desk, "提交承办意见", proposal)
        expect(desk.locator("summary", has_text="审核通过")).to_have_count(0)  # not for the handler

        desk.context.clear_cookies()
        login(desk, demo, "mz_reviewer")
        desk.goto(desk.url.split("/admin/")[0] + "/admin/services/applications/?state=review")
        desk.get_by_role("link", name=code).click()
        act(desk, "审核通过")

        desk.context.clear_cookies()
        login(desk, demo, "mz_handler")
        desk.goto(desk.url.split("/admin/")[0] + "/admin/services/applications/?state=reviewed")
        desk.get_by_role("link", name=code).click()
        act(desk, "办结")
        expect(desk.get_by_role("heading", name=re.compile("状态：已办结"))).to_be_visible()
        shot(desk, "applications-05-handler-concluded")

        page.goto(demo.url("/zwfw/lookup/", site=SITE))
        page.get_by_label("办件编号").fill(code.lower())
        page.get_by_label("证件号码").fill(PERSON_ID)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_role("heading", name="办理结果")).to_be_visible()
        expect(page.locator(".sg-apply__result")).to_contain_text("自下月起按月发放")
        check_page(page, "applications-06-lookup-result")
        page.get_by_role("radio", name="满意", exact=True).check()
        page.get_by_role("button", name="提交评价").click()
        expect(page.get_by_text("感谢您的评价")).to_be_visible()

        page.goto(demo.url(path + "results/", site=SITE))
        row = page.locator("tbody tr").first
        expect(row).to_contain_text("王**")
        assert "王秀兰" not in page.content() and PERSON_ID not in page.content()
        check_page(page, "applications-07-results")

        page.goto(demo.url("/zwfw/ratings/", site=SITE))
        expect(page.get_by_role("heading", level=1, name="政务服务好差评统计")).to_be_visible()
        expect(page.get_by_role("rowheader", name=title)).to_be_visible()
        check_page(page, "applications-08-ratings")
