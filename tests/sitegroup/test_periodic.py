"""Periodic jobs: due jobs run, a failing job does not stop the others, intervals can be overridden."""

import pytest
from django.core.management import call_command

from sitegroup.periodic import JobRunner, PeriodicJob, registered_jobs


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def _keep_connection(monkeypatch):
    """The runner closes stale connections around each job, as a server thread must; in a test the
    connection holds the test's transaction (PostgreSQL would drop the fixture's data with it)."""
    monkeypatch.setattr("sitegroup.periodic.close_old_connections", lambda: None)


@pytest.mark.usefixtures("_keep_connection")
class TestJobRunner:
    def test_each_job_runs_when_due_and_not_before(self):
        clock, ran = FakeClock(), []
        runner = JobRunner(
            [PeriodicJob("a", "甲", 60, lambda: ran.append("a")), PeriodicJob("b", "乙", 10, lambda: ran.append("b"))],
            clock=clock,
        )
        assert runner.run_due() == ["a", "b"]
        clock.now += 10
        assert runner.run_due() == ["b"]
        assert runner.seconds_to_next() == 10
        clock.now += 50
        assert runner.run_due() == ["a", "b"]
        assert ran == ["a", "b", "b", "a", "b"]

    def test_a_failing_job_is_logged_and_the_others_still_run(self, caplog):
        ran = []

        def broken():
            raise RuntimeError("数据库暂时不可用")

        runner = JobRunner(
            [PeriodicJob("broken", "坏任务", 5, broken), PeriodicJob("ok", "好任务", 5, lambda: ran.append(1))]
        )
        assert runner.run_due() == ["broken", "ok"]
        assert ran == [1]
        assert "坏任务" in caplog.text


class TestRegisteredJobs:
    def test_scheduled_publishing_and_pageview_flush_are_registered(self):
        jobs = {job.name: job for job in registered_jobs()}
        assert jobs["publish_scheduled"].every == 60
        assert jobs["flush_pageviews"].every == 10

    def test_settings_override_intervals(self, settings):
        settings.PERIODIC_JOB_SECONDS = {"*": 2, "publish_scheduled": 5}
        jobs = {job.name: job for job in registered_jobs()}
        assert jobs["publish_scheduled"].every == 5
        assert jobs["flush_pageviews"].every == 2


def test_run_periodic_jobs_once_publishes_what_is_due(site_group, capsys, _keep_connection):
    from datetime import timedelta

    from django.utils import timezone

    from sitegroup.models import ArticlePage

    column = site_group["columns"]["a"]
    article = ArticlePage(title="到点发布的通知", slug="due", live=False)
    column.add_child(instance=article)
    article.go_live_at = timezone.now() - timedelta(seconds=1)
    revision = article.save_revision()
    revision.approved_go_live_at = article.go_live_at
    revision.save()
    call_command("run_periodic_jobs", "--once")
    article.refresh_from_db()
    assert article.live
    assert "publish_scheduled" in capsys.readouterr().out
