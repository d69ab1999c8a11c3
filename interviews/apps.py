"""App configuration of interviews (在线访谈)."""

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "在线访谈"

    def ready(self):
        from django.db.models.signals import post_save

        from interviews.models import InterviewRoom
        from interviews.services import followup  # noqa: F401 — registers the case kind

        post_save.connect(_room_saved, sender=InterviewRoom, dispatch_uid="interviews-page-cache")


def _room_saved(sender, instance, update_fields=None, **kwargs):
    """The home page shows the live or next interview: a room that starts or ends purges it (page cache)."""
    if update_fields is not None and "state" not in update_fields:
        return
    from sitegroup.services import page_cache

    page_cache.purge_page(instance.interview)
