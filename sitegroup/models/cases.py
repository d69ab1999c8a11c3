"""The case core: what a disclosure request, a citizen's message and a service application share.

`Case`, `CaseEvent` and `CasePause` are abstract: each app's case kind is a concrete model of its
own with its own fields and states (`disclosure.DisclosureRequest`, `interaction.Message`), and
registers itself with `sitegroup.services.cases`. The outbox (`Notification`) is one table for all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from sitegroup.models.fields import EncryptedCharField


class Rating(models.IntegerChoices):
    """好差评: the five grades of the national government-service rating."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    FAIRLY_SATISFIED = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


class Case(models.Model):
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="承办机构", on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lookup_code = models.CharField("查询码", max_length=16, unique=True)
    state = models.CharField("状态", max_length=30)
    received_on = models.DateField("收到日期")
    due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)
    is_extended = models.BooleanField("已延期", default=False)
    extension_approved_by = models.CharField("延期批准人", max_length=50, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    escalated_on = models.DateField("督办日期", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("满意度评价", null=True, blank=True, choices=Rating.choices)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        abstract = True

    @property
    def case_kind(self):
        """The registered kind (`sitegroup.services.cases.CaseKind`) of this case."""
        from sitegroup.services.cases import kind_of

        return kind_of(self)

    @property
    def is_open(self) -> bool:
        return self.state in self.case_kind.open_states

    @property
    def is_rated(self) -> bool:
        return self.rating is not None


class CaseEvent(models.Model):
    """One step of a case's history. Staff see every event with its internal `note`; the citizen
    sees only public events, and of them only `public_note`. The service recording it decides both.
    A concrete event model adds `case = ForeignKey(<its case model>, related_name="events")`."""

    at = models.DateTimeField("时间", default=timezone.now)
    on = models.DateField("日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("办理人", max_length=150, blank=True)
    action = models.CharField("事项", max_length=40)
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30, blank=True)
    note = models.TextField("内部说明", blank=True)
    public_note = models.TextField("告知申请人", blank=True)
    is_public = models.BooleanField("申请人可见", default=False)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.on} {self.action}"

    def from_state_label(self) -> str:
        return self.case.case_kind.state_label(self.from_state) if self.from_state else ""

    def to_state_label(self) -> str:
        return self.case.case_kind.state_label(self.to_state) if self.to_state else ""


class CasePause(models.Model):
    """Time that does not count toward the deadline (a consultation, waiting for the citizen).
    A concrete pause model adds `case = ForeignKey(<its case model>, related_name=…)`."""

    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["started_on", "pk"]


class NotificationChannel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"


class NotificationStatus(models.TextChoices):
    OUTBOX = "outbox", "已存入发件箱（未接网关）"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Notification(models.Model):
    """A message to a citizen about their case, as the backend left it: in the outbox (the default,
    read in the admin), sent, or failed with the error."""

    case_kind = models.CharField("业务类型", max_length=40)
    case_id = models.PositiveBigIntegerField("业务编号")
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="承办机构", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField("渠道", max_length=10, choices=NotificationChannel.choices)
    recipient = EncryptedCharField("接收人", max_length=254)  # a phone number or an e-mail address
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField("状态", max_length=10, choices=NotificationStatus.choices)
    error = models.CharField("错误信息", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "群众通知"
        verbose_name_plural = "群众通知（发件箱）"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case_kind", "case_id"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.subject}"
