"""App configuration of search (站内搜索)."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from search import signals

        # Every app's documents.py registers its searchable types (search's own registers articles).
        autodiscover_modules("documents")
        signals.connect()
