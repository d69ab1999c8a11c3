"""Builders for disclosure tests: a site's disclosure column and its items."""

from __future__ import annotations

from datetime import date
from itertools import count

from disclosure.models import (
    CatalogueItem,
    DisclosureCataloguePage,
    DisclosureColumnPage,
    DisclosureGuidePage,
    DisclosureItemPage,
    Genre,
    Topic,
)
from disclosure.services import ensure_disclosure_workflow

_counter = count(1)


def make_disclosure_column(home, *, is_platform: bool = False) -> DisclosureCataloguePage:
    column = DisclosureColumnPage(title="政府信息公开", slug="xxgk")
    home.add_child(instance=column)
    column.save_revision().publish()
    ensure_disclosure_workflow(column)
    guide = DisclosureGuidePage(title="政府信息公开指南", slug="guide", arrangement="<p>按主题分类编排。</p>")
    column.add_child(instance=guide)
    guide.save_revision().publish()
    catalogue = DisclosureCataloguePage(title="法定主动公开内容", slug="catalogue", is_platform=is_platform)
    column.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def topic(name: str) -> Topic:
    return (
        Topic.objects.get(name=name, parent__isnull=False)
        if Topic.objects.filter(name=name, parent__isnull=False).exists()
        else Topic.objects.get(name=name)
    )


def make_item(catalogue, title: str = "关于印发区政务公开工作要点的通知", *, publish: bool = True, user=None, **extra):
    number = next(_counter)
    item = DisclosureItemPage(
        title=title,
        slug=extra.pop("slug", f"item-{number}"),
        topic=extra.pop("topic", None) or topic("政务公开"),
        genre=extra.pop("genre", None) or Genre.objects.get(name="通知"),
        catalogue_item=extra.pop("catalogue_item", None) or CatalogueItem.objects.get(group="regulation", number=1),
        published_on=extra.pop("published_on", date(2026, 3, 2)),
        summary=extra.pop("summary", "明确本年度政务公开重点任务。"),
        body=extra.pop("body", "<p>各镇人民政府，区各委办局：现将工作要点印发给你们，请认真贯彻执行。</p>"),
        live=publish,
        **extra,
    )
    catalogue.add_child(instance=item)
    revision = item.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        item.refresh_from_db()
    return item
