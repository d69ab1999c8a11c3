"""政民互动 on a phone and at the desk: a citizen answers a survey (captcha included) and sees its results,
signs up on an e-form and comments on a consultation; the department's editor publishes the comment and
the citizen sees it. Every new public page is checked with axe-core and must fit a 390 px screen."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from sitegroup.lib.captcha import solve
from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey


def answer_captcha(page) -> None:
    """Read the question aloud, as it were, and type the sum."""
    label = page.locator("label[for=id_captcha_1]").inner_text()
    question = re.search(r"验证问题：(\S+?等于几？)", label).group(1)
    page.get_by_label(re.compile("验证问题")).fill(solve(question))


def check_page(page, name: str) -> None:
    assert_fits(page)
    assert_accessible(page)
    shot(page, name)


class TestSurveyOnAPhone:
    def test_answer_the_survey_then_see_the_results(self, demo, phone):
        page = phone
        page.goto(demo.url("/zhengwu-fuwu-diaocha/"))
        expect(page.get_by_role("heading", name="丹徒区政务服务满意度网上调查")).to_be_visible()
        check_page(page, "interaction-survey-phone")

        # Forgetting the captcha: the form comes back with the answers kept and the problem announced.
        page.get_by_label("在政务服务网或手机上网上办理").check()
        page.get_by_role("button", name="提交答卷").click()
        expect(page.get_by_role("alert").first).to_contain_text("未能提交")
        expect(page.get_by_label("在政务服务网或手机上网上办理")).to_be_checked()
        check_page(page, "interaction-survey-errors-phone")

        page.get_by_label("社会保险和医保").check()
        page.get_by_label("入学报名").check()
        page.get_by_label("4分（满意）").check()
        page.get_by_label("您对改进政务服务还有什么意见和建议？").fill("希望社保业务周六也能办理。")
        answer_captcha(page)
        page.get_by_role("button", name="提交答卷").click()
        expect(page.get_by_role("status")).to_contain_text("感谢您参与本次调查")

        page.get_by_role("link", name="查看调查结果").click()
        expect(page.get_by_role("heading", name=re.compile("调查结果"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"共收到有效答卷 \d+ 份"))).to_be_visible()
        expect(page.locator("svg.sg-chart").first).to_be_visible()
        check_page(page, "interaction-survey-results-phone")

        # Back on the survey: this phone has answered, so it is not asked again.
        page.goto(demo.url("/zhengwu-fuwu-diaocha/"))
        expect(page.get_by_text("您已经参与过本次调查")).to_be_visible()
        expect(page.get_by_role("button", name="提交答卷")).to_have_count(0)

    def test_closed_survey_shows_its_public_results(self, demo, phone):
        page = phone
        page.goto(demo.url("/wangzhan-lanmu-diaocha/"))
        expect(page.get_by_text("本次调查已经结束")).to_be_visible()
        page.get_by_role("link", name="查看调查结果").click()
        expect(page.get_by_text(re.compile(r"共收到有效答卷 128 份"))).to_be_visible()
        check_page(page, "interaction-survey-closed-results-phone")


class TestEFormOnAPhone:
    def test_sign_up_for_the_open_day(self, demo, phone):
        page = phone
        page.goto(demo.url("/zhengfu-kaifangri-baoming/"))
        check_page(page, "interaction-eform-phone")
        page.get_by_label(re.compile("^姓名")).fill("黄秀英")
        page.get_by_label(re.compile("^手机号码")).fill("13952801234")
        page.get_by_label(re.compile("^参加场次")).select_option("下午场（14:30-16:30）")
        answer_captcha(page)
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
        check_page(page, "interaction-eform-done-phone")


class TestConsultation:
    def test_citizen_comments_editor_publishes_citizen_sees_it(self, demo, phone, desktop):
        text = f"建议在村委会张贴低保办理流程图，方便老人了解。{uuid.uuid4().hex[:4]}"
        page = phone
        page.goto(demo.url("/dibao-banfa-zhengqiu-yijian/", site="mz"))
        expect(page.get_by_role("heading", level=1, name=re.compile("最低生活保障审核确认办法"))).to_be_visible()
        check_page(page, "interaction-consultation-phone")

        page.get_by_label(re.compile("^称呼")).fill("一位退休教师")
        page.get_by_label(re.compile("^您的意见和建议")).fill(text)
        answer_captcha(page)
        page.get_by_role("button", name="提交意见").click()
        expect(page.get_by_role("status")).to_contain_text("审核后")
        check_page(page, "interaction-consultation-sent-phone")
        page.goto(demo.url("/dibao-banfa-zhengqiu-yijian/", site="mz"))
        expect(page.get_by_text(text)).to_have_count(0)  # held for moderation

        login(desktop, demo, "mz_editor")
        desktop.goto(demo.url("/admin/interaction/comments/"))
        entry = desktop.locator("section", has_text=text)
        expect(entry).to_be_visible()
        shot(desktop, "interaction-moderation-desktop")
        entry.get_by_role("button", name="公开这条意见").click()
        expect(desktop.get_by_text("意见已公开。")).to_be_visible()

        page.reload()
        expect(page.get_by_text(text)).to_be_visible()
        expect(page.get_by_text("一位退休教师")).to_be_visible()
        check_page(page, "interaction-consultation-published-phone")

    def test_closed_consultation_shows_the_adoption_summary(self, demo, phone):
        page = phone
        page.goto(demo.url("/zhengwu-gongkai-zhengqiu-yijian/"))
        summary = page.get_by_role("region", name="意见采纳情况")
        expect(summary).to_contain_text("收到意见")
        expect(page.get_by_text(re.compile("^部分采纳："))).to_be_visible()
        expect(page.get_by_role("button", name="提交意见")).to_have_count(0)
        check_page(page, "interaction-consultation-summary-phone")
