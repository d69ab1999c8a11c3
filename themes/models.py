"""Per-site theme settings, editable by the template-manager group for every site and nobody else."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import PreviewableMixin

from themes import registry
from themes.lib.colour import HEX_COLOUR, contrast_ratio

MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: white text on the main colour


@register_setting(icon="view")
class ThemeSettings(PreviewableMixin, BaseSiteSetting):
    theme = models.CharField("模板", max_length=40, default=registry.DEFAULT_THEME, choices=registry.choices)
    main_colour = models.CharField(
        "主色调",
        max_length=7,
        blank=True,
        help_text="形如 #b3261e；留空使用模板默认色。须与白色文字对比度不低于 4.5:1。",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="网站标志",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="横幅图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_text = models.CharField("页脚附加文字", max_length=300, blank=True)
    mourning_mode = models.BooleanField("哀悼模式（全站灰色）", default=False)

    panels = [
        MultiFieldPanel([FieldPanel("theme"), FieldPanel("main_colour")], heading="模板与配色"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("logo"), FieldPanel("banner")]), FieldPanel("footer_text")],
            heading="标志、横幅与页脚",
        ),
        FieldPanel("mourning_mode"),
    ]

    class Meta:
        verbose_name = "网站模板设置"
        verbose_name_plural = "网站模板设置"

    def clean(self):
        errors = {}
        if self.theme not in dict(registry.choices()):
            errors["theme"] = "未知的模板。"
        if self.main_colour:
            if not HEX_COLOUR.match(self.main_colour):
                errors["main_colour"] = "主色调须为 # 加 6 位十六进制数，例如 #b3261e。"
            elif contrast_ratio(self.main_colour, "#ffffff") < MIN_CONTRAST:
                ratio = contrast_ratio(self.main_colour, "#ffffff")
                errors["main_colour"] = (
                    f"该颜色与白色文字的对比度只有 {ratio:.1f}:1，低于无障碍要求的 4.5:1，请选择更深的颜色。"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def theme_object(self) -> registry.Theme:
        return registry.get(self.theme)

    @property
    def effective_main_colour(self) -> str:
        return self.main_colour or self.theme_object.default_main_colour

    def serve_preview(self, request, mode_name):
        """The site's home page rendered with these (unsaved) settings."""
        home_page = self.site.root_page.specific
        request.is_preview = True
        request.preview_mode = mode_name
        response = home_page.serve(request)
        if hasattr(response, "render"):
            response.render()
        return response
