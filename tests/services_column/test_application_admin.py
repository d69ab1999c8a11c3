"""The handlers' screens of online applications: the queue with warnings and filters, an application
with the actions its state allows, the masked ID number and its audited disclosure, materials as
downloads; organisation isolation. Through the test client, as each role."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from services_column.models import ApplicationState, ServiceApplication
from services_column.services import applications as services
from sitegroup.lib.masking import mask_id
from tests.services_column.application_builders import PERSON_ID, make_item, pdf

pytestmark = pytest.mark.django_db

QUEUE = "services_column_applications"


def detail(application):
    return reverse("services_column_application_detail", args=[application.pk])


def submit(item, *, days_ago=0, address="10.9.0.1", name="张建军"):
    materials = [(m, pdf(f"{m.name}.pdf")) for m in item.materials.all() if m.is_required]
    applicant = {
        "applicant_kind": "person",
        "name": name,
        "id_number": PERSON_ID,
        "phone": "13812340000",
        "field_values": {"1": {"label": "家庭人口数", "value": "3"}, "2": {"label": "申请理由", "value": "因病致贫"}},
    }
    return services.submit(
        item,
        applicant,
        materials=materials,
        client_ip=address,
        today=timezone.localdate() - timedelta(days=days_ago),
    )


@pytest.fixture
def applications(site_group):
    civil = make_item(site_group["b"].home_page, "最低生活保障审批")
    education = make_item(site_group["a"].home_page, "教师资格认定")
    return {
        "fresh": submit(civil, address="10.9.0.1"),
        "old": submit(civil, days_ago=60, address="10.9.0.2", name="李淑芬"),
        "other": submit(education, address="10.9.0.3"),
        "civil": civil,
        "education": education,
    }


class TestQueue:
    def test_a_handler_sees_own_organisation_masked_with_warnings(self, client, site_group, applications):
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(reverse(QUEUE)).content.decode()
        assert applications["fresh"].lookup_code in body and applications["old"].lookup_code in body
        assert applications["other"].lookup_code not in body
        assert "已超期" in body and "张**" in body and "138****0000" in body
        assert "13812340000" not in body and PERSON_ID not in body
        assert body.index(applications["old"].lookup_code) < body.index(applications["fresh"].lookup_code)

    def test_filters_by_state_and_item(self, client, site_group, applications):
        client.force_login(site_group["users"]["b_handler"])
        services.accept(applications["fresh"], site_group["users"]["b_handler"])
        accepted = client.get(reverse(QUEUE), {"state": "accepted"}).content.decode()
        assert applications["fresh"].lookup_code in accepted and applications["old"].lookup_code not in accepted
        by_item = client.get(reverse(QUEUE), {"item": applications["education"].pk}).content.decode()
        assert applications["fresh"].lookup_code not in by_item
        garbage = client.get(reverse(QUEUE), {"item": "9" * 40, "state": "<x>", "page": "zz"})
        assert garbage.status_code == 200

    def test_the_menu_and_queue_are_for_handlers_only(self, client, site_group, applications):
        client.force_login(site_group["users"]["b_editor"])
        assert client.get(reverse(QUEUE)).status_code in (302, 403)
        assert client.get(detail(applications["fresh"])).status_code == 404
        assert reverse(QUEUE) not in client.get(reverse("wagtailadmin_home")).content.decode()  # no menu item
        client.force_login(site_group["users"]["b_handler"])
        assert reverse(QUEUE) in client.get(reverse("wagtailadmin_home")).content.decode()


class TestIsolation:
    def test_another_departments_application_is_404(self, client, site_group, applications):
        client.force_login(site_group["users"]["a_handler"])
        assert client.get(detail(applications["fresh"])).status_code == 404
        posted = client.post(detail(applications["fresh"]), {"action": "accept"})
        assert posted.status_code == 404
        material = applications["fresh"].materials.first()
        url = reverse("services_column_application_material", args=[applications["fresh"].pk, material.pk])
        assert client.get(url).status_code == 404
        assert ServiceApplication.objects.get(pk=applications["fresh"].pk).state == ApplicationState.SUBMITTED


class TestSupervision:
    def test_supervision_sees_every_department_masked_and_cannot_act(self, client, site_group, applications):
        client.force_login(site_group["users"]["supervision"])
        body = client.get(reverse(QUEUE)).content.decode()
        assert applications["fresh"].lookup_code in body and applications["other"].lookup_code in body
        page = client.get(detail(applications["fresh"])).content.decode()
        assert "张**" in page and "13812340000" not in page and "查看完整证件号" not in page
        assert "<strong>受理</strong>" not in page
        refused = client.post(detail(applications["fresh"]), {"action": "show_id"})
        assert refused.status_code in (302, 403) and PERSON_ID not in refused.content.decode()


class TestDetail:
    def test_the_id_is_masked_until_asked_for_and_the_look_is_logged(self, client, site_group, applications):
        application = applications["fresh"]
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(detail(application)).content.decode()
        assert mask_id(PERSON_ID) in body and PERSON_ID not in body and "查看完整证件号" in body
        assert "家庭人口数" in body and "因病致贫" in body
        logged = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ServiceApplication),
            object_id=str(application.pk),
            action="sitegroup.case.personal_data",
        )
        # The page shows the phone and address in full: that view is logged, without the ID.
        assert logged.count() == 1 and "id_number" not in logged.get().data["fields"]
        shown = client.post(detail(application), {"action": "show_id"}).content.decode()
        assert PERSON_ID in shown and logged.count() == 2
        assert "id_number" in logged.order_by("-pk").first().data["fields"]

    def test_materials_download_as_attachments(self, client, site_group, applications):
        application = applications["fresh"]
        material = application.materials.first()
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(detail(application)).content.decode()
        url = reverse("services_column_application_material", args=[application.pk, material.pk])
        assert url in body and material.original_name in body
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        downloads = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ServiceApplication),
            object_id=str(application.pk),
            action="sitegroup.case.personal_data",
            data__fields=["materials"],
        )
        assert downloads.count() == 1 and downloads.get().user == site_group["users"]["b_handler"]

    def test_the_buttons_follow_the_state(self, client, site_group, applications):
        application = applications["fresh"]
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(detail(application)).content.decode()
        for label in ("受理", "不予受理", "一次性告知补齐补正"):
            assert f"<strong>{label}</strong>" in body
        assert "<strong>办结</strong>" not in body and "<strong>审核通过</strong>" not in body
        refused = client.post(detail(application), {"action": "conclude"})
        assert refused.status_code == 400 and "不可用" in refused.content.decode()
        no_reason = client.post(detail(application), {"action": "reject", "reject-reason": ""})
        assert no_reason.status_code == 400 and "不予受理须写明理由" in no_reason.content.decode()


class TestWholeFlowThroughTheForms:
    def test_accept_correct_handle_review_conclude(self, client, site_group, applications):
        application = applications["fresh"]
        item = applications["civil"]
        users = site_group["users"]
        handler, reviewer = users["b_handler"], users["b_reviewer"]
        client.force_login(handler)
        assert client.post(detail(application), {"action": "accept"}).status_code == 302
        missing = item.materials.get(name="家庭收入情况说明")
        response = client.post(
            detail(application),
            {
                "action": "request_correction",
                "request_correction-materials": [missing.pk],
                "request_correction-note": "请补充近六个月银行流水",
            },
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.state == ApplicationState.CORRECTION
        assert application.correction_materials == [{"id": missing.pk, "name": "家庭收入情况说明"}]
        services.receive_correction(application, [(missing, pdf("流水.pdf"))])
        assert client.post(detail(application), {"action": "handle"}).status_code == 302
        response = client.post(
            detail(application), {"action": "propose", "propose-result": "approved", "propose-text": "符合条件。"}
        )
        assert response.status_code == 302
        page = client.get(detail(application)).content.decode()
        assert "<strong>审核通过</strong>" not in page  # the handler may not review their own proposal
        client.force_login(reviewer)
        assert client.post(detail(application), {"action": "review"}).status_code == 302
        client.force_login(handler)
        response = client.post(
            detail(application),
            {"action": "conclude", "conclude-publish": "on", "conclude-document": pdf("准予决定书.pdf")},
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.state == ApplicationState.CONCLUDED and application.result_document_name == "准予决定书.pdf"
        assert application.handler == handler and application.reviewer == reviewer
        page = client.get(detail(application)).content.decode()
        for action in ("受理", "补齐补正告知", "补正材料已收到", "承办", "审核", "办结"):
            assert f"<td>{action}</td>" in page


class TestQueries:
    def test_the_queue_reads_a_constant_number_of_queries(self, client, site_group, applications):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(site_group["users"]["b_handler"])
        client.get(reverse(QUEUE))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse(QUEUE))
        handler = site_group["users"]["b_handler"]
        for number in range(8):
            application = submit(applications["civil"], address=f"10.9.1.{number}")
            if number % 2:
                services.request_correction(application, handler, note="请补充材料")
        with CaptureQueriesContext(connection) as many:
            body = client.get(reverse(QUEUE)).content.decode()
        assert body.count("services/applications/") >= 10
        assert len(many) == len(few)
