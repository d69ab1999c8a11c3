"""民意征集 on a draft document: the page with the draft, the citizens' comments (moderated) and the
published summary of adoption (采纳情况)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from sitegroup.models import SiteGroupPage


class ConsultationPage(RoutablePageMixin, SiteGroupPage):
    """民意征集. `/` shows the draft, the comment form while open, approved comments and the adoption
    summary once published; `comment/` takes a comment."""

    intro = models.TextField("征集说明", blank=True)
    document_title = models.CharField("草案名称", max_length=200)
    draft_body = RichTextField("草案正文", blank=True)
    draft_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="草案文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opens_at = models.DateTimeField("征集开始")
    closes_at = models.DateTimeField("征集截止")
    contact = models.CharField("联系方式", max_length=200, blank=True, help_text="例如：区司法局 0511-85612345")
    summary_published = models.BooleanField("公布采纳情况", default=False)
    summary_text = RichTextField("采纳情况说明", blank=True, features=["bold", "ol", "ul", "link"])

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("document_title"), FieldPanel("draft_body"), FieldPanel("draft_document")], heading="草案"
        ),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("contact"),
        MultiFieldPanel([FieldPanel("summary_published"), FieldPanel("summary_text")], heading="采纳情况"),
    ]
    parent_page_types = ["sitegroup.HomePage", "sitegroup.ColumnPage", "interaction.InteractionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "民意征集"
        verbose_name_plural = "民意征集"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "征集截止时间必须晚于开始时间。"})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def state_label(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "未开始"
        return "征集中" if now < self.closes_at else "已结束"

    @path("")
    def consultation(self, request):
        from interaction.views import consultations

        return consultations.consultation(request, self)

    @path("comment/")
    def comment(self, request):
        from interaction.views import consultations

        return consultations.comment(request, self)


class CommentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已公开"
    REJECTED = "rejected", "不予公开"


class Adoption(models.TextChoices):
    UNDECIDED = "", "未答复"
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self):
        return self.filter(status=CommentStatus.PENDING)

    def under_paths(self, paths):
        """Comments on consultations under the given site roots (None: every site)."""
        if paths is None:
            return self
        from sitegroup.permissions import under_paths

        condition = under_paths(paths)
        page_ids = ConsultationPage.objects.filter(condition).values("pk")
        return self.filter(consultation__in=page_ids)


class ConsultationComment(models.Model):
    """One citizen's comment; held until a moderator approves it. `public_body` is what is shown
    (mask-level words replaced); `body` is kept as written for the moderator."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="comments", verbose_name="民意征集"
    )
    author_name = models.CharField("称呼", max_length=30, blank=True)
    body = models.TextField("意见原文")
    public_body = models.TextField("公开文本")
    review_words = models.CharField("需审核的词语", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adoption = models.CharField("采纳情况", max_length=12, choices=Adoption.choices, blank=True, default="")
    adoption_reason = models.CharField("采纳说明或未采纳理由", max_length=500, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self):
        return self.public_body[:30]

    @property
    def display_name(self) -> str:
        return self.author_name or "网友"
