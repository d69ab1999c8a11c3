"""Online applications (网上申请) for service items: a case kind on the case core (`sitegroup.models.Case`)
with its history, its correction pauses (补齐补正) and the applicant's materials (private files).

The flow and its rules live in `services_column.services.applications`; this module only stores."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from sitegroup.models import Case, CaseEvent, CasePause
from sitegroup.models.fields import EncryptedCharField


def _private_storage():
    return storages["private"]


class ApplicantKind(models.TextChoices):
    PERSON = "person", "个人"
    LEGAL_PERSON = "legal_person", "法人或其他组织"


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    CORRECTION = "correction", "待补齐补正"
    ACCEPTED = "accepted", "已受理"
    HANDLING = "handling", "承办中"
    REVIEW = "review", "待审核"
    REVIEWED = "reviewed", "审核通过待办结"
    CONCLUDED = "concluded", "已办结"
    NOT_ACCEPTED = "not_accepted", "不予受理"


OPEN_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.CORRECTION,
    ApplicationState.ACCEPTED,
    ApplicationState.HANDLING,
    ApplicationState.REVIEW,
    ApplicationState.REVIEWED,
)
CLOSED_STATES = (ApplicationState.CONCLUDED, ApplicationState.NOT_ACCEPTED)


class ApplicationResult(models.TextChoices):
    APPROVED = "approved", "准予许可（办理）"
    REFUSED = "refused", "不予许可（办理）"


class ServiceApplication(Case):
    """A citizen's or an organisation's application for one service item. `organisation` (from the
    core) is the item's department, the one that handles it."""

    item = models.ForeignKey(
        "services_column.ServiceItemPage", verbose_name="申请事项", on_delete=models.PROTECT, related_name="+"
    )
    item_title = models.CharField("事项名称", max_length=255)
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    name = models.CharField("申请人（姓名或单位名称）", max_length=100)
    id_number = EncryptedCharField("证件号码", max_length=18, help_text="居民身份证号码或统一社会信用代码。")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    phone = EncryptedCharField("联系电话", max_length=20)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("联系地址", max_length=200, blank=True)
    field_values = models.JSONField(
        "申请填写内容", default=dict, blank=True, help_text="按申请填写项编号保存：名称（提交时）和填写内容。"
    )
    state = models.CharField(
        "状态", max_length=20, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    is_immediate = models.BooleanField("即办件", default=False)
    promised_days = models.PositiveSmallIntegerField("承诺办结时限（工作日）", default=0)
    statutory_days = models.PositiveSmallIntegerField("法定办结时限（工作日）", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    correction_requested_on = models.DateField("补齐补正告知日期", null=True, blank=True)
    correction_materials = models.JSONField("需补齐补正的材料", default=list, blank=True)
    correction_note = models.TextField("补齐补正说明", blank=True)
    correction_received_on = models.DateField("补正材料收到日期", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField("办理结果", max_length=20, choices=ApplicationResult.choices, blank=True)
    result_text = models.TextField("结果说明", blank=True)
    result_reason = models.TextField("不予受理或不予许可的理由", blank=True)
    result_document = models.FileField(
        "结果文书", upload_to="applications/results/%Y/%m/", storage=_private_storage, blank=True
    )
    result_document_name = models.CharField("结果文书文件名", max_length=200, blank=True)
    is_result_published = models.BooleanField("在结果反馈中公开", default=False)
    working_days_taken = models.PositiveSmallIntegerField("用时（工作日）", null=True, blank=True)
    was_late = models.BooleanField("超期办结", default=False)

    class Meta:
        verbose_name = "网上申请"
        verbose_name_plural = "网上申请"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state", "due_on"]),
            models.Index(fields=["organisation", "received_on"]),
            models.Index(fields=["item", "state", "concluded_on"]),
        ]

    def __str__(self):
        return f"{self.lookup_code} {self.item_title}"

    @property
    def clock_starts_on(self):
        """The day the clock runs from: receipt, or the day the corrected materials arrived."""
        return self.correction_received_on or self.received_on

    def field_rows(self) -> list[tuple[str, str]]:
        return [(entry.get("label", ""), entry.get("value", "")) for entry in (self.field_values or {}).values()]


class ApplicationEvent(CaseEvent):
    case = models.ForeignKey(ServiceApplication, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField("原状态", max_length=20, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=ApplicationState.choices, blank=True)

    class Meta(CaseEvent.Meta):
        verbose_name = "申请办理记录"
        verbose_name_plural = "申请办理记录"


class ApplicationPause(CasePause):
    """Waiting for the applicant's corrected materials (补齐补正): not counted toward the deadline."""

    case = models.ForeignKey(ServiceApplication, on_delete=models.CASCADE, related_name="pauses")

    class Meta(CasePause.Meta):
        verbose_name = "补齐补正期间"
        verbose_name_plural = "补齐补正期间"


class MaterialStage(models.TextChoices):
    SUBMISSION = "submission", "申请时提交"
    CORRECTION = "correction", "补齐补正时提交"


class ApplicationMaterial(models.Model):
    """One uploaded material: stored outside the public media, opened only by the item's handlers."""

    application = models.ForeignKey(ServiceApplication, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "services_column.ServiceMaterial",
        verbose_name="对应申请材料",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    material_name = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="applications/%Y/%m/", storage=_private_storage)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    stage = models.CharField("提交环节", max_length=20, choices=MaterialStage.choices, default=MaterialStage.SUBMISSION)
    added_at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        verbose_name = "申请材料文件"
        verbose_name_plural = "申请材料文件"
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"{self.material_name}：{self.original_name}"
