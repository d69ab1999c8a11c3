"""Publishing rules: nothing reaches the public except through the site's workflow.

- No organisation role holds Wagtail's publish permission. Reviewers approve through the workflow's
  tasks; when the last task approves, `publish_workflow_state` (Wagtail's
  WAGTAIL_FINISH_WORKFLOW_ACTION, through `sitegroup.workflow_finish`) publishes the latest
  revision — or schedules it, when the editor set a go-live time.
- Every revision that goes public is masked first (`prepare_for_publication`): mask-level words
  become ＊ in a new revision, which is the one published, and the audit log names the words.
- A platform admin's emergency publish (`emergency_publish`) needs a reason, is refused where
  another app requires its own review (hook `sitegroup_refuse_emergency_publish`, e.g. 保密审查
  of disclosure items) or where a block-level word remains, and is audit-logged with the reason.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail import hooks
from wagtail.log_actions import log

from sitegroup.lib.wordfilter import Level
from sitegroup.services import wrong_forms
from sitegroup.services.sensitive_words import Finding, mask_page, scan_page

REASON_FIELD = "emergency_publish_reason"
MAX_REASON_LENGTH = 500


class PublishRefused(PermissionDenied):
    """A publication the rules do not allow; the message says why, in Chinese."""


def prepare_for_publication(revision, *, user=None):
    """The revision to publish: the given one, or a new one with mask-level words replaced by ＊.

    Block-level words are masked too: the form refuses them, so one can only be here when the word
    list changed during review, and it must not reach the public either way.
    """
    page = revision.as_object()
    masked = mask_page(page, levels=(Level.MASK, Level.BLOCK))
    if not masked:
        return revision, []
    masked_revision = page.save_revision(user=revision.user, log_action=False, clean=False)
    log(
        instance=page,
        action="sitegroup.mask_sensitive_words",
        user=user,
        revision=masked_revision,
        data={
            "words": sorted({finding.word for finding in masked}),
            "places": sorted({finding.label for finding in masked}),
        },
    )
    return masked_revision, masked


@transaction.atomic
def publish_workflow_state(workflow_state, user=None):
    """The end of an approved workflow: publish (or schedule) the latest revision, masked.

    The approving reviewer holds no publish permission; the workflow's approval is the permission.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision, _masked = prepare_for_publication(revision, user=user)
    revision.publish(user=user, skip_permission_checks=True)


def emergency_publish_refusal(page, user, reason: str | None = None) -> str | None:
    """Why this user may not publish this page directly (None: allowed). Reason checked when given."""
    if user is None or not user.is_superuser:
        return "只有平台管理员可以紧急发布；稿件请提交审核，经审核员批准后发布。"
    for hook in hooks.get_hooks("sitegroup_refuse_emergency_publish"):
        message = hook(page)
        if message:
            return message
    if reason is not None:
        reason = reason.strip()
        if not reason:
            return "紧急发布须填写理由（将记入操作日志）。"
        if len(reason) > MAX_REASON_LENGTH:
            return f"紧急发布理由不超过 {MAX_REASON_LENGTH} 字。"
    return None


def may_emergency_publish(page, user) -> bool:
    return emergency_publish_refusal(page, user) is None


def blocking_findings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.level is Level.BLOCK]


@transaction.atomic
def emergency_publish(page, revision, *, user, reason: str):
    """A platform admin publishes (or schedules) a revision outside the workflow, with a logged reason."""
    refusal = emergency_publish_refusal(page, user, reason)
    if refusal:
        raise PublishRefused(refusal)
    blocked = blocking_findings(scan_page(revision.as_object()))
    if blocked:
        words = "、".join(sorted({finding.word for finding in blocked}))
        raise PublishRefused(f"含禁止发布的敏感词「{words}」，不能发布。请删除或替换后重新发布。")
    wrong = [finding for finding in wrong_forms.scan_page(revision.as_object()) if finding.is_blocking]
    if wrong:
        raise PublishRefused(f"含必须改正的错敏词：{wrong_forms.summary(wrong)}，不能发布。请改正后重新发布。")
    revision, masked = prepare_for_publication(revision, user=user)
    revision.publish(user=user)
    log(
        instance=page,
        action="sitegroup.emergency_publish",
        user=user,
        revision=revision,
        data={"reason": reason.strip()},
    )
    return revision, masked
