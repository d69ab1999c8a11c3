"""Personal data at rest, key rotation, the sealing migration and the retention command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from disclosure.models import DisclosureRequest, RequestState
from disclosure.services import requests as disclosure
from interaction.models import Message
from sitegroup.lib import sealing
from sitegroup.migration_operations import _rewrite
from sitegroup.models import Notification
from sitegroup.periodic import registered_jobs
from sitegroup.services import personal_data
from tests.disclosure.test_requests import APPLICATION

pytestmark = pytest.mark.django_db


def _raw(model, pk, *columns):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()


@pytest.fixture
def request_b(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return disclosure.submit(site_group["b"].organisation, APPLICATION, client_ip="9")


class TestAtRest:
    def test_id_and_phone_numbers_are_not_in_the_database_in_clear(self, request_b):
        id_number, phone, digest = _raw(DisclosureRequest, request_b.pk, "id_number", "phone", "id_number_digest")
        assert sealing.is_sealed(id_number) and "11010519491231002X" not in id_number
        assert sealing.is_sealed(phone) and "13800001234" not in phone
        assert digest and "11010519491231002X" not in digest
        fresh = DisclosureRequest.objects.get(pk=request_b.pk)
        assert fresh.id_number == "11010519491231002X" and fresh.phone == "13800001234"

    def test_the_notification_outbox_holds_the_phone_sealed(self, request_b):
        notice = Notification.objects.get(case_id=request_b.pk, channel="sms")
        assert notice.recipient == "13800001234"
        (recipient,) = _raw(Notification, notice.pk, "recipient")
        assert sealing.is_sealed(recipient) and "13800001234" not in recipient

    def test_the_monthly_count_still_finds_the_same_applicant(self, site_group, request_b):
        again = disclosure.submit(site_group["b"].organisation, APPLICATION, client_ip="10")
        other = disclosure.submit(
            site_group["b"].organisation, {**APPLICATION, "id_number": "110105194912310011"}, client_ip="11"
        )
        assert (again.nth_in_month, other.nth_in_month) == (2, 1)

    def test_the_citizens_lookup_by_phone_tail_still_works(self, request_b):
        assert disclosure.find_for_applicant(request_b.lookup_code, "1234", client_ip="12") == request_b
        assert disclosure.find_for_applicant(request_b.lookup_code, "9999", client_ip="13") is None

    def test_comparing_a_sealed_column_in_sql_is_refused_not_silently_empty(self, request_b):
        with pytest.raises(FieldError):
            list(DisclosureRequest.objects.filter(phone="13800001234"))
        with pytest.raises(FieldError):
            list(Message.objects.filter(phone__endswith="1234"))


class TestRotation:
    def test_rotation_reseals_every_value_so_the_old_key_can_be_removed(self, site_group):
        old, new = sealing.new_key(), sealing.new_key()
        with override_settings(DATA_KEYS=[old]):
            created = disclosure.submit(site_group["b"].organisation, APPLICATION, client_ip="14")
            (before,) = _raw(DisclosureRequest, created.pk, "phone")
        with override_settings(DATA_KEYS=[new, old]):
            out = StringIO()
            call_command("rotate_data_key", stdout=out)
            assert "disclosure.DisclosureRequest.phone" in out.getvalue()
        with override_settings(DATA_KEYS=[new]):
            (after,) = _raw(DisclosureRequest, created.pk, "phone")
            assert after != before
            fresh = DisclosureRequest.objects.get(pk=created.pk)
            assert fresh.phone == "13800001234" and fresh.id_number == "11010519491231002X"
            # The digest follows the newest key: the monthly count still recognises the applicant.
            again = disclosure.submit(site_group["b"].organisation, APPLICATION, client_ip="15")
            assert again.nth_in_month == 2
        with override_settings(DATA_KEYS=[old]), pytest.raises(sealing.UnreadableValue):
            DisclosureRequest.objects.get(pk=created.pk)


class _SchemaEditor:
    connection = connection


class TestSealingMigration:
    def test_forwards_seals_plain_rows_and_backwards_opens_them(self, request_b):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(DisclosureRequest._meta.db_table)} SET id_number = %s, phone = %s, "  # noqa: S608
                "id_number_digest = '' WHERE id = %s",
                ["11010519491231002X", "13800001234", request_b.pk],
            )
        args = ("disclosure.DisclosureRequest", ("id_number", "phone"), {"id_number": "id_number_digest"})
        _rewrite(apps, _SchemaEditor, *args, sealing=True)
        id_number, phone, digest = _raw(DisclosureRequest, request_b.pk, "id_number", "phone", "id_number_digest")
        assert sealing.is_sealed(id_number) and sealing.is_sealed(phone)
        assert digest == personal_data.digest("11010519491231002X")
        _rewrite(apps, _SchemaEditor, *args, sealing=True)  # twice: still one layer
        assert DisclosureRequest.objects.get(pk=request_b.pk).phone == "13800001234"
        _rewrite(apps, _SchemaEditor, *args, sealing=False)
        assert _raw(DisclosureRequest, request_b.pk, "id_number", "phone")[:2] == ("11010519491231002X", "13800001234")


class TestRetention:
    @pytest.fixture
    def concluded(self, site_group):
        today = timezone.localdate()
        cases = {}
        for name, days_ago in (("old", 4 * 365), ("recent", 30)):
            case = disclosure.submit(site_group["b"].organisation, APPLICATION, client_ip=name)
            DisclosureRequest.objects.filter(pk=case.pk).update(
                state=RequestState.ANSWERED, concluded_on=today - timedelta(days=days_ago), rating=5
            )
            cases[name] = case
        cases["open"] = disclosure.submit(site_group["b"].organisation, APPLICATION, client_ip="open")
        return cases

    def test_cases_concluded_before_the_period_lose_their_personal_data_only(self, concluded):
        out = StringIO()
        call_command("anonymise_cases", "--older-than-days", "1095", stdout=out)
        assert "政府信息公开申请：已匿名化 1/1" in out.getvalue() and "共匿名化 1 件" in out.getvalue()
        old = DisclosureRequest.objects.get(pk=concluded["old"].pk)
        assert old.name == personal_data.ANONYMISED
        assert (old.id_number, old.phone, old.email, old.address) == ("", "", "", "")
        # What statistics read stays: state, dates, rating, organisation.
        assert old.state == RequestState.ANSWERED and old.rating == 5 and old.concluded_on is not None
        assert not Notification.objects.filter(case_id=old.pk, case_kind="disclosure.request").exclude(body="").exists()
        for key in ("recent", "open"):
            kept = DisclosureRequest.objects.get(pk=concluded[key].pk)
            assert kept.name == "张三" and kept.id_number == "11010519491231002X"

    def test_running_again_changes_nothing(self, concluded):
        call_command("anonymise_cases", "--older-than-days", "1095", stdout=StringIO())
        out = StringIO()
        call_command("anonymise_cases", "--older-than-days", "1095", stdout=out)
        assert "共匿名化 0 件" in out.getvalue()

    def test_the_default_period_comes_from_the_setting_and_the_periodic_job_runs_it(self, concluded):
        assert "anonymise_cases" in {job.name for job in registered_jobs()}
        with override_settings(PERSONAL_DATA_RETENTION_DAYS=10):
            assert personal_data.anonymise_concluded() == 2  # old and recent
        assert DisclosureRequest.objects.get(pk=concluded["open"].pk).name == "张三"
