"""Per-site theme settings, editable by the template-manager group for every site and nobody else."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import PreviewableMixin

from sitegroup.services.page_cache import MemoisedSiteSetting
from themes import registry
from themes.lib.colour import HEX_COLOUR, contrast_ratio
from themes.widgets import ColourInput

MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: white text on the main colour


@register_setting(icon="view")
class ThemeSettings(MemoisedSiteSetting, PreviewableMixin, BaseSiteSetting):
    theme = models.CharField("模板", max_length=40, default=registry.DEFAULT_THEME, choices=registry.choices)
    main_colour = models.CharField(
        "主色调",
        max_length=7,
        blank=True,
        help_text="用取色器选择，或填写形如 #b3261e 的颜色；留空使用模板默认色。须与白色文字对比度不低于 4.5:1。",
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
    mourning_switched_on = models.BooleanField(
        "立即开启哀悼模式（全站灰色）", default=False, help_text="勾选后立即生效，直到取消勾选。"
    )
    mourning_starts_at = models.DateTimeField(
        "定时哀悼：开始时间", null=True, blank=True, help_text="北京时间。到时自动变灰，无需值守。"
    )
    mourning_ends_at = models.DateTimeField(
        "定时哀悼：结束时间", null=True, blank=True, help_text="北京时间。到时自动恢复彩色。"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("main_colour", widget=ColourInput(min_contrast=MIN_CONTRAST))],
            heading="模板与配色",
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("banner"), FieldPanel("footer_text")],
            heading="标志、横幅与页脚",
        ),
        MultiFieldPanel(
            [
                FieldPanel("mourning_switched_on"),
                FieldRowPanel([FieldPanel("mourning_starts_at"), FieldPanel("mourning_ends_at")]),
            ],
            heading="哀悼模式",
        ),
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
        starts, ends = self.mourning_starts_at, self.mourning_ends_at
        if starts and not ends:
            errors["mourning_ends_at"] = "定时哀悼须同时填写结束时间。"
        elif ends and not starts:
            errors["mourning_starts_at"] = "定时哀悼须同时填写开始时间。"
        elif starts and ends and ends <= starts:
            errors["mourning_ends_at"] = "结束时间须晚于开始时间。"
        if errors:
            raise ValidationError(errors)

    @property
    def theme_object(self) -> registry.Theme:
        return registry.get(self.theme)

    @property
    def effective_main_colour(self) -> str:
        return self.main_colour or self.theme_object.default_main_colour

    @property
    def mourning_mode(self) -> bool:
        """Whether the site is grey at this moment: switched on by hand, or inside the scheduled window.

        Evaluated when a page is rendered, so the schedule needs no job to switch it on or off.
        """
        if self.mourning_switched_on:
            return True
        if self.mourning_starts_at and self.mourning_ends_at:
            return self.mourning_starts_at <= timezone.now() < self.mourning_ends_at
        return False

    def get_full_url(self):
        """The preview request goes to the site itself, so it is served with the site's own host."""
        return self.site.root_url + "/" if self.site_id else None

    def serve_preview(self, request, mode_name):
        """The site's home page rendered with these (unsaved) settings, as the site's visitors would see it.

        The preview request may still carry the admin's host (when the site's host is not in ALLOWED_HOSTS),
        so the site, its settings and its menu are tied to this site here, not found from the host.
        """
        home_page = self.site.root_page.specific
        request._wagtail_site = self.site
        setattr(request, self.get_cache_attr_name(), self)
        request.is_preview = True
        request.preview_mode = mode_name
        response = home_page.serve(request)
        if hasattr(response, "render"):
            response.render()
        return response
