"""Side effects only: the in-memory catalogue is rebuilt after items change (request deadlines follow
the working-day calendar through the case core, sitegroup.signals)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _catalogue_changed(sender, instance=None, **kwargs):
    from disclosure.catalogue_index import invalidate
    from disclosure.models import DisclosureCataloguePage, DisclosureItemPage

    if isinstance(instance, DisclosureItemPage | DisclosureCataloguePage):
        transaction.on_commit(invalidate)


def _restriction_changed(sender, **kwargs):
    """View restrictions and moves change which items are public, or where they are."""
    from disclosure.catalogue_index import invalidate

    transaction.on_commit(invalidate)


def connect():
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal, uid in ((page_published, "published"), (page_unpublished, "unpublished")):
        signal.connect(_catalogue_changed, dispatch_uid=f"disclosure-catalogue-{uid}")
    # A moved column carries its items to another catalogue: any move rebuilds (moves are rare).
    post_page_move.connect(_restriction_changed, dispatch_uid="disclosure-catalogue-moved")
    post_delete.connect(_catalogue_changed, dispatch_uid="disclosure-catalogue-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed, sender=PageViewRestriction, dispatch_uid=f"disclosure-restriction-{signal}"
        )
