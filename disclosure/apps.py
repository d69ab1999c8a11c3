"""App configuration of disclosure (政府信息公开)."""

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self):
        from disclosure import signals
        from disclosure.services import requests  # noqa: F401 — registers the case kind

        signals.connect()
