"""The Content-Security-Policy, enforced, breaks nothing: one page of every public page type and template
(portal and a department site, phone and desktop) and the main admin screens load without a single
violation — no blocked inline script, style, handler, frame, socket or media source."""

from __future__ import annotations

import json

import pytest

from tests.journeys.pages import login, shot

pytestmark = pytest.mark.journey

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || ''}:${event.lineNumber}`
  );
});
"""

# One live page of every page type (the interview in each of its three states: 预告, live room, 实录).
PAGES_BY_TYPE = """
import json
from wagtail.models import Page, Site
seen = {}
for page in Page.objects.live().filter(depth__gt=1).order_by("path").specific():
    key = type(page).__name__ + (":" + page.state if type(page).__name__ == "InterviewPage" else "")
    seen.setdefault(key, (page.pk, page.url_path))
sites = {site.root_page.url_path: site.hostname for site in Site.objects.select_related("root_page")}
out = {}
for key, (pk, url_path) in seen.items():
    root = max((root for root in sites if url_path.startswith(root)), key=len)
    out[key] = {"pk": pk, "host": sites[root], "path": "/" + url_path[len(root):]}
print(json.dumps(out))
"""


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(LISTEN)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.append(f"控制台：{text[:300]}")

    page.on("console", on_console)
    return problems


def _visit(page, problems: list[str], url: str, *, status: int = 200) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == status, f"{url} → {response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self' 'nonce-" in policy, f"{url} 没有强制执行的内容安全策略：{policy!r}"
    assert response.headers.get("x-content-type-options") == "nosniff", url
    page.wait_for_timeout(250)  # late loads (player, sockets, deferred scripts)
    found = page.evaluate("window.__cspViolations")
    problems.extend(f"{url}：{violation}" for violation in found)
    page.evaluate("window.__cspViolations.length = 0")


def _public_urls(demo) -> list[str]:
    pages = json.loads(demo.shell(PAGES_BY_TYPE))
    urls = []
    for key, found in sorted(pages.items()):
        site = found["host"].split(".localhost")[0] if found["host"].endswith(".localhost") else ""
        urls.append(demo.url(found["path"], site=site))
        if key == "ServiceItemPage":
            urls.append(demo.url(found["path"] + "print/", site=site))
            urls.append(demo.url(found["path"] + "apply/", site=site))
        if key == "InteractionPage":
            urls.append(demo.url(found["path"] + "lookup/", site=site))
            urls.append(demo.url(found["path"] + "replies/", site=site))
        if key == "DisclosureColumnPage":
            urls.append(demo.url(found["path"] + "apply/", site=site))
    urls += [demo.url("/", site="edu"), demo.url("/search/?q=教育"), demo.url("/search/?q=教育", site="edu")]
    return urls


def test_public_pages_load_under_the_policy_without_violations(demo, phone, desktop):
    for page in (phone, desktop):
        problems = _watch(page)
        urls = _public_urls(demo) if page is phone else [demo.url("/"), demo.url("/", site="edu")]
        for url in urls:
            _visit(page, problems, url)
        _visit(page, problems, demo.url("/no-such-page/"), status=404)
        assert not problems, "\n".join(problems)
    shot(phone, "csp-phone-last-public-page")


def test_admin_screens_load_under_the_policy_without_violations(demo, desktop):
    ids = json.loads(
        demo.shell(
            "import json\n"
            "from sitegroup.models import ArticlePage\n"
            "from interviews.models import InterviewPage\n"
            "from wagtail.images.models import Image\n"
            "from wagtail.documents.models import Document\n"
            "print(json.dumps({'article': ArticlePage.objects.live().first().pk,"
            " 'interview': InterviewPage.objects.first().pk,"
            " 'image': (Image.objects.first() or Image(pk=0)).pk,"
            " 'document': (Document.objects.first() or Document(pk=0)).pk}))"
        )
    )
    problems = _watch(desktop)
    login(desktop, demo, "admin")
    screens = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{ids['article']}/edit/",
        f"/admin/pages/{ids['interview']}/edit/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/snippets/",
        "/admin/interaction/messages/",
        "/admin/disclosure/requests/",
        "/admin/services/applications/",
    ]
    if ids["image"]:
        screens.append(f"/admin/images/{ids['image']}/")
    if ids["document"]:
        screens.append(f"/admin/documents/edit/{ids['document']}/")
    for screen in screens:
        _visit(desktop, problems, demo.url(screen))
    # The scheduling dialog and an added inline form run Wagtail's nonce-carrying initialisers.
    desktop.goto(demo.url(f"/admin/pages/{ids['interview']}/edit/"))
    before = int(desktop.locator("#id_guests-TOTAL_FORMS").input_value())
    desktop.locator("#id_guests-ADD").click()
    desktop.locator(f"#id_guests-{before}-name").wait_for()  # the initialiser ran: a new guest form
    problems.extend(desktop.evaluate("window.__cspViolations"))
    shot(desktop, "csp-admin-interview-edit")
    assert not problems, "\n".join(problems)
