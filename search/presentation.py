"""Labels and links for the result page: facet values with names, counts and toggle links; paging."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from wagtail.models import Site

from search import registry
from search.backends import Hit
from sitegroup.models import Organisation

FACET_LABELS = {"site": "站点", "organisation": "发布机构", "type": "内容类型", "year": "年份", "topic": "主题分类"}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class HitRow:
    hit: Hit
    site_name: str
    type_label: str


def _site_names() -> dict[int, str]:
    return dict(Site.objects.values_list("pk", "site_name"))


def hit_rows(hits: list[Hit]) -> list[HitRow]:
    names = _site_names() if hits else {}
    return [
        HitRow(
            hit=hit,
            site_name=names.get(hit.site_id, ""),
            type_label=getattr(registry.get(hit.type), "label", hit.type),
        )
        for hit in hits
    ]


def _labeller(name: str):
    if name == "site":
        names = _site_names()
        return lambda value: names.get(value, str(value))
    if name == "organisation":
        names = dict(Organisation.objects.values_list("pk", "name"))
        return lambda value: names.get(value, str(value))
    if name == "type":
        return lambda value: getattr(registry.get(value), "label", value)
    if name == "year":
        return lambda value: f"{value}年"
    return str


def facet_groups(search_page, params: QueryDict) -> list[FacetGroup]:
    groups = []
    for name in search_page.facets_offered:
        values = search_page.results.facets.get(name) or []
        if not values:
            continue
        label = _labeller(name)
        selected = {str(value) for value in search_page.filters.get(name, ())}
        groups.append(
            FacetGroup(
                name=name,
                label=FACET_LABELS[name],
                values=[
                    FacetValue(
                        value=str(value),
                        label=label(value),
                        count=count,
                        selected=str(value) in selected,
                        url=_toggle(params, name, str(value)),
                    )
                    for value, count in values
                ],
            )
        )
    return groups


def _toggle(params: QueryDict, name: str, value: str) -> str:
    query = params.copy()
    current = query.getlist(name)
    query.setlist(name, [item for item in current if item != value] if value in current else [*current, value])
    query.pop("page", None)
    return "?" + query.urlencode()


def page_links(search_page, params: QueryDict) -> dict:
    def link(number: int) -> str:
        query = params.copy()
        query["page"] = str(number)
        return "?" + query.urlencode()

    first = max(1, search_page.page - 4)
    last = min(search_page.page_count, first + 8)
    return {
        "previous": link(search_page.page - 1) if search_page.has_previous else None,
        "next": link(search_page.page + 1) if search_page.has_next else None,
        "numbers": [(number, link(number), number == search_page.page) for number in range(first, last + 1)],
    }
