"""Admin-editable sensitive-word lists (敏感词) and the automatic editorial check task."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import AbstractGroupApprovalTask, TaskState
from wagtail.search import index

from sitegroup.lib.wordfilter import Level


class SensitiveWordLevel(models.IntegerChoices):
    MASK = Level.MASK, "替换（打码后发布）"
    REVIEW = Level.REVIEW, "人工审核"
    BLOCK = Level.BLOCK, "禁止发布"


class SensitiveWord(index.Indexed, models.Model):
    word = models.CharField("敏感词", max_length=50, unique=True)
    level = models.PositiveSmallIntegerField("处理级别", choices=SensitiveWordLevel.choices, default=Level.REVIEW)
    category = models.CharField("分类", max_length=30, blank=True, help_text="例如：政治、色情、赌博、诈骗、广告。")
    note = models.CharField("备注", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("word"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("category")]),
        FieldPanel("note"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("word"), index.AutocompleteField("word"), index.FilterField("level")]

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["-level", "word"]

    def __str__(self):
        return self.word

    def clean(self):
        from django.core.exceptions import ValidationError

        from sitegroup.lib.wordfilter import normalise

        self.word = (self.word or "").strip()
        if not normalise(self.word):
            raise ValidationError({"word": "敏感词不能只由标点、空格或符号组成。"})


class SensitiveWordCheckTask(AbstractGroupApprovalTask):
    """Automatic workflow step: scans the submitted revision with the sensitive-word engine.

    No match, or only mask-level matches → approved at once; block-level → sent back to the
    editor with the words found; review-level → waits for the chosen groups (the organisation's
    reviewers) to approve or reject with the matches shown in the comment.
    """

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields

    class Meta:
        verbose_name = "敏感词自动检查"
        verbose_name_plural = "敏感词自动检查"

    @classmethod
    def get_description(cls):
        return "自动检查稿件中的敏感词：含禁止类词语退回修改，含审核类词语由所选用户组人工确认。"

    def start(self, workflow_state, user=None):
        from sitegroup.services.sensitive_words import scan_text

        task_state = super().start(workflow_state, user=user)
        content = task_state.revision.as_object() if task_state.revision else workflow_state.content_object
        text_for_review = getattr(content, "text_for_review", None)
        text = text_for_review() if text_for_review else content.title
        result = scan_text(text)
        if result.is_blocked:
            task_state.reject(user=None, update=False, comment="含禁止发布的敏感词：" + "、".join(result.words))
        elif result.needs_review:
            task_state.comment = "含需人工审核的敏感词：" + "、".join(result.words)
            task_state.save(update_fields=["comment"])
        else:
            note = "自动检查通过。" + ("（含打码类词语：" + "、".join(result.words) + "）" if result.matches else "")
            task_state.approve(user=None, update=False, comment=note)
        task_state.refresh_from_db()
        return task_state


__all__ = ["SensitiveWord", "SensitiveWordCheckTask", "SensitiveWordLevel", "TaskState"]
