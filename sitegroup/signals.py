"""Side effects only: cache invalidation after word-list, site and working-day changes commit; case
deadlines recomputed after the working-day calendar changed."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _sensitive_words_changed(sender, **kwargs):
    from sitegroup.services.sensitive_words import invalidate

    transaction.on_commit(invalidate)


def _wrong_forms_changed(sender, **kwargs):
    from sitegroup.services.wrong_forms import invalidate

    transaction.on_commit(invalidate)


def _record_digest(sender, instance, **kwargs):
    """防篡改: the digest of what is served is recorded once the publication has committed."""
    from sitegroup.services.health import record_digest_after_commit

    record_digest_after_commit(instance)


def _sites_changed(sender, **kwargs):
    from sitegroup.middleware import SITES_CACHE_KEY, forget_local_sites

    def forget():
        cache.delete(SITES_CACHE_KEY)
        forget_local_sites()

    transaction.on_commit(forget)


def _working_days_changed(sender, **kwargs):
    from sitegroup.services.working_days import invalidate

    transaction.on_commit(invalidate)


def _recompute_case_deadlines(sender, **kwargs):
    from sitegroup.services.cases import recompute_all_deadlines

    recompute_all_deadlines()


def connect():
    from wagtail.models import Site
    from wagtail.signals import page_published, page_unpublished

    from sitegroup.models import HotWord, SensitiveWord, WorkingDayOverride, WrongForm
    from sitegroup.services import hot_words, submissions
    from sitegroup.services.working_days import working_days_changed

    # Stored case deadlines (every registered kind) follow the working-day calendar.
    working_days_changed.connect(_recompute_case_deadlines, dispatch_uid="sitegroup-case-deadlines")

    page_published.connect(_page_published, dispatch_uid="sitegroup-publication-feed")
    page_published.connect(submissions.original_published, dispatch_uid="sitegroup-submission-sync")
    page_unpublished.connect(submissions.original_unpublished, dispatch_uid="sitegroup-submission-withdraw")
    page_published.connect(_record_digest, dispatch_uid="sitegroup-page-digest")
    from wagtail.documents import get_document_model

    from sitegroup.services import previews

    post_save.connect(previews.document_saved, sender=get_document_model(), dispatch_uid="sitegroup-previews")
    from sitegroup.models import SiteSettings
    from sitegroup.services import watermarks

    post_save.connect(watermarks.settings_saved, sender=SiteSettings, dispatch_uid="sitegroup-settings-audit")
    for signal in (post_save, post_delete):
        signal.connect(_sensitive_words_changed, sender=SensitiveWord, dispatch_uid=f"sw-{signal}")
        signal.connect(_wrong_forms_changed, sender=WrongForm, dispatch_uid=f"wf-{signal}")
        signal.connect(_sites_changed, sender=Site, dispatch_uid=f"site-{signal}")
        signal.connect(hot_words.changed, sender=HotWord, dispatch_uid=f"hot-words-{signal}")
        signal.connect(_working_days_changed, sender=WorkingDayOverride, dispatch_uid=f"workdays-{signal}")


def _page_published(sender, instance, **kwargs):
    """Push a publication to the live feed once the transaction has committed."""
    site = instance.get_site()
    event = {
        "type": "publication",
        "page_id": instance.pk,
        "title": instance.title,
        "url": instance.get_url() or "",
        "site_id": site.pk if site else None,
        "site": site.site_name if site else "",
    }
    transaction.on_commit(lambda: broadcast_publication(event))


def broadcast_publication(event: dict) -> None:
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from sitegroup.consumers import FEED_GROUP

    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(FEED_GROUP, event)
