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
    monkeypatch.setattr(frontend_cache, "send_purges", lambda keys: sent.append(keys) and [])
    return sent


def get(client, path="/", host="a.localhost", key=None, **extra):
    """A request as nginx passes it on: with nginx's own key for it (`$http_host$request_uri`)."""
    target = path + (f"?{extra['QUERY_STRING']}" if extra.get("QUERY_STRING") else "")
    return client.get(path, HTTP_HOST=host, HTTP_X_SITEGROUP_CACHE_KEY=key or host + target, **extra)


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
    get(client, "/news/", QUERY_STRING="page=1")
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
    for path, query in (("/", ""), ("/news/", ""), ("/news/", "page=1")):
        get(client, path, QUERY_STRING=query)
    get(client, "/", host="b.localhost")
    page_cache.purge_tags({f"site:{site_group['a'].site.pk}"})
    assert nginx_purges == [["a.localhost/", "a.localhost/news/", "a.localhost/news/?page=1"]]
    page_cache.purge_tags({"all"})
    assert "b.localhost/" in nginx_purges[-1]


def test_a_purge_runs_again_after_a_delay_for_copies_on_their_way(
    client, site_group, nginx_purges, settings, monkeypatch
):
    later = []

    class Timer:  # the delayed pass, run when the test says its delay is over
        def __init__(self, delay, function, args):
            later.append((delay, function, args))
            self.daemon = False

        def start(self):
            pass

    monkeypatch.setattr(frontend_cache.threading, "Timer", Timer)
    settings.PAGE_CACHE_FRONTEND_REPURGE_SECONDS = 2.0
    get(client, "/news/")  # its copy may reach nginx only after the first PURGE
    get(client, "/")
    page_cache.purge_tags({"all"})
    get(client, "/", QUERY_STRING="page=2")  # given to nginx while the purge ran
    [(delay, function, args)] = later
    function(*args)
    assert delay == 2.0
    assert nginx_purges == [
        ["a.localhost/", "a.localhost/news/"],
        ["a.localhost/", "a.localhost/?page=2", "a.localhost/news/"],
    ]


@pytest.mark.parametrize(
    ("path", "query", "key"),
    [
        ("/news/", "", "a.localhost/news/?"),  # an empty query: nginx's key differs from the page's
        ("/news/", "", "a.localhost/%6Eews/"),  # another spelling of the same path
        ("/news/", "page=01", None),  # a page number with a leading zero
        ("/news/", "", "b.localhost/news/"),  # a key for another host than the one answered
    ],
)
def test_only_the_canonical_spelling_of_a_page_is_offered(client, site_group, nginx_purges, path, query, key):
    response = get(client, path, key=key, QUERY_STRING=query)
    assert response.status_code == 200 and frontend_cache.HEADER not in response


def test_keys_nginx_could_not_be_told_about_are_kept_for_the_next_purge(client, site_group, settings, monkeypatch):
    settings.PAGE_CACHE_PURGE_BACKENDS = ["sitegroup.services.page_cache.LocalPurgeBackend", NGINX_BACKEND]
    attempts: list[list[str]] = []
    monkeypatch.setattr(frontend_cache, "send_purges", lambda keys: attempts.append(keys) or list(keys))
    get(client, "/news/")
    page_cache.purge_tags({"all"})  # nginx is down
    page_cache.purge_tags({"all"})
    assert attempts == [["a.localhost/news/"], ["a.localhost/news/"]]


def test_a_store_outage_never_fails_a_page(client, site_group, nginx_purges, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(page_cache, "store", broken)
    response = get(client, "/news/")
    assert response.status_code == 200 and frontend_cache.HEADER not in response
    assert get(client, "/").status_code == 200
