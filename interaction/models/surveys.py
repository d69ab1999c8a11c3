"""网上调查: a survey page with its questions, and the anonymous responses.

One answer per person without personal data: the browser gets a random token in a cookie (nothing
about the person), and a response stores only HMAC(server key, survey id + token). The same browser
cannot answer twice (a unique constraint); nobody — not even an administrator with the database — can
link a response to a person or a visit. A person who clears cookies can answer again, so answers are
also limited per hashed network address (sitegroup.services.rate_limits: the address itself is never
stored). We chose this over logins or phone numbers: a county survey must stay open to everyone, and
collecting identities for an opinion poll is more than the law allows us to keep.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from sitegroup.models import SiteGroupPage

MAX_OPTIONS = 20


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    RATING = "rating", "评分题（1～5分）"
    TEXT = "text", "填空题（文字）"


RATING_LABELS = {1: "1分（很不满意）", 2: "2分（不满意）", 3: "3分（一般）", 4: "4分（满意）", 5: "5分（很满意）"}


class SurveyPage(RoutablePageMixin, SiteGroupPage):
    """网上调查. `/` shows the questions (or why it is closed), `results/` the charts when allowed."""

    intro = RichTextField("调查说明", blank=True, features=["bold", "link", "ol", "ul"])
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    results_public = models.BooleanField(
        "公开调查结果", default=True, help_text="选中后，公众在提交后和调查结束后都能查看统计图表。"
    )
    thank_you_text = models.CharField("提交后的感谢语", max_length=200, default="感谢您参与本次调查！")

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("results_public")],
            heading="时间与结果",
        ),
        FieldPanel("thank_you_text"),
        InlinePanel("questions", label="调查问题", min_num=1),
    ]
    parent_page_types = ["sitegroup.HomePage", "sitegroup.ColumnPage", "interaction.InteractionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "网上调查"
        verbose_name_plural = "网上调查"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "截止时间必须晚于开始时间。"})

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def state_label(self, now=None) -> str:
        return {"upcoming": "未开始", "open": "进行中", "closed": "已结束"}[self.state(now)]

    @path("")
    def survey(self, request):
        from interaction.views import surveys

        return surveys.survey(request, self)

    @path("results/")
    def results(self, request):
        from interaction.views import surveys

        return surveys.results(request, self)


class SurveyQuestion(Orderable):
    survey = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("问题", max_length=200)
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    options = models.TextField("选项", blank=True, help_text="单选题、多选题填写，每行一个选项。")
    is_required = models.BooleanField("必答", default=True)

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("kind")]), FieldPanel("options"), FieldPanel("is_required")]

    class Meta(Orderable.Meta):
        verbose_name = "调查问题"
        verbose_name_plural = "调查问题"

    def __str__(self):
        return self.text

    @property
    def option_list(self) -> list[str]:
        seen: list[str] = []
        for line in (self.options or "").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    def clean(self):
        super().clean()
        if self.has_options and not 2 <= len(self.option_list) <= MAX_OPTIONS:
            raise ValidationError({"options": f"选择题需要2～{MAX_OPTIONS}个选项，每行一个。"})


class SurveyResponse(models.Model):
    """One person's answers: {question id: option text | [option texts] | rating | text}."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="responses", verbose_name="调查")
    respondent_key = models.CharField("答卷标识（不可反查）", max_length=64, editable=False)
    answers = models.JSONField("答案", default=dict)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_key"], name="interaction_one_response_per_person")
        ]

    def __str__(self):
        return f"{self.survey.title} · {self.pk}"
