"""The classification data of the catalogue: topics (主题分类), genres (体裁分类), base catalogue items."""

from django.db import models


class Topic(models.Model):
    """主题分类: 22 first-level topics, each with second-level topics (loaded by a data migration)."""

    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self", verbose_name="上级主题", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name_per_parent")]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class Genre(models.Model):
    """体裁分类: 政府令, 决定, 公告, 通告, 意见, 通知 …"""

    name = models.CharField("名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "体裁分类"
        verbose_name_plural = "体裁分类"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class CatalogueGroup(models.TextChoices):
    REGULATION = "regulation", "政府信息公开条例规定事项"
    SPECIAL_FUNDS = "special_funds", "财政专项资金管理和使用情况"
    ARTICLE_20 = "article_20", "条例第二十条主动公开内容"


class CatalogueItem(models.Model):
    """One kind of information the county must publish, with the unit responsible for it."""

    group = models.CharField("类别", max_length=20, choices=CatalogueGroup.choices)
    number = models.PositiveIntegerField("序号")
    name = models.CharField("事项名称", max_length=200)
    responsible_units = models.CharField("负责单位", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "基本目录事项"
        verbose_name_plural = "基本目录事项"
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="unique_catalogue_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"
