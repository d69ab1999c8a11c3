"""The disclosure column (政府信息公开) of a site: landing page, guide, catalogue, and items."""

from __future__ import annotations

from html import unescape

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from disclosure.widgets import CatalogueItemSelect, FilterableSelect, TopicSelect
from sitegroup.models import Organisation, SiteGroupPage

SUMMARY_LIMIT = 300
LONG_DOCUMENT_SUMMARY_LIMIT = 500
LONG_DOCUMENT = 5000
ATTACHMENT_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls", "wps", "ofd")


def organisation_id_of(page) -> int | None:
    """The organisation whose site holds the page (works while the page is being added: it has a path)."""
    if not page.path:
        return None
    roots = page.get_ancestors().values_list("pk", flat=True)
    return Organisation.objects.filter(site__root_page__in=roots).values_list("pk", flat=True).first()


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class DisclosureColumnPage(RoutablePageMixin, SiteGroupPage):
    """政府信息公开: one per site; its sections are its children; `apply/` and `lookup/` take and
    answer disclosure requests (依申请公开)."""

    intro = models.TextField("栏目说明", blank=True)
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types = [
        "disclosure.DisclosureGuidePage",
        "disclosure.DisclosureCataloguePage",
        "disclosure.AnnualReportIndexPage",
        "sitegroup.ColumnPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "政府信息公开栏目"
        verbose_name_plural = "政府信息公开栏目"

    @path("apply/")
    def apply(self, request):
        from disclosure.views import request_form

        return request_form(request, self)

    @path("apply/done/")
    def apply_done(self, request):
        from disclosure.views import request_done

        return request_done(request, self)

    @path("lookup/")
    def lookup(self, request):
        from disclosure.views import request_lookup

        return request_lookup(request, self)

    def organisation(self):
        return Organisation.objects.filter(pk=organisation_id_of(self)).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        catalogue = self.get_children().live().type(DisclosureCataloguePage).first()
        context["latest_items"] = (
            DisclosureItemPage.objects.live().public().descendant_of(catalogue).newest()[:10] if catalogue else []
        )
        return context


class DisclosureGuidePage(SiteGroupPage):
    """政府信息公开指南 with the contents Art. 12 requires; office facts default to the organisation's."""

    arrangement = RichTextField("信息分类与编排体系", blank=True)
    how_to_obtain = RichTextField("获取信息的方式", blank=True)
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    office_phone = models.CharField("联系电话", max_length=50, blank=True)
    office_fax = models.CharField("传真", max_length=50, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    supervision = RichTextField("监督和救济渠道", blank=True)

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldPanel("arrangement"),
        FieldPanel("how_to_obtain"),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("office_address"),
                FieldRowPanel([FieldPanel("office_hours"), FieldPanel("office_phone")]),
                FieldRowPanel([FieldPanel("office_fax"), FieldPanel("office_email")]),
            ],
            heading="政府信息公开工作机构（留空则使用机构资料）",
        ),
        FieldPanel("supervision"),
    ]
    parent_page_types = ["disclosure.DisclosureColumnPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def office(self) -> dict:
        """The office facts shown on the guide: this page's own, else the organisation's record."""
        organisation = Organisation.objects.filter(pk=organisation_id_of(self)).first()
        fallback = organisation or Organisation()
        return {
            "name": self.office_name or (f"{fallback.name}办公室" if fallback.name else ""),
            "address": self.office_address or fallback.address,
            "hours": self.office_hours or fallback.office_hours,
            "phone": self.office_phone or fallback.phone,
            "fax": self.office_fax or fallback.fax,
            "email": self.office_email or fallback.email,
        }


class DisclosureItemQuerySet(PageQuerySet):
    def newest(self):
        return self.order_by("-published_on", "-pk")

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def in_topic(self, topic):
        """A first-level topic includes its second-level topics."""
        return self.filter(models.Q(topic=topic) | models.Q(topic__parent=topic))


DisclosureItemManager = PageManager.from_queryset(DisclosureItemQuerySet)


class DisclosureCataloguePage(SiteGroupPage):
    """法定主动公开内容: the classified catalogue of a site; on the portal, of every organisation (平台)."""

    is_platform = models.BooleanField(
        "政府信息公开平台",
        default=False,
        help_text="勾选后汇集全区所有机构的公开目录（门户网站的政府信息公开平台）。",
    )
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("is_platform")]
    parent_page_types = ["disclosure.DisclosureColumnPage"]
    subpage_types = ["disclosure.DisclosureItemPage"]

    class Meta:
        verbose_name = "政府信息公开目录"
        verbose_name_plural = "政府信息公开目录"

    def items(self):
        items = DisclosureItemPage.objects.live().public()
        return items if self.is_platform else items.child_of(self)

    def serve(self, request, *args, **kwargs):
        from disclosure.views import catalogue

        return catalogue(request, self)


class DisclosureItemForm(SiteGroupPage.base_form_class):
    """The item editor: the topic list names each topic's parent, read in the same query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topic" in self.fields:
            self.fields["topic"].queryset = self.fields["topic"].queryset.select_related("parent")


class DisclosureItemPage(SiteGroupPage):
    """One item of the catalogue, with its metadata in the standard order."""

    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True, editable=False)
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="发布机构", on_delete=models.PROTECT, related_name="+", editable=False
    )
    document_number = models.CharField("文号", max_length=100, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", default=timezone.localdate, db_index=True)
    topic = models.ForeignKey("disclosure.Topic", verbose_name="主题分类", on_delete=models.PROTECT, related_name="+")
    genre = models.ForeignKey("disclosure.Genre", verbose_name="体裁分类", on_delete=models.PROTECT, related_name="+")
    catalogue_item = models.ForeignKey(
        "disclosure.CatalogueItem",
        verbose_name="所属基本目录事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField("废止/失效日期", null=True, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="多个关键词用空格或逗号分隔")
    summary = models.TextField("内容概述", blank=True)
    body = RichTextField("正文", blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的政策文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        help_text="本条是政策解读时，选择它解读的政策文件。",
    )

    objects = DisclosureItemManager()

    base_form_class = DisclosureItemForm
    content_panels = [
        *SiteGroupPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("written_on"), FieldPanel("published_on")]),
                FieldRowPanel(
                    [FieldPanel("topic", widget=TopicSelect()), FieldPanel("genre", widget=FilterableSelect(rows=8))]
                ),
                FieldPanel("catalogue_item", widget=CatalogueItemSelect(rows=8)),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_changed_on")]),
                FieldPanel("keywords"),
            ],
            heading="公开目录信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件（PDF、DOCX、XLSX 等）"),
        FieldPanel("interprets"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["disclosure.DisclosureCataloguePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "政府信息公开条目"
        verbose_name_plural = "政府信息公开条目"
        indexes = [
            models.Index(fields=["organisation", "published_on"]),
            models.Index(fields=["topic", "published_on"]),
            models.Index(fields=["genre", "published_on"]),
            models.Index(fields=["catalogue_item", "published_on"]),
        ]

    @property
    def is_repealed(self) -> bool:
        return self.validity != Validity.VALID

    def body_text(self) -> str:
        return unescape(strip_tags(self.body or ""))

    def clean(self):
        super().clean()
        errors = {}
        limit = LONG_DOCUMENT_SUMMARY_LIMIT if len(self.body_text()) > LONG_DOCUMENT else SUMMARY_LIMIT
        if len(self.summary or "") > limit:
            errors["summary"] = (
                f"内容概述不超过 {limit} 字（正文超过 {LONG_DOCUMENT} 字时不超过 {LONG_DOCUMENT_SUMMARY_LIMIT} 字）。"
            )
        if self.validity != Validity.VALID and not self.validity_changed_on:
            errors["validity_changed_on"] = "已废止或已失效的条目需要填写废止/失效日期。"
        if self.validity == Validity.VALID and self.validity_changed_on:
            errors["validity_changed_on"] = "有效的条目不填写废止/失效日期。"
        if self.written_on and self.published_on and self.written_on > self.published_on:
            errors["written_on"] = "成文日期不能晚于发布日期。"
        if self.interprets_id and self.pk and self.interprets_id == self.pk:
            errors["interprets"] = "条目不能解读它自己。"
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, **kwargs):
        if not self.organisation_id:
            self.organisation_id = organisation_id_of(self)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        from disclosure.services import assign_index_number

        if not self.organisation_id:
            self.organisation_id = organisation_id_of(self)
        if self.live and not self.index_number:
            # Issued once, at the first publication, inside the publishing transaction.
            assign_index_number(self)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # A revision saved before the first publication has no number: keep the one the live page has.
        page = super().with_content_json(content)
        page.index_number = self.index_number
        page.organisation_id = self.organisation_id or page.organisation_id
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachment_list"] = list(self.attachments.select_related("document"))
        context["interpretation_list"] = list(self.interpretations.live().public())
        return context


class DisclosureAttachment(Orderable):
    page = ParentalKey(DisclosureItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("显示名称", max_length=200, blank=True)
    # The file may still be missing while a draft is saved (SiteGroupPageForm leaves the row out then).
    panels = [FieldPanel("document", required_on_save=False), FieldPanel("title")]

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def clean(self):
        name = (self.document.file.name if self.document_id else "").lower()
        if self.document_id and not name.endswith(tuple(f".{extension}" for extension in ATTACHMENT_EXTENSIONS)):
            raise ValidationError({"document": f"附件只能是 {'、'.join(ATTACHMENT_EXTENSIONS).upper()} 文件。"})

    def display_title(self):
        return self.title or self.document.title
