"""Information submission (信息报送): a department's published article offered to a portal column."""

from django.conf import settings
from django.db import models


class SubmissionState(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采用"
    REJECTED = "rejected", "未采用"
    WITHDRAWN = "withdrawn", "原文已下线"


class Submission(models.Model):
    article = models.ForeignKey(
        "sitegroup.ArticlePage", verbose_name="原文", on_delete=models.CASCADE, related_name="submissions"
    )
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="报送单位", on_delete=models.PROTECT, related_name="submissions"
    )
    column = models.ForeignKey(
        "sitegroup.ColumnPage", verbose_name="门户栏目", on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(
        "状态", max_length=20, choices=SubmissionState.choices, default=SubmissionState.PENDING, db_index=True
    )
    note = models.CharField("报送说明", max_length=300, blank=True)
    title = models.CharField("标题", max_length=255)
    publish_time = models.DateTimeField("原文发布时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reason = models.CharField("未采用原因", max_length=300, blank=True)
    synced_at = models.DateTimeField("最近同步", null=True, blank=True)

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "column"],
                condition=models.Q(state__in=["pending", "accepted"]),
                name="submission_one_open_per_column",
            )
        ]
        indexes = [models.Index(fields=["column", "state", "publish_time"])]

    def __str__(self):
        return self.title

    @property
    def source(self) -> str:
        return self.organisation.name
