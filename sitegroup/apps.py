"""App configuration of sitegroup (the platform)."""

from django.apps import AppConfig


class SitegroupConfig(AppConfig):
    name = "sitegroup"
    verbose_name = "站群平台"

    def ready(self):
        from sitegroup import admin_isolation, security_headers, sign_in_signals, signals

        signals.connect()
        sign_in_signals.connect()
        admin_isolation.install()
        security_headers.nonce_wagtail_choosers()
