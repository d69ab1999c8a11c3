"""axe-core in headless Chromium: home, column, article and search pages in both themes, desktop and phone."""

from pathlib import Path

import pytest

from tests.builders import make_article
from themes.models import ThemeSettings

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not AXE.exists():
        pytest.fail("node_modules/axe-core 缺失：请运行 make test（会执行 npm install）。")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _serious_violations(page):
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the CSP would block it
    result = page.evaluate(f"async () => await axe.run(document, {AXE_OPTIONS})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def themed_article(site_group, request):
    """An article with an image and a table on site a, in the theme under test (built before the browser)."""
    import io

    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from sitegroup.demo.images import draw_scene

    settings = ThemeSettings.for_site(site_group["a"].site)
    settings.theme = request.node.callspec.params["theme"]
    settings.save()
    data, description = draw_scene(1)
    image = Image.objects.create(
        title=description, file=ImageFile(io.BytesIO(data), name="scene.png"), collection=site_group["a"].collection
    )
    return make_article(
        site_group["columns"]["a"],
        "关于进一步加强政务公开工作的通知",
        body=[
            {"type": "paragraph", "value": "<p>各镇人民政府，区各委办局：现就加强政务公开工作通知如下。</p>"},
            {"type": "image", "value": {"image": image.pk, "alt_text": description, "caption": description}},
            {
                "type": "table",
                "value": {
                    "data": [["事项", "时限"], ["依申请公开", "20个工作日"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            },
        ],
        cover_image=image,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("theme", ["portal", "department"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violations(live_server, themed_article, browser, theme, width):
    port = live_server.url.rsplit(":", 1)[1]
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = {}
    for path in ("/", "/news/", f"/news/{themed_article.slug}/", "/search/?q=政务公开", "/search/?q=没有的词语"):
        page.goto(f"http://a.localhost:{port}{path}")
        assert theme in page.evaluate("document.body.className"), path
        violations = _serious_violations(page)
        if violations:
            problems[path] = violations
    # The same pages in the elder-friendly mode (larger text, higher contrast), skip link focused.
    page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": f"http://a.localhost:{port}/"}])
    for path in ("/", f"/news/{themed_article.slug}/"):
        page.goto(f"http://a.localhost:{port}{path}")
        assert "sg-elder" in page.evaluate("document.body.className"), path
        page.keyboard.press("Tab")
        violations = _serious_violations(page)
        if violations:
            problems[f"elder {path}"] = violations
    page.close()
    assert not problems, problems


@pytest.fixture
def guide_article(site_group):
    """Published before the browser starts (its event loop would refuse the publication broadcast)."""
    return make_article(site_group["columns"]["a"], "城乡居民最低生活保障办理指南")  # indexed when it commits


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_header_search_box_suggests_and_finds(live_server, guide_article, browser):
    """Typing in the header box offers completions; submitting shows the highlighted result."""
    port = live_server.url.rsplit(":", 1)[1]
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(f"http://a.localhost:{port}/")
    box = page.get_by_role("combobox", name="站内搜索")  # a search input with suggestions
    box.fill("最低")
    page.locator("#sg-search-suggestions option").first.wait_for(state="attached")
    options = page.eval_on_selector_all("#sg-search-suggestions option", "nodes => nodes.map(n => n.value)")
    assert "最低生活保障" in options
    box.fill("最低生活保障")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".sg-result__title mark").first.inner_text() == "最低生活保障"
    page.close()


@pytest.fixture
def disclosure_pages(site_group):
    """The disclosure column of site a with an item and an annual report (built before the browser)."""
    from disclosure.models import AnnualReportIndexPage, AnnualReportPage
    from tests.disclosure.builders import make_disclosure_column, make_item

    catalogue = make_disclosure_column(site_group["a"].home_page)
    item = make_item(catalogue, "关于做好2026年义务教育招生工作的通知")
    column = catalogue.get_parent()
    index = AnnualReportIndexPage(title="政府信息公开年报", slug="reports")
    column.add_child(instance=index)
    index.save_revision().publish()
    report = AnnualReportPage(title="2025年政府信息公开工作年度报告", slug="report-2025", year=2025)
    index.add_child(instance=report)
    report.save_revision().publish()
    return [
        "/xxgk/",
        "/xxgk/catalogue/",
        f"/xxgk/catalogue/{item.slug}/",
        "/xxgk/guide/",
        "/xxgk/apply/",
        "/xxgk/lookup/",
        "/xxgk/reports/",
        "/xxgk/reports/report-2025/",
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_disclosure_pages_have_no_serious_violations(live_server, disclosure_pages, browser, width):
    port = live_server.url.rsplit(":", 1)[1]
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = {}
    for path in disclosure_pages:
        response = page.goto(f"http://a.localhost:{port}{path}")
        assert response.status == 200, path
        violations = _serious_violations(page)
        if violations:
            problems[path] = violations
    # The request form with errors shown (submitted empty).
    page.goto(f"http://a.localhost:{port}/xxgk/apply/")
    page.get_by_role("button", name="提交申请").click()
    assert page.locator(".sg-field__error").count() > 0
    violations = _serious_violations(page)
    if violations:
        problems["apply with errors"] = violations
    page.close()
    assert not problems, problems
