"""置顶 and weight, title emphasis, link-out articles and references (引用) as citizens and editors see them."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from sitegroup.models import ArticlePage
from sitegroup.services.listing import check_references, referable_columns
from tests.builders import make_article, make_column
from tests.sitegroup.test_workflow import _approve_over_http, edit_form


def get(client, host, path="/"):
    return client.get(path, HTTP_HOST=host)


def titles_in_order(html: str, titles: list[str]) -> list[str]:
    """The given titles in the order they appear on the page."""
    return sorted((title for title in titles if title in html), key=html.index)


def listed(column) -> list[str]:
    return list(column.articles().values_list("title", flat=True))


@pytest.fixture
def column(site_group):
    """A fresh column on 教育局's site (a.localhost) with four dated articles, oldest first."""
    column = make_column(site_group["a"].home_page, "通知公告", "notices", "notice")
    now = timezone.now()
    for days, title in ((4, "四天前的通知"), (3, "三天前的通知"), (2, "两天前的通知"), (1, "昨天的通知")):
        make_article(column, title, publish_time=now - timedelta(days=days))
    return column


def pin(title, **changes):
    ArticlePage.objects.filter(title=title).update(**changes)


@pytest.mark.django_db
class TestListingOrder:
    def test_without_pins_newest_first(self, column):
        assert listed(column) == ["昨天的通知", "两天前的通知", "三天前的通知", "四天前的通知"]

    def test_pinned_first_then_weight_then_date(self, column):
        pin("四天前的通知", is_pinned=True)
        pin("三天前的通知", is_pinned=True, sort_weight=5)
        pin("两天前的通知", sort_weight=1)
        assert listed(column) == ["三天前的通知", "四天前的通知", "两天前的通知", "昨天的通知"]

    def test_an_expired_pin_drops_back_into_date_order_without_any_job(self, column):
        pin("四天前的通知", is_pinned=True, pinned_until=timezone.now() - timedelta(minutes=1))
        pin("三天前的通知", is_pinned=True, pinned_until=timezone.now() + timedelta(days=1))
        assert listed(column) == ["三天前的通知", "昨天的通知", "两天前的通知", "四天前的通知"]

    def test_column_page_home_blocks_and_rss_agree(self, client, site_group, column):
        pin("四天前的通知", is_pinned=True)
        titles = ["四天前的通知", "昨天的通知", "两天前的通知"]
        page = get(client, "a.localhost", "/notices/").content.decode()
        assert titles_in_order(page, titles) == titles
        assert '<span class="sg-pin">置顶</span>四天前的通知' in page
        home = get(client, "a.localhost", "/").content.decode()
        assert titles_in_order(home, titles) == titles
        rss = get(client, "a.localhost", "/notices/rss/").content.decode()
        assert titles_in_order(rss, titles) == titles

    def test_portal_column_with_submissions_puts_pinned_first(self, client, site_group):
        from sitegroup.services import submissions

        portal_column = site_group["columns"]["portal"]
        portal_column.accepts_submissions = True
        portal_column.save_revision().publish()
        department = make_article(site_group["columns"]["a"], "教育局报送的新稿件")
        submitted = submissions.submit(department, portal_column, site_group["users"]["a_editor"])
        submissions.accept(submitted, site_group["users"]["portal_editor"])
        old = make_article(portal_column, "门户置顶的旧稿件", publish_time=timezone.now() - timedelta(days=30))
        pin(old.title, is_pinned=True)
        body = get(client, "localhost", "/news/").content.decode()
        assert titles_in_order(body, ["门户置顶的旧稿件", "教育局报送的新稿件"]) == [
            "门户置顶的旧稿件",
            "教育局报送的新稿件",
        ]

    def test_admin_listing_marks_pinned_articles(self, client, site_group, column):
        pin("两天前的通知", is_pinned=True)
        client.force_login(site_group["users"]["a_editor"])
        body = client.get(f"/admin/pages/{column.pk}/").content.decode()
        assert "【置顶】两天前的通知" in body and "【置顶】昨天的通知" not in body


@pytest.mark.django_db
class TestTitleEmphasis:
    def test_red_bold_title_is_rendered_with_classes_not_inline_style(self, client, site_group, column):
        pin("昨天的通知", title_colour="red", title_bold=True)
        for path in ("/notices/", "/"):
            body = get(client, "a.localhost", path).content.decode()
            assert re.search(r'<a href="[^"]+" class="sg-title--red sg-title--bold">昨天的通知</a>', body)
            assert "style=" not in body.split("<main", 1)[1]


@pytest.mark.django_db
class TestLinkOut:
    def test_external_link_out_is_listed_leading_out_and_marked(self, client, site_group, column):
        article = make_article(column, "国务院常务会议", body=[], link_url="https://www.gov.cn/yaowen/")
        body = get(client, "a.localhost", "/notices/").content.decode()
        assert (
            '<a href="https://www.gov.cn/yaowen/">国务院常务会议'
            '<span class="sg-external-mark" aria-hidden="true">↗</span>'
            '<span class="sg-visually-hidden">（外部链接，将离开本站）</span></a>'
        ) in body
        rss = get(client, "a.localhost", "/notices/rss/").content.decode()
        assert "<link>https://www.gov.cn/yaowen/</link>" in rss
        response = get(client, "a.localhost", article.url_path.removeprefix(site_group["a"].home_page.url_path[:-1]))
        assert response.status_code == 302 and response["Location"] == "https://www.gov.cn/yaowen/"

    def test_link_to_a_page_of_another_site_of_the_group(self, client, site_group, column):
        target = site_group["columns"]["b"].get_children().first()
        article = make_article(column, "民政局的动态", body=[], link_page=target)
        body = get(client, "a.localhost", "/notices/").content.decode()
        assert f'<a href="{target.full_url}">民政局的动态</a>' in body and "外部链接" not in body
        response = get(client, "a.localhost", f"/notices/{article.slug}/")
        assert response.status_code == 302 and response["Location"] == target.full_url

    def test_an_address_pasted_from_another_site_of_the_group_is_not_marked_external(self, client, site_group, column):
        make_article(column, "民政局的通知", body=[], link_url="http://b.localhost/news/")
        body = get(client, "a.localhost", "/notices/").content.decode()
        assert '<a href="http://b.localhost/news/">民政局的通知</a>' in body

    def test_link_out_articles_are_not_in_the_sitemap(self, client, site_group, column):
        article = make_article(column, "外链稿件", body=[], link_url="https://www.gov.cn/")
        body = get(client, "a.localhost", "/sitemap.xml").content.decode()
        assert f"/notices/{article.slug}/" not in body and "/notices/" in body

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"link_url": "ftp://example.com/a"}, "link_url", "外链地址必须以 http:// 或 https:// 开头。"),
            ({"link_url": "javascript:alert(1)"}, "link_url", "外链地址必须以 http:// 或 https:// 开头。"),
            ({"link_url": "https://www.gov.cn/", "link_page": "OTHER"}, "link_page", "只能填写其一"),
            ({"pinned_until": "2030-01-01 00:00"}, "pinned_until", "只有置顶的稿件"),
        ],
    )
    def test_invalid_settings_are_refused_in_the_editor_with_a_chinese_message(
        self, client, site_group, column, changes, field, message
    ):
        article = column.get_children().first().specific
        if changes.get("link_page") == "OTHER":
            changes["link_page"] = str(site_group["columns"]["b"].get_children().first().pk)
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, **changes))
        assert response.status_code == 200
        assert message in str(response.context["form"].errors.get(field))
        article.refresh_from_db()
        assert article.link_url == "" and article.pinned_until is None

    def test_link_out_articles_are_left_out_of_site_search(self, site_group, column):
        from search.documents import ArticleDocumentType

        article = make_article(column, "外链到中国政府网", body=[], link_url="https://www.gov.cn/")
        assert ArticleDocumentType().to_document(article) is None
        normal = column.get_children().live().first().specific
        assert ArticleDocumentType().to_document(normal) is not None


@pytest.mark.django_db
class TestReferences:
    def test_referenced_article_shows_in_the_other_column_page_home_block_and_rss(self, client, site_group, column):
        news = site_group["columns"]["a"]
        article = make_article(news, "同时发布到通知公告的稿件")
        article.also_in_columns.add(column)
        article.save()
        original_url = article.full_url
        body = get(client, "a.localhost", "/notices/").content.decode()
        assert f'<a href="/news/{article.slug}/">同时发布到通知公告的稿件</a>' in body  # the original's address
        assert "同时发布到通知公告的稿件" in get(client, "a.localhost", "/news/").content.decode()
        home = get(client, "a.localhost", "/").content.decode()
        notices_block = home.split(">通知公告</a></h2>", 1)[1].split("</section>", 1)[0]
        assert "同时发布到通知公告的稿件" in notices_block
        rss = get(client, "a.localhost", "/notices/rss/").content.decode()
        assert f"<link>{original_url}</link>" in rss

    def test_original_carries_its_canonical_address(self, client, site_group):
        article = site_group["columns"]["a"].get_children().live().first()
        body = get(client, "a.localhost", f"/news/{article.slug}/").content.decode()
        assert f'<link rel="canonical" href="{article.full_url}">' in body

    def test_unpublishing_or_deleting_the_original_removes_it_everywhere(self, site_group, column):
        article = make_article(site_group["columns"]["a"], "将撤下的稿件")
        article.also_in_columns.add(column)
        article.save()
        assert "将撤下的稿件" in listed(column)
        article.unpublish()
        assert "将撤下的稿件" not in listed(column)
        Page.objects.get(pk=article.pk).delete()
        assert not column.referenced_articles.exists()

    def test_editor_is_offered_only_columns_of_own_site(self, site_group, column):
        editor = site_group["users"]["a_editor"]
        offered = set(referable_columns(editor).values_list("pk", flat=True))
        assert column.pk in offered and site_group["columns"]["a"].pk in offered
        assert site_group["columns"]["b"].pk not in offered and site_group["columns"]["portal"].pk not in offered

    def test_referencing_into_a_column_the_editor_cannot_publish_to_is_refused(self, client, site_group, column):
        editor = site_group["users"]["a_editor"]
        article = site_group["columns"]["a"].get_children().first().specific
        portal_column = site_group["columns"]["portal"]
        with pytest.raises(PermissionDenied, match="信息报送"):
            check_references(editor, article, [portal_column])
        client.force_login(editor)
        response = client.post(
            f"/admin/pages/{article.pk}/edit/",
            edit_form(article, also_in_columns=[str(portal_column.pk), str(column.pk)]),
        )
        assert response.status_code == 200
        assert "不能引用到该栏目" in str(response.context["form"].errors["also_in_columns"])
        assert not article.also_in_columns.exists()

    def test_a_reference_chosen_in_the_editor_is_reviewed_with_the_article(self, client, site_group, column):
        editor = site_group["users"]["a_editor"]
        article = site_group["columns"]["a"].get_children().live().first().specific
        client.force_login(editor)
        data = edit_form(article, also_in_columns=[str(column.pk)], **{"action-submit": "action-submit"})
        assert client.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302
        assert article.title not in listed(column)  # submitted: not public until the reviewer approves
        assert _approve_over_http(client, site_group["users"]["a_reviewer"], article).status_code == 200
        assert article.title in listed(column)

    def test_portal_editor_references_between_portal_columns(self, site_group):
        portal_editor = site_group["users"]["portal_editor"]
        topic = make_column(site_group["portal"].home_page, "专题专栏", "topics", "topic")
        article = site_group["columns"]["portal"].get_children().first().specific
        check_references(portal_editor, article, [topic])
        assert topic.pk in set(referable_columns(portal_editor).values_list("pk", flat=True))


@pytest.mark.django_db
class TestQueryCounts:
    def _count(self, client, path):
        # Each count builds the per-process copies afresh (the home page's lists are kept until a purge):
        # what is counted is the render after a change, before and after the articles are added.
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "a.localhost", path).status_code == 200
        return len(queries)

    @pytest.mark.parametrize("path", ["/", "/notices/", "/notices/rss/"])
    def test_queries_do_not_grow_with_pins_links_and_references(self, client, site_group, column, path):
        get(client, "a.localhost", path)
        before = self._count(client, path)
        news = site_group["columns"]["a"]
        target = site_group["columns"]["b"].get_children().first()
        for number in range(12):
            article = make_article(
                news if number % 2 else column,
                f"批量稿件{number}",
                is_pinned=number % 3 == 0,
                title_colour="red",
                link_page=target if number % 4 == 0 else None,
            )
            if number % 2:
                article.also_in_columns.add(column)
                article.save()
        after = self._count(client, path)
        assert after <= before, f"{path}: {before} → {after} queries"
