"""保密审查: the confidentiality-review step of a disclosure item's workflow, and its approval record
(公开审批表: item, disclosure attribute, opinion, reviewer, date), kept for printing and inspection."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.models import AbstractGroupApprovalTask


class DisclosureAttribute(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "同意公开"
    REJECTED = "rejected", "退回修改"


class ConfidentialityReviewTask(AbstractGroupApprovalTask):
    """The chosen groups (the organisation's reviewers) check that nothing secret or personal is
    published; each decision is recorded with the disclosure attribute and the opinion."""

    class Meta:
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"

    @classmethod
    def get_description(cls):
        return "政府信息公开前的保密审查：认定公开属性、填写审查意见，生成可打印的公开审批表。"

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", "退回修改", True), ("approve", "保密审查通过", True)]
        return []

    def get_form_for_action(self, action):
        from disclosure.forms import ApproveForm, RejectForm

        return ApproveForm if action == "approve" else RejectForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from disclosure.services import record_confidentiality_review

        attribute = kwargs.pop("attribute", DisclosureAttribute.PROACTIVE)
        record_confidentiality_review(task_state, user, action_name, attribute, kwargs.get("comment", ""))
        return super().on_action(task_state, user, action_name, **kwargs)


class ConfidentialityReview(models.Model):
    page = models.ForeignKey(
        "disclosure.DisclosureItemPage", verbose_name="信息", on_delete=models.CASCADE, related_name="reviews"
    )
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("sitegroup.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("信息名称", max_length=255)
    drafted_by = models.CharField("拟稿人", max_length=150, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True)
    attribute = models.CharField("公开属性", max_length=20, choices=DisclosureAttribute.choices)
    decision = models.CharField("审查结论", max_length=10, choices=ReviewDecision.choices)
    opinion = models.TextField("审查意见")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewer_name = models.CharField("审查人", max_length=150)
    reviewed_at = models.DateTimeField("审查时间", default=timezone.now)

    class Meta:
        verbose_name = "公开审批记录"
        verbose_name_plural = "公开审批记录"
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        return f"{self.title}（{self.get_decision_display()}）"
