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
        from wagtail.models import Site

        cache.delete(SITES_CACHE_KEY)
        forget_local_sites()
        # Wagtail clears its site root paths when the site is saved, inside the transaction: a request
        # served meanwhile caches them without the new site, whose pages would have no URL (a menu link
        # to "/None/"). Cleared again once the site is committed.
        Site.clear_site_root_paths_cache()

    transaction.on_commit(forget)


def _working_days_changed(sender, **kwargs):
    from sitegroup.services.working_days import invalidate

    transaction.on_commit(invalidate)


def _recompute_case_deadlines(sender, **kwargs):
    from sitegroup.services.cases import recompute_all_deadlines

    recompute_all_deadlines()


def _page_changed(sender, instance, **kwargs):
    """Published, unpublished: purge the page, its listings, its home page (sitegroup.services.page_cache)."""
    from sitegroup.services import page_cache

    page_cache.purge_page(instance)


def _page_deleted(sender, instance, **kwargs):
    from sitegroup.services import page_cache

    if instance.live and instance.depth > 1:
        page_cache.purge_page(instance)


def _page_moved(sender, instance, parent_page_before=None, **kwargs):
    """Purge where it was (the old parent and its ancestors) and where it is now."""
    from sitegroup.services import page_cache

    # A page not live may still hold live pages, whose old addresses are kept (routing) and cached.
    if not instance.live and not instance.get_descendants().live().exists():
        return
    before = []
    if parent_page_before is not None:
        before = [
            parent_page_before.pk,
            *parent_page_before.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True),
        ]
        if page_cache.affects_whole_site(instance):
            for site_id in page_cache.sites_of(parent_page_before):
                page_cache.purge_site(site_id)
    page_cache.purge_page(instance, extra_ancestor_ids=before)


def site_settings_changed(sender, instance, created=False, **kwargs):
    """Site or theme settings show on every page of their site. A row just created holds the defaults the
    pages already showed (Wagtail creates it on first read; the admin's form then saves it again)."""
    from sitegroup.services import page_cache

    if created:
        return

    page_cache.purge_site(instance.site_id)


def _view_restriction_changed(sender, instance, **kwargs):
    """A privacy setting (私密: password, signed-in users, groups) added, changed or removed on a page."""
    from sitegroup.services import page_cache

    page_cache.purge_privacy_change(instance.page_id)


def _everything_changed(sender, **kwargs):
    """Sites (host names, the portal link of every department), hot words, sensitive words: every page."""
    from sitegroup.services import page_cache

    page_cache.purge_everything()


def _media_changed(sender, created=False, **kwargs):
    """An image or document replaced or renamed shows wherever it is used: every page. A new one shows nowhere yet."""
    from sitegroup.services import page_cache

    if not created:
        page_cache.purge_everything()


def _organisations_changed(sender, **kwargs):
    from sitegroup.services import page_cache

    page_cache.purge_after_commit({"organisations"})


def _submission_changed(sender, instance, **kwargs):
    """An accepted or withdrawn submission (信息报送) shows in its portal column's listing."""
    from sitegroup.services import page_cache

    if instance.column_id:
        # The column's listing and its ancestors only: a submission changes no menu or breadcrumb.
        page_cache.purge_after_commit(page_cache.page_tags(instance.column))


def _avatar_without_metadata(sender, instance, **kwargs):
    """A staff member's profile picture (Wagtail's own form, outside the upload gate's forms) is stored
    without its EXIF location too; Wagtail re-encodes only pictures over 400 px."""
    from sitegroup.services.uploads import strip_image_metadata

    avatar = instance.avatar
    if avatar and not avatar._committed:
        strip_image_metadata(avatar.file)


def connect():
    from django.db.models.signals import pre_delete
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from sitegroup.models import (
        HotWord,
        Organisation,
        SensitiveWord,
        SiteSettings,
        Submission,
        WorkingDayOverride,
        WrongForm,
    )
    from sitegroup.services import hot_words, submissions
    from sitegroup.services.working_days import working_days_changed

    # Stored case deadlines (every registered kind) follow the working-day calendar.
    working_days_changed.connect(_recompute_case_deadlines, dispatch_uid="sitegroup-case-deadlines")

    page_published.connect(_page_published, dispatch_uid="sitegroup-publication-feed")
    page_published.connect(submissions.original_published, dispatch_uid="sitegroup-submission-sync")
    page_unpublished.connect(submissions.original_unpublished, dispatch_uid="sitegroup-submission-withdraw")
    page_published.connect(_record_digest, dispatch_uid="sitegroup-page-digest")

    from sitegroup.services import previews

    post_save.connect(previews.document_saved, sender=get_document_model(), dispatch_uid="sitegroup-previews")
    from django.db.models.signals import pre_save
    from wagtail.users.models import UserProfile

    pre_save.connect(_avatar_without_metadata, sender=UserProfile, dispatch_uid="sitegroup-avatar-metadata")
    from sitegroup.services import watermarks

    post_save.connect(watermarks.settings_saved, sender=SiteSettings, dispatch_uid="sitegroup-settings-audit")
    for signal in (post_save, post_delete):
        signal.connect(_sensitive_words_changed, sender=SensitiveWord, dispatch_uid=f"sw-{signal}")
        signal.connect(_wrong_forms_changed, sender=WrongForm, dispatch_uid=f"wf-{signal}")
        signal.connect(_sites_changed, sender=Site, dispatch_uid=f"site-{signal}")
        signal.connect(hot_words.changed, sender=HotWord, dispatch_uid=f"hot-words-{signal}")
        signal.connect(_working_days_changed, sender=WorkingDayOverride, dispatch_uid=f"workdays-{signal}")
        # The page cache (docs/page-cache.md lists what each change purges).
        for model in (Site, HotWord, SensitiveWord):
            signal.connect(_everything_changed, sender=model, dispatch_uid=f"page-cache-all-{model.__name__}-{signal}")
        # The theme's settings connect the same receiver (themes.apps: sitegroup does not import themes).
        signal.connect(site_settings_changed, sender=SiteSettings, dispatch_uid=f"page-cache-SiteSettings-{signal}")
        for model in (get_image_model(), get_document_model()):
            signal.connect(_media_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-{signal}")
        signal.connect(_organisations_changed, sender=Organisation, dispatch_uid=f"page-cache-orgs-{signal}")
        signal.connect(_submission_changed, sender=Submission, dispatch_uid=f"page-cache-submissions-{signal}")
        signal.connect(
            _view_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"page-cache-privacy-{signal}"
        )
    page_published.connect(_page_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="page-cache-moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="page-cache-deleted")


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
