"""Admin: each organisation's queue, actions through forms, the supervision dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosure.models import DisclosureRequest, RequestState
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
        assert "11010519491231002X" not in body and "110105********002X" in body
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
        body = client.get(reverse("disclosure_request_supervision")).content.decode()
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
        assert client.get(reverse("disclosure_request_supervision")).status_code in (302, 403)
