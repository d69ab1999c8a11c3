"""The page cache for anonymous visitors: served until something shown changes, then purged exactly."""

import re

import pytest
from django.core.cache import caches

from sitegroup.models import SiteSettings
from sitegroup.services import page_cache
from tests.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGEVIEW_FLUSH_EVERY = 1_000_000
    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0.0  # the tests render right after a purge


def get(client, host, path="/", data=None, **extra):
    return client.get(path, data, HTTP_HOST=host, **extra)


def without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]+"', 'nonce=""', response.content.decode())


def warm(client, host, path="/"):
    first = get(client, host, path)
    assert first.status_code == 200 and first["X-Cache"] == "MISS", (path, first.get("X-Cache"))
    second = get(client, host, path)
    assert second["X-Cache"] == "HIT"
    return second


def publish_edit(article, django_capture_on_commit_callbacks, **fields):
    article = type(article).objects.get(pk=article.pk)
    for name, value in fields.items():
        setattr(article, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    return article


def test_a_second_anonymous_visit_is_served_from_the_cache(client, site_group):
    first = get(client, "a.localhost")
    second = get(client, "a.localhost")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second.content.decode().count("测试县教育局工作动态") == first.content.decode().count("测试县教育局工作动态")


def test_a_published_edit_shows_on_every_page_that_shows_it_and_other_sites_stay_cached(
    client, site_group, django_capture_on_commit_callbacks
):
    column = site_group["columns"]["a"]
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(column, "教育局春季开学安排")
    article_path = article.url_path.split("/", 2)[2]  # below the site's home page
    article_url = "/" + article_path
    pages = ["/", "/news/", "/news/rss/", article_url, "/sitemap.xml"]
    for path in pages:
        warm(client, "a.localhost", path)
    other_site = warm(client, "b.localhost", "/news/")
    portal = warm(client, "localhost", "/")

    publish_edit(article, django_capture_on_commit_callbacks, title="教育局秋季开学安排")

    for path in ["/", "/news/", "/news/rss/", article_url]:
        response = get(client, "a.localhost", path)
        assert response["X-Cache"] == "MISS", path
        body = response.content.decode()
        assert "教育局秋季开学安排" in body and "教育局春季开学安排" not in body, path
    assert get(client, "a.localhost", "/sitemap.xml")["X-Cache"] == "MISS"
    assert get(client, "b.localhost", "/news/")["X-Cache"] == "HIT"
    assert without_nonce(get(client, "b.localhost", "/news/")) == without_nonce(other_site)
    assert get(client, "localhost", "/")["X-Cache"] == "HIT" and portal.status_code == 200


def test_every_page_of_a_paginated_listing_is_purged(client, site_group, django_capture_on_commit_callbacks):
    column = site_group["columns"]["a"]
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(22):
            make_article(column, f"第{number:02d}号通知")
    warm(client, "a.localhost", "/news/")
    warm(client, "a.localhost", "/news/?page=2")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(column, "最新一号通知")
    assert "最新一号通知" in get(client, "a.localhost", "/news/").content.decode()
    second = get(client, "a.localhost", "/news/?page=2")
    assert second["X-Cache"] == "MISS"


def test_unpublishing_removes_the_article_from_its_listing(client, site_group, django_capture_on_commit_callbacks):
    column = site_group["columns"]["a"]
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(column, "即将撤下的通知")
    warm(client, "a.localhost", "/news/")
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert "即将撤下的通知" not in get(client, "a.localhost", "/news/").content.decode()


def test_site_settings_purge_their_own_site_only(client, site_group, django_capture_on_commit_callbacks):
    site = site_group["a"].site
    warm(client, "a.localhost", "/news/")
    warm(client, "b.localhost", "/news/")
    settings_a = SiteSettings.for_site(site)
    settings_a.sponsor = "测试县教育局（新主办）"
    with django_capture_on_commit_callbacks(execute=True):
        settings_a.save()
    response = get(client, "a.localhost", "/news/")
    assert response["X-Cache"] == "MISS" and "测试县教育局（新主办）" in response.content.decode()
    assert get(client, "b.localhost", "/news/")["X-Cache"] == "HIT"


def test_signed_in_staff_are_never_served_a_cached_page(client, site_group, django_capture_on_commit_callbacks):
    warm(client, "a.localhost", "/news/")
    client.force_login(site_group["users"]["a_editor"])
    response = get(client, "a.localhost", "/news/")
    assert response.status_code == 200 and response["X-Cache"] == "BYPASS"
    client.logout()
    client.cookies.clear()
    assert get(client, "a.localhost", "/news/")["X-Cache"] == "HIT"


def test_preview_and_other_query_strings_are_not_cached(client, site_group):
    assert get(client, "a.localhost", "/news/", {"preview": "1"})["X-Cache"] == "BYPASS"
    assert get(client, "a.localhost", "/news/", {"utm": "x"})["X-Cache"] == "BYPASS"
    assert get(client, "a.localhost", "/news/", {"page": "1"})["X-Cache"] == "MISS"


def test_elder_mode_visitors_get_their_own_copy(client, site_group):
    warm(client, "a.localhost", "/news/")
    client.cookies["elder_mode"] = "1"
    response = get(client, "a.localhost", "/news/")
    assert response["X-Cache"] == "MISS" and "退出长者模式" in response.content.decode()


def test_a_cached_response_has_the_policy_of_the_rendered_one_and_no_nonce(client, site_group):
    first = get(client, "a.localhost", "/news/")
    second = get(client, "a.localhost", "/news/")
    assert second["X-Cache"] == "HIT"
    for response in (first, second):
        assert "nonce" not in response["Content-Security-Policy"] and "nonce=" not in response.content.decode()
        assert "'sha256-" in response["Content-Security-Policy"]  # the theme colour <style>, by its hash
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert second.content == first.content


def test_pages_with_personal_data_or_cookies_are_not_cached(client, site_group):
    lookup = get(client, "localhost", "/search/", {"q": "工作"})
    assert "X-Cache" not in lookup
    assert not caches["pages"].get("pc:page:none")


def test_a_hit_still_counts_a_page_view(client, site_group):
    from sitegroup.services import pageviews

    pageviews.flush()
    home_id = site_group["a"].site.root_page_id
    get(client, "a.localhost", HTTP_USER_AGENT="Mozilla/5.0")
    assert get(client, "a.localhost", HTTP_USER_AGENT="Mozilla/5.0")["X-Cache"] == "HIT"
    counted = {key: views for key, views in pageviews._buffer.items() if key[0] == home_id}
    assert sum(counted.values()) == 2


def test_a_purge_during_a_render_keeps_the_result_out_of_the_cache(client, site_group, settings):
    from sitegroup.services.page_cache import purge_tags

    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 60.0

    site = site_group["a"].site
    purge_tags({f"site:{site.pk}"})  # just now: a render that started before it may show old content
    assert get(client, "a.localhost", "/news/")["X-Cache"] == "BYPASS"


class RecordingPurge(page_cache.PurgeBackend):
    needs_urls = True
    received: list = []

    def purge(self, *, tags, urls):
        RecordingPurge.received.append((set(tags), list(urls)))


def test_url_purging_backends_get_the_page_its_listings_feed_and_home(
    client, site_group, settings, django_capture_on_commit_callbacks
):
    page_cache._backends.cache_clear()
    settings.PAGE_CACHE_PURGE_BACKENDS = [
        "sitegroup.services.page_cache.LocalPurgeBackend",
        "tests.sitegroup.test_page_cache.RecordingPurge",
    ]
    RecordingPurge.received = []
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(site_group["columns"]["a"], "推送给前端缓存的稿件")
    finally:
        page_cache._backends.cache_clear()
    urls = {url for _tags, batch in RecordingPurge.received for url in batch}
    assert article.full_url in urls
    assert {"http://a.localhost/news/", "http://a.localhost/news/rss/", "http://a.localhost/news/?page=1"} <= urls
    assert {"http://a.localhost/", "http://a.localhost/sitemap.xml"} <= urls


def test_a_form_on_a_cached_page_gets_its_token_from_the_endpoint_and_posts(site_group):
    from django.template import Context, Template
    from django.test import Client

    field = Template("{% load security_tags %}{% csrf_field %}").render(Context())
    assert 'name="csrfmiddlewaretoken" value=""' in field and "csrf-field.js" in field and "<script src=" in field
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": "nobody", "password": "wrong-password"}
    assert client.post("/admin/login/", credentials, HTTP_HOST="localhost").status_code == 403
    answer = client.get("/csrf-token/", HTTP_HOST="localhost")
    assert "no-store" in answer["Cache-Control"] and "X-Cache" not in answer
    posted = client.post(
        "/admin/login/", {**credentials, "csrfmiddlewaretoken": answer.json()["token"]}, HTTP_HOST="localhost"
    )
    assert posted.status_code == 200  # the sign-in form again (wrong password), not the CSRF refusal


def test_a_cached_listing_ends_when_its_first_pin_does(client, site_group):
    from datetime import timedelta

    from django.utils import timezone

    from sitegroup.lib.page_cache import cache_key, seconds_until_midnight

    # Halfway to midnight: without the rule the entry would last until midnight, well after the pin.
    pin_ends = timezone.now() + timedelta(seconds=seconds_until_midnight(timezone.localtime()) / 2)
    make_article(site_group["columns"]["a"], "置顶半天的通知", is_pinned=True, pinned_until=pin_ends)
    caches["pages"].clear()
    assert get(client, "a.localhost", "/news/")["X-Cache"] == "MISS"
    entry = caches["pages"].get(cache_key(host="a.localhost", path="/news/", query="", variant=""))
    assert entry["expires"] <= pin_ends.timestamp() + 1  # not midnight: the notice drops into date order then


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, site_group, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    column = site_group["columns"]["a"]
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(column, "只给内部看的通知")
    path = article.url_path.split("/", 2)[2]
    warm(client, "a.localhost", "/" + path)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=column, restriction_type=PageViewRestriction.LOGIN)
    response = get(client, "a.localhost", "/" + path)
    assert response.status_code == 302 and "login" in response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert get(client, "a.localhost", "/" + path).status_code == 200


def test_an_article_newly_referenced_into_another_sites_column_shows_there_at_once(
    client, site_group, django_capture_on_commit_callbacks
):
    from sitegroup.models import ArticlePage

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(site_group["columns"]["b"], "民政局新引用的救助通知")
    warm(client, "a.localhost", "/news/")
    warm(client, "a.localhost", "/")
    article = ArticlePage.objects.get(pk=article.pk)
    article.also_in_columns.set([site_group["columns"]["a"]])
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "民政局新引用的救助通知" in get(client, "a.localhost", "/news/").content.decode()
    assert "民政局新引用的救助通知" in get(client, "a.localhost", "/").content.decode()
