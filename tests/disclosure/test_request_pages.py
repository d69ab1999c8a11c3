"""The public request form and status page, through HTTP: good and bad input."""

import pytest

from disclosure.models import DisclosureRequest, RequestState
from disclosure.services import requests as services
from tests.disclosure.builders import make_disclosure_column

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "person",
    "name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "email": "zhangsan@example.com",
    "address": "",
    "postcode": "",
    "description": "2025年度本县城乡居民最低生活保障资金发放情况",
    "document_number": "",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


@pytest.fixture
def column(site_group):
    make_disclosure_column(site_group["b"].home_page)
    return "/xxgk/"


def post(client, path, data, ip="198.51.100.1"):
    return client.post(path, data, HTTP_HOST="b.localhost", REMOTE_ADDR=ip)


class TestApply:
    def test_form_is_served(self, client, column):
        body = client.get(column + "apply/", HTTP_HOST="b.localhost").content.decode()
        assert "政府信息公开申请" in body and 'name="id_number"' in body and "测试县民政局" in body

    def test_a_valid_application_gets_a_lookup_code(self, client, column):
        response = post(client, column + "apply/", FORM)
        assert response.status_code == 302 and response["Location"].endswith("/xxgk/apply/done/")
        request = DisclosureRequest.objects.get()
        body = client.get(response["Location"], HTTP_HOST="b.localhost").content.decode()
        assert request.lookup_code in body and "答复期限" in body
        # The code is shown once: reloading the page does not show it again.
        assert client.get(response["Location"], HTTP_HOST="b.localhost").status_code == 302

    def test_an_organisation_needs_a_credit_code_and_a_contact(self, client, column):
        data = {**FORM, "kind": "commercial", "name": "某某科技有限公司", "id_number": "91350100M000100Y43"}
        response = post(client, column + "apply/", data)
        assert response.status_code == 400 and "组织申请请填写联系人" in response.content.decode()
        response = post(client, column + "apply/", {**data, "contact_person": "李四"})
        assert response.status_code == 302
        assert DisclosureRequest.objects.get().kind == "commercial"

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"name": ""}, "必需字段"),
            ({"id_number": "110105194912310021"}, "身份证号码格式不正确"),
            ({"id_number": "1101051949"}, "18"),
            ({"phone": "12345"}, "11位手机号码"),
            ({"description": "太短"}, "10"),
            ({"description": "政" * 2001}, "2000"),
            ({"delivery_method": "mail"}, "邮寄方式"),
            ({"delivery_method": "pigeon"}, "选择一个有效的选项"),
            ({"email": ""}, "电子邮件方式"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_stored(self, client, column, change, message):
        response = post(client, column + "apply/", {**FORM, **change})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not DisclosureRequest.objects.exists()

    def test_hostile_html_is_stored_as_plain_text_and_escaped(self, client, column):
        data = {
            **FORM,
            "description": '<script>alert("x")</script>最低生活保障资金<img src=x onerror=alert(1)>发放情况',
        }
        assert post(client, column + "apply/", data).status_code == 302
        stored = DisclosureRequest.objects.get()
        assert "<" not in stored.description and "最低生活保障资金发放情况" in stored.description

    def test_too_many_applications_from_one_address(self, client, column):
        for _ in range(services.SUBMISSIONS_PER_HOUR):
            assert post(client, column + "apply/", FORM, ip="203.0.113.9").status_code == 302
        response = post(client, column + "apply/", FORM, ip="203.0.113.9")
        assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
        assert DisclosureRequest.objects.count() == services.SUBMISSIONS_PER_HOUR


class TestLookup:
    @pytest.fixture
    def submitted(self, client, column):
        post(client, column + "apply/", FORM)
        return DisclosureRequest.objects.get()

    def test_status_with_code_and_phone_tail(self, client, column, submitted, site_group):
        services.answer(submitted, site_group["users"]["b_handler"], reply_type="disclosed")
        response = post(client, column + "lookup/", {"code": submitted.lookup_code, "phone_tail": "1234"})
        body = response.content.decode()
        assert response.status_code == 200
        assert RequestState.ANSWERED.label in body and "政府信息公开申请答复告知书" in body and "予以公开" in body
        assert "第三十六条第二项" in body and "申请行政复议" in body
        assert "11010519491231002X" not in body  # no personal data on the status page

    def test_only_public_events_in_chinese(self, client, column, submitted, site_group):
        handler = site_group["users"]["b_handler"]
        services.start_consultation(submitted, handler, third_party="镇江某某建设工程有限公司")
        services.end_consultation(submitted, handler, note="第三方书面回复不同意公开")
        services.add_note(submitted, handler, note="经办人内部意见：从严把握")
        response = post(client, column + "lookup/", {"code": submitted.lookup_code, "phone_tail": "1234"})
        body = response.content.decode()
        assert "书面征求第三方意见（征求第三方意见中）" in body and "不计入答复期限" in body
        for secret in ("镇江某某建设工程有限公司", "不同意公开", "从严把握", "内部备注", "consulting", "received"):
            assert secret not in body

    def test_wrong_tail_finds_nothing(self, client, column, submitted):
        response = post(client, column + "lookup/", {"code": submitted.lookup_code, "phone_tail": "0000"})
        assert response.status_code == 404 and "没有找到这条申请" in response.content.decode()

    def test_malformed_lookup(self, client, column, submitted):
        response = post(client, column + "lookup/", {"code": "<b>", "phone_tail": "12a4"})
        assert response.status_code == 400 and "后四位数字" in response.content.decode()

    def test_guessing_is_rate_limited(self, client, column, submitted):
        for _ in range(services.LOOKUPS_PER_HOUR):
            post(client, column + "lookup/", {"code": "A" * 12, "phone_tail": "1234"}, ip="203.0.113.50")
        response = post(
            client, column + "lookup/", {"code": submitted.lookup_code, "phone_tail": "1234"}, ip="203.0.113.50"
        )
        assert response.status_code == 429
