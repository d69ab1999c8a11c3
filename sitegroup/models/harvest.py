"""信息抓取: sources an organisation's site admins configure, the runs that fetched them, and what they brought in."""

from django.db import models
from django.utils import timezone


class HarvestSourceKind(models.TextChoices):
    FEED = "feed", "RSS/Atom 订阅源"
    HTML = "html", "网页列表（选择器）"


class HarvestSource(models.Model):
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="所属机构", on_delete=models.CASCADE, related_name="harvest_sources"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=HarvestSourceKind.choices, default=HarvestSourceKind.FEED)
    url = models.URLField("抓取地址", max_length=500, help_text="订阅源地址，或文章列表页地址。")
    target_column = models.ForeignKey(
        "sitegroup.ColumnPage",
        verbose_name="目标栏目",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="抓取到的文章作为草稿放入此栏目。",
    )
    source_label = models.CharField(
        "来源名称", max_length=100, blank=True, help_text="填入稿件的“来源”；留空时使用名称。"
    )
    link_selector = models.CharField("列表链接选择器", max_length=200, blank=True, help_text="例如：ul.news-list a")
    title_selector = models.CharField("标题选择器", max_length=200, blank=True, help_text="例如：h1")
    date_selector = models.CharField("日期选择器", max_length=200, blank=True, help_text="例如：.pubdate")
    body_selector = models.CharField("正文选择器", max_length=200, blank=True, help_text="例如：div.article-body")
    interval_minutes = models.PositiveIntegerField("抓取间隔（分钟）", default=360)
    max_items = models.PositiveSmallIntegerField("每次最多抓取条数", default=20)
    is_active = models.BooleanField("启用", default=True)
    last_run_at = models.DateTimeField("上次抓取", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抓取源"
        verbose_name_plural = "抓取源"
        ordering = ["organisation", "name"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.source_label or self.name

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_active:
            return False
        if self.last_run_at is None:
            return True
        return (now - self.last_run_at).total_seconds() >= self.interval_minutes * 60


class HarvestRunStatus(models.TextChoices):
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "成功"
    PARTIAL = "partial", "部分失败"
    FAILED = "failed", "失败"


class HarvestRun(models.Model):
    source = models.ForeignKey(HarvestSource, verbose_name="抓取源", on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("结果", max_length=10, choices=HarvestRunStatus.choices, default=HarvestRunStatus.RUNNING)
    found_count = models.PositiveIntegerField("发现条数", default=0)
    new_count = models.PositiveIntegerField("新增草稿", default=0)
    duplicate_count = models.PositiveIntegerField("重复跳过", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    errors = models.JSONField("错误信息", default=list, blank=True)
    triggered_by = models.CharField("触发方式", max_length=40, blank=True)

    class Meta:
        verbose_name = "抓取记录"
        verbose_name_plural = "抓取记录"
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source} @ {self.started_at:%Y-%m-%d %H:%M}"


class HarvestedItem(models.Model):
    """One article brought in: its URL and normalised-content digest keep it from coming in twice."""

    source = models.ForeignKey(HarvestSource, verbose_name="抓取源", on_delete=models.CASCADE, related_name="items")
    organisation = models.ForeignKey("sitegroup.Organisation", on_delete=models.CASCADE, related_name="+")
    url = models.URLField("原文地址", max_length=1000)
    content_digest = models.CharField("内容摘要值", max_length=64, db_index=True)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="草稿", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run = models.ForeignKey(HarvestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    created_at = models.DateTimeField("抓取时间", default=timezone.now)

    class Meta:
        verbose_name = "抓取条目"
        verbose_name_plural = "抓取条目"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="harvest_url_once_per_organisation")
        ]

    def __str__(self):
        return self.url
