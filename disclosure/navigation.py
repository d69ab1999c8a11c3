"""The catalogue's navigation: filters from the query string, counts per dimension, paged items.

Each dimension's counts leave out that dimension's own filter, so a visitor sees every other topic
(or year …) with how many items it holds under the other filters. Counting and paging run on the
in-memory columns (disclosure.catalogue_index); the database is asked only for the labels and the
twenty items of the page, so the number of queries does not grow with the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import EmptyPage
from django.http import QueryDict

from disclosure.models import CatalogueItem, DisclosureItemPage, Genre, Topic
from sitegroup.models import Organisation

PAGE_SIZE = 20
DIMENSIONS = ("topic", "organisation", "genre", "year", "catalogue")
_FIELD = {
    "topic": "topic",
    "organisation": "organisation",
    "genre": "genre",
    "year": "year",
    "catalogue": "catalogue_item",
}


class CatalogueFilterForm(forms.Form):
    topic = forms.IntegerField(required=False, min_value=1)
    organisation = forms.IntegerField(required=False, min_value=1)
    genre = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    catalogue = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=50, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    messages = {
        "topic": "主题分类参数无效。",
        "organisation": "发布机构参数无效。",
        "genre": "体裁分类参数无效。",
        "year": "年份参数无效（1990–2100）。",
        "catalogue": "目录事项参数无效。",
        "q": "检索词不超过 50 个字。",
        "page": "页码无效。",
    }

    def first_error(self) -> str:
        return next((self.messages.get(name, "参数无效。") for name in self.errors), "")


@dataclass
class Entry:
    value: int
    label: str
    count: int
    selected: bool
    url: str
    children: list[Entry] = field(default_factory=list)


@dataclass
class Navigation:
    topics: list[Entry]
    organisations: list[Entry]
    genres: list[Entry]
    years: list[Entry]
    catalogue: list[Entry]
    total: int


@dataclass
class Listing:
    """One page of items, shaped like a Django Page for the templates."""

    object_list: list
    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _link(params: QueryDict, name: str, value) -> str:
    query = params.copy()
    query.pop("page", None)
    if str(value) == query.get(name):
        query.pop(name)
    else:
        query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _as_columns(filters: dict, catalogue_id: int | None) -> dict:
    chosen = {_FIELD[name]: value for name, value in filters.items() if value is not None}
    if catalogue_id is not None:
        chosen["catalogue"] = catalogue_id
    return chosen


def build(columns, filters: dict, params: QueryDict, *, catalogue_id: int | None, pks=None) -> Navigation:
    """Counts for every dimension under the other filters, as linked entries (catalogue_id None: platform)."""
    chosen = _as_columns(filters, catalogue_id)
    selected = {name: filters.get(name) for name in DIMENSIONS}

    def counts(dimension):
        return columns.counts(_FIELD[dimension], columns.mask(chosen, exclude=_FIELD[dimension], pks=pks))

    def entries(found, labels, name):
        return [
            Entry(value, label, found[value], selected[name] == value, _link(params, name, value))
            for value, label in labels.items()
            if found.get(value)
        ]

    topic_mask = columns.mask(chosen, exclude="topic", pks=pks)
    by_topic = columns.counts("topic", topic_mask)
    by_parent = columns.counts("topic_parent", topic_mask)
    topics = []
    for first in Topic.objects.filter(parent=None).prefetch_related("children"):
        children = [
            Entry(
                child.pk,
                child.name,
                by_topic[child.pk],
                selected["topic"] == child.pk,
                _link(params, "topic", child.pk),
            )
            for child in first.children.all()
            if by_topic.get(child.pk)
        ]
        total = by_topic.get(first.pk, 0) + by_parent.get(first.pk, 0)
        if total:
            topics.append(
                Entry(
                    first.pk,
                    first.name,
                    total,
                    selected["topic"] == first.pk,
                    _link(params, "topic", first.pk),
                    children,
                )
            )
    organisations = []
    if catalogue_id is None:
        found = counts("organisation")
        names = dict(Organisation.objects.filter(pk__in=found).order_by("sort_order", "pk").values_list("pk", "name"))
        organisations = entries(found, names, "organisation")
    genres = entries(counts("genre"), dict(Genre.objects.values_list("pk", "name")), "genre")
    found_years = counts("year")
    years = entries(found_years, {year: f"{year}年" for year in sorted(found_years, reverse=True)}, "year")
    found_items = counts("catalogue")
    catalogue = entries(
        found_items, dict(CatalogueItem.objects.filter(pk__in=found_items).values_list("pk", "name")), "catalogue"
    )
    total = int(columns.mask(chosen, pks=pks).sum())
    return Navigation(topics, organisations, genres, years, catalogue, total)


def page_of(columns, filters: dict, number: int, *, catalogue_id: int | None, total: int, pks=None) -> Listing | None:
    """One page of the filtered items, newest first (raises EmptyPage beyond the last page)."""
    if not total:
        return None
    num_pages = -(-total // PAGE_SIZE)
    if number > num_pages:
        raise EmptyPage("页码超出范围")
    keep = columns.mask(_as_columns(filters, catalogue_id), pks=pks)
    page_pks = columns.page(keep, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    items = DisclosureItemPage.objects.filter(pk__in=page_pks).select_related("organisation")
    by_pk = {item.pk: item for item in items}
    return Listing([by_pk[pk] for pk in page_pks if pk in by_pk], number, num_pages)
