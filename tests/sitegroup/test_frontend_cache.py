"""nginx's share of the page cache (sitegroup.services.frontend_cache): what the application offers nginx,
and the URLs a purge sends it. nginx itself runs in tests/integration/test_nginx.py."""

import pytest

from sitegroup.services import frontend_cache, page_cache

pytestmark = pytest.mark.django_db

NGINX_BACKEND = "sitegroup.services.frontend_cache.NginxPurgeBackend"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGEVIEW_FLUSH_EVERY = 1_000_000
    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0.0
    settings.PAGE_CACHE_FRONTEND_REPURGE_SECONDS = 0


@pytest.fixture
def nginx_purges(settings, monkeypatch):
    settings.PAGE_CACHE_PURGE_BACKENDS = ["sitegroup.services.page_cache.LocalPurgeBackend", NGINX_BACKEND]
    sent: list[list[str]] = []
    monkeypatch.setattr(frontend_cache, "send_purges", lambda urls: sent.append(urls) or len(urls))
    return sent


def get(client, path="/", host="a.localhost", **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def test_nothing_is_offered_to_nginx_unless_its_purges_are_configured(client, site_group):
    for response in (get(client), get(client)):
        assert response["X-Cache"] in ("MISS", "HIT") and frontend_cache.HEADER not in response


def test_a_stored_and_a_served_page_are_offered_for_what_is_left_of_their_life(client, site_group, nginx_purges):
    first, second = get(client, "/news/"), get(client, "/news/")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    for response in (first, second):
        assert 0 < int(response[frontend_cache.HEADER]) <= 24 * 3600
    assert int(second[frontend_cache.HEADER]) <= int(first[frontend_cache.HEADER])
    assert first[frontend_cache.PAGE_HEADER] == str(site_group["columns"]["a"].pk)


def test_visitors_nginx_must_not_share_with_are_not_offered(client, site_group, nginx_purges):
    client.cookies["elder_mode"] = "1"
    assert frontend_cache.HEADER not in get(client, "/news/")
    client.cookies.pop("elder_mode")
    assert frontend_cache.HEADER not in get(client, "/news/", QUERY_STRING="utm=x")
    assert frontend_cache.HEADER not in get(client, "/search/", QUERY_STRING="q=x")


def test_a_page_purge_sends_nginx_exactly_the_urls_it_was_given_under_that_page(
    client, site_group, nginx_purges, django_capture_on_commit_callbacks
):
    get(client, "/news/")
    get(client, "/news/?page=1")
    get(client, "/")
    get(client, "/", host="b.localhost")
    column = site_group["columns"]["a"]
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.purge_tags({f"page:{column.pk}"})
    assert nginx_purges == [["a.localhost/news/", "a.localhost/news/?page=1"]]
    # Taken once: a second purge of the same tag has nothing left to send until nginx is given it again.
    page_cache.purge_tags({f"page:{column.pk}"})
    assert nginx_purges[-1] == []


def test_a_site_purge_reaches_every_url_of_that_site_and_no_other(
    client, site_group, nginx_purges, django_capture_on_commit_callbacks
):
    for path in ("/", "/news/", "/news/?page=1"):
        get(client, path)
    get(client, "/", host="b.localhost")
    page_cache.purge_tags({f"site:{site_group['a'].site.pk}"})
    assert nginx_purges == [["a.localhost/", "a.localhost/news/", "a.localhost/news/?page=1"]]
    page_cache.purge_tags({"all"})
    assert "b.localhost/" in nginx_purges[-1]


def test_a_purge_runs_again_after_a_delay(client, site_group, nginx_purges, settings):
    import time

    settings.PAGE_CACHE_FRONTEND_REPURGE_SECONDS = 0.2
    get(client, "/news/")
    page_cache.purge_tags({"all"})
    get(client, "/news/")  # a copy given to nginx just after the purge began
    time.sleep(0.6)
    assert nginx_purges == [["a.localhost/news/"], ["a.localhost/news/"]]
