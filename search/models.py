"""What the search app stores in the database: synonym groups and the daily search-term log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from search.lib.text import is_cjk, normalise, runs

MAX_SYNONYM_LENGTH = 20


def parse_synonym_terms(raw: str) -> list[str]:
    """'低保，最低生活保障' -> ['低保', '最低生活保障']: commas or spaces separate, normalised, unique."""
    terms = []
    for part in raw.replace("，", ",").replace("、", ",").replace(" ", ",").split(","):
        term = "".join(runs(part))
        if term and term not in terms:
            terms.append(term)
    return terms


class Synonym(models.Model):
    """A group of words that mean the same to a citizen: searching one finds the others."""

    terms = models.CharField(
        "同义词组",
        max_length=300,
        help_text="用逗号或顿号分隔，如：低保，最低生活保障。搜索其中任意一个词，会同时找到包含其他词的内容。",
    )
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self) -> list[str]:
        return parse_synonym_terms(self.terms)

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": "同义词组至少需要两个词，用逗号分隔。"})
        for term in terms:
            if len(term) > MAX_SYNONYM_LENGTH:
                raise ValidationError({"terms": f"“{term}”太长：每个词不超过 {MAX_SYNONYM_LENGTH} 个字。"})
            if len(term) < 2 and is_cjk(term):
                raise ValidationError({"terms": f"“{term}”只有一个字，无法作为同义词。"})
        self.terms = "，".join(terms)


class SearchTermDaily(models.Model):
    """How often a term was searched on a site on a day (no IP, no user: nothing personal)."""

    term = models.CharField("搜索词", max_length=50)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="站点", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("日期")
    searches = models.PositiveIntegerField("搜索次数", default=0)
    results = models.PositiveIntegerField("最近一次结果数", default=0)

    class Meta:
        verbose_name = "搜索词统计"
        verbose_name_plural = "搜索词统计"
        constraints = [models.UniqueConstraint(fields=["term", "site", "day"], name="one_term_per_site_per_day")]
        indexes = [models.Index(fields=["day", "term"])]

    def __str__(self):
        return f"{self.term} ({self.day}: {self.searches})"


def normalise_term(text: str) -> str:
    return " ".join(normalise(text).split())[:50]
