"""App configuration of sitegroup (the platform)."""

from django.apps import AppConfig


class SitegroupConfig(AppConfig):
    name = "sitegroup"
    verbose_name = "站群平台"

    def ready(self):
        from sitegroup import admin_isolation, sign_in_signals, signals

        signals.connect()
        sign_in_signals.connect()
        admin_isolation.install()
