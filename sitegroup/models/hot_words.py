"""Hot words (扩展热字): a keyword linked wherever it appears in article bodies, group-wide or on one site."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def validate_link(value: str) -> None:
    if not (value.startswith(("http://", "https://")) or (value.startswith("/") and not value.startswith("//"))):
        raise ValidationError("链接须以 http://、https:// 或 / 开头。")


class HotWord(index.Indexed, models.Model):
    word = models.CharField("热字", max_length=50)
    url = models.CharField("链接地址", max_length=500, validators=[validate_link], help_text="如 https://… 或 /zwgk/")
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="适用站点",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="留空表示全站群适用；站点热字优先于同名的全站群热字。",
    )
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("url"), FieldPanel("site"), FieldPanel("is_active")]
    search_fields = [index.SearchField("word"), index.AutocompleteField("word")]

    class Meta:
        verbose_name = "扩展热字"
        verbose_name_plural = "扩展热字"
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["word", "site"], name="hot_word_unique_per_site"),
            models.UniqueConstraint(
                fields=["word"], condition=models.Q(site__isnull=True), name="hot_word_unique_group_wide"
            ),
        ]

    def __str__(self):
        return self.word

    @property
    def scope_label(self) -> str:
        return self.site.site_name if self.site_id else "全站群"

    def clean(self):
        from sitegroup.lib.wordfilter import normalise

        self.word = (self.word or "").strip()
        self.url = (self.url or "").strip()
        if not normalise(self.word):
            raise ValidationError({"word": "热字不能只由标点、空格或符号组成。"})
        duplicates = HotWord.objects.filter(word=self.word, site=self.site).exclude(pk=self.pk)
        if duplicates.exists():
            raise ValidationError({"word": "该范围内已有同名热字。"})
