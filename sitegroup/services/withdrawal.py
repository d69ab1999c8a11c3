"""Withdrawal (撤稿/下线): an organisation's reviewer or site admin takes a live page offline at once.

No organisation role holds Wagtail's publish permission (`sitegroup.services.editorial`), and Wagtail
ties unpublishing to it; a county site must still be able to withdraw a wrong figure or an expired
notice without a platform admin. This service is that one way: the reviewers and site admins of the
organisation that owns the page's site (and platform admins) withdraw a live page — with its live
descendants when asked, e.g. a whole column — giving a reason that the audit log keeps
(`sitegroup.withdraw`). The rest follows from Wagtail's own unpublish: `page_unpublished` removes the
pages from the public search index after commit, and any scheduled publication is cancelled. A new,
corrected version goes public again only through the workflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page, Site

from sitegroup.models import Organisation, Role

WITHDRAW_ACTION = "sitegroup.withdraw"
WITHDRAWING_ROLES = (Role.REVIEWER, Role.SITE_ADMIN)
MAX_REASON_LENGTH = 500
NOT_ALLOWED = "只有本机构的审核员、站点管理员或平台管理员可以撤稿。"


class WithdrawalRefused(PermissionDenied):
    """The user may not withdraw this page; the message says why, in Chinese."""


@dataclass
class Withdrawal:
    """What one withdrawal took offline: the page itself, then the descendants taken with it."""

    page: Page
    reason: str
    descendants: list[Page] = field(default_factory=list)

    @property
    def count(self) -> int:
        return 1 + len(self.descendants)


def _site_root_path(page: Page):
    """The root path entry of the site the page belongs to (the deepest site root above it), or None."""
    matches = [root for root in Site.get_site_root_paths() if page.url_path.startswith(root.root_path)]
    return max(matches, key=lambda root: len(root.root_path)) if matches else None


def _withdrawing_site_ids(user) -> set[int]:
    """Sites of the organisations in which the user is a reviewer or site admin (cached on the user)."""
    cache_name = "_sitegroup_withdrawing_site_ids"
    if not hasattr(user, cache_name):
        site_ids = set(
            Organisation.objects.filter(
                site__isnull=False, roles__role__in=WITHDRAWING_ROLES, roles__group__user=user
            ).values_list("site_id", flat=True)
        )
        setattr(user, cache_name, site_ids)
    return getattr(user, cache_name)


def user_may_withdraw(page: Page, user) -> bool:
    """The permission alone: a platform admin, or a reviewer/site admin of the organisation owning the site."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    root = _site_root_path(page)
    return root is not None and root.site_id in _withdrawing_site_ids(user)


def withdrawal_problem(page: Page) -> str | None:
    """Why this page cannot be withdrawn whoever asks (None: it can)."""
    if not page.live:
        return "该页面未发布（已下线），无需撤稿。"
    root = _site_root_path(page)
    if root is not None and page.url_path == root.root_path:
        return "网站首页不能撤稿：撤下首页会使整个子站无法访问。请撤下具体的栏目或稿件。"
    return None


def may_withdraw(page: Page, user) -> bool:
    """Whether to offer 撤稿 to this user on this page (menus and buttons)."""
    return withdrawal_problem(page) is None and user_may_withdraw(page, user)


def clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写撤稿理由（将记入操作日志）。", code="required")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(f"撤稿理由不超过 {MAX_REASON_LENGTH} 字（现有 {len(reason)} 字）。", code="max_length")
    return reason


def live_descendants(page: Page, user):
    """The live pages below this one that a withdrawal with its descendants would take offline."""
    return [
        descendant
        for descendant in page.get_descendants().live().defer_streamfields().specific().order_by("path")
        if withdrawal_problem(descendant) is None and user_may_withdraw(descendant, user)
    ]


def _unpublish(page: Page, user, reason: str, *, with_page: Page | None = None) -> None:
    # Wagtail's own action (its permission check is ours, above): it sends page_unpublished, on which
    # the search index drops the page after commit, unpublishes aliases and cancels scheduled
    # publication. Its generic "unpublished" entry is replaced by ours, which carries the reason.
    UnpublishPageAction(page, user=user, log_action=False).execute(skip_permission_checks=True)
    data = {"reason": reason}
    if with_page is not None:
        data.update(with_page=with_page.pk, with_title=with_page.get_admin_display_title())
    log(instance=page, action=WITHDRAW_ACTION, user=user, data=data)


@transaction.atomic
def withdraw_page(page: Page, user, reason: str, *, include_descendants: bool = False) -> Withdrawal:
    """Take a live page (and, if asked, its live descendants) offline now, with the reason in the audit log.

    Raises WithdrawalRefused when the user may not, ValidationError when the page cannot be withdrawn
    or the reason is missing or too long.
    """
    if not user_may_withdraw(page, user):
        raise WithdrawalRefused(NOT_ALLOWED)
    reason = clean_reason(reason)
    # Locked, and read again: two people withdrawing at once leave one entry, not two.
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    problem = withdrawal_problem(page)
    if problem:
        raise ValidationError(problem, code="not_withdrawable")
    descendants = live_descendants(page, user) if include_descendants else []
    _unpublish(page, user, reason)
    for descendant in descendants:
        _unpublish(descendant, user, reason, with_page=page)
    return Withdrawal(page=page, reason=reason, descendants=descendants)
