"""Citizens' messages (网上信箱): admin-configured channels and the message, a case kind on the case
core (`sitegroup.models.Case`) with its history and attachments, and the handlers' reply templates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sitegroup.models import Case, CaseEvent
from sitegroup.models.fields import EncryptedCharField

MAX_REPLY_DAYS = 15


class ChannelKind(models.TextChoices):
    LEADER = "leader", "领导信箱"
    CONSULTATION = "consultation", "咨询"
    SUGGESTION = "suggestion", "建议"
    COMPLAINT = "complaint", "投诉举报"
    PETITION = "petition", "网上信访"
    ERROR_REPORT = "error_report", "我为政府网站找错"


# Reply limits in working days (STANDARDS.md "Interaction": consultation/suggestion 5, complaint 7,
# at most 15; 找错 3 as the national website rules ask for error reports).
DEFAULT_REPLY_DAYS = {
    ChannelKind.LEADER: 5,
    ChannelKind.CONSULTATION: 5,
    ChannelKind.SUGGESTION: 5,
    ChannelKind.COMPLAINT: 7,
    ChannelKind.PETITION: 15,
    ChannelKind.ERROR_REPORT: 3,
}


class MessageChannel(models.Model):
    """A way to write in: 县长信箱, 咨询, 投诉举报… Its organisation's handlers triage what comes in."""

    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="所属机构（分办）", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("类型", max_length=20, choices=ChannelKind.choices)
    name = models.CharField("名称", max_length=50, help_text="例如：县长信箱、咨询、投诉举报。")
    leader_name = models.CharField("领导姓名", max_length=20, blank=True, help_text="领导信箱填写。")
    leader_title = models.CharField("领导职务", max_length=50, blank=True)
    description = models.TextField("说明", blank=True, help_text="写信须知，显示在写信页面上方。")
    reply_days = models.PositiveSmallIntegerField(
        "答复期限（工作日）",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPLY_DAYS)],
        help_text=f"咨询、建议一般5个工作日，投诉7个工作日，最长{MAX_REPLY_DAYS}个工作日。",
    )
    is_public = models.BooleanField("答复可以公开", default=True, help_text="写信人同意公开时，答复审核后公开。")
    needs_review = models.BooleanField("答复须经审核", default=True)
    lets_citizen_choose_department = models.BooleanField("写信人可选择办理部门", default=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "信箱栏目"
        verbose_name_plural = "信箱栏目"
        ordering = ["organisation__sort_order", "sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == ChannelKind.LEADER and not (self.leader_name or self.leader_title):
            raise ValidationError({"leader_title": "领导信箱请填写领导职务（如“县长”）。"})

    @property
    def extension_days(self) -> int:
        return extension_days_for(self.reply_days)


def extension_days_for(reply_days: int) -> int:
    """One approved extension: as long again, but never beyond 15 working days in all."""
    return max(0, min(reply_days, MAX_REPLY_DAYS - reply_days))


class MessageState(models.TextChoices):
    HELD = "held", "待内容审查"
    TRIAGE = "triage", "待分办"
    HANDLING = "handling", "办理中"
    REVIEW = "review", "答复待审核"
    ANSWERED = "answered", "已答复"
    PUBLISHED = "published", "已答复并公开"
    MERGED = "merged", "已合并办理"
    REJECTED = "rejected", "不予受理"


OPEN_STATES = (MessageState.HELD, MessageState.TRIAGE, MessageState.HANDLING, MessageState.REVIEW)
ANSWERED_STATES = (MessageState.ANSWERED, MessageState.PUBLISHED)


class MessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def published(self):
        return self.filter(state=MessageState.PUBLISHED)


class Message(Case):
    """A citizen's message. `organisation` (from the core) is who handles it now: the channel's triage
    desk, then the department it is assigned or transferred to."""

    channel = models.ForeignKey(MessageChannel, verbose_name="信箱栏目", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "sitegroup.Organisation",
        verbose_name="写信人选择的部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    name = models.CharField("姓名", max_length=50)
    phone = EncryptedCharField("联系电话", max_length=20)
    email = models.EmailField("电子邮箱", blank=True)
    wants_public = models.BooleanField("同意公开", default=True)
    reply_days = models.PositiveSmallIntegerField(
        "答复期限（工作日）", default=5, help_text="收信时信箱的答复期限；此后修改信箱不影响已收到的来信。"
    )
    needs_content_review = models.BooleanField("含待审查词语", default=False)
    state = models.CharField("状态", max_length=20, choices=MessageState.choices, default=MessageState.TRIAGE)
    reply = models.TextField("答复内容", blank=True)
    reply_organisation = models.ForeignKey(
        "sitegroup.Organisation",
        verbose_name="答复单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    working_days_taken = models.PositiveSmallIntegerField("用时（工作日）", null=True, blank=True)
    was_late = models.BooleanField("超期答复", default=False)
    published_title = models.CharField("公开标题", max_length=100, blank=True)
    published_body = models.TextField("公开内容", blank=True)
    published_reply = models.TextField("公开答复", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True, db_index=True)
    is_faq = models.BooleanField("常见问题", default=False)
    merged_into = models.ForeignKey(
        "self", verbose_name="合并到", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "群众来信"
        verbose_name_plural = "群众来信"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["state", "published_on"]),
            models.Index(fields=["reply_organisation", "state"]),
            models.Index(fields=["channel", "state", "published_on"]),
        ]

    def __str__(self):
        return f"{self.lookup_code} {self.title}"


class MessageEvent(CaseEvent):
    case = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField("原状态", max_length=20, choices=MessageState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=MessageState.choices, blank=True)

    class Meta(CaseEvent.Meta):
        verbose_name = "来信办理记录"
        verbose_name_plural = "来信办理记录"


def _private_storage():
    return storages["private"]


class MessageAttachment(models.Model):
    """A file sent with a message: stored outside the public media, opened only by its handlers."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="messages/%Y/%m/", storage=_private_storage)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "来信附件"
        verbose_name_plural = "来信附件"

    def __str__(self):
        return self.original_name


class ReplyTemplate(models.Model):
    """A reply handlers start from (受理告知, 转办说明…); shared by all or kept by one organisation."""

    organisation = models.ForeignKey(
        "sitegroup.Organisation",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="留空则所有机构可用。",
    )
    title = models.CharField("名称", max_length=50)
    text = models.TextField("答复模板", help_text="可使用 {姓名}、{标题}、{单位} 占位，套用时自动替换。")

    class Meta:
        verbose_name = "答复模板"
        verbose_name_plural = "答复模板"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def fill(self, message: Message, organisation_name: str) -> str:
        return (
            self.text.replace("{姓名}", message.name[:1] + "先生/女士" if message.name else "")
            .replace("{标题}", message.title)
            .replace("{单位}", organisation_name)
        )
