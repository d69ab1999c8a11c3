"""信息抓取 end to end against a local HTTP server serving recorded pages: drafts, images, dedupe, run log."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page

from sitegroup.models import ArticlePage, HarvestRun, HarvestRunStatus, HarvestSource, HarvestSourceKind
from sitegroup.services import harvest
from tests.sitegroup.harvest_server import RecordedSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded():
    with RecordedSite() as site:
        yield site


def feed_source(site_group, url, **extra):
    a = site_group["a"]
    return HarvestSource.objects.create(
        organisation=a.organisation,
        name="市政府网要闻",
        kind=HarvestSourceKind.FEED,
        url=url,
        target_column=site_group["columns"]["a"],
        source_label="市人民政府网",
        **extra,
    )


def html_source(site_group, url):
    a = site_group["a"]
    return HarvestSource.objects.create(
        organisation=a.organisation,
        name="市政府网列表",
        kind=HarvestSourceKind.HTML,
        url=url,
        target_column=site_group["columns"]["a"],
        link_selector="ul.news-list a",
        title_selector="h1.article-title",
        date_selector=".pubdate",
        body_selector="div.article-body",
    )


def drafts_in(column):
    return ArticlePage.objects.child_of(column).filter(live=False).order_by("publish_time")


class TestFeedHarvest:
    def test_new_items_become_unpublished_drafts_with_source_images_and_sanitised_body(self, site_group, recorded):
        source = feed_source(site_group, recorded.url("feed.xml"))
        images_before = get_image_model().objects.count()
        run = harvest.run_source(source)
        assert (run.status, run.new_count, run.duplicate_count, run.error_count) == (
            HarvestRunStatus.SUCCEEDED,
            3,
            0,
            0,
        )
        drafts = list(drafts_in(site_group["columns"]["a"]))
        assert [draft.title for draft in drafts] == [
            "我市新增12项高频政务服务事项实现“跨省通办”",
            "市政府常务会议研究部署冬季安全生产工作",
            "全市优化营商环境工作推进会召开",
        ]
        first = drafts[-1]
        assert first.source == "市人民政府网" and not first.live and first.get_latest_revision() is not None
        assert first.publish_time.isoformat().startswith("2026-11-23T01:30")
        kinds = [block.block_type for block in first.body]
        assert kinds == ["paragraph", "image", "paragraph"]
        image = first.body[1].value["image"]
        assert image.collection == site_group["a"].organisation.collection
        assert first.body[1].value["alt_text"] == "推进会现场"
        assert get_image_model().objects.count() == images_before + 2
        assert "script" not in "".join(block.value.source for block in first.body if block.block_type == "paragraph")
        assert set(source.items.values_list("url", flat=True)) == {
            recorded.url("news-1.html"),
            recorded.url("news-2.html"),
            recorded.url("news-3.html"),
        }
        source.refresh_from_db()
        assert source.last_run_at == run.finished_at

    def test_a_second_run_skips_every_known_url_without_fetching_again(self, site_group, recorded):
        source = feed_source(site_group, recorded.url("feed.xml"))
        harvest.run_source(source)
        fetched = len(recorded.requests)
        run = harvest.run_source(source)
        assert (run.new_count, run.duplicate_count) == (0, 3)
        assert drafts_in(site_group["columns"]["a"]).count() == 3
        assert len(recorded.requests) == fetched + 1  # only the feed itself

    def test_an_unreachable_feed_is_a_failed_run_with_its_message(self, site_group, recorded):
        recorded.add("gone.xml", b"not here", status=404)
        run = harvest.run_source(feed_source(site_group, recorded.url("gone.xml")))
        assert run.status == HarvestRunStatus.FAILED
        assert run.new_count == 0 and "HTTP 404" in run.errors[0]


class TestHtmlHarvest:
    def test_list_page_articles_by_selectors_and_the_reprint_skipped_by_content(self, site_group, recorded):
        run = harvest.run_source(html_source(site_group, recorded.url("index.html")))
        assert run.found_count == 4  # mailto link left out
        assert (run.new_count, run.duplicate_count, run.error_count) == (3, 1, 0)
        titles = sorted(drafts_in(site_group["columns"]["a"]).values_list("title", flat=True))
        assert titles.count("市政府常务会议研究部署冬季安全生产工作") == 1

    def test_same_article_from_a_feed_and_a_list_comes_in_once(self, site_group, recorded):
        harvest.run_source(feed_source(site_group, recorded.url("feed.xml")))
        run = harvest.run_source(html_source(site_group, recorded.url("index.html")))
        assert run.new_count == 0 and run.duplicate_count == 4
        assert drafts_in(site_group["columns"]["a"]).count() == 3

    def test_an_article_page_without_the_body_is_logged_the_others_come_in(self, site_group, recorded):
        recorded.add(
            "list.html",
            b'<ul class="news-list"><li><a href="empty.html">x</a></li><li><a href="news-2.html">y</a></li></ul>',
        )
        recorded.add("empty.html", '<h1 class="article-title">空页面</h1><p>没有正文</p>'.encode())
        run = harvest.run_source(html_source(site_group, recorded.url("list.html")))
        assert (run.status, run.new_count, run.error_count) == (HarvestRunStatus.PARTIAL, 1, 1)
        assert "找不到正文" in run.errors[0]


class TestLimits:
    def test_redirect_loops_stop(self, site_group, recorded):
        recorded.add("loop.xml", b"", status=302, headers={"Location": "/loop.xml"})
        run = harvest.run_source(feed_source(site_group, recorded.url("loop.xml")))
        assert run.status == HarvestRunStatus.FAILED and "重定向次数过多" in run.errors[0]

    @override_settings(HARVEST_MAX_BYTES=1000)
    def test_oversized_documents_are_refused(self, site_group, recorded):
        run = harvest.run_source(feed_source(site_group, recorded.url("feed.xml")))
        assert run.status == HarvestRunStatus.FAILED and "大小上限" in run.errors[0]

    @override_settings(HARVEST_ALLOW_PRIVATE_ADDRESSES=False)
    def test_private_addresses_are_refused_unless_allowed(self, site_group, recorded):
        run = harvest.run_source(feed_source(site_group, recorded.url("feed.xml")))
        assert run.status == HarvestRunStatus.FAILED and "内网地址" in run.errors[0]
        assert recorded.requests == []

    def test_a_file_that_is_not_an_image_is_not_stored(self, site_group, recorded):
        recorded.add("fake.xml", FAKE_IMAGE_FEED, content_type="application/rss+xml")
        recorded.add("fake.png", b"<html>not an image</html>", content_type="image/png")
        count = get_image_model().objects.count()
        run = harvest.run_source(feed_source(site_group, recorded.url("fake.xml")))
        assert run.new_count == 1 and get_image_model().objects.count() == count
        assert "不是可用的图片" in run.errors[0]
        draft = drafts_in(site_group["columns"]["a"]).get()
        assert [block.block_type for block in draft.body] == ["paragraph", "paragraph"]


FAKE_IMAGE_FEED = (
    '<rss version="2.0"><channel><title>t</title><item><title>图片测试稿件</title><link>fake-item.html</link>'
    "<description><![CDATA[<p>正文一段文字。</p>"
    '<img src="fake.png" alt="假图"><p>正文二段。</p>]]></description>'
    "</item></channel></rss>"
).encode()


class TestScheduleAndCommand:
    def test_due_sources_run_others_wait(self, site_group, recorded):
        due = feed_source(site_group, recorded.url("feed.xml"))
        paused = feed_source(site_group, recorded.url("index.html"), is_active=False)
        runs = harvest.run_due_sources()
        assert [run.source_id for run in runs] == [due.pk]
        assert harvest.run_due_sources() == []  # interval not yet passed
        assert not paused.runs.exists()

    def test_command_harvests_one_source_and_reports(self, site_group, recorded):
        source = feed_source(site_group, recorded.url("feed.xml"))
        out = io.StringIO()
        call_command("harvest", "--source", str(source.pk), "--no-progress", stdout=out)
        assert "新增 3" in out.getvalue() and "新增草稿 3 篇" in out.getvalue()
        assert HarvestRun.objects.filter(source=source, triggered_by="命令行").count() == 1

    def test_the_periodic_job_is_registered(self):
        from sitegroup.periodic import registered_jobs

        assert "harvest_due_sources" in [job.name for job in registered_jobs()]


class TestAdmin:
    def test_site_admin_adds_a_source_runs_it_and_reads_the_log(self, site_group, recorded, client):
        client.force_login(site_group["users"]["a_site_admin"])
        a = site_group["a"]
        response = client.post(
            reverse("sitegroup_harvest_add"),
            {
                "organisation": a.organisation.pk,
                "name": "市政府网要闻",
                "kind": "feed",
                "url": recorded.url("feed.xml"),
                "target_column": site_group["columns"]["a"].pk,
                "interval_minutes": 60,
                "max_items": 20,
                "is_active": "on",
            },
        )
        source = HarvestSource.objects.get(name="市政府网要闻")
        assert response.status_code == 302
        response = client.post(reverse("sitegroup_harvest_run", args=[source.pk]), follow=True)
        content = response.content.decode()
        assert "新增草稿 3 篇" in content and "全市优化营商环境工作推进会召开" in content
        assert "立即抓取（a_site_admin）" in content

    def test_bad_selector_and_foreign_column_are_refused_with_messages(self, site_group, client):
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.post(
            reverse("sitegroup_harvest_add"),
            {
                "organisation": site_group["a"].organisation.pk,
                "name": "x",
                "kind": "html",
                "url": "ftp://example.com/",
                "target_column": site_group["columns"]["b"].pk,
                "link_selector": "ul[[",
                "interval_minutes": 60,
                "max_items": 20,
            },
        )
        content = response.content.decode()
        assert response.status_code == 400 and not HarvestSource.objects.exists()
        assert "选择器写法有误" in content and "必须填写此选择器" in content
        assert "http:// 或 https://" in content or "有效的URL" in content or "有效" in content

    @pytest.mark.parametrize("user_key", ["b_site_admin", "a_editor", "a_reviewer", "a_handler"])
    def test_others_cannot_see_change_or_run_a_source(self, site_group, client, user_key):
        source = feed_source(site_group, "http://127.0.0.1:9/feed.xml")
        client.force_login(site_group["users"][user_key])
        assert client.get(reverse("sitegroup_harvest_source", args=[source.pk])).status_code in (302, 403)
        assert client.post(reverse("sitegroup_harvest_run", args=[source.pk])).status_code in (302, 403)
        assert client.get(reverse("sitegroup_harvest_edit", args=[source.pk])).status_code in (302, 403)
        assert not source.runs.exists()
        if user_key == "b_site_admin":
            listing = client.get(reverse("sitegroup_harvest"))
            assert listing.status_code == 200 and "市政府网要闻" not in listing.content.decode()

    def test_service_refuses_a_site_admin_of_another_organisation(self, site_group):
        source = feed_source(site_group, "http://127.0.0.1:9/feed.xml")
        with pytest.raises(PermissionDenied):
            harvest.run_source(source, user=site_group["users"]["b_site_admin"])
        assert Page.objects.filter(title="全市优化营商环境工作推进会召开").count() == 0


class TestQueries:
    def test_the_source_list_and_run_log_do_not_grow_with_sources_or_runs(self, site_group, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(site_group["users"]["a_site_admin"])

        def add_sources(count):
            for number in range(count):
                source = feed_source(site_group, f"http://127.0.0.1:9/{number}.xml")
                for _ in range(3):
                    HarvestRun.objects.create(source=source, status=HarvestRunStatus.FAILED, errors=["x"])
            return source

        def queries(url):
            client.get(url)  # warm per-process caches
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        source = add_sources(1)
        few = (queries(reverse("sitegroup_harvest")), queries(reverse("sitegroup_harvest_source", args=[source.pk])))
        source = add_sources(5)
        many = (queries(reverse("sitegroup_harvest")), queries(reverse("sitegroup_harvest_source", args=[source.pk])))
        assert many == few
        assert client.get(reverse("sitegroup_harvest")).content.decode().count("失败：新增 0") == 6
