"""The Content-Security-Policy, enforced, breaks nothing: one page of every public page type and template
(portal and a department site, phone and desktop; the sub-pages of 政民互动, 政务服务 and 依申请公开 with
their confirmation pages after a real submission; the error pages) and the main admin screens (case
details, supervision, statistics, users, sign-in log, second-factor enrolment) load without a single
violation — no blocked inline script, style, handler, frame, socket or media source."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from sitegroup.lib.captcha import solve
from tests.journeys.pages import login, shot
from tests.services_column.application_builders import PDF, PERSON_ID

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


# Where the sub-pages with arguments are in the demo (a channel, a published letter, an item of each kind,
# a published website report, an accepted submission, one case of each kind), and an article of our own
# with a PDF attachment (the demo has none) for the 在线预览 page.
DEMO_TARGETS = """
import json
from wagtail.models import Site
from disclosure.models import DisclosureRequest
from interaction.models import InteractionPage, Message, MessageState, SurveyPage
from interaction.views.messages import _channels
from services_column.models import ServiceApplication, ServiceItemPage
from sitegroup.models import ArticleAttachment, ArticlePage
from sitegroup.models.annual_report import WebsiteAnnualReport, WebsiteReportStatus
from sitegroup.models.submissions import Submission, SubmissionState
from sitegroup.services import cases
from tests.builders import make_article
from tests.services_column.item_builders import make_document


def where(page):
    site = page.get_site()
    host = site.hostname
    return {"site": host[: -len(".localhost")] if host.endswith(".localhost") else "", "path": page.relative_url(site)}


portal = Site.objects.get(is_default_site=True)
hub = InteractionPage.objects.live().descendant_of(portal.root_page).first()
letter = Message.objects.filter(state=MessageState.PUBLISHED).order_by("pk").first()
rateable = next(message for message in Message.objects.order_by("pk") if cases.may_rate(message))
items = list(ServiceItemPage.objects.live().order_by("path"))
surveys = SurveyPage.objects.live().order_by("path")
closed = next(survey for survey in surveys if survey.results_public and survey.state() == "closed")
report = WebsiteAnnualReport.objects.filter(status=WebsiteReportStatus.PUBLISHED).order_by("year").last()
submission = Submission.objects.filter(state=SubmissionState.ACCEPTED).order_by("pk").first()
column = ArticlePage.objects.live().descendant_of(portal.root_page).first().get_parent().specific
article = make_article(column, "在线预览附件检查 " + TAG, slug="csp-preview-" + TAG)
article.attachments.add(ArticleAttachment(document=make_document("附件预览检查 " + TAG), title="附件预览检查"))
article.save_revision().publish()
print(json.dumps({
    "hub": where(hub),
    "channel": _channels(hub).first().pk,
    "reply": letter.pk,
    "rateable": rateable.pk,
    "online_item": where(next(item for item in items if item.accepts_applications)),
    "offline_item": where(next(item for item in items if not item.accepts_applications)),
    "survey": where(closed),
    "report": report.year,
    "report_site": where(report.organisation.site.root_page)["site"],
    "submission": where(submission.column.specific) | {"pk": submission.pk},
    "attachment": ArticleAttachment.objects.get(page_id=article.pk).pk,
    "article": where(article),
    "cases": {
        "message": Message.objects.order_by("pk").first().pk,
        "request": DisclosureRequest.objects.order_by("pk").first().pk,
        "application": ServiceApplication.objects.order_by("pk").first().pk,
    },
}))
"""


def _demo_targets(demo) -> dict:
    return json.loads(demo.shell(f"TAG = {uuid.uuid4().hex[:6]!r}\n" + DEMO_TARGETS))


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
    scripts = next((part.split()[1:] for part in policy.split(";") if part.split()[:1] == ["script-src"]), [])
    enforced = "'self'" in scripts and "'unsafe-inline'" not in scripts and "*" not in scripts
    assert enforced, f"{url} 没有强制执行的内容安全策略：{policy!r}"
    assert response.headers.get("x-content-type-options") == "nosniff", url
    page.wait_for_timeout(250)  # late loads (player, sockets, deferred scripts)
    found = page.evaluate("window.__cspViolations")
    problems.extend(f"{url}：{violation}" for violation in found)
    page.evaluate("window.__cspViolations.length = 0")


def _public_urls(demo, targets: dict) -> list[str]:
    pages = json.loads(demo.shell(PAGES_BY_TYPE))
    urls = []
    for key, found in sorted(pages.items()):
        site = found["host"].split(".localhost")[0] if found["host"].endswith(".localhost") else ""
        urls.append(demo.url(found["path"], site=site))
        if key == "ServiceItemPage":
            for sub in ("print/", "apply/", "forms/", "consult/", "results/"):
                urls.append(demo.url(found["path"] + sub, site=site))
        if key == "ServiceColumnPage":
            for sub in ("search/?q=低保", "lookup/", "ratings/"):
                urls.append(demo.url(found["path"] + sub, site=site))
        if key == "InteractionPage":
            for sub in ("lookup/", "replies/", "statistics/"):
                urls.append(demo.url(found["path"] + sub, site=site))
        if key == "DisclosureColumnPage":
            urls.append(demo.url(found["path"] + "apply/", site=site))
            urls.append(demo.url(found["path"] + "lookup/", site=site))
    hub = targets["hub"]
    online, offline = targets["online_item"], targets["offline_item"]
    submission = targets["submission"]
    urls += [
        demo.url(f"{hub['path']}write/{targets['channel']}/", site=hub["site"]),
        demo.url(f"{hub['path']}replies/{targets['reply']}/", site=hub["site"]),
        demo.url(targets["survey"]["path"] + "results/", site=targets["survey"]["site"]),
        demo.url(online["path"] + "apply/", site=online["site"]),
        demo.url(offline["path"] + "apply/", site=offline["site"]),  # 线下办理: the item takes no application
        demo.url("/website-report/", site=targets["report_site"]),
        demo.url(f"/website-report/{targets['report']}/", site=targets["report_site"]),
        demo.url(f"{submission['path']}submissions/{submission['pk']}/", site=submission["site"]),
        demo.url(targets["article"]["path"], site=targets["article"]["site"]),
        demo.url(f"/attachment-preview/{targets['attachment']}/", site=targets["article"]["site"]),
    ]
    urls += [demo.url("/", site="edu"), demo.url("/search/?q=教育"), demo.url("/search/?q=教育", site="edu")]
    return urls


def _answer_captcha(page) -> None:
    captcha = page.locator("input[name=captcha_1]")
    if captcha.count():
        label = page.locator("label[for=id_captcha_1]").inner_text()
        captcha.fill(solve(re.search(r"验证问题：(.+?等于几？)", label).group(1)))


def _send(page, problems: list[str], values: dict[str, str], button: str, done: str) -> None:
    """Fill a citizen form by field name (first choice of every radio group, a PDF for every file),
    send it and check the confirmation page it leads to."""
    form = page.locator("form[method=post]").filter(has=page.get_by_role("button", name=button, exact=True))
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)
    for radio in form.locator("input[type=radio]").all():
        name = radio.get_attribute("name")
        if not form.locator(f"input[name={name}]:checked").count() and radio.is_visible():
            radio.check()
    for upload in form.locator("input[type=file][required]").all():
        upload.set_input_files(files=[{"name": "材料.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    for box in form.locator("input[type=checkbox][required]").all():
        box.check()
    _answer_captcha(page)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(done)).first).to_be_visible()
    _collect(page, problems)


def _collect(page, problems: list[str]) -> None:
    page.wait_for_timeout(250)
    problems.extend(f"{page.url}：{violation}" for violation in page.evaluate("window.__cspViolations"))
    page.evaluate("window.__cspViolations.length = 0")


def _submissions_and_error_pages(demo, page, problems: list[str], targets: dict) -> None:
    """The pages shown after a real submission (来信已提交, 申请已提交, 意见已提交), a looked-up letter
    with its rating form, and the error pages (400, 403 — 404 is visited with the public pages)."""
    tag = uuid.uuid4().hex[:6]
    tail = f"{int(tag, 16) % 10000:04d}"
    hub = targets["hub"]
    _visit(page, problems, demo.url(f"{hub['path']}write/{targets['channel']}/", site=hub["site"]))
    department = page.locator("select[name=department]")
    if department.count():
        department.select_option(index=1)
    letter = {"title": f"内容安全策略检查来信（{tag}）", "body": "请问老年人优待证在哪里办理？需要带什么材料？"}
    _send(page, problems, {**letter, "name": "周建华", "phone": f"1390533{tail}"}, "提交来信", "来信已提交")

    _visit(page, problems, demo.url("/xxgk/apply/", site="edu"))
    request = {"name": "周建华", "id_number": PERSON_ID, "phone": f"1390533{tail}", "email": "zhou@example.cn"}
    request |= {"address": "镇江市丹徒区谷阳大道1号", "postcode": "212000"}
    request["description"] = f"2025年本区义务教育阶段学校招生计划（{tag}）"
    _send(page, problems, request, "提交申请", "申请已提交")
    _visit(page, problems, demo.url("/xxgk/lookup/", site="edu"))

    online = targets["online_item"]
    _visit(page, problems, demo.url(online["path"] + "apply/", site=online["site"]))
    application = {"person_name": "周建华", "person_id": PERSON_ID, "phone": f"1390533{tail}"}
    for field in page.locator("textarea[required], input[type=number][required]").all():
        field.fill("3" if field.get_attribute("type") == "number" else f"内容安全策略检查（{tag}）")
    _send(page, problems, application, "提交申请", "申请已提交")

    _visit(page, problems, demo.url("/dibao-banfa-zhengqiu-yijian/", site="mz"))
    _send(page, problems, {"body": f"建议公布低保审核的办理时限。{tag}"}, "提交意见", "意见")

    # An answered letter looked up by its writer: its answer and the rating form (好差评).
    code, phone_tail = demo.shell(
        "from interaction.models import Message\n"
        f"message = Message.objects.get(pk={targets['rateable']})\n"
        "print(message.lookup_code, message.phone[-4:])"
    ).split()
    _visit(page, problems, demo.url(f"{hub['path']}lookup/", site=hub["site"]))
    page.locator("[name=code]").fill(code)
    page.locator("[name=phone_tail]").fill(phone_tail)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("heading", name="评价本次办理", exact=True)).to_be_visible()
    _collect(page, problems)

    # 403: a form sent without its CSRF token (as a forged cross-site post would be).
    _visit(page, problems, demo.url("/xxgk/apply/", site="edu"))
    page.evaluate("document.querySelectorAll('[name=csrfmiddlewaretoken]').forEach((field) => field.remove())")
    with page.expect_navigation() as navigation:
        page.evaluate("document.querySelector('form[method=post]').submit()")
    assert navigation.value.status == 403, f"{page.url} 无 CSRF → {navigation.value.status}"
    _collect(page, problems)
    # 400: a Host name the site does not serve (an underscore is never valid in a host name).
    _visit(page, problems, f"http://bad_host.localhost:{demo.port}/", status=400)


def test_public_pages_load_under_the_policy_without_violations(demo, phone, desktop):
    targets = _demo_targets(demo)
    for page in (phone, desktop):
        problems = _watch(page)
        urls = _public_urls(demo, targets) if page is phone else [demo.url("/"), demo.url("/", site="edu")]
        for url in urls:
            _visit(page, problems, url)
        _visit(page, problems, demo.url("/no-such-page/"), status=404)
        if page is phone:
            _submissions_and_error_pages(demo, page, problems, targets)
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
    cases = json.loads(
        demo.shell(
            "import json\n"
            "from disclosure.models import DisclosureRequest\n"
            "from interaction.models import Message\n"
            "from services_column.models import ServiceApplication\n"
            "print(json.dumps([Message.objects.order_by('pk').first().pk,"
            " DisclosureRequest.objects.order_by('pk').first().pk,"
            " ServiceApplication.objects.order_by('pk').first().pk]))"
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
        f"/admin/interaction/messages/{cases[0]}/",
        f"/admin/disclosure/requests/{cases[1]}/",
        f"/admin/services/applications/{cases[2]}/",
        "/admin/interaction/comments/",
        "/admin/sitegroup/supervision/",
        "/admin/sitegroup/supervision/tasks/",
        "/admin/sitegroup/supervision/log/",
        "/admin/sitegroup/statistics/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sitegroup/sign-in/log/",
        "/admin/sitegroup/sign-in/lockouts/",
        "/admin/two-factor/setup/",
        "/admin/two-factor/recovery/",
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
