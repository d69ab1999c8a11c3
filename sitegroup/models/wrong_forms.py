"""错敏词: known wrong forms (leader titles, place names, the country's full name, outdated
institution names) with their correction, checked by the editorial workflow and the health monitor."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class WrongFormLevel(models.IntegerChoices):
    WARN = 2, "提示（审核员须确认）"
    BLOCK = 3, "禁止发布（须改正）"


class WrongForm(index.Indexed, models.Model):
    wrong = models.CharField("错误写法", max_length=50, unique=True)
    correct = models.CharField("正确写法", max_length=100)
    level = models.PositiveSmallIntegerField("处理级别", choices=WrongFormLevel.choices, default=WrongFormLevel.WARN)
    category = models.CharField("分类", max_length=30, blank=True, help_text="例如：国名、地名、机构名称、领导职务。")
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("wrong"), FieldPanel("correct")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("category")]),
        FieldPanel("note"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("wrong"), index.SearchField("correct"), index.AutocompleteField("wrong")]

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        ordering = ["-level", "wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.correct}"

    def clean(self):
        from sitegroup.lib.wordfilter import normalise

        self.wrong = (self.wrong or "").strip()
        self.correct = (self.correct or "").strip()
        if not normalise(self.wrong):
            raise ValidationError({"wrong": "错误写法不能只由标点、空格或符号组成。"})
        if normalise(self.correct) and normalise(self.wrong) in normalise(self.correct):
            raise ValidationError({"correct": "正确写法包含错误写法，会被反复标出；请改用更长的错误写法。"})
