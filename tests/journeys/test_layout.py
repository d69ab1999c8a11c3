"""Every public template on a small phone (320 px), a common phone (390 px) and a desktop (1280 px), and
in elder mode (长者模式) on the phone: nothing scrolls sideways (wide tables scroll inside their own frame
or become cards) and axe-core finds nothing serious. A screenshot of each page at 390 px is kept in
var/journeys/layout-*.png to look at.
"""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, shot

pytestmark = pytest.mark.journey

WIDTHS = (320, 390, 1280)


@pytest.fixture(scope="module")
def targets(demo):
    """Addresses that depend on the demo's content, and a disclosure request to look up."""
    tag = uuid.uuid4().hex[:6].upper()
    tail = f"{int(tag, 16) % 10000:04d}"
    data = {
        "kind": "person",
        "name": "赵大爷",
        "id_number": "321112195203120010",
        "phone": f"1360511{tail}",
        "description": f"本镇2025年度高龄津贴发放标准（{tag}）",
        "delivery_form": "paper",
        "delivery_method": "pickup",
    }
    output = demo.shell(
        "import json\n"
        "from disclosure.models import AnnualReportPage, DisclosureItemPage\n"
        "from disclosure.services import requests as services\n"
        "from interaction.models import Message, MessageChannel\n"
        "from sitegroup.models import ArticlePage, Organisation\n"
        "from wagtail.models import Site\n"
        "def path_of(page):\n"
        "    return page.get_url_parts()[2]\n"
        "def first(queryset, host):\n"
        "    root = Site.objects.get(hostname=host).root_page\n"
        "    return path_of(queryset.live().public().descendant_of(root).order_by('path').first())\n"
        "organisation = Organisation.objects.get(hostname__startswith='mz.')\n"
        f"found = services.submit(organisation, json.loads({json.dumps(json.dumps(data, ensure_ascii=False))}),"
        f" client_ip='journey-layout-{tag}')\n"
        "print(json.dumps({\n"
        "    'article': first(ArticlePage.objects, 'localhost'),\n"
        "    'article_mz': first(ArticlePage.objects, 'mz.localhost'),\n"
        "    'item': first(DisclosureItemPage.objects, 'localhost'),\n"
        "    'item_mz': first(DisclosureItemPage.objects, 'mz.localhost'),\n"
        "    'report': first(AnnualReportPage.objects, 'localhost'),\n"
        "    'code': found.lookup_code,\n"
        "    'write': '/hudong/write/%d/'\n"
        "    % MessageChannel.objects.get(organisation__kind='portal', kind='leader').pk,\n"
        "    'reply': '/hudong/replies/%d/' % Message.objects.filter(state='published').first().pk,\n"
        "}))"
    )
    found = json.loads(output.splitlines()[-1])
    found["tail"] = tail
    return found


def _apply_with_errors(page, demo, targets):
    page.goto(demo.url("/xxgk/apply/", site="mz"))
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".sg-search-page__error")).to_contain_text("申请未提交")


def _lookup_result(page, demo, targets):
    page.goto(demo.url("/xxgk/lookup/", site="mz"))
    page.get_by_label("查询码").fill(targets["code"])
    page.get_by_label("联系电话后四位").fill(targets["tail"])
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="办理情况")).to_be_visible()


def _write_with_errors(page, demo, targets):
    page.goto(demo.url(targets["write"]))
    page.get_by_role("button", name="提交来信").click()
    expect(page.locator(".sg-search-page__error").first).to_contain_text("未能提交")


# name -> (site, path) or a function that brings the page there (for pages behind a form).
PAGES = {
    "home-portal": ("", "/"),
    "home-department": ("mz", "/"),
    "home-township": ("gaoqiao", "/"),
    "column-portal": ("", "/news/"),
    "column-department": ("mz", "/news/"),
    "article-portal": ("", "article"),
    "article-department": ("mz", "article_mz"),
    "subsite-index": ("", "/sites/"),
    "search-results": ("", "/search/?q=低保"),
    "search-results-department": ("mz", "/search/?q=补助"),
    "search-nothing-found": ("", "/search/?q=没有这样的内容"),
    "search-bad-request": ("", "/search/?page=0"),
    "disclosure-column-portal": ("", "/xxgk/"),
    "disclosure-column-department": ("mz", "/xxgk/"),
    "disclosure-guide": ("mz", "/xxgk/guide/"),
    "disclosure-platform": ("", "/xxgk/catalogue/"),
    "disclosure-catalogue": ("mz", "/xxgk/catalogue/"),
    "disclosure-catalogue-search": ("mz", "/xxgk/catalogue/?q=补助"),
    "disclosure-item-portal": ("", "item"),
    "disclosure-item-department": ("mz", "item_mz"),
    "annual-reports": ("", "/xxgk/reports/"),
    "annual-report": ("", "report"),
    "request-form": ("mz", "/xxgk/apply/"),
    "request-form-errors": _apply_with_errors,
    "request-lookup": ("mz", "/xxgk/lookup/"),
    "request-lookup-result": _lookup_result,
    "interaction-portal": ("", "/hudong/"),
    "interaction-department": ("mz", "/hudong/"),
    "message-write": ("", "write"),
    "message-write-errors": _write_with_errors,
    "message-lookup": ("", "/hudong/lookup/"),
    "message-replies": ("", "/hudong/replies/"),
    "message-reply": ("", "reply"),
    "message-statistics": ("", "/hudong/statistics/"),
    "error-404": ("edu", "/没有这个页面/"),
}


def _open(page, demo, targets, name) -> None:
    where = PAGES[name]
    if callable(where):
        where(page, demo, targets)
        return
    site, path = where
    page.goto(demo.url(targets.get(path, path), site=site))


@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_fits_every_width_and_elder_mode(demo, new_page, targets, name):
    page = new_page(WIDTHS[0], 800)
    _open(page, demo, targets, name)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 1000 else 900})
        assert_fits(page)
        if width != WIDTHS[0]:
            assert_accessible(page)
        if width == 390:
            shot(page, f"layout-{name}-390", full_page=False)
    if name == "error-404":
        return  # error pages have no toolbar; they are plain and large already

    # 长者模式 on the phone: larger text, the same page, still no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="长者模式", exact=True).click()
    expect(page.get_by_role("link", name="退出长者模式")).to_be_visible()
    if callable(PAGES[name]):
        _open(page, demo, targets, name)
    assert_fits(page)
    assert_accessible(page)
    shot(page, f"layout-{name}-390-elder", full_page=False)
    page.set_viewport_size({"width": 320, "height": 700})
    assert_fits(page)
