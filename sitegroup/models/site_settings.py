"""Per-site registration facts shown in every page footer (STANDARDS: footer elements)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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
    watermark_enabled = models.BooleanField(
        "为本站图片加水印",
        default=False,
        help_text="正文图片显示时加水印，原图不变。单张图片不加水印：在该图片的“标签”中添加“不加水印”。",
    )
    watermark_text = models.CharField("水印文字", max_length=30, blank=True, help_text="例如：某某县人民政府网")
    watermark_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="水印标志",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="选择标志图片（透明背景的 PNG 最佳）后，以标志代替文字。",
    )
    watermark_position = models.CharField(
        "水印位置",
        max_length=12,
        default="bottom-right",
        choices=[
            ("bottom-right", "右下"),
            ("bottom-left", "左下"),
            ("top-right", "右上"),
            ("top-left", "左上"),
            ("center", "居中"),
        ],
    )
    watermark_opacity = models.PositiveSmallIntegerField(
        "水印不透明度（%）",
        default=50,
        validators=[MinValueValidator(10, "不透明度不能低于 10%。"), MaxValueValidator(100, "不透明度不能高于 100%。")],
    )

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
        MultiFieldPanel(
            [
                FieldPanel("watermark_enabled"),
                FieldRowPanel([FieldPanel("watermark_text"), FieldPanel("watermark_logo")]),
                FieldRowPanel([FieldPanel("watermark_position"), FieldPanel("watermark_opacity")]),
            ],
            heading="图片水印",
        ),
    ]

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"

    def clean(self):
        super().clean()
        if self.watermark_enabled and not (self.watermark_text.strip() or self.watermark_logo_id):
            raise ValidationError({"watermark_text": "开启水印时请填写水印文字或选择水印标志。"})

    def watermark_signature(self) -> str:
        """A short fingerprint of the watermark settings: part of the rendition spec, so a change makes new
        renditions (old ones are simply no longer used)."""
        import hashlib

        logo = self.watermark_logo
        parts = [
            self.watermark_text.strip(),
            str(logo.file_hash if logo else ""),
            str(self.watermark_logo_id or ""),
            self.watermark_position,
            str(self.watermark_opacity),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:10]

    def name_for(self, site) -> str:
        return self.site_name or site.site_name or site.hostname
