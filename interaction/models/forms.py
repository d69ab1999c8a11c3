"""电子表单: form pages editors build with Wagtail's form builder (sign-ups, simple applications),
with the platform's citizen-input rules (captcha, rate limit, plain text, sensitive words)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from sitegroup.lib.slugs import slug_from_text
from sitegroup.models import SiteGroupPage


class EFormField(AbstractFormField):
    page = ParentalKey("EFormPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = "表单字段"
        verbose_name_plural = "表单字段"

    def get_field_clean_name(self):
        """The pinyin of the label (xing_ming for 姓名): readable keys in the stored data and the export."""
        return slug_from_text(self.label).replace("-", "_") or super().get_field_clean_name()


class EFormPage(AbstractForm, SiteGroupPage):
    """电子表单. Wagtail stores the submissions; editors list and export them under 表单."""

    intro = RichTextField("表单说明", blank=True, features=["bold", "link", "ol", "ul"])
    thank_you_text = models.CharField("提交后的提示", max_length=300, default="提交成功，感谢您的参与！")
    opens_at = models.DateTimeField("开始时间", null=True, blank=True)
    closes_at = models.DateTimeField("截止时间", null=True, blank=True)

    content_panels = [
        FormSubmissionsPanel(),
        *SiteGroupPage.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label="表单字段"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("thank_you_text")],
            heading="时间与提示",
        ),
    ]
    parent_page_types = ["sitegroup.HomePage", "sitegroup.ColumnPage", "interaction.InteractionPage"]
    subpage_types: list[str] = []
    template = "interaction/e_form_page.html"
    landing_page_template = "interaction/e_form_page_landing.html"

    class Meta:
        verbose_name = "电子表单"
        verbose_name_plural = "电子表单"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def get_form_class(self):
        from interaction.forms import CitizenFormBuilder

        return CitizenFormBuilder(self.get_form_fields()).get_form_class()

    def get_data_fields(self):
        return [field for field in super().get_data_fields() if field[0] != "captcha"]

    def process_form_submission(self, form):
        from interaction.services import forms as form_services

        return form_services.store_submission(self, form)

    def serve(self, request, *args, **kwargs):
        from interaction.views import forms as form_views

        return form_views.serve(self, request, super().serve, *args, **kwargs)
