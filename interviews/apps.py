"""App configuration of interviews (在线访谈)."""

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "在线访谈"

    def ready(self):
        from interviews.services import followup  # noqa: F401 — registers the case kind
