"""电子监察's own records over every case kind: the follow-up of a negative rating (回访/整改), the
督办 notice a department must answer in time, and the supervision log.

Each refers to its case the way `Notification` does (the kind's code and the case's id), so one
table serves every registered kind without a foreign key per app; the organisation is stored so
isolation and statistics filter and group without touching the case tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CaseReference(models.Model):
    case_kind = models.CharField("业务类型", max_length=40)
    case_id = models.PositiveBigIntegerField("办件编号")
    lookup_code = models.CharField("查询码", max_length=16)
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="承办机构", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def kind(self):
        from sitegroup.services import cases

        try:
            return cases.get_kind(self.case_kind)
        except KeyError:
            return None

    @property
    def kind_label(self) -> str:
        kind = self.kind
        return kind.label if kind else self.case_kind

    def get_case(self):
        if "_case" not in self.__dict__:
            kind = self.kind
            self._case = (
                kind.model.objects.filter(pk=self.case_id).select_related("organisation").first() if kind else None
            )
        return self._case

    @property
    def case_url(self) -> str:
        kind, case = self.kind, self.get_case()
        return kind.admin_url(case) if kind and case else ""


class FollowUpState(models.TextChoices):
    OPEN = "open", "待回访"
    CONTACTED = "contacted", "已回访，整改中"
    CLOSED = "closed", "已办结"


class RatingFollowUp(CaseReference):
    """回访/整改 of a 不满意 or 非常不满意 rating: opened with the rating, closed by the department
    with what was fixed; the closing reply goes to the citizen."""

    rating = models.PositiveSmallIntegerField("评价等级")
    comment = models.CharField("评价意见", max_length=500, blank=True)
    state = models.CharField("状态", max_length=12, choices=FollowUpState.choices, default=FollowUpState.OPEN)
    opened_on = models.DateField("开启日期")
    due_on = models.DateField("整改期限", db_index=True)
    contact_result = models.TextField("回访情况", blank=True)
    contacted_at = models.DateTimeField("回访时间", null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rectification = models.TextField("整改情况", blank=True)
    reply = models.TextField("反馈群众", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "差评回访整改"
        verbose_name_plural = "差评回访整改"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case_kind", "case_id"], name="one_follow_up_per_case")]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self):
        return f"{self.lookup_code} 差评回访"

    @property
    def is_closed(self) -> bool:
        return self.state == FollowUpState.CLOSED

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.closed_on or today) > self.due_on if self.is_closed else today > self.due_on


class SupervisionNotice(CaseReference):
    """督办通知: the supervision office's notice on a case, which the department answers by `due_on`."""

    note = models.TextField("督办意见")
    sent_on = models.DateField("督办日期")
    due_on = models.DateField("反馈期限", db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField("反馈情况", blank=True)
    answered_on = models.DateField("反馈日期", null=True, blank=True)
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="反馈人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "督办通知"
        verbose_name_plural = "督办通知"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["case_kind", "case_id"]), models.Index(fields=["organisation", "answered_on"])]

    def __str__(self):
        return f"{self.lookup_code} 督办"

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.answered_on or today) > self.due_on


class LogType(models.TextChoices):
    YELLOW = "yellow", "黄色预警"
    RED = "red", "红色预警"
    NOTICE = "notice", "发出督办"
    ANSWER = "answer", "督办反馈"
    FOLLOW_UP_OPENED = "follow_up_opened", "差评回访开启"
    FOLLOW_UP_CONTACTED = "follow_up_contacted", "差评已回访"
    FOLLOW_UP_CLOSED = "follow_up_closed", "差评整改办结"


WARNING_TYPES = (LogType.YELLOW, LogType.RED)


class SupervisionLogEntry(CaseReference):
    """监察日志: one line per warning first seen (once per case and level), notice, answer and
    follow-up step; filtered by kind, organisation, type and date, exported to XLSX."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    on = models.DateField("日期", db_index=True)
    type = models.CharField("类型", max_length=24, choices=LogType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    text = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "监察日志"
        verbose_name_plural = "监察日志"
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "case_id", "type"],
                condition=models.Q(type__in=["yellow", "red"]),
                name="one_warning_per_case_and_level",
            )
        ]
        indexes = [models.Index(fields=["organisation", "on"]), models.Index(fields=["type", "on"])]

    def __str__(self):
        return f"{self.on} {self.get_type_display()} {self.lookup_code}"
