"""政府网站工作年度报表: one per site and year; hand-entered figures here, computed ones read at build time."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebsiteReportStatus(models.TextChoices):
    DRAFT = "draft", "填报中"
    PUBLISHED = "published", "已发布"


class WebsiteAnnualReport(models.Model):
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="机构", on_delete=models.CASCADE, related_name="website_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=10, choices=WebsiteReportStatus.choices, default=WebsiteReportStatus.DRAFT
    )
    entered = models.JSONField("填报数据", default=dict, blank=True)
    published_values = models.JSONField("发布时数据", default=dict, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year", "organisation"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_website_report_per_year")]

    def __str__(self):
        return f"{self.organisation} {self.year}年度政府网站工作年度报表"

    @property
    def is_published(self) -> bool:
        return self.status == WebsiteReportStatus.PUBLISHED
