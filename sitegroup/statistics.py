"""Read-side statistics: page views and editorial workload, limited to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from wagtail.models import Page, PageLogEntry

from sitegroup.models import ArticlePage, Organisation, PageViewDaily
from sitegroup.permissions import under_paths


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def last_days(cls, days: int, today: date) -> Period:
        return cls(start=today - timedelta(days=days - 1), end=today)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range((self.end - self.start).days + 1)]


def _organisation_for_path(organisations: list[Organisation], path: str) -> Organisation | None:
    for organisation in organisations:
        if path.startswith(organisation.site.root_page.path):
            return organisation
    return None


def daily_views(organisations, period: Period) -> list[tuple[date, int]]:
    site_ids = [organisation.site_id for organisation in organisations if organisation.site_id]
    rows = dict(
        PageViewDaily.objects.filter(site_id__in=site_ids, day__range=(period.start, period.end))
        .values_list("day")
        .annotate(total=Sum("views"))
        .values_list("day", "total")
    )
    return [(day, rows.get(day, 0)) for day in period.days()]


def top_pages(organisations, period: Period, limit: int = 20) -> list[dict]:
    site_ids = [organisation.site_id for organisation in organisations if organisation.site_id]
    rows = list(
        PageViewDaily.objects.filter(site_id__in=site_ids, day__range=(period.start, period.end))
        .values("page_id", "page__title", "page__url_path", "site__hostname")
        .annotate(total=Sum("views"))
        .order_by("-total")[:limit]
    )
    return [
        {"page_id": row["page_id"], "title": row["page__title"], "site": row["site__hostname"], "views": row["total"]}
        for row in rows
    ]


def views_per_organisation(organisations, period: Period) -> list[tuple[Organisation, int]]:
    site_ids = [organisation.site_id for organisation in organisations if organisation.site_id]
    totals = dict(
        PageViewDaily.objects.filter(site_id__in=site_ids, day__range=(period.start, period.end))
        .values_list("site_id")
        .annotate(total=Sum("views"))
        .values_list("site_id", "total")
    )
    return [(organisation, totals.get(organisation.site_id, 0)) for organisation in organisations]


def _publish_entries(period: Period):
    from datetime import datetime, time

    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    return PageLogEntry.objects.filter(
        action="wagtail.publish",
        timestamp__gte=start,
        timestamp__lt=end,
        content_type=ContentType.objects.get_for_model(ArticlePage),
    )


def person_name(user) -> str:
    """How a person is named in statistics: full name in Chinese order (姓 then 名), else the username."""
    if user is None:
        return ""
    return f"{user.last_name or ''}{user.first_name or ''}".strip() or user.username


def workload(organisations, period: Period) -> dict[str, list[dict]]:
    """Articles published in the period, per organisation and per person.

    An article counts for its author (the page owner, who wrote it), once however often it was published;
    each publication counts for whoever published it (the approving reviewer), or for the scheduler.
    """
    from django.contrib.auth import get_user_model

    organisations = [organisation for organisation in organisations if organisation.site_id]
    entries = list(_publish_entries(period).values("page_id", "user_id").annotate(count=Count("id")))
    pages = {
        pk: (path, owner_id)
        for pk, path, owner_id in Page.objects.filter(pk__in={entry["page_id"] for entry in entries}).values_list(
            "pk", "path", "owner_id"
        )
    }
    people_ids = {entry["user_id"] for entry in entries} | {owner_id for _path, owner_id in pages.values()}
    people = {user.pk: person_name(user) for user in get_user_model().objects.filter(pk__in=people_ids - {None})}

    per_organisation: dict[int, dict] = {
        organisation.pk: {"organisation": organisation, "articles": set(), "publications": 0}
        for organisation in organisations
    }
    per_person: dict[tuple[object, int], dict] = {}

    def person_row(key, name, organisation):
        return per_person.setdefault(
            (key, organisation.pk),
            {"user": name, "organisation": organisation, "articles": set(), "publications": 0},
        )

    for entry in entries:
        path, owner_id = pages.get(entry["page_id"], ("", None))
        organisation = _organisation_for_path(organisations, path)
        if organisation is None:
            continue
        bucket = per_organisation[organisation.pk]
        bucket["articles"].add(entry["page_id"])
        bucket["publications"] += entry["count"]
        author = people.get(owner_id, "作者未记录")
        person_row(owner_id or "no-author", author, organisation)["articles"].add(entry["page_id"])
        publisher = people.get(entry["user_id"], "系统（定时发布）")
        person_row(entry["user_id"] or "scheduler", publisher, organisation)["publications"] += entry["count"]
    by_organisation = [
        {"organisation": row["organisation"], "articles": len(row["articles"]), "publications": row["publications"]}
        for row in per_organisation.values()
    ]
    by_user = sorted(
        ({**row, "articles": len(row["articles"])} for row in per_person.values()),
        key=lambda row: (-row["articles"], -row["publications"], row["user"]),
    )
    return {"by_organisation": sorted(by_organisation, key=lambda row: -row["articles"]), "by_user": by_user}


@dataclass(frozen=True)
class ColumnFreshness:
    column: object
    organisation: Organisation
    interval_days: int | None
    latest: object  # datetime of the newest live article, or None
    status: str  # "fresh", "due_soon", "stale", "empty", "no_interval"

    @property
    def status_label(self) -> str:
        return {
            "fresh": "正常",
            "due_soon": "即将超期",
            "stale": "已超期",
            "empty": "空栏目",
            "no_interval": "不考核",
        }[self.status]


def column_freshness(organisations, now) -> list[ColumnFreshness]:
    """Every live column of the organisations against its expected update interval (inspection rules)."""
    from django.db.models import Max
    from django.db.models.functions import Length, Substr

    from sitegroup.models import ColumnPage
    from sitegroup.models.pages import UPDATE_INTERVAL_DAYS

    organisations = [organisation for organisation in organisations if organisation.site_id]
    if not organisations:
        return []
    in_sites = under_paths(organisation.site.root_page.path for organisation in organisations)
    columns = list(ColumnPage.objects.live().filter(in_sites).order_by("path"))
    latest = dict(
        ArticlePage.objects.live()
        .filter(in_sites)
        .annotate(parent_path=Substr("path", 1, Length("path") - ArticlePage.steplen))
        .values("parent_path")
        .annotate(latest=Max("publish_time"))
        .values_list("parent_path", "latest")
    )
    rows = []
    for column in columns:
        organisation = _organisation_for_path(organisations, column.path)
        interval = UPDATE_INTERVAL_DAYS.get(column.column_type)
        newest = latest.get(column.path)
        if interval is None:
            status = "no_interval"
        elif newest is None:
            status = "empty"
        elif now - newest > timedelta(days=interval):
            status = "stale"
        elif now - newest > timedelta(days=interval * 0.8):
            status = "due_soon"
        else:
            status = "fresh"
        rows.append(ColumnFreshness(column, organisation, interval, newest, status))
    order = {"stale": 0, "empty": 1, "due_soon": 2, "fresh": 3, "no_interval": 4}
    return sorted(rows, key=lambda row: order[row.status])
