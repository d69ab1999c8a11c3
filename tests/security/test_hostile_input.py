"""Hostile input against every public URL and form of a small built site group (portal + a department
with every public column: articles, 政府信息公开 with an item and the request form, 政民互动 with
letters, survey, consultation and e-form, 政务服务 with an item, an interview in 预告).

What any visitor could send — markup, query syntax, template syntax, oversize and control-character
values, bad encodings, wrong methods, missing CSRF token, malformed Host headers, path traversal —
must give no 5xx and never come back as live markup, neither at once (reflected) nor later on a public
page or a staff screen (stored).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from services_column.models import ApplicationFieldKind
from sitegroup.models.annual_report import WebsiteAnnualReport, WebsiteReportStatus
from tests.citizen_input import captcha_answer
from tests.services_column.application_builders import PDF, PERSON_ID

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('sg-xss')</script>"
IMG = "\"><img src=x onerror=alert('sg-xss')>"
PAYLOADS = [
    SCRIPT,
    IMG,
    "' OR '1'='1' -- ; DROP TABLE wagtailcore_page; --",
    'title:(教育 OR "x) AND *:* ^99 ~ \\ / [ {',
    "{{ 7|add:7 }}{% debug %}${7*7}",
    "../../../../etc/passwd",
    "控制\x00字符\x01\x08\x0b\x1b[31m\u202e\ufeff",
    "长" * 20_000,
]
# Live markup that must never appear in a response (escaped text such as &lt;script&gt; is fine).
FORBIDDEN = ("<script>alert('sg-xss')", "<img src=x onerror=alert('sg-xss')", "onerror=alert('sg-xss')>")
BAD_HOSTS = ["evil.example<script>", "localhost:99999999", "a..b", "[::1", "localhost/../admin", "x" * 300]
TRAVERSALS = [
    "/static/../config/settings/base.py",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/media/../../etc/passwd",
    "/media/..%2f..%2fetc%2fpasswd",
    "/documents/1/..%2F..%2Fetc%2Fpasswd",
    "/search/..%00/",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/news/%c0%ae%c0%ae/",
]


@pytest.fixture
def public_site(site_group, django_capture_on_commit_callbacks):
    """The shared site group, with every public column under the department site a.localhost."""
    from disclosure.provisioning import ensure_disclosure_column
    from interaction.provisioning import ensure_interaction
    from services_column.provisioning import ensure_service_column
    from tests.disclosure.builders import make_item as make_disclosure_item
    from tests.interaction.builders import make_consultation, make_eform, make_survey
    from tests.interviews.builders import make_interview
    from tests.services_column.application_builders import make_item as make_online_item
    from tests.services_column.item_builders import make_item as make_service_item

    organisation = site_group["a"].organisation
    home = site_group["a"].home_page
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = ensure_disclosure_column(organisation)
        catalogue = disclosure.get_children().type(_catalogue_type()).first().specific
        make_disclosure_item(catalogue)
        ensure_interaction(organisation, leader_name="李明")
        make_survey(home)
        make_consultation(home)
        make_eform(home)
        make_service_item(ensure_service_column(organisation), "义务教育入学登记")
        # An item handled online, so that its application form (网上申请) is on a page too.
        make_online_item(
            home,
            "最低生活保障审批",
            materials=(("居民身份证", True),),
            fields=(("申请理由", ApplicationFieldKind.TEXTAREA, "", True),),
        )
        make_interview(organisation)
        _published_letter(site_group)
        _article_with_attachment(home)  # its page links 在线预览 (attachment-preview/<id>/) and a document
        _accepted_submission(site_group)  # the portal column then links it (submissions/<id>/)
        WebsiteAnnualReport.objects.create(  # 网站年度报表 links its yearly page (website-report/<year>/)
            organisation=organisation,
            year=2025,
            status=WebsiteReportStatus.PUBLISHED,
            published_values={"values": {}, "computed": [], "filler": {}},
            published_at=timezone.now(),
        )  # 来信选登 then links a reply page (replies/<id>/)
    return site_group


def _article_with_attachment(home):
    from sitegroup.models import ArticleAttachment, ArticlePage
    from tests.services_column.item_builders import make_document

    article = ArticlePage.objects.live().descendant_of(home).first().specific
    article.attachments.add(ArticleAttachment(document=make_document("招生工作实施细则"), title="招生工作实施细则"))
    article.save_revision().publish()


def _accepted_submission(site_group):
    """信息报送: a department article accepted by a portal column, shown there as a submitted article."""
    from sitegroup.services import submissions
    from tests.builders import make_column

    target = make_column(site_group["portal"].home_page, "部门动态", "bmdt")
    target.accepts_submissions = True
    target.save_revision().publish()
    article = site_group["columns"]["a"].get_children().live().first().specific
    users = site_group["users"]
    submissions.accept(submissions.submit(article, target, users["a_editor"]), users["portal_editor"])


def _published_letter(site_group, *, title: str = "入学登记需要哪些材料"):
    """A letter to the department, answered and approved (published: the writer and the channel allow it)."""
    from interaction.models import ChannelKind, MessageChannel
    from interaction.services import messages as letters

    organisation = site_group["a"].organisation
    channel = MessageChannel.objects.get(organisation=organisation, kind=ChannelKind.CONSULTATION)
    data = {"title": title, "body": "孩子今年六岁，请问入学登记需要带什么？", "name": "王芳", "phone": "13912345678"}
    message = letters.submit(channel, {**data, "email": "", "wants_public": True, "department": None})
    users = site_group["users"]
    letters.assign(message, users["admin"], organisation=organisation)
    letters.reply(message, users["a_handler"], text="请携带户口簿和房产证明到学校登记。")
    letters.approve(message, users["a_reviewer"])
    return message


def _catalogue_type():
    from disclosure.models import DisclosureCataloguePage

    return DisclosureCataloguePage


def _page_urls() -> list[tuple[str, str]]:
    """(host, path) of every live public page and of each routable page's sub-pages without arguments."""
    urls = []
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        site_id, root, path = page.get_url_parts()
        host = page.get_site().hostname
        urls.append((host, path))
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_resolver().url_patterns:
                if isinstance(pattern, URLPattern) and not pattern.pattern.converters and str(pattern.pattern):
                    urls.append((host, path + str(pattern.pattern).lstrip("^").rstrip("$")))
    return sorted(set(urls))


def _plain_urls() -> list[str]:
    """Site-wide URLs without arguments from the resolver, outside the admin."""
    found = []

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(("admin/", "django-admin/", "documents/", "media/")):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif not entry.pattern.converters and "(" not in route and "<" not in route:
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver())
    return sorted(set(found))


class _Forms(HTMLParser):
    """The POST forms of a page: action and the names of their fields (with default values)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": {}, "files": [], "selects": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self._current["files"].append(attrs["name"])
            elif kind in ("checkbox", "radio"):
                self._current["fields"].setdefault(attrs["name"], attrs.get("value") or "on")
            else:
                self._current["fields"].setdefault(attrs["name"], attrs.get("value") or "")
            self._select = attrs["name"] if tag == "select" else None
        elif self._current is not None and tag == "option" and self._select and attrs.get("value"):
            self._current["selects"].setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


class _Links(HTMLParser):
    """Where a page points to: links, images and frames."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            target = attrs.get("href")
        elif tag in ("img", "iframe"):
            target = attrs.get("src") or attrs.get("data-src")  # the QR code is loaded when shown
        else:
            target = None
        if target:
            self.links.append(target)


# Links not followed: the admin (staff only), static files, and the page tree's own pages (already listed).
NOT_FOLLOWED = ("/admin", "/django-admin", "/static/")
MAX_LINKED = 40


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _linked_urls(pages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Same-host URLs the public pages link to that are not pages themselves (URLs with arguments:
    a letter form of a channel, a reply, an attachment preview, a QR code, a document, a yearly report),
    one of each shape, at most MAX_LINKED."""
    client = Client()
    shapes = {_shape(path) for _, path in pages}
    found: list[tuple[str, str]] = []
    for host, path in pages:
        response = client.get(path, HTTP_HOST=host)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for link in parser.links:
            parts = urlsplit(urljoin(path, link))
            if parts.scheme not in ("", "http", "https") or parts.netloc and parts.hostname != host:
                continue
            target = unquote(parts.path)
            if target.startswith(NOT_FOLLOWED) or _shape(target) in shapes:
                continue
            shapes.add(_shape(target))
            found.append((host, target))
            if len(found) >= MAX_LINKED:
                return found
    return found


@pytest.fixture
def public_urls(public_site) -> list[tuple[str, str]]:
    pages = _page_urls()
    plain = [("a.localhost", path) for path in _plain_urls()]  # e.g. the index of website reports
    return pages + _linked_urls(pages + plain)


def _assert_safe(response, what: str) -> None:
    assert response.status_code < 500, f"{what} → {response.status_code}"
    body = response.content.decode("utf-8", "replace") if response.get("Content-Type", "").startswith("text") else ""
    for markup in FORBIDDEN:
        assert markup not in body, f"{what}：响应里出现了未转义的 {markup!r}"


# URLs with arguments the crawl must reach by following links (else the suite silently tests less).
LINKED_SHAPES = (
    "/hudong/write/N/",
    "/hudong/replies/N/",
    "/article-qr/N.png",
    "/attachment-preview/N/",
    "/website-report/N/",
    "/bmdt/submissions/N/",
)


def test_every_public_url_survives_hostile_queries_methods_and_hosts(client, public_urls):
    assert len(public_urls) > 25, public_urls
    shapes = {_shape(path) for _, path in public_urls}
    for shape in LINKED_SHAPES:
        assert shape in shapes, f"没有找到 {shape}：{sorted(shapes)}"
    targets = list(public_urls) + [("a.localhost", path) for path in _plain_urls()]
    for host, path in targets:
        for payload in PAYLOADS[:6] + [PAYLOADS[6]]:
            response = client.get(
                path, {"q": payload, "page": payload, "year": payload, payload[:30]: "1"}, HTTP_HOST=host
            )
            _assert_safe(response, f"GET {host}{path}?q={payload[:20]!r}")
        response = client.get(path, {"q": PAYLOADS[-1]}, HTTP_HOST=host)
        _assert_safe(response, f"GET {host}{path} 超长参数")
        response = client.generic("GET", path, HTTP_HOST=host, QUERY_STRING="q=%ff%fe%c3%28&page=%e4%b8")
        _assert_safe(response, f"GET {host}{path} 错误编码")
        for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
            _assert_safe(client.generic(method, path, HTTP_HOST=host), f"{method} {host}{path}")
    for host in BAD_HOSTS:
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 400, f"Host {host!r} → {response.status_code}"
        _assert_safe(response, f"Host {host!r}")


def test_path_traversal_reaches_no_file(client, public_site):
    for path in TRAVERSALS:
        response = client.get(path, HTTP_HOST="a.localhost")
        _assert_safe(response, f"GET {path}")
        body = b"".join(response) if response.streaming else response.content
        assert b"root:" not in body and b"SECRET_KEY" not in body, path


# Believable values for the fields a form checks (so the hostile text in the other fields gets stored).
PLAUSIBLE = {
    "name": "王芳",
    "person_name": "王芳",
    "phone": "13912345678",
    "id_number": PERSON_ID,
    "person_id": PERSON_ID,
    "email": "wangfang@example.cn",
    "postcode": "212000",
    "code": "",
}
# Forms that must be among those posted (by the shape of their action).
POSTED_SHAPES = ("/hudong/write/N/", "/zwfw/item-N/apply/", "/hudong/lookup/", "/zwfw/lookup/")
_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in range(1_000_000))


def _action(form: dict, host: str, path: str) -> str | None:
    """The form's target on this host (an absolute action on the same host becomes its path)."""
    parts = urlsplit(urljoin(path, form["action"] or path))
    if parts.netloc and parts.hostname != host:
        return None
    action = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if action.startswith("/admin") else action


def _fill(form: dict, payload: str, *, plausible: bool) -> dict:
    data = dict(form["fields"])
    for name, value in form["fields"].items():
        if name == "csrfmiddlewaretoken" or name.endswith(("_0", "_1")) and "captcha" in name:
            continue
        if plausible and name in PLAUSIBLE:
            data[name] = PLAUSIBLE[name]
        elif plausible and name in form["selects"]:
            data[name] = form["selects"][name]
        elif plausible and value and value != "on":
            continue  # a radio, a hidden value or a digit
        else:
            data[name] = payload if not value or value == "on" or not value.isdigit() else value
    if plausible:
        for name in form["files"]:
            data[name] = SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    return data


def _post_hostile(client, host, path, form, action) -> int:
    """Every payload into every field (and, for the main payloads, believable values in the checked
    fields); returns how many posts were accepted (redirected to a confirmation)."""
    accepted = 0
    # Without the CSRF token: refused with 403, never processed.
    strict = Client(HTTP_HOST=host, enforce_csrf_checks=True)
    response = strict.post(action, {name: SCRIPT for name in form["fields"] if name != "csrfmiddlewaretoken"})
    assert response.status_code == 403, f"POST {host}{action} 无 CSRF → {response.status_code}"
    _assert_safe(response, f"POST {host}{action} 无 CSRF")
    for payload, plausible in [(payload, False) for payload in PAYLOADS] + [(SCRIPT, True), (IMG, True)]:
        fresh = client.get(path)
        data = _fill(form, payload, plausible=plausible)
        try:
            data.update(captcha_answer(fresh.content.decode()))
        except AssertionError:
            pass  # a form without the captcha
        response = client.post(action, data, REMOTE_ADDR=next(_addresses))
        _assert_safe(response, f"POST {host}{action} {payload[:20]!r}{' 其余字段有效' if plausible else ''}")
        accepted += response.status_code == 302
    response = client.generic(
        "POST",
        action,
        b"title=%ff%fe%c3%28&body=%e4%b8%ad%ff",
        content_type="application/x-www-form-urlencoded; charset=gb2312",
    )
    _assert_safe(response, f"POST {host}{action} 错误编码")
    return accepted


def _rate_the_answered_letter(host: str = "a.localhost") -> int:
    """好差评 of a letter is offered only after a lookup with its code: look it up, then rate it with
    hostile comments (the first is stored; the others are refused as a second rating)."""
    from interaction.models import Message

    message = Message.objects.get(title="入学登记需要哪些材料")
    client = Client(HTTP_HOST=host)
    rate_form = None
    posted = 0
    for payload in PAYLOADS:
        found = client.post("/hudong/lookup/", {"code": message.lookup_code, "phone_tail": "5678"})
        assert found.status_code == 200, found.status_code
        if rate_form is None:
            parser = _Forms()
            parser.feed(found.content.decode())
            rate_form = next((form for form in parser.forms if form["action"].endswith("/rate/")), None)
            assert rate_form is not None, "查询结果里没有评价表单"
        data = {**rate_form["fields"], "comment": payload}
        response = client.post(_action(rate_form, host, "/hudong/lookup/"), data, REMOTE_ADDR=next(_addresses))
        _assert_safe(response, f"POST {host}/hudong/rate/ {payload[:20]!r}")
        posted += 1
    message.refresh_from_db()
    assert message.rating is not None and "sg-xss" in message.rating_comment, "the hostile comment was not stored"
    return posted


def test_every_public_form_refuses_hostile_values_and_stores_no_markup(public_site, public_urls):
    from disclosure.models import DisclosureRequest
    from interaction.models import Message
    from services_column.models import ServiceApplication

    forms_seen = accepted = 0
    posted: set[str] = set()
    for host, path in public_urls:
        client = Client(HTTP_HOST=host)
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = _action(form, host, path)
            if action is None:
                continue
            forms_seen += 1
            posted.add(_shape(action))
            accepted += _post_hostile(client, host, path, form, action)
    assert forms_seen >= 10, forms_seen
    for shape in POSTED_SHAPES:
        assert shape in posted, f"没有提交过 {shape}：{sorted(posted)}"
    assert any(shape.endswith("/ask/") for shape in posted), sorted(posted)  # the interview's question form
    assert accepted >= 6, "no hostile value was ever accepted: the stored-markup check below would prove nothing"
    assert _rate_the_answered_letter() == len(PAYLOADS)

    # Whatever was accepted is shown later as text: on every public page, and on the staff screens.
    client = Client()
    for host, path in public_urls:
        _assert_safe(client.get(path, HTTP_HOST=host), f"之后 GET {host}{path}")
    client.force_login(public_site["users"]["admin"])
    for screen in ("/admin/interaction/messages/", "/admin/disclosure/requests/", "/admin/services/applications/"):
        _assert_safe(client.get(screen), f"后台 {screen}")
    assert not re.search(r"<script>alert", client.get("/admin/interaction/comments/").content.decode())
    # Each case's detail screen: the stored hostile text is there, as text.
    for model, screen in (
        (Message, "/admin/interaction/messages/{}/"),
        (DisclosureRequest, "/admin/disclosure/requests/{}/"),
        (ServiceApplication, "/admin/services/applications/{}/"),
    ):
        shown = 0
        for pk in model.objects.values_list("pk", flat=True):
            response = client.get(screen.format(pk))
            assert response.status_code == 200, f"后台 {screen.format(pk)} → {response.status_code}"
            _assert_safe(response, f"后台 {screen.format(pk)}")
            shown += "sg-xss" in response.content.decode()
        assert shown, f"{model.__name__}：没有一件带着恶意文本的办件被受理，详情页的检查无从证明"
