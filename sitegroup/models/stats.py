"""Daily page-view counters (no IP, no personal data: one row per page per day)."""

from django.db import models


class PageViewDaily(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期", db_index=True)
    views = models.PositiveIntegerField("访问量", default=0)

    class Meta:
        verbose_name = "页面访问量"
        verbose_name_plural = "页面访问量"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_counter_per_page_per_day")]
        indexes = [models.Index(fields=["site", "day"])]

    def __str__(self):
        return f"{self.page_id}@{self.day}: {self.views}"
