"""App configuration of services_column (政务服务专栏)."""

from django.apps import AppConfig


class ServicesColumnConfig(AppConfig):
    name = "services_column"
    verbose_name = "政务服务专栏"
