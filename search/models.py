"""What the search app stores in the database: synonym groups, the daily search-term log, and the
rules the portal editors set for 热搜词 (blocked and pinned terms)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from search.lib.query import canonical
from search.lib.text import is_cjk, runs

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
    """How often a term was searched on a site on a day, and by how many different people (no IP,
    no user, nothing personal: see SearcherMark)."""

    term = models.CharField("搜索词", max_length=50)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="站点", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("日期")
    searches = models.PositiveIntegerField("搜索次数", default=0)
    searchers = models.PositiveIntegerField("搜索人数", default=0)
    results = models.PositiveIntegerField("最近一次结果数", default=0)

    class Meta:
        verbose_name = "搜索词统计"
        verbose_name_plural = "搜索词统计"
        constraints = [models.UniqueConstraint(fields=["term", "site", "day"], name="one_term_per_site_per_day")]
        indexes = [models.Index(fields=["day", "term"])]

    def __str__(self):
        return f"{self.term} ({self.day}: {self.searches})"


class SearcherSalt(models.Model):
    """Today's random salt for counting different searchers; deleted with the day's marks, after
    which nobody, not even with the server's secrets, can tell whose the marks were."""

    day = models.DateField("日期", unique=True)
    salt = models.CharField("盐值", max_length=64)

    class Meta:
        verbose_name = "搜索人数计数盐值"
        verbose_name_plural = "搜索人数计数盐值"

    def __str__(self):
        return str(self.day)


class SearcherMark(models.Model):
    """That an anonymous searcher was already counted for a term today: a salted hash of the
    client's address and browser, kept only until the day is over."""

    day = models.DateField("日期", db_index=True)
    term_daily = models.ForeignKey(SearchTermDaily, on_delete=models.CASCADE, related_name="+")
    mark = models.CharField("标记", max_length=32)

    class Meta:
        verbose_name = "搜索人标记"
        verbose_name_plural = "搜索人标记"
        constraints = [models.UniqueConstraint(fields=["term_daily", "mark"], name="one_mark_per_term_per_day")]

    def __str__(self):
        return f"{self.day} {self.mark[:6]}…"


class HotTermAction(models.TextChoices):
    BLOCK = "block", "屏蔽"
    PIN = "pin", "置顶"


class HotTermRule(models.Model):
    """A portal editor's decision on a 热搜词: blocked terms are never shown, pinned ones always first."""

    term = models.CharField("搜索词", max_length=50, unique=True)
    action = models.CharField("处理", max_length=10, choices=HotTermAction.choices)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "热搜词设置"
        verbose_name_plural = "热搜词设置"
        ordering = ["action", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}：{self.term}"


def normalise_term(text: str) -> str:
    """The form a term is counted, shown and ruled on in: the query parser's words (see `canonical`)."""
    return canonical(text)
