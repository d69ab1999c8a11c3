"""The page cache as citizens and editors meet it: a citizen's second visit is served from the cache,
and once an editor's change to a headline is approved, the citizen sees the new headline at once on
the article, in its column and on the site's home page (docs/page-cache.md).

The demo server runs as `make run` does, with the page cache on (local memory, one process).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_fits, login, shot

pytestmark = pytest.mark.journey


def _newest_news(demo) -> tuple[int, str, str]:
    """The newest live article of 教育局's 新闻 column: its id, title and public path."""
    page_id, title, path = demo.shell(
        "from wagtail.models import Site; from sitegroup.models import ArticlePage, ColumnPage; "
        "root = Site.objects.get(hostname='edu.localhost').root_page; "
        "column = ColumnPage.objects.child_of(root).get(slug='news'); "
        "page = ArticlePage.objects.child_of(column).live().order_by('-first_published_at').first(); "
        "print(page.pk, page.title, page.relative_url(Site.objects.get(hostname='edu.localhost')), sep='|')"
    ).split("|")
    return int(page_id), title, path


def _visit(page, demo, path: str) -> str:
    """A citizen opens `path` on the 教育局 site; the answer's X-Cache header (HIT, MISS or BYPASS)."""
    response = page.goto(demo.url(path, site="edu"))
    assert response.status == 200, (path, response.status)
    return response.headers.get("x-cache", "")


def _expect_headline(page, is_article: bool, title: str) -> None:
    if is_article:
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
    else:
        expect(page.get_by_role("link", name=re.compile(re.escape(title))).first).to_be_visible()


def test_an_approved_headline_change_reaches_citizens_through_the_cache(demo, desktop, new_page):
    page_id, old_title, path = _newest_news(demo)
    new_title = re.sub(r"\d*$", "", old_title)[:40] + "（更新）"
    citizen = new_page(390, 844)
    for shown_at in (path, "/news/", "/"):
        _visit(citizen, demo, shown_at)
        assert _visit(citizen, demo, shown_at) == "HIT", shown_at  # the second visit costs no rendering
        _expect_headline(citizen, shown_at == path, old_title)

    login(desktop, demo, "edu_editor")
    desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
    desktop.locator("#id_title").fill(new_title)
    desktop.get_by_role("button", name="更多动作").click()
    desktop.get_by_role("button", name=re.compile("^提交")).click()
    expect(desktop.locator(".messages li.success")).to_contain_text("提交")
    # Submitted is not published: citizens still read the old headline, from the cache.
    assert _visit(citizen, demo, path) == "HIT"
    _expect_headline(citizen, True, old_title)

    reviewer = new_page()
    login(reviewer, demo, "edu_reviewer")
    reviewer.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
    reviewer.get_by_role("button", name="更多动作").click()
    reviewer.get_by_role("button", name=re.compile("批准")).first.click()
    expect(reviewer.locator(".messages li.success")).to_be_visible()

    # The approval purged exactly what shows the headline: the article, its column and the home page.
    # Each is rendered afresh: a MISS, or a BYPASS within a second of the purge (a render that close to it
    # is not kept: PAGE_CACHE_RACE_MARGIN_SECONDS) — never the old copy.
    for shown_at in (path, "/news/", "/"):
        assert _visit(citizen, demo, shown_at) in ("MISS", "BYPASS"), shown_at
        _expect_headline(citizen, shown_at == path, new_title)
        expect(citizen.get_by_role("link", name=re.compile(re.escape(old_title) + "(?!（更新）)"))).to_have_count(0)
    assert_fits(citizen)
    shot(citizen, "page-cache-01-phone-home-shows-new-headline")
    citizen.wait_for_timeout(1100)  # past the race margin
    _visit(citizen, demo, "/")
    assert _visit(citizen, demo, "/") == "HIT"  # cached again for the next citizen
