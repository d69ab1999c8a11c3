"""Disclosure requests (依申请公开): the application (Art. 29 fields), its state, clock, history and
documents, and each organisation's editable document templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sitegroup.lib.masking import mask_name
from sitegroup.models import Case, CaseEvent, CasePause
from sitegroup.models.fields import EncryptedCharField


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    WELFARE = "welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他组织"


class RequestState(models.TextChoices):
    RECEIVED = "received", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待申请人补正"
    CONSULTING = "consulting", "征求第三方意见中"
    ANSWERED = "answered", "已答复"
    LAPSED = "lapsed", "逾期未补正（视为放弃）"
    WITHDRAWN = "withdrawn", "申请人撤回"


OPEN_STATES = (RequestState.RECEIVED, RequestState.AWAITING_CORRECTION, RequestState.CONSULTING)


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文本"


class DeliveryMethod(models.TextChoices):
    MAIL = "mail", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上查看"


class DocumentKind(models.TextChoices):
    """The documents an organisation issues to an applicant, in the order a request meets them."""

    CORRECTION = "correction", "政府信息公开申请补正告知书"
    EXTENSION = "extension", "政府信息公开申请延期答复告知书"
    REPLY = "reply", "政府信息公开申请答复告知书"


class DisclosureRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)


class DisclosureRequest(Case):
    """An application on the case core (`sitegroup.models.Case`: organisation, lookup code, state,
    received/due/concluded dates, extension, rating); the fields of Art. 29 and the documents here."""

    kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    id_number = EncryptedCharField("身份证号/统一社会信用代码", max_length=18, digest_field="id_number_digest")
    # Keyed digest of the number: counts an applicant's requests this month without decrypting.
    id_number_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = EncryptedCharField("联系电话", max_length=20)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    description = models.TextField("所需信息的名称、文号或特征描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    delivery_form = models.CharField("获取信息的载体形式", max_length=20, choices=DeliveryForm.choices)
    delivery_method = models.CharField("获取信息的方式", max_length=20, choices=DeliveryMethod.choices)

    state = models.CharField("状态", max_length=30, choices=RequestState.choices, default=RequestState.RECEIVED)
    correction_requested_on = models.DateField("补正通知日期", null=True, blank=True)
    correction_due_days = models.PositiveSmallIntegerField("补正期限（工作日）", default=15)
    correction_note = models.TextField("补正事项", blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    correction_number = models.CharField("补正告知书文号", max_length=60, blank=True)
    correction_letter = models.TextField("补正告知书", blank=True)
    extension_number = models.CharField("延期答复告知书文号", max_length=60, blank=True)
    extension_letter = models.TextField("延期答复告知书", blank=True)
    reply_type = models.CharField("答复类型", max_length=30, blank=True)
    reply_subtype = models.CharField("具体情形", max_length=30, blank=True)
    reply_note = models.TextField("答复说明", blank=True)
    reply_number = models.CharField("答复告知书文号", max_length=60, blank=True)
    reply_letter = models.TextField("答复告知书", blank=True)
    nth_in_month = models.PositiveSmallIntegerField("本月第几次申请", default=1)
    fee = models.PositiveIntegerField("信息处理费（元）", default=0)

    objects = DisclosureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "依申请公开"
        verbose_name_plural = "依申请公开"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self):
        # Also the label of every audit-log entry about the request: a person's name is masked there.
        return f"{self.lookup_code} {self.name if self.is_organisation else mask_name(self.name)}"

    @property
    def is_organisation(self) -> bool:
        return self.kind != ApplicantKind.PERSON

    def document(self, kind: str) -> tuple[str, str]:
        """(number, text) of an issued document; ("", "") when it has not been issued."""
        return getattr(self, f"{kind}_number"), getattr(self, f"{kind}_letter")

    def issued_documents(self) -> list[tuple[str, str, str, str]]:
        """(kind, title, number, text) of every document issued to the applicant, in order."""
        issued = []
        for kind, title in DocumentKind.choices:
            number, text = self.document(kind)
            if text:
                issued.append((kind, title, number, text))
        return issued


class ConsultationPeriod(CasePause):
    """A third-party consultation (Art. 32): at most 15 of its working days do not count."""

    case = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="consultations")
    third_party = models.CharField("第三方", max_length=100)

    class Meta(CasePause.Meta):
        verbose_name = "征求第三方意见"
        verbose_name_plural = "征求第三方意见"

    def __str__(self):
        return f"{self.third_party} {self.started_on}–{self.ended_on or ''}"


class RequestEvent(CaseEvent):
    """One step of a request's history (see `sitegroup.models.CaseEvent` for who reads what)."""

    case = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField("原状态", max_length=30, choices=RequestState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=30, choices=RequestState.choices, blank=True)

    class Meta(CaseEvent.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"


class RequestDocumentSettings(models.Model):
    """One organisation's document templates and the facts every document needs (document-number
    code, reconsideration body, court). Created with defaults on first use; edited in the admin."""

    organisation = models.OneToOneField(
        "sitegroup.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    number_code = models.CharField(
        "文号机关代字", max_length=20, help_text="文号形如“代字 + 依申复〔2026〕3号”，例如“徒民”。"
    )
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=100,
        help_text="县级人民政府工作部门、乡镇为本级（县、区）人民政府；县级人民政府为上一级人民政府；"
        "垂直管理单位为上一级主管部门。",
    )
    court = models.CharField("管辖人民法院", max_length=100)
    correction_template = models.TextField(DocumentKind.CORRECTION.label + "模板")
    extension_template = models.TextField(DocumentKind.EXTENSION.label + "模板")
    reply_template = models.TextField(DocumentKind.REPLY.label + "模板")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "依申请公开文书模板"
        verbose_name_plural = "依申请公开文书模板"

    def __str__(self):
        return f"{self.organisation}文书模板"

    def template_for(self, kind: str) -> str:
        return getattr(self, f"{kind}_template")


class RequestDocumentSequence(models.Model):
    """The last serial used per organisation, document kind and year (locked when a number is issued)."""

    organisation = models.ForeignKey("sitegroup.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("文书", max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("年份")
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文书文号流水"
        verbose_name_plural = "文书文号流水"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "year"], name="one_document_sequence_per_year")
        ]

    def __str__(self):
        return f"{self.organisation_id}/{self.kind}/{self.year}: {self.last_serial}"
