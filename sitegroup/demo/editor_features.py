"""Demo of the editors' listing features (docs/editor-listing.md): 置顶 (one pin expired), coloured and bold
headlines, link-out articles (外链稿件) and articles referenced (引用) into other portal columns."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sitegroup.models import ArticlePage, ColumnPage, Organisation, OrganisationKind


def _column(organisation, slug: str) -> ColumnPage:
    return ColumnPage.objects.child_of(organisation.site.root_page).get(slug=slug)


def _publish(article: ArticlePage, editor, reviewer) -> None:
    # Demo content stands for articles the reviewer approved (nobody holds the publish permission).
    article.save_revision(user=editor).publish(user=reviewer, skip_permission_checks=True)


def _change(column: ColumnPage, position: int, editor, reviewer, **changes) -> ArticlePage | None:
    """The column's `position`-th newest article (negative: from the oldest), changed in a new revision."""
    articles = list(ArticlePage.objects.child_of(column).live().order_by("-publish_time"))
    if not -len(articles) <= position < len(articles):
        return None  # a demo built with very few articles a column (some tests build one)
    article = articles[position].specific
    for name, value in changes.items():
        setattr(article, name, value)
    _publish(article, editor, reviewer)
    return article


def _link_out(column: ColumnPage, title: str, slug: str, editor, reviewer, **target) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=slug,
        source="中国政府网" if target.get("link_url") else "",
        publish_time=timezone.now() - timedelta(hours=2),
        **target,
    )
    column.add_child(instance=article)
    _publish(article, editor, reviewer)
    return article


def load() -> None:
    users = get_user_model().objects
    portal = Organisation.objects.get(kind=OrganisationKind.PORTAL)
    editor, reviewer = users.get(username="portal_editor"), users.get(username="portal_reviewer")
    news, notices = _column(portal, "news"), _column(portal, "notices")
    policies, interpretations = _column(portal, "policies"), _column(portal, "interpretations")
    now = timezone.now()

    # 置顶: an old notice pinned for a month, one whose pin ran out yesterday (back in date order), a weight.
    # (`make run` has 22 articles a column, the journeys' demo 4: positions count from both ends.)
    _change(notices, -1, editor, reviewer, is_pinned=True, pinned_until=now + timedelta(days=30), title_bold=True)
    _change(notices, -2, editor, reviewer, is_pinned=True, pinned_until=now - timedelta(days=1))
    _change(news, -1, editor, reviewer, is_pinned=True, title_colour="red", title_bold=True)
    _change(news, -2, editor, reviewer, sort_weight=5, title_colour="blue")
    _change(policies, 0, editor, reviewer, title_colour="green")

    # 外链稿件: one to the State Council's site, one to a notice on 教育局's site in the group.
    _link_out(
        news,
        "国务院常务会议部署进一步优化政务服务提升行政效能",
        "gov-cn-link",
        editor,
        reviewer,
        link_url="https://www.gov.cn/yaowen/",
    )
    department = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, site__isnull=False).first()
    target = ArticlePage.objects.child_of(_column(department, "notices")).live().order_by("-publish_time").first()
    _link_out(
        notices,
        f"{department.short_name}：{target.title}",
        "department-notice-link",
        editor,
        reviewer,
        link_page=target,
    )

    # 引用: a policy interpretation also listed under 政策文件, a policy also listed under 要闻动态.
    _change(interpretations, 0, editor, reviewer, also_in_columns=[policies])
    _change(policies, 1, editor, reviewer, also_in_columns=[news])
