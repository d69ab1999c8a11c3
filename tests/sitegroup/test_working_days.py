"""The working-day service: official arrangement + the admin's override table, recomputed on change."""

from datetime import date

import pytest
from django.urls import reverse

from sitegroup.models import WorkingDayOverride
from sitegroup.services.working_days import add_working_days, working_days_changed

pytestmark = pytest.mark.django_db


class TestService:
    def test_official_arrangement(self):
        assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)

    def test_an_override_changes_deadlines_after_commit_and_tells_apps(self, django_capture_on_commit_callbacks):
        received = []
        working_days_changed.connect(lambda sender, **kwargs: received.append(sender), weak=False)
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
        with django_capture_on_commit_callbacks(execute=True):
            WorkingDayOverride.objects.create(date=date(2027, 1, 1), is_working_day=False, name="2027年元旦")
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
        assert received


class TestAdmin:
    def test_supervision_office_edits_the_table(self, client, site_group):
        client.force_login(site_group["users"]["supervision"])
        response = client.post(
            reverse("wagtailsnippets_sitegroup_workingdayoverride:add"),
            {"date": "2027-02-06", "is_working_day": "on", "name": "2027年春节调休上班"},
        )
        assert response.status_code == 302
        assert WorkingDayOverride.objects.get(date=date(2027, 2, 6)).is_working_day

    def test_a_redundant_entry_is_refused_with_a_reason(self, client, site_group):
        client.force_login(site_group["users"]["supervision"])
        response = client.post(
            reverse("wagtailsnippets_sitegroup_workingdayoverride:add"),
            {"date": "2026-10-01", "name": "国庆"},  # already a holiday
        )
        assert response.status_code == 200
        assert "本来就放假" in response.content.decode()
        assert not WorkingDayOverride.objects.exists()

    def test_organisation_editors_cannot(self, client, site_group):
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.get(reverse("wagtailsnippets_sitegroup_workingdayoverride:list"))
        assert response.status_code in (302, 403)
