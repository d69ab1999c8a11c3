"""One page per create form: Wagtail's autosave and the editor's own 保存草稿/提交 on a page's create
view may reach the server together, and each used to create a page.

Wagtail 8's autosave posts the create form in the background; its first success answers with the new
page's edit URL, and only from then on does the browser send the form to the edit view. Until that
answer is back, every request — the editor's click included — still goes to the create view. So the
create form carries a key (a hidden field: the form's id, kept when the form is shown again after
errors, and the id of this display of it), and requests with the same key take turns (a lock in the
cache, which the server's processes share):

- the first one that saves creates the page, and the key remembers it;
- a later one updates that page through Wagtail's edit view instead of creating another; the editor
  who clicked ends on the edit view of that page, told that it was created;
- an autosave from a display whose form the editor has already submitted carries older text than the
  submission: it is refused (409 with Wagtail's "invalid_revision" code), not saved over it.

Requests without a key (a form of another page type, a script) get Wagtail's behaviour unchanged.
In the browser, `static/sitegroup/admin/autosave.js` stops an autosave still waiting to go out once
the editor submits the form. This is view plumbing, not a rule of the platform, hence no service.
Page forms import this module for the key field (`page_forms`), which also registers its hooks.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

FIELD_NAME = "create_form_key"
KEY_PATTERN = re.compile(r"^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$")
STATE_SECONDS = 24 * 60 * 60
LOCK_SECONDS = 120
# Sync views of a Daphne process share one thread: a wait here stalls that process, so it stays short
# (another process's save of the same form takes well under this).
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05
HANDLED = "_sitegroup_create_form_key_handled"

SUPERSEDED_MESSAGE = "稿件已经提交保存，这次自动保存的内容比提交的旧，没有保存。请在稿件的编辑页继续编辑。"
BUSY_MESSAGE = "这份稿件正在保存，请稍候再试。"


def _token() -> str:
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class CreateFormKey:
    form_id: str  # the same across displays of one create form
    display_id: str  # new with every display

    @classmethod
    def parse(cls, value) -> CreateFormKey | None:
        match = KEY_PATTERN.match(value) if isinstance(value, str) else None
        return cls(*match.groups()) if match else None

    def __str__(self) -> str:
        return f"{self.form_id}.{self.display_id}"


class CreateFormKeyInput(forms.HiddenInput):
    """Every display gets a new display id; a form shown again after errors keeps its form id."""

    def format_value(self, value):
        key = CreateFormKey.parse(value)
        return str(CreateFormKey(key.form_id if key else _token(), _token()))


class CreateFormKeyMixin:
    """For page forms: the create form carries its key. (The edit form needs none: it edits one page.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields[FIELD_NAME] = forms.CharField(required=False, widget=CreateFormKeyInput)


# -- the create view ---------------------------------------------------------------------------------


@contextmanager
def _turn(name: str):
    """Waits until no other request of this form is being handled; yields False if that takes too long."""
    lock, holder = f"{name}:lock", _token()
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(lock, holder, LOCK_SECONDS):
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(POLL_SECONDS)
    try:
        yield True
    finally:
        if cache.get(lock) == holder:
            cache.delete(lock)


def _refusal(request, message: str, code: str) -> HttpResponse:
    if request.accepts("text/html"):
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    return JsonResponse({"success": False, "error_code": code, "error_message": message}, status=409)


def _run(view_class, request, **kwargs):
    """A Wagtail admin view, called as its URL would; returns its response and the view."""
    view = view_class()
    view.setup(request, **kwargs)
    return view.dispatch(request, **kwargs), view


def _edit_view_class():
    from django.utils.translation import gettext
    from wagtail.admin import messages
    from wagtail.admin.views.pages.edit import EditView

    class EditViewForCreateForm(EditView):
        """Wagtail's edit view, answering the create form of the page it edits: the editor clicked
        保存草稿 on the create view, so the message is the create view's."""

        def add_save_confirmation_message(self):
            messages.success(
                self.request,
                gettext("Page '%(page_title)s' created.") % {"page_title": self.page.get_admin_display_title()},
            )

    return EditViewForCreateForm


def _create(request, parent_page, page_class):
    """Wagtail's create view; returns its response, the page it created (or None) and the view."""
    from wagtail.admin.views.pages.create import CreateView

    response, view = _run(
        CreateView,
        request,
        content_type_app_name=page_class._meta.app_label,
        content_type_model_name=page_class._meta.model_name,
        parent_page_id=parent_page.pk,
    )
    page = getattr(view, "page", None)
    return response, (page if page is not None and page.pk else None), view


def _update(request, page, field_updates: dict):
    """Wagtail's edit view for the page this form created; returns its response, whether it saved, and
    the view. The form is posted as the browser would have posted it had the answer to the request
    that created the page arrived: with the ids of the inline rows saved then (Wagtail's
    `field_updates`), so that they are updated, not added again. An autosave is told the page's edit
    URL, as the create view's first autosave is, and the browser sends the form there from now on."""
    from django.urls import reverse
    from wagtail.admin.utils import set_query_params

    if field_updates:
        posted = request.POST.copy()
        for name, value in field_updates.items():
            posted[name] = value
        posted._mutable = False
        request.POST = posted
    response, view = _run(_edit_view_class(), request, page_id=page.pk)
    if response.headers.get("Content-Type") != "application/json":
        return response, response.status_code == 302, view
    data = json.loads(response.content)
    if data.get("success"):
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data.pop("html", None)  # the hydration below brings the edit view's parts, as after a create
        data.update(url=edit_url, hydrate_url=set_query_params(edit_url, {"_w_hydrate_create_view": "1"}))
    return JsonResponse(data, status=response.status_code), bool(data.get("success")), view


@hooks.register("before_create_page", order=-100)
def one_page_per_create_form(request, parent_page, page_class):
    if request.method != "POST" or getattr(request, HANDLED, False):
        return None
    key = CreateFormKey.parse(request.POST.get(FIELD_NAME))
    if key is None:
        return None
    setattr(request, HANDLED, True)  # the views called below run this hook again
    is_autosave = not request.accepts("text/html")
    name = f"sitegroup:create-form:{request.user.pk}:{key.form_id}"
    with _turn(name) as ours:
        if not ours:
            return _refusal(request, BUSY_MESSAGE, "busy")
        state = cache.get(name) or {"page": None, "submitted": [], "field_updates": {}}
        if is_autosave and key.display_id in state["submitted"]:
            return _refusal(request, SUPERSEDED_MESSAGE, "invalid_revision")
        if not is_autosave:
            state["submitted"].append(key.display_id)
            cache.set(name, state, STATE_SECONDS)
        page = page_class.objects.child_of(parent_page).filter(pk=state["page"]).first() if state["page"] else None
        if page is None:
            response, page, view = _create(request, parent_page, page_class)
            saved = page is not None
            state["field_updates"] = {}
        else:
            response, saved, view = _update(request, page, state["field_updates"])
        if saved:
            state["page"] = page.pk
            state["field_updates"].update(view.form.get_field_updates_for_resave())
            cache.set(name, state, STATE_SECONDS)
        return response


@hooks.register("insert_editor_js")
def stop_autosave_once_submitted():
    return format_html('<script src="{}"></script>', static("sitegroup/admin/autosave.js"))
