"""App configuration of themes (网站模板)."""

from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "网站模板"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from sitegroup.signals import site_settings_changed
        from themes.models import ThemeSettings

        # A theme's settings show on every page of its site: the page cache purges the site.
        for signal in (post_save, post_delete):
            signal.connect(
                site_settings_changed, sender=ThemeSettings, dispatch_uid=f"page-cache-ThemeSettings-{signal}"
            )
