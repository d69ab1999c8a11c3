"""The handler's day with disclosure requests (依申请公开), and who sees what of it.

The 民政局 handler (mz_handler) opens the queue, opens a request, sends a 补正告知书, consults a third
party, answers with a 答复告知书, downloads it as Word and prints it; supervision sees the applicant's
phone and ID masked; the citizen's status page on a phone shows only the events meant for them, in Chinese.
"""

from __future__ import annotations

import json
import re
import uuid
from io import BytesIO

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey

THIRD_PARTY = "镇江宏远物业管理有限公司"
INTERNAL_NOTE = "申请人来电补充了文号，已核对"
CONSULTATION_NOTE = "第三方书面回复不同意公开其合同金额"


@pytest.fixture(scope="module")
def application(demo):
    """A request received today by 丹徒区民政局, with its own phone and wording (journey data is shared)."""
    tag = uuid.uuid4().hex[:6].upper()
    tail = f"{int(tag, 16) % 10000:04d}"
    data = {
        "kind": "person",
        "name": "王小明",
        "id_number": "321112198503120016",
        "phone": f"1390511{tail}",
        "email": "wxm@example.com",
        "address": "镇江市丹徒区宜城街道幸福路8号",
        "postcode": "212100",
        "description": f"丹徒区2025年度城乡低保资金发放明细（{tag}）。",
        "delivery_form": "electronic",
        "delivery_method": "email",
    }
    output = demo.shell(
        "import json\n"
        "from disclosure.services import requests as services\n"
        "from sitegroup.models import Organisation\n"
        "organisation = Organisation.objects.get(hostname__startswith='mz.')\n"
        f"request = services.submit(organisation, json.loads({json.dumps(json.dumps(data, ensure_ascii=False))}),"
        f" client_ip='journey-handler-{tag}')\n"
        "print(request.pk, request.lookup_code)"
    )
    pk, code = output.split()[-2:]
    return {"pk": int(pk), "code": code, "tail": tail, **data}


def _act(page, label: str) -> None:
    """Open one action of the request page (a disclosure) and submit it after the caller filled it."""
    page.locator("details > summary", has_text=label).click()


class TestHandler:
    def test_correction_consultation_answer_word_and_print(self, demo, desktop, application):
        page = desktop
        login(page, demo, "mz_handler")
        page.get_by_role("link", name="依申请公开").first.click()
        expect(page.get_by_role("heading", name="依申请公开办理")).to_be_visible()
        row = page.locator("tr", has_text=application["code"])
        expect(row).to_contain_text(f"139****{application['tail']}")
        expect(row).to_contain_text("王*")
        expect(row).not_to_contain_text(application["phone"])
        shot(page, "handler-01-queue")

        row.get_by_role("link", name=application["code"]).click()
        expect(page.locator("dl")).to_contain_text(application["phone"])  # the handler's own page: in full
        _act(page, "发出补正告知书")
        page.locator("#id_request_correction-note").fill("请写明所需低保资金发放明细的年度和发放范围")
        page.get_by_role("button", name="发出补正告知书").click()
        expect(page.locator(".messages")).to_contain_text("已发出补正告知书")
        expect(page.locator("table.listing")).to_contain_text("办理中 → 待申请人补正")
        expect(page.locator("body")).not_to_contain_text("awaiting_correction")

        with page.context.expect_page() as opened:
            page.get_by_role("link", name="打印政府信息公开申请补正告知书").click()
        notice = opened.value
        notice.wait_for_load_state()
        expect(notice.locator(".sheet")).to_contain_text("政府信息公开申请补正告知书")
        expect(notice.locator(".sheet")).to_contain_text("第三十条")
        expect(notice.locator(".sheet")).to_contain_text("60日内向镇江市丹徒区人民政府申请行政复议")
        expect(notice.locator(".sheet")).to_contain_text("6个月内向镇江市丹徒区人民法院提起行政诉讼")
        expect(notice.locator(".sheet")).to_contain_text(re.compile(r"区民政局依申补〔\d{4}〕\d+号"))
        shot(notice, "handler-02-correction-notice-print")
        notice.close()

        _act(page, "收到补正材料")
        page.locator("#id_receive_correction-note").fill(INTERNAL_NOTE)
        page.get_by_role("button", name="收到补正材料").click()
        expect(page.locator(".messages")).to_contain_text("已收到补正材料")
        _act(page, "征求第三方意见")
        page.locator("#id_start_consultation-third_party").fill(THIRD_PARTY)
        page.get_by_role("button", name="征求第三方意见").click()
        _act(page, "收到第三方意见")
        page.locator("#id_end_consultation-note").fill(CONSULTATION_NOTE)
        page.get_by_role("button", name="收到第三方意见").click()
        expect(page.locator(".messages")).to_contain_text("已收到第三方意见")

        _act(page, "作出答复")
        page.locator("#id_answer-reply").select_option(label="部分公开")
        page.locator("#id_answer-note").fill("其中涉及第三方商业秘密的合同金额不予公开，其余信息见附件")
        page.get_by_role("button", name="作出答复").click()
        expect(page.locator(".messages")).to_contain_text("已作出答复")
        expect(page.get_by_role("heading", name=re.compile("政府信息公开申请答复告知书"))).to_be_visible()
        shot(page, "handler-03-request-answered")

        with page.expect_download() as download:
            page.get_by_role("link", name="下载 Word（政府信息公开申请答复告知书）").click()
        assert download.value.suggested_filename.endswith(".docx")
        document = Document(BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115 - read at once
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        assert "政府信息公开申请答复告知书" in text and "王小明：" in text
        assert "《中华人民共和国政府信息公开条例》第三十七条的规定" in text
        assert "镇江市丹徒区人民政府申请行政复议" in text and "丹徒区民政局（印章）" in text
        assert "只计这一情形" not in text and "。。" not in text

        with page.context.expect_page() as opened:
            page.get_by_role("link", name="打印政府信息公开申请答复告知书").click()
        letter = opened.value
        letter.wait_for_load_state()
        expect(letter.get_by_role("button", name="打印")).to_be_visible()
        expect(letter.locator(".sheet")).to_contain_text("第三十七条")
        shot(letter, "handler-04-reply-letter-print")
        letter.emulate_media(media="print")
        expect(letter.locator(".toolbar")).to_be_hidden()  # only the document goes to the printer
        assert letter.pdf(format="A4")[:4] == b"%PDF"

    def test_templates_are_edited_with_preview_and_a_bad_one_is_refused_in_chinese(self, demo, new_page):
        page = new_page(1280)
        login(page, demo, "mz_handler")
        page.goto(demo.url("/admin/disclosure/requests/"))
        page.get_by_role("link", name=re.compile("文书模板")).click()
        expect(page.get_by_role("heading", name="丹徒区民政局")).to_be_visible()
        expect(page.locator("#id_reconsideration_body")).to_have_value("镇江市丹徒区人民政府")
        source = page.locator("#id_reply_template")
        original = source.input_value()
        source.fill(original.replace("{% endif %}", "", 1))
        page.get_by_role("button", name="保存模板").click()
        expect(page.locator("#error-reply")).to_contain_text("没有对应的结束标签")
        expect(page.locator("body")).not_to_contain_text("TemplateSyntaxError")
        source.fill(original)
        page.locator("#id_court").fill("镇江经济开发区人民法院")
        page.get_by_role("button", name="预览").click()
        preview = page.get_by_role("region", name="政府信息公开申请答复告知书预览")
        expect(preview).to_contain_text("6个月内向镇江经济开发区人民法院提起行政诉讼")
        expect(preview).to_contain_text("第三十六条第二项")
        shot(page, "handler-07-templates-preview")  # previewed, not saved: the shared demo keeps its court

    def test_supervision_sees_personal_data_masked(self, demo, new_page, application):
        page = new_page(1280)
        login(page, demo, "supervisor")
        page.goto(demo.url("/admin/disclosure/requests/?state=all"))
        row = page.locator("tr", has_text=application["code"])
        expect(row).to_contain_text(f"139****{application['tail']}")
        expect(row).to_contain_text("3211**********0016")
        row.get_by_role("link", name=application["code"]).click()
        facts = page.locator("dl")
        expect(facts).to_contain_text("3211**********0016")
        expect(facts).to_contain_text("王*")
        for full in (application["phone"], application["id_number"], "王小明", "幸福路8号"):
            expect(page.locator("body")).not_to_contain_text(full)
        shot(page, "handler-05-supervision-masked")


class TestCitizen:
    def test_the_status_page_shows_only_what_is_meant_for_the_applicant(self, demo, phone, application):
        phone.goto(demo.url("/xxgk/lookup/", site="mz"))
        phone.get_by_label("查询码").fill(application["code"])
        phone.get_by_label(re.compile("后四位")).fill(application["tail"])
        phone.get_by_role("button", name="查询").click()
        history = phone.locator(".sg-history")
        expect(history).to_contain_text("发出补正通知（待申请人补正）")
        expect(history).to_contain_text("不计入答复期限")
        body = phone.locator("main")
        for hidden in (THIRD_PARTY, INTERNAL_NOTE, CONSULTATION_NOTE, "awaiting_correction", "consulting"):
            expect(body).not_to_contain_text(hidden)
        expect(phone.get_by_role("heading", name="政府信息公开申请补正告知书")).to_be_visible()
        expect(phone.get_by_role("heading", name="政府信息公开申请答复告知书")).to_be_visible()
        expect(body).to_contain_text("第三十七条")
        assert_fits(phone)
        assert_accessible(phone)
        shot(phone, "handler-06-citizen-lookup")
