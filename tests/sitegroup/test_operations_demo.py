"""The demo's harvest source and published annual report; the recorded pages served under /harvest-demo/."""

import pytest
from django.test import override_settings
from django.utils import timezone

from sitegroup.demo import harvest_report
from sitegroup.models import ArticlePage, HarvestSource, SiteSettings, WebsiteAnnualReport, WebsiteReportStatus
from sitegroup.services import harvest
from tests.sitegroup.harvest_server import RecordedSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site_group):
    portal = site_group["portal"]
    settings = SiteSettings.for_site(portal.site)
    settings.site_id_code, settings.icp_number, settings.police_record_number = (
        "3211120000",
        "苏ICP备1号",
        "苏公网安备1号",
    )
    settings.save()
    harvest_report.build(portal.organisation, site_group["users"]["admin"], base_domain="localhost", port=8000)
    return portal


def test_the_demo_server_serves_its_recorded_feed_pages_and_images(client):
    feed = client.get("/harvest-demo/feed.xml")
    assert feed.status_code == 200 and "全市优化营商环境工作推进会召开" in b"".join(feed.streaming_content).decode()
    assert client.get("/harvest-demo/img/photo-1.png")["Content-Type"] == "image/png"
    assert client.get("/harvest-demo/../settings.py").status_code == 404
    with override_settings(HARVEST_DEMO_PAGES=False):
        assert client.get("/harvest-demo/feed.xml").status_code == 404


def test_the_demo_source_brings_the_recorded_articles_into_the_portal_news_column(demo):
    source = HarvestSource.objects.get(organisation=demo.organisation)
    assert source.url == "http://localhost:8000/harvest-demo/feed.xml" and not source.is_due()
    with RecordedSite() as recorded:
        source.url = recorded.url("feed.xml")  # the same files, served here instead of by `make run`
        run = harvest.run_source(source)
    assert run.new_count == 3
    drafts = ArticlePage.objects.child_of(source.target_column).filter(live=False)
    assert drafts.filter(title="全市优化营商环境工作推进会召开", source="镇江市人民政府网").exists()


def test_the_portal_report_for_this_year_is_published_with_entries_and_figures(demo, client):
    report = WebsiteAnnualReport.objects.get(organisation=demo.organisation, year=timezone.localdate().year)
    assert report.status == WebsiteReportStatus.PUBLISHED
    values = report.published_values["values"]
    assert values["unique_visitors"] == 186520 and values["security_drills"] is True
    assert values["site_id_code"] == "3211120000" and "info_news" in report.published_values["computed"]
    response = client.get(f"/website-report/{report.year}/", HTTP_HOST="localhost")
    assert response.status_code == 200 and "186520" in response.content.decode()
