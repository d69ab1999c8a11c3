"""民意征集: citizens' comments (held for moderation), moderation, and the adoption summary."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from interaction.models import Adoption, CommentStatus, ConsultationComment, ConsultationPage
from sitegroup.permissions import root_paths_for
from sitegroup.services import rate_limits

COMMENTS_PER_ADDRESS_PER_HOUR = 10


class ConsultationClosed(Exception):
    message = "本次征集不在意见征集时间内，不能提交。"


def submit_comment(
    consultation: ConsultationPage,
    *,
    body: str,
    public_body: str,
    author_name: str = "",
    review_words=(),
    client_address: str,
    now=None,
) -> ConsultationComment:
    """A citizen's comment, held for moderation (every comment is, whatever the words in it)."""
    now = now or timezone.now()
    if not consultation.is_open(now):
        raise ConsultationClosed
    rate_limits.hit(f"consultation:{consultation.pk}", client_address, COMMENTS_PER_ADDRESS_PER_HOUR, 3600)
    with transaction.atomic():
        comment = ConsultationComment.objects.create(
            consultation=consultation,
            author_name=author_name,
            body=body,
            public_body=public_body,
            review_words="、".join(sorted(set(review_words)))[:200],
            submitted_at=now,
        )
        log(instance=comment, action="interaction.comment_submitted")
    return comment


def comments_for(user):
    """The comments a moderator works with: those on the sites of the user's organisations."""
    return ConsultationComment.objects.under_paths(root_paths_for(user)).select_related("consultation")


def can_moderate(user, consultation: ConsultationPage) -> bool:
    if not user.is_authenticated:
        return False
    paths = root_paths_for(user)
    if paths is not None and not any(consultation.path.startswith(path) for path in paths):
        return False
    return consultation.permissions_for_user(user).can_edit()


def _locked(comment: ConsultationComment, user) -> ConsultationComment:
    if not can_moderate(user, comment.consultation):
        raise PermissionDenied("您不能审核这条意见。")
    return ConsultationComment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def moderate(comment: ConsultationComment, user, *, approve: bool) -> ConsultationComment:
    """Approve (shown on the page) or refuse publication; the permission check first, then the locked row."""
    locked = _locked(comment, user)
    locked.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    locked.moderated_at = timezone.now()
    locked.moderated_by = user
    locked.save(update_fields=["status", "moderated_at", "moderated_by"])
    log(
        instance=locked, action="interaction.comment_approved" if approve else "interaction.comment_rejected", user=user
    )
    return locked


@transaction.atomic
def record_adoption(comment: ConsultationComment, user, *, adoption: str, reason: str) -> ConsultationComment:
    """采纳情况 of one comment: adopted, partly or not adopted, with the reason (required unless adopted)."""
    if adoption not in Adoption.values:
        raise ValueError("unknown adoption")
    locked = _locked(comment, user)
    locked.adoption = adoption
    locked.adoption_reason = reason
    locked.save(update_fields=["adoption", "adoption_reason"])
    log(instance=locked, action="interaction.adoption_recorded", user=user)
    return locked


@dataclass(frozen=True)
class AdoptionCounts:
    received: int
    approved: int
    adopted: int
    partly: int
    not_adopted: int


def adoption_counts(consultation: ConsultationPage) -> AdoptionCounts:
    comments = list(consultation.comments.exclude(status=CommentStatus.REJECTED).values_list("status", "adoption"))
    rejected = consultation.comments.filter(status=CommentStatus.REJECTED).count()
    return AdoptionCounts(
        received=len(comments) + rejected,
        approved=sum(1 for status, _ in comments if status == CommentStatus.APPROVED),
        adopted=sum(1 for _, adoption in comments if adoption == Adoption.ADOPTED),
        partly=sum(1 for _, adoption in comments if adoption == Adoption.PARTLY),
        not_adopted=sum(1 for _, adoption in comments if adoption == Adoption.NOT_ADOPTED),
    )
