"""Per-site registration facts shown in every page footer (STANDARDS: footer elements)."""

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from sitegroup.services.page_cache import MemoisedSiteSetting


@register_setting(icon="site")
class SiteSettings(MemoisedSiteSetting, BaseSiteSetting):
    site_name = models.CharField("网站名称", max_length=100, blank=True, help_text="留空时使用站点名称。")
    site_id_code = models.CharField(
        "网站标识码",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]{6,20}$", "网站标识码由 6–20 位字母或数字组成。")],
    )
    icp_number = models.CharField("ICP备案号", max_length=60, blank=True, help_text="例如：苏ICP备12345678号")
    police_record_number = models.CharField(
        "公安备案号", max_length=60, blank=True, help_text="例如：苏公网安备 32011102000001号"
    )
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organiser = models.CharField("承办单位", max_length=100, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    postcode = models.CharField(
        "邮编", max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", "邮编为 6 位数字。")]
    )
    description = models.CharField("网站描述", max_length=200, blank=True)
    keywords = models.CharField("网站关键词", max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldRowPanel([FieldPanel("site_id_code"), FieldPanel("icp_number")]),
                FieldPanel("police_record_number"),
            ],
            heading="网站标识与备案",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sponsor"), FieldPanel("organiser")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("postcode")]),
            ],
            heading="主办与联系方式",
        ),
        MultiFieldPanel([FieldPanel("description"), FieldPanel("keywords")], heading="页面元数据"),
    ]

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"

    def name_for(self, site) -> str:
        return self.site_name or site.site_name or site.hostname
