"""Admin: each organisation's queue, actions through forms, the supervision dashboard."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from wagtail.models import ModelLogEntry

from disclosure.models import DisclosureRequest, RequestState
from disclosure.services import request_documents
from disclosure.services import requests as services
from tests.disclosure.test_requests import APPLICATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(site_group):
    today = timezone.localdate()
    old = services.submit(site_group["b"].organisation, APPLICATION, client_ip="1", today=today - timedelta(days=60))
    fresh = services.submit(site_group["b"].organisation, APPLICATION, client_ip="2", today=today)
    other = services.submit(site_group["a"].organisation, APPLICATION, client_ip="3", today=today)
    return {"old": old, "fresh": fresh, "other": other}


class TestQueue:
    def test_handler_sees_own_organisation_with_masked_personal_data(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(reverse("disclosure_requests")).content.decode()
        assert requests["fresh"].lookup_code in body and requests["other"].lookup_code not in body
        assert "11010519491231002X" not in body and "1101**********002X" in body
        assert "13800001234" not in body and "138****1234" in body and "张*" in body and "张三" not in body
        assert "已超期" in body  # the 60-day-old request

    def test_editors_are_refused(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_editor"])
        assert client.get(reverse("disclosure_requests")).status_code in (302, 403)  # Wagtail redirects refusals

    def test_other_organisation_cannot_open_a_request(self, client, site_group, requests):
        client.force_login(site_group["users"]["a_handler"])
        assert client.get(reverse("disclosure_request_detail", args=[requests["fresh"].pk])).status_code == 404


class TestActions:
    def detail(self, request):
        return reverse("disclosure_request_detail", args=[request.pk])

    def test_answer_through_the_form(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_handler"])
        today = timezone.localdate().isoformat()
        response = client.post(
            self.detail(requests["fresh"]),
            {
                "action": "answer",
                "answer-reply": "unavailable:not_held",
                "answer-note": "该信息由区财政局掌握，电话 85621303。",
                "answer-on": today,
            },
        )
        assert response.status_code == 302
        request = DisclosureRequest.objects.get(pk=requests["fresh"].pk)
        assert request.state == RequestState.ANSWERED and "区财政局" in request.reply_letter

    def test_an_impossible_action_is_refused_with_the_reason(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_handler"])
        services.answer(requests["fresh"], site_group["users"]["b_handler"], reply_type="disclosed")
        response = client.post(
            self.detail(requests["fresh"]), {"action": "withdraw", "withdraw-on": timezone.localdate().isoformat()}
        )
        assert response.status_code == 400
        assert "不可用" in response.content.decode()

    def test_service_refusal_is_shown(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_handler"])
        late = (requests["old"].received_on + timedelta(days=40)).isoformat()
        response = client.post(
            self.detail(requests["old"]),
            {
                "action": "request_correction",
                "request_correction-note": "请补充文号",
                "request_correction-due_days": "15",
                "request_correction-on": late,
            },
        )
        assert response.status_code == 400 and "7 个工作日" in response.content.decode()
        assert DisclosureRequest.objects.get(pk=requests["old"].pk).state == RequestState.RECEIVED

    def test_invalid_form(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_handler"])
        response = client.post(self.detail(requests["fresh"]), {"action": "extend", "extend-on": "not a date"})
        assert response.status_code == 400
        assert DisclosureRequest.objects.get(pk=requests["fresh"].pk).is_extended is False


class TestSupervision:
    def test_dashboard_across_organisations(self, client, site_group, requests):
        client.force_login(site_group["users"]["supervision"])
        body = client.get(reverse("sitegroup_case_supervision")).content.decode()
        assert "测试县民政局" in body and "测试县教育局" in body
        assert requests["old"].lookup_code in body and "已超期" in body

    def test_supervision_watches_but_does_not_act(self, client, site_group, requests):
        client.force_login(site_group["users"]["supervision"])
        response = client.post(
            reverse("disclosure_request_detail", args=[requests["fresh"].pk]),
            {"action": "withdraw", "withdraw-on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 400
        assert DisclosureRequest.objects.get(pk=requests["fresh"].pk).state == RequestState.RECEIVED

    def test_organisation_users_cannot_see_it(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_site_admin"])
        assert client.get(reverse("sitegroup_case_supervision")).status_code in (302, 403)


class TestPersonalData:
    def test_supervision_sees_the_request_masked(self, client, site_group, requests):
        client.force_login(site_group["users"]["supervision"])
        for url in (reverse("disclosure_requests"), reverse("disclosure_request_detail", args=[requests["old"].pk])):
            body = client.get(url).content.decode()
            assert "11010519491231002X" not in body and "13800001234" not in body and "张三" not in body
            assert "zhangsan@example.com" not in body
        assert "1101**********002X" in body and "138****1234" in body and "z***@example.com" in body

    def test_the_handler_sees_it_in_full_and_every_view_is_logged(self, client, site_group, requests):
        client.force_login(site_group["users"]["b_handler"])
        url = reverse("disclosure_request_detail", args=[requests["old"].pk])
        body = client.get(url).content.decode()
        assert "11010519491231002X" in body and "13800001234" in body and "张三" in body
        client.get(url)
        entries = ModelLogEntry.objects.filter(action="sitegroup.case.personal_data", object_id=str(requests["old"].pk))
        assert entries.count() == 2
        assert {entry.user for entry in entries} == {site_group["users"]["b_handler"]}
        assert "id_number" in entries.first().data["fields"] and "phone" in entries.first().data["fields"]

    def test_supervision_views_leave_no_personal_data_entry(self, client, site_group, requests):
        client.force_login(site_group["users"]["supervision"])
        client.get(reverse("disclosure_request_detail", args=[requests["old"].pk]))
        assert not ModelLogEntry.objects.filter(action="sitegroup.case.personal_data").exists()


class TestDocumentPages:
    @pytest.fixture
    def corrected(self, site_group, requests):
        services.request_correction(requests["fresh"], site_group["users"]["b_handler"], note="请写明文号")
        return requests["fresh"]

    def test_history_in_chinese_with_what_the_applicant_sees(self, client, site_group, corrected):
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(reverse("disclosure_request_detail", args=[corrected.pk])).content.decode()
        assert "办理中 → 待申请人补正" in body and "awaiting_correction" not in body
        assert "打印政府信息公开申请补正告知书" in body and "下载 Word" in body

    def test_print_page(self, client, site_group, corrected):
        client.force_login(site_group["users"]["b_handler"])
        response = client.get(reverse("disclosure_request_document", args=[corrected.pk, "correction"]))
        body = response.content.decode()
        assert response.status_code == 200 and "@page" in body and "sitegroup/print.js" in body
        assert corrected.correction_number in body and "第三十条" in body and "测试县民政局（印章）" in body

    def test_word_download_opens_and_cites_the_article(self, client, site_group, corrected):
        client.force_login(site_group["users"]["b_handler"])
        response = client.get(reverse("disclosure_request_document_docx", args=[corrected.pk, "correction"]))
        assert response.status_code == 200 and ".docx" in response["Content-Disposition"]
        text = "\n".join(paragraph.text for paragraph in Document(BytesIO(response.content)).paragraphs)
        assert "政府信息公开申请补正告知书" in text and "第三十条" in text and "申请行政复议" in text

    def test_printing_or_downloading_a_document_is_a_logged_look_at_the_applicant(self, client, site_group, corrected):
        looks = ModelLogEntry.objects.filter(action="sitegroup.case.personal_data", data__fields=["name"])
        client.force_login(site_group["users"]["b_handler"])
        client.get(reverse("disclosure_request_document", args=[corrected.pk, "correction"]))
        client.get(reverse("disclosure_request_document_docx", args=[corrected.pk, "correction"]))
        assert looks.count() == 2 and {look.object_id for look in looks} == {str(corrected.pk)}

    def test_only_handlers_print_and_only_issued_documents(self, client, site_group, corrected):
        client.force_login(site_group["users"]["supervision"])
        assert client.get(reverse("disclosure_request_document", args=[corrected.pk, "correction"])).status_code in (
            302,
            403,
        )
        client.force_login(site_group["users"]["b_handler"])
        assert client.get(reverse("disclosure_request_document", args=[corrected.pk, "reply"])).status_code == 404
        assert client.get(reverse("disclosure_request_document", args=[corrected.pk, "nonsense"])).status_code == 404


class TestTemplatePages:
    def edit_url(self, site_group):
        return reverse("disclosure_request_templates_edit", args=[site_group["b"].organisation.pk])

    def form_data(self, client, site_group, **changes):
        form = client.get(self.edit_url(site_group)).context["form"]
        data = {name: form[name].value() for name in form.fields}
        return data | changes

    def test_a_handler_goes_straight_to_the_organisations_templates(self, client, site_group):
        client.force_login(site_group["users"]["b_handler"])
        response = client.get(reverse("disclosure_request_templates"))
        assert response.status_code == 302 and response["Location"] == self.edit_url(site_group)
        body = client.get(self.edit_url(site_group)).content.decode()
        assert (
            "政府信息公开申请延期答复告知书" in body and "{{ reconsideration_body }}" in body and "行政复议机关" in body
        )

    def test_bad_syntax_is_refused_with_a_chinese_message(self, client, site_group):
        client.force_login(site_group["users"]["b_handler"])
        data = self.form_data(client, site_group, reply_template="{% if fee %}收费")
        response = client.post(self.edit_url(site_group), data)
        assert response.status_code == 400 and "没有对应的结束标签" in response.content.decode()
        assert "收费" not in request_documents.document_settings(site_group["b"].organisation).reply_template

    def test_preview_then_save(self, client, site_group):
        client.force_login(site_group["users"]["b_handler"])
        data = self.form_data(client, site_group, court="镇江经济开发区人民法院")
        preview = client.post(self.edit_url(site_group), data | {"preview": "1"})
        assert preview.status_code == 200 and "预览" in preview.content.decode()
        assert "6个月内向镇江经济开发区人民法院提起行政诉讼" in preview.content.decode()  # the unsaved value
        assert request_documents.document_settings(site_group["b"].organisation).court == "测试县人民法院"
        assert client.post(self.edit_url(site_group), data).status_code == 302
        assert request_documents.document_settings(site_group["b"].organisation).court == "镇江经济开发区人民法院"

    def test_reset_to_the_default(self, client, site_group):
        client.force_login(site_group["users"]["b_handler"])
        client.post(self.edit_url(site_group), self.form_data(client, site_group, reply_template="{{ decision }}"))
        client.post(self.edit_url(site_group), self.form_data(client, site_group) | {"reset": "reply"})
        settings = request_documents.document_settings(site_group["b"].organisation)
        assert settings.reply_template == request_documents.default_template("reply")

    def test_others_cannot_edit(self, client, site_group):
        client.force_login(site_group["users"]["a_handler"])
        assert client.get(self.edit_url(site_group)).status_code == 404
        client.force_login(site_group["users"]["b_editor"])
        assert client.get(reverse("disclosure_request_templates")).status_code in (302, 403)
