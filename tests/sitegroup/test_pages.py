"""Public pages: home, columns with paging and RSS, articles with meta tags, sitemap, sub-site list."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitegroup.models import SiteSettings, SubsiteIndexPage
from tests.builders import make_article


def get(client, host, path="/", **extra):
    return client.get(path, HTTP_HOST=host, **extra)


@pytest.mark.django_db
class TestHomeAndColumns:
    def test_each_host_serves_its_own_home_page(self, client, site_group):
        a = get(client, "a.localhost").content.decode()
        b = get(client, "b.localhost").content.decode()
        assert "测试县教育局工作动态" in a and "测试县民政局工作动态" not in a
        assert "测试县民政局工作动态" in b

    def test_column_lists_articles_newest_first_with_pages(self, client, site_group):
        column = site_group["columns"]["a"]
        for number in range(25):
            make_article(column, f"第{number:02d}号通知")
        first = get(client, "a.localhost", "/news/").content.decode()
        assert "第24号通知" in first and "第00号通知" not in first and "下一页" in first
        second = get(client, "a.localhost", "/news/?page=2").content.decode()
        assert "第00号通知" in second

    @pytest.mark.parametrize("page", ["99", "abc", "-1"])
    def test_bad_page_numbers_are_404_not_500(self, client, site_group, page):
        assert get(client, "a.localhost", f"/news/?page={page}").status_code == 404

    def test_column_meta_tags(self, client, site_group):
        body = get(client, "a.localhost", "/news/").content.decode()
        assert '<meta name="ColumnName" content="工作动态">' in body
        assert '<meta name="ColumnType" content="动态要闻">' in body

    def test_rss_feed_of_a_column(self, client, site_group):
        response = get(client, "a.localhost", "/news/rss/")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
        assert "测试县教育局工作动态" in response.content.decode()

    def test_sitemap_per_site_lists_only_that_site(self, client, site_group):
        body = get(client, "a.localhost", "/sitemap.xml").content.decode()
        assert "http://a.localhost/news/" in body and "b.localhost" not in body

    def test_portal_lists_every_sub_site(self, client, site_group):
        home = site_group["portal"].home_page
        directory = SubsiteIndexPage(title="站群导航", slug="sites")
        home.add_child(instance=directory)
        directory.save_revision().publish()
        body = get(client, "localhost", "/sites/").content.decode()
        assert "测试县教育局" in body and "测试县民政局" in body and "http://a.localhost/" in body


@pytest.mark.django_db
class TestArticlePage:
    def test_article_shows_metadata_breadcrumbs_and_meta_tags(self, client, site_group):
        article = site_group["columns"]["a"].get_children().first().specific
        body = get(client, "a.localhost", article.url_path.split("/", 2)[2].join(["/", ""])).content.decode()
        assert '<meta name="ArticleTitle" content="测试县教育局工作动态">' in body
        assert f'<meta name="PubDate" content="{article.publish_time.astimezone().strftime("%Y-%m-%d")}' in body
        assert '<meta name="ContentSource" content="区政府办公室">' in body
        assert 'aria-label="当前位置"' in body and "工作动态" in body

    def test_footer_carries_registration_facts(self, client, site_group):
        settings = SiteSettings.for_site(site_group["a"].site)
        settings.icp_number = "苏ICP备05012345号"
        settings.police_record_number = "苏公网安备 32111202000001号"
        settings.site_id_code = "3211120001"
        settings.save()
        body = get(client, "a.localhost").content.decode()
        for text in (
            "苏ICP备05012345号",
            "苏公网安备 32111202000001号",
            "网站标识码：3211120001",
            "党政机关网站标识",
            "主办单位：测试县教育局",
            "我为政府网站找错",
            '<meta name="SiteIDCode" content="3211120001">',
        ):
            assert text in body

    def test_image_in_body_requires_alt_text(self, site_group):
        from wagtail.blocks import StructBlockValidationError

        from sitegroup.blocks import AccessibleImageBlock

        block = AccessibleImageBlock()
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))
        assert "alt_text" in error.value.block_errors

    def test_video_needs_exactly_one_source(self, site_group):
        from wagtail.blocks import StructBlockValidationError

        from sitegroup.blocks import VideoBlock

        block = VideoBlock()
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"title": "宣传片", "video_url": "", "video_file": None}))
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"title": "宣传片", "video_url": "https://example.com/a.html"}))
        assert block.clean(block.to_python({"title": "宣传片", "video_url": "https://example.com/a.mp4"}))


@pytest.mark.django_db
class TestQueryCounts:
    """The number of SQL queries per page must not grow with the number of articles."""

    def _count(self, client, host, path):
        # Each count builds the per-process copies afresh (the home page's lists are kept until a purge):
        # what is counted is the render after a change, before and after the articles are added.
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, host, path).status_code == 200
        return len(queries)

    @pytest.mark.parametrize("path", ["/", "/news/", "ARTICLE"])
    def test_queries_do_not_grow_with_articles(self, client, site_group, path):
        column = site_group["columns"]["a"]
        article_path = "/news/" + column.get_children().first().slug + "/"
        target = article_path if path == "ARTICLE" else path
        get(client, "a.localhost", target)  # warm caches (site root paths, settings)
        before = self._count(client, "a.localhost", target)
        for number in range(30):
            make_article(column, f"批量稿件{number}")
        after = self._count(client, "a.localhost", target)
        assert after <= before, f"{target}: {before} → {after} queries"
        assert after <= 25
