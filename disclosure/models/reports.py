"""年度报告: an organisation's annual report on government information disclosure, as a page in the
column; sections 2 and 3 are computed (disclosure.services.annual_reports), the rest entered here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from disclosure.models.pages import organisation_id_of
from sitegroup.models import SiteGroupPage

COUNT = {"default": 0, "blank": True}


class AnnualReportIndexPage(SiteGroupPage):
    """政府信息公开年报: the section that holds an organisation's reports, newest year first."""

    parent_page_types = ["disclosure.DisclosureColumnPage"]
    subpage_types = ["disclosure.AnnualReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "政府信息公开年报栏目"
        verbose_name_plural = "政府信息公开年报栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = AnnualReportPage.objects.child_of(self).live().public().order_by("-year")
        return context


class AnnualReportPage(RoutablePageMixin, SiteGroupPage):
    year = models.PositiveSmallIntegerField("年度")
    organisation = models.ForeignKey(
        "sitegroup.Organisation", verbose_name="报告机关", on_delete=models.PROTECT, related_name="+", editable=False
    )
    includes_departments = models.BooleanField(
        "汇总所属部门", default=False, help_text="县政府的年报：第二、三、四部分的数字汇总本县各部门和乡镇。"
    )
    overview = RichTextField("一、总体情况", blank=True)
    licensing_decisions = models.PositiveIntegerField("行政许可：本年处理决定数量", **COUNT)
    penalty_decisions = models.PositiveIntegerField("行政处罚：本年处理决定数量", **COUNT)
    compulsory_decisions = models.PositiveIntegerField("行政强制：本年处理决定数量", **COUNT)
    fee_income = models.DecimalField("行政事业性收费：本年收费金额（万元）", max_digits=12, decimal_places=4, default=0)
    reconsideration_upheld = models.PositiveIntegerField("行政复议：结果维持", **COUNT)
    reconsideration_corrected = models.PositiveIntegerField("行政复议：结果纠正", **COUNT)
    reconsideration_other = models.PositiveIntegerField("行政复议：其他结果", **COUNT)
    reconsideration_pending = models.PositiveIntegerField("行政复议：尚未审结", **COUNT)
    direct_litigation_upheld = models.PositiveIntegerField("未经复议直接起诉：结果维持", **COUNT)
    direct_litigation_corrected = models.PositiveIntegerField("未经复议直接起诉：结果纠正", **COUNT)
    direct_litigation_other = models.PositiveIntegerField("未经复议直接起诉：其他结果", **COUNT)
    direct_litigation_pending = models.PositiveIntegerField("未经复议直接起诉：尚未审结", **COUNT)
    after_reconsideration_upheld = models.PositiveIntegerField("复议后起诉：结果维持", **COUNT)
    after_reconsideration_corrected = models.PositiveIntegerField("复议后起诉：结果纠正", **COUNT)
    after_reconsideration_other = models.PositiveIntegerField("复议后起诉：其他结果", **COUNT)
    after_reconsideration_pending = models.PositiveIntegerField("复议后起诉：尚未审结", **COUNT)
    problems = RichTextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = RichTextField("六、其他需要报告的事项", blank=True)

    content_panels = [
        *SiteGroupPage.content_panels,
        FieldRowPanel([FieldPanel("year"), FieldPanel("includes_departments")]),
        FieldPanel("overview"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("licensing_decisions"), FieldPanel("penalty_decisions")]),
                FieldRowPanel([FieldPanel("compulsory_decisions"), FieldPanel("fee_income")]),
            ],
            heading="二、主动公开（规章和规范性文件的件数由系统统计）",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel(f"reconsideration_{name}") for name in ("upheld", "corrected", "other", "pending")]
                ),
                FieldRowPanel(
                    [FieldPanel(f"direct_litigation_{name}") for name in ("upheld", "corrected", "other", "pending")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel(f"after_reconsideration_{name}")
                        for name in ("upheld", "corrected", "other", "pending")
                    ]
                ),
            ],
            heading="四、政府信息公开行政复议、行政诉讼情况（手工填报）",
        ),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
    ]
    parent_page_types = ["disclosure.AnnualReportIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "政府信息公开年度报告"
        verbose_name_plural = "政府信息公开年度报告"

    def full_clean(self, *args, **kwargs):
        if not self.organisation_id:
            self.organisation_id = organisation_id_of(self)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.year and not 2008 <= self.year <= 2100:
            raise ValidationError({"year": "年度应在 2008 年（条例施行）之后。"})
        if self.organisation_id and self.year:
            duplicate = AnnualReportPage.objects.filter(organisation_id=self.organisation_id, year=self.year)
            if self.pk:
                duplicate = duplicate.exclude(pk=self.pk)
            if duplicate.exists():
                raise ValidationError({"year": f"本机关 {self.year} 年度的报告已经存在。"})

    def save(self, *args, **kwargs):
        if not self.organisation_id:
            self.organisation_id = organisation_id_of(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from disclosure.services.annual_reports import build

        context = super().get_context(request, *args, **kwargs)
        context["report"] = build(self)
        return context

    @path("xlsx/")
    def xlsx(self, request):
        from disclosure.services.annual_reports import build, to_xlsx

        response = HttpResponse(
            to_xlsx(build(self)), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="annual-report-{self.organisation_id}-{self.year}.xlsx"'
        )
        return response
