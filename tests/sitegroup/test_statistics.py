"""Page views (bots excluded, nothing personal kept) and editorial workload, with the dashboard."""

import re

import pytest
from django.utils import timezone

from sitegroup.models import PageViewDaily
from sitegroup.services import pageviews
from tests.builders import make_article

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@pytest.fixture(autouse=True)
def _empty_buffer():
    pageviews.flush()
    yield
    pageviews.flush()


@pytest.mark.django_db
class TestPageViews:
    def test_people_are_counted_bots_are_not(self, client, site_group):
        for _ in range(3):
            client.get("/news/", HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER)
        client.get("/news/", HTTP_HOST="a.localhost", HTTP_USER_AGENT="Baiduspider/2.0")
        client.get("/news/", HTTP_HOST="a.localhost", HTTP_USER_AGENT="")
        assert pageviews.flush() == 3
        row = PageViewDaily.objects.get(page=site_group["columns"]["a"])
        assert row.views == 3 and row.day == timezone.localdate() and row.site == site_group["a"].site

    def test_counts_accumulate_across_flushes(self, client, site_group):
        client.get("/", HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER)
        pageviews.flush()
        client.get("/", HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER)
        pageviews.flush()
        assert PageViewDaily.objects.get(page=site_group["a"].home_page).views == 2

    def test_no_personal_data_is_stored(self):
        fields = {field.name for field in PageViewDaily._meta.get_fields()}
        assert fields == {"id", "page", "site", "day", "views"}

    def test_serving_a_page_writes_nothing_until_the_buffer_is_due(self, client, site_group):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get("/", HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER)
        with CaptureQueriesContext(connection) as queries:
            client.get("/", HTTP_HOST="a.localhost", HTTP_USER_AGENT=BROWSER)
        assert not [query for query in queries if "pageviewdaily" in query["sql"].lower()]
        assert pageviews.pending_views() == 2


def _reviewed_article(site_group, title, *, author, reviewer):
    """An article its author wrote and a reviewer published (as the approved workflow does)."""
    article = make_article(site_group["columns"]["a"], title, publish=False, user=author, owner=author)
    article.latest_revision.publish(user=reviewer, skip_permission_checks=True)
    return article


@pytest.mark.django_db
class TestDashboard:
    def _views(self, client, site_group):
        for host in ("a.localhost", "b.localhost"):
            client.get("/news/", HTTP_HOST=host, HTTP_USER_AGENT=BROWSER)
        pageviews.flush()

    def test_workload_credits_the_author_and_counts_the_reviewers_publications(self, client, site_group):
        editor, reviewer = site_group["users"]["a_editor"], site_group["users"]["a_reviewer"]
        editor.last_name, editor.first_name = "张", "小明"
        editor.save()
        for number in range(3):
            _reviewed_article(site_group, f"审核发布{number}", author=editor, reviewer=reviewer)
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.get("/admin/sitegroup/statistics/", {"days": 7, "export": "workload"})
        rows = response.content.decode("utf-8-sig").strip().splitlines()
        assert rows[0] == "机构,人员,撰写并发布的稿件数,审核发布次数"
        assert "测试县教育局,张小明,3,0" in rows
        assert "测试县教育局,a_reviewer,0,3" in rows

    def test_scheduled_publication_is_named_not_none(self, site_group):
        from sitegroup import statistics

        make_article(site_group["columns"]["a"], "定时发布的稿件", owner=site_group["users"]["a_editor"])
        period = statistics.Period.last_days(7, timezone.localdate())
        rows = statistics.workload([site_group["a"].organisation], period)["by_user"]
        names = {row["user"] for row in rows}
        assert "系统（定时发布）" in names and "a_editor" in names
        assert not any("None" in name for name in names)

    def test_dashboard_names_people_and_shows_both_counts(self, client, site_group):
        editor = site_group["users"]["a_editor"]
        _reviewed_article(site_group, "作者的稿件", author=editor, reviewer=site_group["users"]["a_reviewer"])
        client.force_login(site_group["users"]["a_site_admin"])
        body = client.get("/admin/sitegroup/statistics/").content.decode()
        assert "审核发布次数" in body and "NoneNone" not in body
        assert "<td>a_editor</td><td>测试县教育局</td><td>1</td><td>0</td>" in body

    def test_organisation_roles_see_only_their_organisation(self, client, site_group):
        self._views(client, site_group)
        client.force_login(site_group["users"]["a_editor"])
        body = client.get("/admin/sitegroup/statistics/").content.decode()
        assert "测试县教育局" in body and "测试县民政局" not in body

    def test_supervision_sees_every_organisation(self, client, site_group):
        self._views(client, site_group)
        client.force_login(site_group["users"]["supervision"])
        body = client.get("/admin/sitegroup/statistics/").content.decode()
        assert "测试县教育局" in body and "测试县民政局" in body and "<svg" in body

    def test_organisation_chart_has_one_row_per_organisation(self, client, site_group):
        self._views(client, site_group)
        client.force_login(site_group["users"]["supervision"])
        body = client.get("/admin/sitegroup/statistics/", {"days": 365}).content.decode()
        labels = re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*text-anchor="end">([^<]+)</text>', body)
        assert len(labels) == 3  # portal and two departments, each on its own line
        assert len({y for y, _name in labels}) == 3

    def test_views_csv_export(self, client, site_group):
        self._views(client, site_group)
        client.force_login(site_group["users"]["supervision"])
        response = client.get("/admin/sitegroup/statistics/", {"days": 7, "export": "views"})
        assert response["Content-Type"].startswith("text/csv")
        rows = response.content.decode("utf-8-sig").strip().splitlines()
        assert rows[0] == "日期,访问量" and rows[-1] == f"{timezone.localdate().isoformat()},2"

    def test_other_organisation_filter_is_refused(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        response = client.get("/admin/sitegroup/statistics/", {"organisation": site_group["b"].organisation.pk})
        assert response.status_code == 400

    def test_handler_without_statistics_permission_is_refused(self, client, site_group):
        client.force_login(site_group["users"]["a_handler"])
        assert client.get("/admin/sitegroup/statistics/").status_code in (302, 403)

    @pytest.mark.parametrize("query", [{"days": "abc"}, {"export": "nonsense"}, {"organisation": "x"}])
    def test_bad_parameters_are_4xx(self, client, site_group, query):
        client.force_login(site_group["users"]["supervision"])
        assert client.get("/admin/sitegroup/statistics/", query).status_code == 400


@pytest.mark.django_db
class TestColumnFreshness:
    def test_columns_are_judged_against_their_update_interval(self, site_group):
        from datetime import timedelta

        from sitegroup import statistics
        from tests.builders import make_column

        home = site_group["a"].home_page
        stale_news = make_column(home, "旧闻栏目", "old-news", "news")
        make_article(stale_news, "三周前的动态", publish_time=timezone.now() - timedelta(days=21))
        notices = make_column(home, "通知公告", "notices", "notice")
        make_article(notices, "三周前的通知", publish_time=timezone.now() - timedelta(days=21))
        make_column(home, "空栏目", "empty", "policy")
        make_column(home, "专题", "topic", "topic")
        rows = {
            row.column.title: row.status
            for row in statistics.column_freshness([site_group["a"].organisation], timezone.now())
        }
        assert rows == {
            "旧闻栏目": "stale",
            "通知公告": "fresh",
            "空栏目": "empty",
            "专题": "no_interval",
            "工作动态": "fresh",
        }

    def test_dashboard_shows_stale_columns_first(self, client, site_group):
        from datetime import timedelta

        from tests.builders import make_column

        stale = make_column(site_group["a"].home_page, "旧闻栏目", "old-news", "news")
        make_article(stale, "一个月前的动态", publish_time=timezone.now() - timedelta(days=30))
        client.force_login(site_group["users"]["a_reviewer"])
        body = client.get("/admin/sitegroup/statistics/").content.decode()
        assert "栏目更新情况" in body and "已超期" in body
        assert body.index("旧闻栏目") < body.index("工作动态</a>")


@pytest.mark.django_db
class TestMySitesPanel:
    def test_admin_home_lists_own_sites_with_a_write_button_per_column(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        body = client.get("/admin/").content.decode()
        column = site_group["columns"]["a"]
        assert "我的网站" in body and "测试县教育局" in body and "测试县民政局" not in body
        assert f"/admin/pages/add/sitegroup/articlepage/{column.pk}/" in body

    def test_user_with_two_organisations_sees_both(self, client, site_group):
        from sitegroup.services.roles import grant_role

        user = site_group["users"]["a_editor"]
        grant_role(user, site_group["b"].organisation, "editor")
        client.force_login(user)
        body = client.get("/admin/").content.decode()
        assert "测试县教育局" in body and "测试县民政局" in body
