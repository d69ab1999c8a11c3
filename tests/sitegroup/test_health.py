"""Site health monitor: every check sees the problem it is for, runs notify on red, screens are guarded."""

import http.server
import io
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sitegroup.models import (
    ArticlePage,
    HealthRun,
    Notification,
    PageDigest,
    RunState,
    SiteSettings,
)
from sitegroup.periodic import registered_jobs
from sitegroup.services import health
from tests.builders import make_article, make_column

pytestmark = pytest.mark.django_db


def run(site_group, key="a"):
    return health.run_site_health(site_group[key].organisation)


def problems(run, code):
    return [(problem.severity, problem.message, problem.fix_url) for problem in run.problems.filter(check_code=code)]


def fill_settings(site):
    settings = SiteSettings.for_site(site)
    settings.sponsor = "测试县教育局"
    settings.site_id_code = "3211120001"
    settings.icp_number = "苏ICP备05012345号"
    settings.police_record_number = "苏公网安备 32111202000001号"
    settings.save()
    return settings


class TestChecks:
    def test_a_fresh_site_is_green_on_updates(self, site_group):
        result = run(site_group)
        assert result.state == RunState.DONE
        assert result.results["home_page"] == "green" and result.results["columns_updated"] == "green"
        assert result.pages_checked >= 3

    def test_home_page_not_updated_for_two_weeks_is_red(self, site_group):
        old = timezone.now() - timedelta(days=20)
        ArticlePage.objects.descendant_of(site_group["a"].site.root_page).update(
            last_published_at=old, publish_time=old
        )
        result = run(site_group)
        assert result.results["home_page"] == "red"
        [(severity, message, url)] = problems(result, "home_page")
        assert "首页已 20 天未更新" in message and url == f"/admin/pages/{site_group['a'].site.root_page_id}/"

    def test_stale_column_is_red_and_links_to_adding_an_article(self, site_group):
        column = site_group["columns"]["a"]
        ArticlePage.objects.child_of(column).update(publish_time=timezone.now() - timedelta(days=16))
        result = run(site_group)
        [(severity, message, url)] = problems(result, "columns_updated")
        assert severity == "red" and "「工作动态」已 16 天未更新（应每 14 天内更新）" in message
        assert url == reverse("wagtailadmin_pages:add_subpage", args=[column.pk])

    def test_empty_column_is_red(self, site_group):
        column = make_column(site_group["a"].home_page, "通知公告", "notices", "notice")
        result = run(site_group)
        assert (
            "red",
            "栏目「通知公告」没有任何已发布的信息（空白栏目）。",
            f"/admin/pages/{column.pk}/add_subpage/",
        ) in (problems(result, "columns_empty"))

    def test_missing_footer_and_meta_elements_are_red(self, site_group):
        fill_settings(site_group["a"].site)
        assert run(site_group).results["footer_meta"] == "green"
        settings = SiteSettings.for_site(site_group["a"].site)
        settings.icp_number = ""
        settings.site_id_code = ""
        settings.save()
        result = run(site_group)
        messages = [message for _, message, _ in problems(result, "footer_meta")]
        assert "页脚缺少ICP备案号。" in messages and "页脚缺少网站标识码。" in messages
        assert any("SiteIDCode" in message for message in messages)
        assert (
            problems(result, "footer_meta")[0][2]
            == f"/admin/settings/sitegroup/sitesettings/{site_group['a'].site.pk}/"
        )

    def test_wrong_forms_on_live_pages(self, site_group):
        page = make_article(site_group["columns"]["a"], "原丹徒县档案移交", body=None)
        result = run(site_group)
        assert (
            "yellow",
            "「原丹徒县档案移交」中「丹徒县」应为「丹徒区」（标题）。",
            f"/admin/pages/{page.pk}/edit/",
        ) in (problems(result, "wrong_forms"))


@pytest.fixture
def link_server():
    """A local web server: /ok answers 200, /flaky 503 once then 200, anything else 404."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802
            seen.append(self.path)
            if self.path == "/ok" or (self.path == "/flaky" and seen.count("/flaky") > 1):
                self.send_response(200)
            elif self.path == "/flaky":
                self.send_response(503)
            else:
                self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()


class TestBrokenLinks:
    def test_internal_and_external_broken_links_are_reported(self, site_group, link_server, settings):
        base, seen = link_server
        settings.SITEGROUP_HEALTH_LINK_CHECK = {"per_host_delay": 0.01, "backoff": 0.01, "retries": 2}
        good = site_group["columns"]["a"].get_children().live().first()
        body = [
            {
                "type": "paragraph",
                "value": (
                    f'<p><a href="{base}/ok">有效</a> <a href="{base}/gone">失效</a> <a href="{base}/flaky">偶发</a>'
                    f' <a href="/no-such-page/">站内失效</a> <a href="{good.url}">站内有效</a></p>'
                ),
            }
        ]
        page = make_article(site_group["columns"]["a"], "链接测试", body=body)
        result = run(site_group)
        found = problems(result, "broken_links")
        assert (
            "red",
            "「链接测试」中的站内链接 /no-such-page/ 已失效（HTTP 404）。",
            f"/admin/pages/{page.pk}/edit/",
        ) in found
        assert any(
            severity == "yellow" and f"{base}/gone" in message and "HTTP 404" in message
            for severity, message, _ in found
        )
        assert not any("/ok" in message or "/flaky" in message or good.url in message for _, message, _ in found)
        assert seen.count("/flaky") == 2 and seen.count("/gone") == 1  # retried only when transient
        assert result.links_checked == 4


class TestTampering:
    def test_digest_is_recorded_at_publication(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            page = make_article(site_group["columns"]["a"], "防篡改测试")
        page.refresh_from_db()
        assert PageDigest.objects.filter(page_id=page.pk, revision_id=page.live_revision_id).exists()

    def test_changed_served_content_is_red_at_once_and_site_admins_are_notified(
        self, site_group, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            page = make_article(site_group["columns"]["a"], "防篡改测试")
        assert run(site_group).results["tampering"] == "green"
        ArticlePage.objects.filter(pk=page.pk).update(summary="此网站已被黑客入侵")
        result = run(site_group)
        assert result.results["tampering"] == "red"
        [(_, message, url)] = problems(result, "tampering")
        assert "「防篡改测试」的页面内容与发布时不一致（数据库中的内容被改动）" in message
        assert url == f"/admin/pages/{page.pk}/history/"
        notices = Notification.objects.filter(case_kind="site_health", case_id=result.pk)
        assert [notice.recipient for notice in notices] == ["a_site_admin"]
        assert "网页防篡改" in notices[0].subject
        # Still red the next day: no second notice for the same red check.
        again = run(site_group)
        assert again.results["tampering"] == "red"
        assert not Notification.objects.filter(case_kind="site_health", case_id=again.pk).exists()

    def test_republishing_records_a_new_digest(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            page = make_article(site_group["columns"]["a"], "防篡改测试")
            page = ArticlePage.objects.get(pk=page.pk)
            page.summary = "经审核的新摘要"
            page.save_revision().publish()
        assert run(site_group).results["tampering"] == "green"

    def test_reading_the_body_in_another_check_does_not_change_the_stored_digest(self, site_group):
        page = ArticlePage.objects.get(pk=make_article(site_group["columns"]["a"], "读正文").pk)
        before = health.stored_content_digest(page)
        assert [block.value for block in page.body]  # what the wrong-form and link checks do first
        assert health.stored_content_digest(page) == before

    def test_pages_published_before_the_monitor_get_a_baseline(self, site_group):
        page = site_group["columns"]["a"].get_children().live().first()
        PageDigest.objects.filter(page_id=page.pk).delete()
        assert run(site_group).results["tampering"] == "green"
        assert PageDigest.objects.filter(page_id=page.pk).exists()


class TestTamperingRendered:
    """The second layer: what is served, rendered and compared, a share of the pages per run."""

    @pytest.fixture
    def tampered_template(self, settings, tmp_path):
        """The article template on disk changed behind the platform (a script injected into the text)."""
        original = (Path(__file__).resolve().parents[2] / "sitegroup/templates/sitegroup/article_page.html").read_text()
        assert "<article" in original
        (tmp_path / "sitegroup").mkdir()
        (tmp_path / "sitegroup/article_page.html").write_text(
            original.replace(
                "<article", '<article><script src="https://evil.example/x.js"></script></article><article', 1
            )
        )

        def apply():
            settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

        return apply

    def test_a_tampered_template_is_red_although_the_database_is_untouched(
        self, site_group, tampered_template, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            make_article(site_group["columns"]["a"], "模板防篡改测试")
        assert run(site_group).results["tampering"] == "green"
        tampered_template()
        result = run(site_group)
        assert result.results["tampering"] == "red"
        messages = [message for _, message, _ in problems(result, "tampering")]
        assert any("「模板防篡改测试」的页面内容与发布时不一致，可能被篡改" in message for message in messages)
        assert not any("数据库" in message for message in messages)

    def test_a_large_site_is_rendered_in_turns_and_every_page_within_the_cycle(
        self, site_group, settings, tampered_template
    ):
        settings.SITEGROUP_HEALTH_TAMPER = {"cycle_days": 2, "minimum": 1}
        for number in range(3):
            make_article(site_group["columns"]["a"], f"轮换核验{number}")
        first = run(site_group)  # records the baselines of pages that had none
        digests = PageDigest.objects.filter(
            page__in=ArticlePage.objects.live().descendant_of(site_group["a"].home_page)
        )
        total = digests.count()
        assert total >= 4 and first.results["tampering"] == "green"

        def compared_last():
            latest = max(digests.values_list("compared_at", flat=True))
            return set(digests.filter(compared_at=latest).values_list("page_id", flat=True))

        assert run(site_group).pages_rendered == -(-total // 2)
        second = compared_last()
        assert run(site_group).pages_rendered == -(-total // 2)
        third = compared_last()
        # The longest-uncompared go first: two runs of the cycle rendered every page once.
        assert len(second) == len(third) == -(-total // 2)
        assert not second & third and len(second | third) == total
        tampered_template()
        found = {
            message for result in (run(site_group), run(site_group)) for _, message, _ in problems(result, "tampering")
        }
        assert len(found) == total  # every page reported within the cycle of two runs

    def test_saving_a_draft_or_locking_is_not_tampering(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            page = make_article(site_group["columns"]["a"], "草稿不算篡改")
        page = ArticlePage.objects.get(pk=page.pk)
        page.summary = "尚未发布的新摘要"
        page.save_revision()
        ArticlePage.objects.filter(pk=page.pk).update(locked=True)
        assert run(site_group).results["tampering"] == "green"


class TestScreens:
    def test_site_admin_sees_own_site_and_not_another(self, client, site_group):
        run(site_group)
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.get(reverse("sitegroup_health_group"))
        assert response.status_code == 302 and response.url == reverse(
            "sitegroup_health_site", args=[site_group["a"].organisation.pk]
        )
        body = client.get(response.url).content.decode()
        assert "首页更新" in body and "立即检查" in body
        refused = client.get(reverse("sitegroup_health_site", args=[site_group["b"].organisation.pk]))
        assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission" redirect
        refused = client.post(reverse("sitegroup_health_start", args=[site_group["b"].organisation.pk]))
        assert (refused.status_code, refused.url) == (302, "/admin/")
        assert not HealthRun.objects.filter(organisation=site_group["b"].organisation).exists()

    def test_editor_has_no_health_dashboard(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        refused = client.get(reverse("sitegroup_health_group"))
        assert (refused.status_code, refused.url) == (302, "/admin/")

    def test_supervision_sees_the_group(self, client, site_group):
        run(site_group, "a")
        client.force_login(site_group["users"]["supervision"])
        body = client.get(reverse("sitegroup_health_group")).content.decode()
        assert "测试县教育局" in body and "测试县民政局" in body and "尚未检查" in body

    def test_run_now_runs_in_the_background_and_is_logged(
        self, client, site_group, settings, django_capture_on_commit_callbacks
    ):
        settings.SITEGROUP_HEALTH_RUN_INLINE = True
        client.force_login(site_group["users"]["a_site_admin"])
        organisation = site_group["a"].organisation
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("sitegroup_health_start", args=[organisation.pk]), follow=True)
        assert "已开始检查" in response.content.decode()
        finished = HealthRun.objects.get(organisation=organisation)
        assert finished.state == RunState.DONE and finished.triggered_by == site_group["users"]["a_site_admin"]

    def test_a_second_run_while_one_runs_is_refused(self, client, site_group):
        organisation = site_group["a"].organisation
        HealthRun.objects.create(organisation=organisation)
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.post(reverse("sitegroup_health_start", args=[organisation.pk]), follow=True)
        assert "正在检查中" in response.content.decode()
        assert HealthRun.objects.filter(organisation=organisation).count() == 1


class TestRuns:
    def test_command_checks_one_site_with_progress(self, site_group):
        out = io.StringIO()
        call_command("check_site_health", "--site", "a.localhost", stdout=out)
        text = out.getvalue()
        assert "测试县教育局" in text and "首页更新" in text and "已完成" in text
        assert HealthRun.objects.filter(organisation=site_group["a"].organisation).count() == 1
        assert not HealthRun.objects.filter(organisation=site_group["b"].organisation).exists()

    def test_command_refuses_an_unknown_site(self, site_group):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="没有找到站点"):
            call_command("check_site_health", "--site", "nowhere.localhost", stdout=io.StringIO())

    def test_daily_job_is_registered(self):
        [job] = [job for job in registered_jobs() if job.name == "check_site_health"]
        assert job.every == 24 * 3600 and job.run == health.run_all


class TestDeferredDigests:
    def test_bulk_loads_record_no_digest_and_the_first_run_records_the_baseline(
        self, site_group, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True), health.defer_digests():
            page = make_article(site_group["columns"]["a"], "批量导入的文章")
        assert not PageDigest.objects.filter(page_id=page.pk).exists()
        assert run(site_group).results["tampering"] == "green"
        assert PageDigest.objects.filter(page_id=page.pk).exists()
