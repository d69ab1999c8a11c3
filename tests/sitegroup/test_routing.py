"""Routing from what the process keeps (sitegroup.services.routing): the pages on a path, the site's root
page and its privacy settings are kept between requests, and every change a visitor would notice reaches
the next request, with the page cache off (a signed-in visitor, a page the page cache does not hold)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memos_keep(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request renders: what it shows comes from the memos
    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0.0  # the tests render right after a purge


def get(client, path, host="a.localhost"):
    return client.get(path, HTTP_HOST=host)


def path_of(page) -> str:
    return "/" + page.url_path.split("/", 2)[2]  # below the site's home page


@pytest.fixture
def article(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(site_group["columns"]["a"], "教育局秋季招生公告")


def publish(page, django_capture_on_commit_callbacks, **fields):
    page = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def test_a_second_visit_asks_nothing_of_the_page_tree(client, article):
    assert get(client, path_of(article)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = get(client, path_of(article))
    assert response.status_code == 200 and "教育局秋季招生公告" in response.content.decode()
    tree = [q["sql"] for q in queries.captured_queries if "wagtailcore_page" in q["sql"]]
    assert tree == [], tree  # neither the path's pages, the site's root nor the privacy settings


def test_a_published_edit_is_served_on_the_next_request(client, article, django_capture_on_commit_callbacks):
    assert "教育局秋季招生公告" in get(client, path_of(article)).content.decode()
    publish(article, django_capture_on_commit_callbacks, title="教育局秋季招生公告（更正）")
    assert "教育局秋季招生公告（更正）" in get(client, path_of(article)).content.decode()


def test_a_new_address_is_served_and_the_old_one_redirects_to_it(client, article, django_capture_on_commit_callbacks):
    old_path = path_of(article)
    assert get(client, old_path).status_code == 200
    publish(article, django_capture_on_commit_callbacks, slug="zhaosheng-2026")
    assert get(client, "/news/zhaosheng-2026/").status_code == 200
    old = get(client, old_path)  # no longer the page: the redirect made when its address changed
    assert old.status_code == 301 and old["Location"].endswith("/news/zhaosheng-2026/")


def test_a_withdrawn_article_is_gone_at_once(client, article, django_capture_on_commit_callbacks):
    assert get(client, path_of(article)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        type(article).objects.get(pk=article.pk).unpublish()
    assert get(client, path_of(article)).status_code == 404


def test_a_renamed_column_shows_in_its_articles_breadcrumbs(
    client, site_group, article, django_capture_on_commit_callbacks
):
    assert "工作动态" in get(client, path_of(article)).content.decode()
    publish(site_group["columns"]["a"], django_capture_on_commit_callbacks, title="教育动态")
    assert 'content="教育动态"' in get(client, path_of(article)).content.decode()  # its ColumnName meta


@pytest.mark.parametrize("on", ["column", "home"])
def test_privacy_set_on_a_column_or_the_home_page_closes_a_kept_article(
    client, site_group, article, django_capture_on_commit_callbacks, on
):
    page = site_group["columns"]["a"] if on == "column" else site_group["a"].home_page
    assert get(client, path_of(article)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = get(client, path_of(article))
    assert response.status_code == 302 and "login" in response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert get(client, path_of(article)).status_code == 200


def test_a_private_article_moved_to_another_column_stays_private(
    client, site_group, article, django_capture_on_commit_callbacks
):
    """Its tree path changes with the move (a reorder renumbers paths with no signal at all): the kept
    privacy settings are matched by page id."""
    from sitegroup.models import ColumnPage
    from tests.builders import make_column

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
        notices = make_column(site_group["a"].home_page, title="通知公告", slug="notices")
    assert get(client, path_of(article)).status_code == 302
    get(client, "/news/")  # the site's pages keep being visited: its kept lists stay warm
    with django_capture_on_commit_callbacks(execute=True):
        type(article).objects.get(pk=article.pk).move(ColumnPage.objects.get(pk=notices.pk), pos="last-child")
    response = get(client, "/notices/" + article.slug + "/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_alias_takes_its_originals_privacy(client, site_group, article, django_capture_on_commit_callbacks):
    """An alias has no privacy setting of its own: it takes its original's (Wagtail's rule), which the
    kept list of its own site does not hold."""
    from wagtail.models import Page

    column_b = site_group["columns"]["b"]
    with django_capture_on_commit_callbacks(execute=True):
        alias = Page.objects.get(pk=article.pk).create_alias(parent=column_b, update_slug="jiaoyu-zhaosheng")
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = get(client, path_of(alias), host="b.localhost")
    assert response.status_code == 302 and "login" in response["Location"]


def test_what_one_request_attaches_to_a_page_is_not_kept_for_the_next(client, article):
    from sitegroup.services import page_cache

    get(client, path_of(article))
    get(client, path_of(article))
    kept = [entry[1] for key, entry in page_cache._bounded_memo.items() if key.startswith("route:")]
    assert kept, "the article's path is kept"
    for chain in kept:
        for page in chain:
            assert "_sg_view_restrictions" not in page.__dict__
            assert "_cached_parent_obj" not in page.__dict__
