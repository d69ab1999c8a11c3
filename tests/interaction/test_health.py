"""The site health monitor reads unanswered messages through the case registry (互动回应 check)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sitegroup.services import health
from tests.interaction.test_messages import channels, write  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def messages_of(run):
    return [
        (problem.severity, problem.message, problem.fix_url)
        for problem in run.problems.filter(check_code="cases_answered")
    ]


def test_unanswered_messages_warn_before_and_go_red_at_three_months(site_group):
    today = timezone.localdate()
    warned = write(site_group, key="a", received=today - timedelta(days=70))
    vetoed = write(site_group, key="a", received=today - timedelta(days=95))
    run = health.run_site_health(site_group["a"].organisation)
    found = messages_of(run)
    assert run.results["cases_answered"] == "red"
    assert any(
        severity == "red"
        and vetoed.lookup_code in message
        and "超过3个月（否决项）" in message
        and url.endswith(f"/{vetoed.pk}/")
        for severity, message, url in found
    )
    assert any(
        warned.lookup_code in message and ("后将超过3个月" in message or "已超过办理期限" in message)
        for _severity, message, _url in found
    )


def test_a_recent_message_is_green(site_group):
    write(site_group, key="a", received=timezone.localdate())
    run = health.run_site_health(site_group["a"].organisation)
    assert run.results["cases_answered"] == "green"
