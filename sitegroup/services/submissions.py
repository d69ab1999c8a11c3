"""Information submission (信息报送): departments offer published articles to portal columns.

    submit(article, column, user)        # a department editor, own organisation's live article
    accept(submission, user)             # a portal editor: listed in the portal column
    reject(submission, user, reason)     # a portal editor, reason required
    statistics(year, month=None)         # per department: submitted, accepted, rate, rank

An accepted submission is shown in the portal column as an entry rendered from the original's live
version (so it always reads as the original does), with 来源 and a link to the original, and the
original's address as canonical URL. When the original is republished its listing title and time
follow (signal); when it is unpublished the entry is withdrawn. Every change is audit-logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.log_actions import log

from sitegroup.models import (
    ArticlePage,
    ColumnPage,
    Organisation,
    OrganisationKind,
    PlatformRole,
    Role,
    Submission,
    SubmissionState,
)
from sitegroup.permissions import platform_roles

logger = logging.getLogger(__name__)
OPEN_STATES = (SubmissionState.PENDING, SubmissionState.ACCEPTED)
SUBMITTING_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SITE_ADMIN)


def organisation_of(page) -> Organisation | None:
    """The organisation whose site holds the page (one query)."""
    prefixes = [page.path[:length] for length in range(4, len(page.path) + 1, 4)]
    return (
        Organisation.objects.filter(site__root_page__path__in=prefixes)
        .order_by("-site__root_page__depth")
        .select_related("site")
        .first()
    )


def is_portal_editor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or PlatformRole.PORTAL_EDITOR in platform_roles(user))


def submitting_organisations(user):
    """Departments (not the portal) in which the user edits, reviews or administers."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    queryset = Organisation.objects.exclude(kind=OrganisationKind.PORTAL).filter(site__isnull=False)
    if user.is_superuser:
        return queryset
    return queryset.filter(roles__group__user=user, roles__role__in=SUBMITTING_ROLES).distinct()


def _submitting_root_paths(user) -> list[str]:
    """Site root paths of the user's submitting organisations, looked up once per request's user."""
    cache_name = "_sitegroup_submitting_roots"
    if not hasattr(user, cache_name):
        paths = list(submitting_organisations(user).values_list("site__root_page__path", flat=True))
        setattr(user, cache_name, paths)
    return getattr(user, cache_name)


def may_submit(user, article) -> bool:
    """A live article on one of the user's department sites (no query per page after the first)."""
    if not user.is_authenticated or not article.live or not issubclass(article.specific_class, ArticlePage):
        return False
    return any(article.path.startswith(path) for path in _submitting_root_paths(user))


def target_columns():
    """Live portal columns that accept submissions."""
    portal_roots = Organisation.objects.filter(kind=OrganisationKind.PORTAL, site__isnull=False).values_list(
        "site__root_page__path", flat=True
    )
    condition = Q(pk__in=[])
    for path in portal_roots:
        condition |= Q(path__startswith=path)
    return ColumnPage.objects.live().filter(accepts_submissions=True).filter(condition).order_by("path")


@transaction.atomic
def submit(article: ArticlePage, column: ColumnPage, user, note: str = "") -> Submission:
    article = ArticlePage.objects.select_for_update().get(pk=article.pk)
    organisation = organisation_of(article)
    if organisation is None or not submitting_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied("只能报送本单位的稿件。")
    if not article.live:
        raise ValidationError("只能报送已发布的稿件。")
    if not target_columns().filter(pk=column.pk).exists():
        raise ValidationError("所选栏目不接受信息报送。")
    if Submission.objects.filter(article=article, column=column, state__in=OPEN_STATES).exists():
        raise ValidationError("该稿件已报送到此栏目，请勿重复报送。")
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                article=article,
                organisation=organisation,
                column=column,
                note=note.strip(),
                title=article.title,
                publish_time=article.publish_time,
                submitted_by=user,
            )
    except IntegrityError:
        raise ValidationError("该稿件已报送到此栏目，请勿重复报送。") from None
    log(instance=article, action="sitegroup.submission_submit", user=user, data={"column": column.title})
    return submission


def _review(submission: Submission, user, state: str, reason: str = "") -> Submission:
    if not is_portal_editor(user):
        raise PermissionDenied("只有门户编辑可以审核信息报送。")
    submission = Submission.objects.select_for_update().select_related("article", "column").get(pk=submission.pk)
    if submission.state != SubmissionState.PENDING:
        raise ValidationError("该报送已处理，不能重复审核。")
    if state == SubmissionState.ACCEPTED and not submission.article.live:
        raise ValidationError("原文已下线，不能采用。")
    submission.state = state
    submission.reason = reason
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["state", "reason", "reviewed_by", "reviewed_at"])
    action = "sitegroup.submission_accept" if state == SubmissionState.ACCEPTED else "sitegroup.submission_reject"
    data = {"column": submission.column.title, "reason": reason}
    log(instance=submission.article, action=action, user=user, data=data)
    transaction.on_commit(lambda: _notify_submitter(submission))
    return submission


@transaction.atomic
def accept(submission: Submission, user) -> Submission:
    return _review(submission, user, SubmissionState.ACCEPTED)


@transaction.atomic
def reject(submission: Submission, user, reason: str) -> Submission:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写未采用原因。")
    return _review(submission, user, SubmissionState.REJECTED, reason)


def _notify_submitter(submission: Submission) -> None:
    user = submission.submitted_by
    if user is None or not user.email:
        return
    outcome = submission.get_state_display()
    text = f"您报送到“{submission.column.title}”的《{submission.title}》审核结果：{outcome}。"
    if submission.reason:
        text += f"原因：{submission.reason}"
    try:
        send_mail(f"信息报送结果：{outcome}", text, None, [user.email])
    except Exception:  # a mail failure never undoes the review
        logger.exception("submission notice to %s failed", user.email)


def original_published(sender, instance, **kwargs) -> None:
    """Signal: the original was (re)published — its portal entry follows title and time."""
    if not isinstance(instance, ArticlePage):
        return
    Submission.objects.filter(article_id=instance.pk, state__in=OPEN_STATES).update(
        title=instance.title, publish_time=instance.publish_time, synced_at=timezone.now()
    )


def original_unpublished(sender, instance, **kwargs) -> None:
    """Signal: the original went offline — its open submissions are withdrawn from the portal."""
    if not isinstance(getattr(instance, "specific", instance), ArticlePage):
        return
    for submission in Submission.objects.filter(article_id=instance.pk, state__in=OPEN_STATES):
        submission.state = SubmissionState.WITHDRAWN
        submission.save(update_fields=["state"])
        log(instance=instance, action="sitegroup.submission_withdraw", data={"column": submission.column_id})


def accepted_in(column: ColumnPage):
    return Submission.objects.filter(column=column, state=SubmissionState.ACCEPTED).select_related("organisation")


@dataclass
class DepartmentFigures:
    organisation: Organisation
    submitted: int
    accepted: int
    rank: int = 0

    @property
    def rate(self) -> float:
        return self.accepted / self.submitted if self.submitted else 0.0

    @property
    def rate_label(self) -> str:
        return f"{self.rate * 100:.1f}%"


def statistics(year: int, month: int | None = None) -> list[DepartmentFigures]:
    """Per department for the period (by submission time): counts, rate, ranked by accepted then rate."""
    period = Q(submissions__submitted_at__year=year)
    if month:
        period &= Q(submissions__submitted_at__month=month)
    rows = (
        Organisation.objects.exclude(kind=OrganisationKind.PORTAL)
        .annotate(
            submitted=Count("submissions", filter=period),
            accepted=Count(
                "submissions",
                filter=period
                & Q(submissions__state__in=[SubmissionState.ACCEPTED, SubmissionState.WITHDRAWN])
                & Q(submissions__reviewed_at__isnull=False),
            ),
        )
        .filter(submitted__gt=0)
    )
    figures = [DepartmentFigures(row, row.submitted, row.accepted) for row in rows]
    figures.sort(key=lambda item: (-item.accepted, -item.rate, item.organisation.name))
    previous = None
    for position, item in enumerate(figures, start=1):
        key = (item.accepted, item.rate)
        item.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, item.rank)
    return figures
