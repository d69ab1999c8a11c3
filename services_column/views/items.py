"""Public views of the service column: the classified directory and in-column search, and an item's
办事指南 (with its printable version), 表格下载 and 网上咨询.

The directory's counts come from two grouped queries whatever the number of items: one by (power
category, organisation) under the life-event filter, one by life event under the other two filters.
Each dimension's counts leave out that dimension's own filter, so a visitor sees every category
(or department, or life event) with how many items it holds under the other filters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from search.backends import Scope
from search.services import matching_keys
from services_column.documents import NAME as DOCUMENT_TYPE
from services_column.models import LifeEvent, PowerCategory, ServiceItemPage
from services_column.models.taxonomy import Audience
from sitegroup.models import OrganisationKind

PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_SEARCH_MATCHES = 5000
SAFE_METHODS = ("GET", "HEAD")
CATEGORY_LABELS = dict(PowerCategory.choices)
KIND_GROUPS = (
    ((OrganisationKind.PORTAL, OrganisationKind.DEPARTMENT, OrganisationKind.VERTICAL), "区级部门"),
    ((OrganisationKind.TOWNSHIP,), "镇（街道）"),
)


def not_allowed():
    return HttpResponseNotAllowed(
        SAFE_METHODS, "不支持这种请求方式。".encode(), content_type="text/plain; charset=utf-8"
    )


class DirectoryForm(forms.Form):
    department = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    event = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    category = forms.ChoiceField(required=False, choices=[("", "")] + PowerCategory.choices)
    q = forms.CharField(required=False, max_length=50, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    messages = {
        "department": "办理部门参数无效。",
        "event": "主题参数无效。",
        "category": "事项类型参数无效。",
        "q": "检索词不超过 50 个字。",
        "page": "页码无效。",
    }

    def first_error(self) -> str:
        return next((self.messages.get(name, "参数无效。") for name in self.errors), "")


@dataclass
class Entry:
    value: object
    label: str
    count: int
    selected: bool
    url: str
    children: list[Entry] = field(default_factory=list)


@dataclass
class Directory:
    departments: list[Entry]  # groups (区级部门, 镇（街道）) with their organisations
    person_events: list[Entry]
    legal_person_events: list[Entry]
    categories: list[Entry]  # with their departments as children
    total: int


@dataclass
class Listing:
    """One page of items, shaped like a Django Page for the templates."""

    object_list: list
    number: int
    num_pages: int

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _link(params: QueryDict, **values) -> str:
    """The query string with these filters toggled (a selected value is removed), page reset."""
    query = params.copy()
    query.pop("page", None)
    for name, value in values.items():
        if str(value) == query.get(name) and len(values) == 1:
            query.pop(name)
        else:
            query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def items_of(column):
    """The live, public items the column lists: every organisation's on the portal, else its own."""
    items = ServiceItemPage.objects.live().public()
    if not column.is_platform:
        items = items.filter(path__startswith=column.path, depth=column.depth + 1)
    return items


def build_directory(column, filters: dict, params: QueryDict, *, pks=None) -> Directory:
    items = items_of(column)
    if pks is not None:
        items = items.filter(pk__in=pks)
    department, event, category = filters.get("department"), filters.get("event"), filters.get("category")

    # (category, organisation) under the life-event filter: gives both the category and the department counts.
    pairs = items.filter(life_events=event) if event else items
    rows = list(
        pairs.values_list(
            "power_category", "organisation_id", "organisation__name", "organisation__kind", "organisation__sort_order"
        ).annotate(n=Count("pk"))
    )
    by_category: dict[str, int] = defaultdict(int)
    by_department: dict[int, int] = defaultdict(int)
    departments_in: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[int, tuple] = {}
    total = 0
    for power_category, organisation_id, name, kind, sort_order, n in rows:
        names[organisation_id] = (sort_order, organisation_id, name, kind)
        departments_in[power_category][organisation_id] += n
        if department is None or organisation_id == department:
            by_category[power_category] += n
        if category is None or power_category == category:
            by_department[organisation_id] += n
            if department is None or organisation_id == department:
                total += n

    # Life events under the other two filters.
    scoped = items
    if department:
        scoped = scoped.filter(organisation_id=department)
    if category:
        scoped = scoped.filter(power_category=category)
    through = ServiceItemPage.life_events.through
    by_event = dict(
        through.objects.filter(serviceitempage__in=scoped.values("pk"))
        .values_list("lifeevent_id")
        .annotate(n=Count("pk"))
        .values_list("lifeevent_id", "n")
    )
    person, legal_person = [], []
    for life_event in LifeEvent.objects.all():
        count = by_event.get(life_event.pk, 0)
        if not count and event != life_event.pk:
            continue
        entry = Entry(life_event.pk, life_event.name, count, event == life_event.pk, _link(params, event=life_event.pk))
        (person if life_event.audience == Audience.PERSON else legal_person).append(entry)

    ordered = sorted(names.values())
    groups = []
    if column.is_platform:
        for kinds, label in KIND_GROUPS:
            children = [
                Entry(pk, name, by_department[pk], department == pk, _link(params, department=pk))
                for _order, pk, name, kind in ordered
                if kind in kinds and by_department.get(pk)
            ]
            if children:
                groups.append(Entry(label, label, sum(child.count for child in children), False, "", children))

    categories = []
    for value, label in PowerCategory.choices:
        count = by_category.get(value, 0)
        if not count:
            continue
        children = []
        if column.is_platform:
            inside = departments_in.get(value, {})
            children = [
                Entry(
                    pk,
                    name,
                    inside[pk],
                    category == value and department == pk,
                    _link(params, category=value, department=pk),
                )
                for _order, pk, name, _kind in ordered
                if inside.get(pk)
            ]
        categories.append(Entry(value, label, count, category == value, _link(params, category=value), children))
    return Directory(groups, person, legal_person, categories, total)


def filtered(column, filters: dict, *, pks=None):
    items = items_of(column)
    if pks is not None:
        items = items.filter(pk__in=pks)
    if filters.get("department"):
        items = items.filter(organisation_id=filters["department"])
    if filters.get("category"):
        items = items.filter(power_category=filters["category"])
    if filters.get("event"):
        items = items.filter(life_events=filters["event"])
    return items


def page_of(column, filters: dict, number: int, total: int, *, keys_order=None) -> Listing | None:
    """One page of the filtered items (by code; search results by relevance). Raises Http404 beyond the end."""
    if not total:
        return None
    num_pages = -(-total // PAGE_SIZE)
    if number > num_pages:
        raise Http404("页码超出范围。")
    start = (number - 1) * PAGE_SIZE
    items = filtered(column, filters, pks=keys_order)
    if keys_order is None:
        page_items = list(items.select_related("organisation").order_by("item_code")[start : start + PAGE_SIZE])
    else:
        found = set(items.values_list("pk", flat=True))
        page_pks = [pk for pk in keys_order if pk in found][start : start + PAGE_SIZE]
        by_pk = {
            item.pk: item for item in ServiceItemPage.objects.filter(pk__in=page_pks).select_related("organisation")
        }
        page_items = [by_pk[pk] for pk in page_pks if pk in by_pk]
    return Listing(page_items, number, num_pages)


def _respond(request, column, template, context, status=200):
    return TemplateResponse(request, template, context, status=status)


def _catalogue(request, column, *, searching: bool):
    if request.method not in SAFE_METHODS:
        return not_allowed()
    form = DirectoryForm(request.GET)
    context = column.get_context(request)
    template = "services_column/service_search.html" if searching else "services_column/service_column_page.html"
    context.update({"form": form, "searching": searching, "query": "", "filters": {}})
    if not form.is_valid():
        context["error"] = form.first_error()
        return _respond(request, column, template, context, status=400)
    data = form.cleaned_data
    filters = {name: data[name] for name in ("department", "event", "category") if data.get(name)}
    if not column.is_platform:
        filters.pop("department", None)
    query = data.get("q") or ""
    context.update({"filters": filters, "query": query})
    pks = None
    if searching:
        if not query:
            context["directory"] = None
            return _respond(request, column, template, context)
        scope = Scope() if column.is_platform else Scope(path=column.path)
        keys = matching_keys(query, scope=scope, types=[DOCUMENT_TYPE], limit=MAX_SEARCH_MATCHES)
        pks = [int(key.split(":", 1)[1]) for key in keys]
    directory = build_directory(column, filters, request.GET, pks=pks)
    listing = page_of(column, filters, data.get("page") or 1, directory.total, keys_order=pks)
    paging = dict(filters.items())
    if query:
        paging["q"] = query
    context.update(
        {
            "directory": directory,
            "listing": listing,
            "paging_query": urlencode(paging),
            "category_label": CATEGORY_LABELS.get(filters.get("category", "")),
        }
    )
    return _respond(request, column, template, context)


def directory(request, column):
    """政务服务专栏 / 政务服务: the classified directory and the paged list of items."""
    return _catalogue(request, column, searching=False)


def search(request, column):
    """Search inside the column through the site search index; the same filters and list."""
    return _catalogue(request, column, searching=True)


# -- an item's sub-columns ------------------------------------------------------------------------


def _item_context(request, item, tab: str, subpage_title: str = ""):
    context = item.get_context(request)
    context.update({"tab": tab, "subpage_title": subpage_title})
    return context


def _guide_context(request, item, tab="guide", subpage_title=""):
    context = _item_context(request, item, tab, subpage_title)
    context.update(
        {
            "materials": list(item.materials.select_related("sample")),
            "steps": list(item.steps.all()),
            "grades": list(item.discretion_grades.all()),
            "events": list(item.life_events.all()),
            "item_forms": list(item.forms.select_related("document")),
        }
    )
    return context


def guide(request, item):
    """办事指南: every guide field in the standard order, the process as a flowchart."""
    if request.method not in SAFE_METHODS:
        return not_allowed()
    context = _guide_context(request, item)
    return TemplateResponse(request, "services_column/service_item_page.html", context)


def print_guide(request, item):
    """The guide to print: no navigation, a print stylesheet and a 打印 button."""
    if request.method not in SAFE_METHODS:
        return not_allowed()
    context = _guide_context(request, item, "guide", "打印办事指南")
    return TemplateResponse(request, "services_column/service_item_print.html", context)


def form_downloads(request, item):
    """表格下载: the item's forms by 表格编号, 名称, 简要说明, with file type and size."""
    if request.method not in SAFE_METHODS:
        return not_allowed()
    context = _item_context(request, item, "forms", "表格下载")
    forms_list = list(item.forms.select_related("document"))
    samples = [material for material in item.materials.select_related("sample") if material.sample_id]
    context.update({"item_forms": forms_list, "samples": samples})
    return TemplateResponse(request, "services_column/service_item_forms.html", context)


def consultation_channel(item):
    """The item's department's 咨询 channel and the 政民互动 page that receives its messages, or (None, None)."""
    from interaction.models import ChannelKind, InteractionPage, MessageChannel

    channel = (
        MessageChannel.objects.filter(
            organisation_id=item.organisation_id, kind=ChannelKind.CONSULTATION, is_active=True
        )
        .order_by("sort_order", "pk")
        .first()
    )
    if channel is None:
        return None, None
    home_path = item.path[: 2 * ServiceItemPage.steplen]  # the site's home: 政民互动 sits right under it
    hub = InteractionPage.objects.live().filter(path__startswith=home_path, depth=3).first()
    return channel, hub


def consultation_subject(item) -> str:
    from interaction.message_forms import TITLE_LIMIT

    subject = f"咨询：{item.title}"
    return subject[:TITLE_LIMIT]


def consult(request, item):
    """网上咨询: where to write (the department's 咨询 channel, subject pre-filled) and answered questions."""
    if request.method not in SAFE_METHODS:
        return not_allowed()
    from interaction.models import Message

    channel, hub = consultation_channel(item)
    write_url = ""
    replies = []
    if channel is not None and hub is not None:
        write_url = f"{hub.url}write/{channel.pk}/?{urlencode({'subject': consultation_subject(item)})}"
        replies = list(
            Message.objects.published()
            .filter(channel=channel)
            .filter(Q(published_title__contains=item.title) | Q(published_title__contains=item.item_code))
            .order_by("-published_on", "-pk")[:10]
        )
        if request.GET.get("go") == "1":
            return HttpResponseRedirect(write_url)
    context = _item_context(request, item, "consult", "网上咨询")
    context.update({"channel": channel, "hub": hub, "write_url": write_url, "replies": replies})
    response = TemplateResponse(request, "services_column/service_item_consult.html", context)
    add_never_cache_headers(response)
    return response
