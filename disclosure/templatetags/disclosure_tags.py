"""Template tags of the public disclosure pages: the way to 依申请公开 from wherever a citizen is."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Site

from disclosure.models import DisclosureColumnPage
from sitegroup.models import Organisation, OrganisationKind

register = template.Library()


@dataclass
class RequestEntry:
    """The request form and lookup of the organisation a page belongs to; on the portal, also the
    other organisations' forms, grouped by kind, so a citizen can choose whom to ask."""

    organisation: Organisation | None
    column_url: str
    apply_url: str
    lookup_url: str
    other_groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def other_count(self) -> int:
        return sum(len(entries) for _label, entries in self.other_groups)


def _column_for(page, request) -> DisclosureColumnPage | None:
    if page is not None and getattr(page, "path", None):
        found = DisclosureColumnPage.objects.live().ancestor_of(page, inclusive=True).first()
        if found is not None:
            return found
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return DisclosureColumnPage.objects.live().public().child_of(site.root_page).first()


def _other_organisations(column, request) -> list[tuple[str, list[tuple[str, str]]]]:
    organisations = {
        organisation.site.root_page.path: organisation
        for organisation in Organisation.objects.filter(site__isnull=False).select_related("site__root_page")
    }
    groups: dict[str, list[tuple[int, int, str, str]]] = {kind: [] for kind, _label in OrganisationKind.choices}
    for other in DisclosureColumnPage.objects.live().public().exclude(pk=column.pk):
        organisation = organisations.get(other.path[: -other.steplen])
        if organisation is None:
            continue
        url = other.get_url(request)
        if url:
            groups[organisation.kind].append((organisation.sort_order, organisation.pk, organisation.name, url))
    return [
        (label, [(name, f"{url}apply/") for _order, _pk, name, url in sorted(groups[kind])])
        for kind, label in OrganisationKind.choices
        if groups[kind]
    ]


@register.simple_tag(takes_context=True)
def request_entry(context) -> RequestEntry | None:
    """Where this page's citizen applies for disclosure and looks the application up (None: no column)."""
    request = context.get("request")
    cache_name = "_disclosure_request_entry"
    if request is not None and hasattr(request, cache_name):
        return getattr(request, cache_name)
    column = _column_for(context.get("page"), request)
    entry = None
    if column is not None:
        url = column.get_url(request)
        organisation = column.organisation()
        entry = RequestEntry(organisation, url, f"{url}apply/", f"{url}lookup/")
        if organisation is not None and organisation.kind == OrganisationKind.PORTAL:
            entry.other_groups = _other_organisations(column, request)
    if request is not None:
        setattr(request, cache_name, entry)
    return entry


@register.filter
def breakable_index(value) -> str:
    """An index number that may wrap after its slash ("014349002/<wbr>2026-00013") in narrow columns."""
    return mark_safe(escape(value or "").replace("/", "/<wbr>"))  # noqa: S308 - escaped just before
