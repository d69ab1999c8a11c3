"""Side effects only: keep the index in step with publishing, unpublishing, moves and deletions."""

from django.db.models.signals import post_delete, post_save


def _published(sender, instance, **kwargs):
    from search import registry, services

    document_type = registry.type_for(instance)
    if document_type is not None:
        pk = instance.pk
        services.after_commit(lambda: services.refresh(document_type.name, [pk]))


def _unpublished_or_deleted(sender, instance, **kwargs):
    from search import registry, services

    document_type = registry.type_for(instance)
    if document_type is not None:
        key = document_type.key(instance.pk)
        services.after_commit(lambda: services.remove([key]))


def _moved(sender, instance, **kwargs):
    from search import services

    services.after_commit(lambda: services.refresh_subtree(instance))


def _related_changed(sender, instance, **kwargs):
    """A topic, genre … was renamed: rewrite the documents whose text includes its name."""
    from django.db.models import Q

    from search import registry, services

    label = sender._meta.label
    for document_type in registry.all_types():
        lookups = document_type.depends_on.get(label)
        if not lookups:
            continue
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{lookup: instance.pk})
        pks = list(document_type.get_queryset().filter(condition).values_list("pk", flat=True))
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            services.after_commit(lambda name=document_type.name, chunk=chunk: services.refresh(name, chunk))


def _synonyms_changed(sender, **kwargs):
    from django.db import transaction

    from search.services import invalidate_synonyms

    transaction.on_commit(invalidate_synonyms)


def connect():
    from django.apps import apps
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from search import registry
    from search.models import Synonym

    page_published.connect(_published, dispatch_uid="search-published")
    page_unpublished.connect(_unpublished_or_deleted, dispatch_uid="search-unpublished")
    post_delete.connect(_unpublished_or_deleted, dispatch_uid="search-deleted")
    post_page_move.connect(_moved, dispatch_uid="search-moved")
    for signal in (post_save, post_delete):
        signal.connect(_synonyms_changed, sender=Synonym, dispatch_uid=f"search-synonyms-{signal}")
    for label in {label for document_type in registry.all_types() for label in document_type.depends_on}:
        post_save.connect(_related_changed, sender=apps.get_model(label), dispatch_uid=f"search-related-{label}")
