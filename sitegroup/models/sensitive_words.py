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
    """Automatic workflow step: scans the submitted revision, field by field, with the sensitive-word engine.

    Block-level → sent back to the editor with the words and where they are (the edit form refuses
    such a submission first; this is the rule for every other way in). Review-level → passed on to
    the next task, whose reviewers see the words highlighted on the edit page and approve once;
    only when no task follows does this step wait for the chosen groups itself. Mask-level →
    approved; the words are masked in the revision that gets published.
    """

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields

    class Meta:
        verbose_name = "敏感词自动检查"
        verbose_name_plural = "敏感词自动检查"

    @classmethod
    def get_description(cls):
        return (
            "自动检查稿件中的敏感词：含禁止类词语退回修改；含审核类词语标出后交审核员核对；打码类词语发布时以＊替换。"
        )

    def _is_followed_by_a_task(self, workflow_state) -> bool:
        from wagtail.models import WorkflowTask

        link = WorkflowTask.objects.filter(workflow=workflow_state.workflow, task=self).first()
        return (
            link is not None
            and WorkflowTask.objects.filter(
                workflow=workflow_state.workflow, task__active=True, sort_order__gt=link.sort_order
            ).exists()
        )

    def start(self, workflow_state, user=None):
        from sitegroup.services import wrong_forms
        from sitegroup.services.sensitive_words import scan_page

        task_state = super().start(workflow_state, user=user)
        content = task_state.revision.as_object() if task_state.revision else workflow_state.content_object.specific
        findings = scan_page(content)
        wrong = wrong_forms.scan_page(content)
        wrong_blocking = wrong_forms.summary(finding for finding in wrong if finding.is_blocking)
        wrong_held = wrong_forms.summary(finding for finding in wrong if not finding.is_blocking)

        def listed(level):
            places = {}
            for finding in findings:
                if finding.level == level:
                    places.setdefault(finding.word, []).append(finding.label)
            return "；".join(f"「{word}」（{'、'.join(dict.fromkeys(labels))}）" for word, labels in places.items())

        blocked, held, masked = listed(Level.BLOCK), listed(Level.REVIEW), listed(Level.MASK)
        if blocked or wrong_blocking:
            reasons = []
            if blocked:
                reasons.append(f"含禁止发布的敏感词：{blocked}。请删除或替换后重新提交。")
            if wrong_blocking:
                reasons.append(f"含必须改正的错敏词：{wrong_blocking}。请改正后重新提交。")
            task_state.reject(user=None, update=False, comment="".join(reasons))
        elif (held or wrong_held) and not self._is_followed_by_a_task(workflow_state):
            task_state.comment = "".join(
                ([f"含需人工审核的敏感词：{held}。"] if held else [])
                + ([f"含错敏词，请审核员确认：{wrong_held}。"] if wrong_held else [])
            )
            task_state.save(update_fields=["comment"])
        else:
            note = "自动检查通过。"
            if held:
                note += f"含需人工审核的敏感词：{held}，已标出，请审核员核对。"
            if wrong_held:
                note += f"含错敏词，已标出，请审核员确认：{wrong_held}。"
            if masked:
                note += f"发布时将以＊替换：{masked}。"
            task_state.approve(user=None, update=False, comment=note)
        task_state.refresh_from_db()
        return task_state


__all__ = ["SensitiveWord", "SensitiveWordCheckTask", "SensitiveWordLevel", "TaskState"]
