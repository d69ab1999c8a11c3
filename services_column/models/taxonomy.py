"""The classification of service items besides power category and department: life events (主题),
for persons (个人办事) and for legal persons (法人办事)."""

from django.db import models


class Audience(models.TextChoices):
    PERSON = "person", "个人"
    LEGAL_PERSON = "legal_person", "法人"


class LifeEvent(models.Model):
    """A life event a citizen or a business looks for services by: 生育收养, 设立变更 …"""

    name = models.CharField("名称", max_length=30)
    audience = models.CharField("服务对象", max_length=20, choices=Audience.choices)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类（人生事件）"
        verbose_name_plural = "主题分类（人生事件）"
        ordering = ["audience", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["audience", "name"], name="unique_life_event_per_audience")]

    def __str__(self):
        return f"{self.get_audience_display()}·{self.name}"
