"""App configuration of services_column (政务服务专栏)."""

from django.apps import AppConfig


class ServicesColumnConfig(AppConfig):
    name = "services_column"
    verbose_name = "政务服务专栏"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from services_column import application_hooks  # noqa: F401 — admin wiring of online applications
        from services_column.models.taxonomy import LifeEvent
        from services_column.services import applications  # noqa: F401 — registers the case kind

        for signal in (post_save, post_delete):
            signal.connect(_life_events_changed, sender=LifeEvent, dispatch_uid=f"life-events-page-cache-{signal}")


def _life_events_changed(sender, **kwargs):
    """Home pages show popular life events (services_column.wagtail_hooks): purge them (page cache)."""
    from sitegroup.services import page_cache

    page_cache.purge_after_commit({"life-events"})
