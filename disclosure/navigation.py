"""The catalogue's navigation: filters from the query string, counts per dimension, paged items.

Each dimension's counts leave out that dimension's own filter, so a visitor sees every other topic
(or year …) with how many items it holds under the other filters. The queries run on the item
table with the page tree's `live` flag: their number does not grow with the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from disclosure.models import CatalogueItem, Genre, Topic
from sitegroup.models import Organisation

PAGE_SIZE = 20
DIMENSIONS = ("topic", "organisation", "genre", "year", "catalogue")


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


def _filtered(items, filters: dict, exclude: str | None = None):
    for name, value in filters.items():
        if name == exclude or value in (None, ""):
            continue
        if name == "topic":
            items = items.in_topic(value)
        elif name == "organisation":
            items = items.filter(organisation_id=value)
        elif name == "genre":
            items = items.filter(genre_id=value)
        elif name == "year":
            items = items.filter(published_on__year=value)
        elif name == "catalogue":
            items = items.filter(catalogue_item_id=value)
    return items


def _link(params: QueryDict, name: str, value) -> str:
    query = params.copy()
    query.pop("page", None)
    if str(value) == query.get(name):
        query.pop(name)
    else:
        query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _counts(items, filters, dimension) -> dict:
    scoped = _filtered(items, filters, exclude=dimension).order_by()
    if dimension == "year":
        rows = scoped.annotate(value=ExtractYear("published_on")).values("value").annotate(n=Count("pk"))
    else:
        column = {"topic": "topic_id", "organisation": "organisation_id", "genre": "genre_id"}.get(
            dimension, "catalogue_item_id"
        )
        rows = scoped.values(value=F(column)).annotate(n=Count("pk"))
    return {row["value"]: row["n"] for row in rows if row["value"] is not None}


@dataclass
class Navigation:
    topics: list[Entry]
    organisations: list[Entry]
    genres: list[Entry]
    years: list[Entry]
    catalogue: list[Entry]
    total: int


def build(items, filters: dict, params: QueryDict, *, with_organisations: bool) -> Navigation:
    """Counts for every dimension under the other filters, as linked entries."""
    selected = {name: filters.get(name) for name in DIMENSIONS}

    def entries(counts, labels, name):
        return [
            Entry(value, labels[value], counts[value], selected[name] == value, _link(params, name, value))
            for value in labels
            if counts.get(value)
        ]

    topic_counts = _counts(items, filters, "topic")
    topics = []
    for first in Topic.objects.filter(parent=None).prefetch_related("children"):
        children = [
            Entry(
                child.pk,
                child.name,
                topic_counts[child.pk],
                selected["topic"] == child.pk,
                _link(params, "topic", child.pk),
            )
            for child in first.children.all()
            if topic_counts.get(child.pk)
        ]
        count = topic_counts.get(first.pk, 0) + sum(child.count for child in children)
        if count:
            topics.append(
                Entry(
                    first.pk,
                    first.name,
                    count,
                    selected["topic"] == first.pk,
                    _link(params, "topic", first.pk),
                    children,
                )
            )
    organisations = []
    if with_organisations:
        counts = _counts(items, filters, "organisation")
        names = dict(Organisation.objects.filter(pk__in=counts).order_by("sort_order", "pk").values_list("pk", "name"))
        organisations = entries(counts, names, "organisation")
    genre_counts = _counts(items, filters, "genre")
    genres = entries(genre_counts, dict(Genre.objects.values_list("pk", "name")), "genre")
    year_counts = _counts(items, filters, "year")
    years = entries(year_counts, {year: f"{year}年" for year in sorted(year_counts, reverse=True)}, "year")
    catalogue_counts = _counts(items, filters, "catalogue")
    catalogue = entries(
        catalogue_counts,
        dict(CatalogueItem.objects.filter(pk__in=catalogue_counts).values_list("pk", "name")),
        "catalogue",
    )
    total = sum(year_counts.values()) if filters.get("year") is None else _filtered(items, filters).count()
    return Navigation(topics, organisations, genres, years, catalogue, total)


def page_of(items, filters: dict, number: int, total: int):
    """One page of the filtered items, newest first; the count comes from the navigation."""
    listing = (
        _filtered(items, filters)
        .newest()
        .select_related("organisation")
        .only("title", "url_path", "index_number", "organisation__name", "written_on", "published_on", "validity")
    )
    paginator = Paginator(listing, PAGE_SIZE)
    paginator.count = total  # already counted by the navigation: no second COUNT(*)
    return paginator.page(number) if total else None
