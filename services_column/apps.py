"""App configuration of services_column (政务服务专栏)."""

from django.apps import AppConfig


class ServicesColumnConfig(AppConfig):
    name = "services_column"
    verbose_name = "政务服务专栏"

    def ready(self):
        from services_column import application_hooks  # noqa: F401 — admin wiring of online applications
        from services_column.services import applications  # noqa: F401 — registers the case kind
