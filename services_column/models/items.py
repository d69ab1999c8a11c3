"""政务服务专栏: one service column per site and its service items (事项) with every guide field.

Each organisation's column holds its own items; the portal's column (`is_platform`) is the county's
政务服务专栏 and lists every organisation's items. An item page has five sub-columns as routes:
办事指南 (the page itself, and `print/`), 表格下载 (`forms/`), 网上咨询 (`consult/`), 网上申请
(`apply/`) and 结果反馈 (`results/`).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from services_column.models.taxonomy import Audience
from sitegroup.models import Organisation, OrganisationKind, SiteGroupPage

FORM_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd")


def organisation_id_of(page) -> int | None:
    """The organisation whose site holds the page (works while the page is being added: it has a path)."""
    if not page.path:
        return None
    roots = page.get_ancestors().values_list("pk", flat=True)
    return Organisation.objects.filter(site__root_page__in=roots).values_list("pk", flat=True).first()


class PowerCategory(models.TextChoices):
    """The 12 categories of administrative power (seed 001) plus public services."""

    LICENSING = "licensing", "行政许可"
    NON_LICENSING_APPROVAL = "non_licensing", "非许可审批"
    PENALTY = "penalty", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    LEVY = "levy", "行政征收"
    CONFIRMATION = "confirmation", "行政确认"
    ADJUDICATION = "adjudication", "行政裁决"
    INSPECTION = "inspection", "行政检查"
    BENEFIT = "benefit", "行政给付"
    REQUISITION = "requisition", "行政征用"
    REWARD = "reward", "行政奖励"
    OTHER = "other", "其他"
    PUBLIC_SERVICE = "public_service", "公共服务"


# Categories whose powers are exercised with discretion and publish graded standards (自由裁量基准).
DISCRETIONARY_CATEGORIES = (
    PowerCategory.PENALTY,
    PowerCategory.ENFORCEMENT,
    PowerCategory.LEVY,
    PowerCategory.ADJUDICATION,
    PowerCategory.BENEFIT,
    PowerCategory.REWARD,
    PowerCategory.INSPECTION,
)


class OnlineDepth(models.TextChoices):
    """How far the item is handled online (网上办理深度)."""

    INFORMATION = "information", "一级：办事指南在线公开"
    DOWNLOAD = "download", "二级：表格在线下载"
    APPLICATION = "application", "三级：在线申请（线下领取结果）"
    FULLY_ONLINE = "fully_online", "四级：全程网办"


ONLINE_DEPTHS_ACCEPTING_APPLICATIONS = (OnlineDepth.APPLICATION, OnlineDepth.FULLY_ONLINE)


class ItemAudience(models.TextChoices):
    PERSON = Audience.PERSON.value, "个人"
    LEGAL_PERSON = Audience.LEGAL_PERSON.value, "法人"
    BOTH = "both", "个人和法人"


class ServiceColumnPage(RoutablePageMixin, SiteGroupPage):
    """政务服务: one per site at /zwfw/. On the portal (`is_platform`) it is the county's 政务服务专栏
    and its directory lists every organisation's items."""

    intro = models.TextField("栏目说明", blank=True)
    is_platform = models.BooleanField("汇聚全县事项（门户网站）", default=False, editable=False)
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types = ["services_column.ServiceItemPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "政务服务栏目"
        verbose_name_plural = "政务服务栏目"

    def organisation(self) -> Organisation | None:
        if not hasattr(self, "_organisation"):
            self._organisation = Organisation.objects.filter(pk=organisation_id_of(self)).first()
        return self._organisation

    @path("")
    def directory(self, request):
        from services_column.views import items

        return items.directory(request, self)

    @path("search/")
    def search(self, request):
        from services_column.views import items

        return items.search(request, self)

    @path("lookup/")
    def lookup(self, request):
        from services_column.views import applications

        return applications.lookup(request, self)

    @path("rate/")
    def rate(self, request):
        from services_column.views import applications

        return applications.rate(request, self)

    @path("ratings/")
    def ratings(self, request):
        from services_column.views import applications

        return applications.rating_statistics(request, self)


class ServiceItemPage(RoutablePageMixin, SiteGroupPage):
    """One service item (事项) with its complete guide (办事指南)."""

    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="办理部门", on_delete=models.PROTECT, related_name="+", editable=False
    )
    item_code = models.CharField(
        "事项编码", max_length=60, unique=True, help_text="全县唯一的事项编码，如 11341100MB1234567X4000117001000。"
    )
    power_category = models.CharField("事项类型（权力类别）", max_length=20, choices=PowerCategory.choices)
    handling_unit = models.CharField(
        "承办科室", max_length=100, blank=True, help_text="部门内具体承办的科室，如“社会救助股”。"
    )
    audience = models.CharField("服务对象", max_length=20, choices=ItemAudience.choices, default=ItemAudience.PERSON)
    life_events = ParentalManyToManyField(
        "services_column.LifeEvent", verbose_name="主题分类", blank=True, related_name="items"
    )
    summary = models.TextField("事项简介", max_length=500, blank=True)
    legal_basis = RichTextField("设定依据（行使依据）", features=["bold", "ol", "ul", "link"])
    conditions = RichTextField("受理条件", features=["bold", "ol", "ul"])
    is_immediate = models.BooleanField("即办件", default=False, help_text="当场办结的事项（即办），不填期限。")
    statutory_days = models.PositiveSmallIntegerField("法定办结时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField("承诺办结时限（工作日）", null=True, blank=True)
    time_limit_note = models.CharField("时限说明", max_length=200, blank=True, help_text="如“不含现场核查、公示时间”。")
    charges_fee = models.BooleanField("收费", default=False)
    fee_standard = models.TextField("收费标准", blank=True)
    fee_basis = models.TextField("收费依据", blank=True)
    place = models.CharField("办理地点", max_length=200)
    hours = models.CharField("办理时间", max_length=200)
    consultation_phone = models.CharField("咨询电话", max_length=50)
    supervision_phone = models.CharField("监督投诉电话", max_length=50)
    visits = models.PositiveSmallIntegerField("到办事现场次数", default=1, help_text="0 表示“零跑动”。")
    online_depth = models.CharField(
        "网上办理深度", max_length=20, choices=OnlineDepth.choices, default=OnlineDepth.DOWNLOAD
    )
    result_name = models.CharField("办理结果", max_length=100, blank=True, help_text="如“最低生活保障金领取证”。")
    result_delivery = models.CharField("结果送达方式", max_length=200, blank=True)
    disclosure_form = models.CharField("公开方式", max_length=100, default="政府网站公开")

    content_panels = [
        *SiteGroupPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("item_code"), FieldPanel("power_category")]),
                FieldRowPanel([FieldPanel("handling_unit"), FieldPanel("audience")]),
                FieldPanel("life_events", widget=forms.CheckboxSelectMultiple),
                FieldPanel("summary"),
            ],
            heading="基本信息",
        ),
        FieldPanel("legal_basis"),
        FieldPanel("conditions"),
        InlinePanel("materials", label="申请材料"),
        InlinePanel("steps", label="办理流程（按顺序，网站据此画流程图）"),
        MultiFieldPanel(
            [
                FieldPanel("is_immediate"),
                FieldRowPanel([FieldPanel("statutory_days"), FieldPanel("promised_days")]),
                FieldPanel("time_limit_note"),
            ],
            heading="办理时限",
        ),
        MultiFieldPanel(
            [FieldPanel("charges_fee"), FieldPanel("fee_standard"), FieldPanel("fee_basis")], heading="收费"
        ),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("hours"),
                FieldRowPanel([FieldPanel("consultation_phone"), FieldPanel("supervision_phone")]),
                FieldRowPanel([FieldPanel("visits"), FieldPanel("online_depth")]),
                FieldRowPanel([FieldPanel("result_name"), FieldPanel("result_delivery")]),
            ],
            heading="办理地点和方式",
        ),
        InlinePanel("forms", label="表格下载"),
        InlinePanel("discretion_grades", label="自由裁量基准（行政处罚、强制、征收、裁决、给付、奖励、检查等）"),
        InlinePanel("application_fields", label="网上申请需要填写的内容（申请人信息之外）"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("item_code"),
        index.SearchField("summary"),
        index.SearchField("conditions"),
    ]
    parent_page_types = ["services_column.ServiceColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        indexes = [
            models.Index(fields=["organisation", "power_category"]),
            models.Index(fields=["power_category"]),
        ]

    @property
    def accepts_applications(self) -> bool:
        return self.online_depth in ONLINE_DEPTHS_ACCEPTING_APPLICATIONS

    @property
    def has_discretion(self) -> bool:
        return self.power_category in DISCRETIONARY_CATEGORIES

    def time_limit_text(self, days: int | None) -> str:
        if self.is_immediate:
            return "即办"
        return f"{days}个工作日" if days is not None else "无"

    def clean(self):
        super().clean()
        errors = {}
        if self.is_immediate and (self.statutory_days or self.promised_days):
            errors["is_immediate"] = "即办件不填写办结时限。"
        if not self.is_immediate:
            if self.promised_days is None:
                errors["promised_days"] = "请填写承诺办结时限（工作日），或勾选“即办件”。"
            if self.statutory_days is not None and self.promised_days is not None:
                if self.promised_days > self.statutory_days:
                    errors["promised_days"] = "承诺时限不能超过法定时限。"
        if self.charges_fee and not (self.fee_standard.strip() and self.fee_basis.strip()):
            errors["fee_basis"] = "收费事项需要写明收费标准和收费依据。"
        code = (self.item_code or "").strip()
        if code and ServiceItemPage.objects.filter(item_code=code).exclude(pk=self.pk).exists():
            errors["item_code"] = "这个事项编码已被其他事项使用。"
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, **kwargs):
        self.item_code = (self.item_code or "").strip()
        if not self.organisation_id:
            self.organisation_id = organisation_id_of(self)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if not self.organisation_id:
            self.organisation_id = organisation_id_of(self)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.organisation_id = self.organisation_id or page.organisation_id
        return page

    # -- the five sub-columns ---------------------------------------------------------------------

    @path("")
    def guide(self, request):
        from services_column.views import items

        return items.guide(request, self)

    @path("print/")
    def print_guide(self, request):
        from services_column.views import items

        return items.print_guide(request, self)

    @path("forms/")
    def form_downloads(self, request):
        from services_column.views import items

        return items.form_downloads(request, self)

    @path("consult/")
    def consult(self, request):
        from services_column.views import items

        return items.consult(request, self)

    @path("apply/")
    def apply(self, request):
        from services_column.views import applications

        return applications.apply(request, self)

    @path("apply/done/")
    def apply_done(self, request):
        from services_column.views import applications

        return applications.apply_done(request, self)

    @path("results/")
    def results(self, request):
        from services_column.views import applications

        return applications.results(request, self)


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    ORIGINAL_AND_COPY = "both", "原件和复印件"
    ELECTRONIC = "electronic", "电子材料"


class ServiceMaterial(Orderable):
    """One material of the application (申请材料), as the guide lists it and the upload form checks it."""

    page = ParentalKey(ServiceItemPage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField(
        "材料形式", max_length=20, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL_AND_COPY
    )
    copies = models.PositiveSmallIntegerField("份数", default=1)
    is_required = models.BooleanField("必需", default=True)
    source = models.CharField("来源渠道", max_length=100, blank=True, help_text="如“申请人自备”“公安部门出具”。")
    notes = models.CharField("填报须知", max_length=300, blank=True)
    sample = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="样表", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("form")]),
        FieldRowPanel([FieldPanel("copies"), FieldPanel("is_required"), FieldPanel("source")]),
        FieldPanel("notes"),
        FieldPanel("sample"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"

    def __str__(self):
        return self.name


class ServiceStep(Orderable):
    """One step of the process (办理流程), drawn in order as the flowchart."""

    page = ParentalKey(ServiceItemPage, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField("环节名称", max_length=50, help_text="如“受理”“审核”“办结”。")
    description = models.CharField("环节说明", max_length=300, blank=True)
    responsible = models.CharField("办理人员", max_length=100, blank=True)
    time_limit = models.CharField("环节时限", max_length=50, blank=True)
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("responsible"), FieldPanel("time_limit")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"

    def __str__(self):
        return self.name


class ServiceForm(Orderable):
    """A form to download (表格下载), listed by 表格编号, 名称, 简要说明."""

    page = ParentalKey(ServiceItemPage, on_delete=models.CASCADE, related_name="forms")
    code = models.CharField("表格编号", max_length=40)
    name = models.CharField("表格名称", max_length=200)
    description = models.CharField("简要说明", max_length=300, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="表格文件", on_delete=models.PROTECT, related_name="+"
    )
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldPanel("description"),
        FieldPanel("document", required_on_save=False),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "表格"
        verbose_name_plural = "表格"

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        name = (self.document.file.name if self.document_id else "").lower()
        if self.document_id and not name.endswith(tuple(f".{extension}" for extension in FORM_EXTENSIONS)):
            raise ValidationError({"document": f"表格只能是 {'、'.join(FORM_EXTENSIONS).upper()} 文件。"})


class DiscretionGrade(Orderable):
    """One grade of the discretion standard (自由裁量基准): the circumstances and what follows."""

    page = ParentalKey(ServiceItemPage, on_delete=models.CASCADE, related_name="discretion_grades")
    grade = models.CharField("裁量阶次", max_length=30, help_text="如“轻微”“一般”“严重”。")
    circumstances = models.TextField("违法情节或适用条件")
    standard = models.TextField("裁量标准")
    panels = [FieldPanel("grade"), FieldPanel("circumstances"), FieldPanel("standard")]

    class Meta(Orderable.Meta):
        verbose_name = "自由裁量基准"
        verbose_name_plural = "自由裁量基准"

    def __str__(self):
        return self.grade


class ApplicationFieldKind(models.TextChoices):
    TEXT = "text", "单行文字"
    TEXTAREA = "textarea", "多行文字"
    NUMBER = "number", "数字"
    DATE = "date", "日期"
    CHOICE = "choice", "单项选择"


class ApplicationField(Orderable):
    """Something the item's online application asks besides the applicant's data (defined by editors)."""

    page = ParentalKey(ServiceItemPage, on_delete=models.CASCADE, related_name="application_fields")
    label = models.CharField("名称", max_length=50)
    kind = models.CharField(
        "类型", max_length=20, choices=ApplicationFieldKind.choices, default=ApplicationFieldKind.TEXT
    )
    choices = models.CharField("选项", max_length=500, blank=True, help_text="单项选择的选项，用顿号或逗号分隔。")
    is_required = models.BooleanField("必填", default=True)
    help_text = models.CharField("填写说明", max_length=200, blank=True)
    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind"), FieldPanel("is_required")]),
        FieldPanel("choices"),
        FieldPanel("help_text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "申请填写项"
        verbose_name_plural = "申请填写项"

    def __str__(self):
        return self.label

    def choice_list(self) -> list[str]:
        import re

        return [part.strip() for part in re.split(r"[、,，;；\n]", self.choices or "") if part.strip()]

    def clean(self):
        if self.kind == ApplicationFieldKind.CHOICE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": "单项选择至少需要两个选项。"})


def is_portal(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind == OrganisationKind.PORTAL
