"""Site health monitor (网站健康检查): runs, the problems they found, and the digests of
published pages the monitor compares with what is served (网页防篡改)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Severity(models.TextChoices):
    GREEN = "green", "正常"
    YELLOW = "yellow", "预警"
    RED = "red", "严重"


SEVERITY_ORDER = {Severity.GREEN: 0, Severity.YELLOW: 1, Severity.RED: 2}


class RunState(models.TextChoices):
    RUNNING = "running", "检查中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class HealthRun(models.Model):
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="站点", on_delete=models.CASCADE, related_name="health_runs"
    )
    started_at = models.DateTimeField("开始时间", default=timezone.now, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=RunState.choices, default=RunState.RUNNING)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pages_checked = models.PositiveIntegerField("检查页面数", default=0)
    links_checked = models.PositiveIntegerField("检查链接数", default=0)
    pages_rendered = models.PositiveIntegerField("防篡改渲染核验页面数", default=0)
    progress = models.CharField("进度", max_length=100, blank=True)
    # check code → severity, for the traffic lights and to notice a check turning red
    results = models.JSONField("各项结果", default=dict, blank=True)
    error = models.CharField("错误信息", max_length=500, blank=True)

    class Meta:
        verbose_name = "健康检查"
        verbose_name_plural = "健康检查"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-started_at"])]

    def __str__(self):
        return f"{self.organisation} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def severity(self) -> str:
        return max(self.results.values(), key=lambda value: SEVERITY_ORDER[value], default=Severity.GREEN)


class HealthProblem(models.Model):
    run = models.ForeignKey(HealthRun, on_delete=models.CASCADE, related_name="problems")
    check_code = models.CharField("检查项", max_length=40)
    severity = models.CharField("级别", max_length=10, choices=Severity.choices)
    message = models.CharField("问题", max_length=500)
    fix_url = models.CharField("处理入口", max_length=500, blank=True)

    class Meta:
        verbose_name = "健康问题"
        verbose_name_plural = "健康问题"
        ordering = ["pk"]

    def __str__(self):
        return self.message


class PageDigest(models.Model):
    """SHA-256 of a page's served content, recorded when it was published (网页防篡改)."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField("摘要", max_length=64)
    revision_id = models.PositiveBigIntegerField("版本", null=True, blank=True)
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    # The page's stored content fields at publication: compared on every run without rendering.
    content_digest = models.CharField("内容数据摘要", max_length=64, blank=True)
    # When the monitor last rendered the page and compared it with ``digest``, and whether it matched:
    # the longest-uncompared go first, and a page that did not match is compared again on every run.
    compared_at = models.DateTimeField("最近比对", null=True, blank=True, db_index=True)
    served_matches = models.BooleanField("与发布时一致", default=True)

    class Meta:
        verbose_name = "页面摘要"
        verbose_name_plural = "页面摘要"

    def __str__(self):
        return f"{self.page_id}: {self.digest[:12]}"
