"""App configuration of themes (网站模板)."""

from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "网站模板"
