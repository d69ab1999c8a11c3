"""Hot words at render time: one automaton per scope, built once per process, rebuilt after a change.

    from sitegroup.services.hot_words import link_hot_words
    html = link_hot_words(body_html, site_id)

A site's automaton holds the group-wide words plus that site's own (a site word replaces the
group-wide word of the same spelling). All active words are read in one query when the version
token changes; each site's automaton is then built on first use. Rendering costs no SQL query.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.db import models, transaction

from sitegroup.lib.hot_words import HotWordLinker
from sitegroup.models import HotWord
from sitegroup.services.process_cache import ProcessCache


class HotWordIndex:
    def __init__(self, rows):
        self._group: dict[str, str] = {}
        self._sites: dict[int, dict[str, str]] = defaultdict(dict)
        for word, url, site_id in rows:
            (self._group if site_id is None else self._sites[site_id])[word] = url
        self._linkers: dict[int | None, HotWordLinker] = {}
        self._lock = threading.Lock()

    def linker(self, site_id: int | None) -> HotWordLinker:
        key = site_id if site_id in self._sites else None
        linker = self._linkers.get(key)
        if linker is None:
            with self._lock:
                linker = self._linkers.get(key)
                if linker is None:
                    words = {**self._group, **self._sites.get(key, {})} if key is not None else self._group
                    linker = HotWordLinker(words.items())
                    self._linkers[key] = linker
        return linker


def _build() -> HotWordIndex:
    return HotWordIndex(HotWord.objects.filter(is_active=True).values_list("word", "url", "site_id"))


_index = ProcessCache("sitegroup:hot-words:version", _build)


def linker_for(site_id: int | None) -> HotWordLinker:
    return _index.get().linker(site_id)


def link_hot_words(html: str, site_id: int | None) -> str:
    return linker_for(site_id).apply(html)


def invalidate() -> None:
    _index.invalidate()


def changed(sender=None, **kwargs) -> None:
    transaction.on_commit(invalidate)


def visible_hot_words(user):
    """Hot words a user manages: all for platform staff, otherwise those of the user's own sites."""
    from sitegroup.permissions import organisations_for, user_sees_every_organisation

    queryset = HotWord.objects.select_related("site")
    if user_sees_every_organisation(user):
        return queryset
    own_sites = models.Q(site__in=organisations_for(user).filter(site__isnull=False).values("site_id"))
    if may_manage_group_words(user):
        own_sites |= models.Q(site__isnull=True)
    return queryset.filter(own_sites)


def may_manage_group_words(user) -> bool:
    from sitegroup.models import PlatformRole
    from sitegroup.permissions import platform_roles

    return user.is_superuser or PlatformRole.PORTAL_EDITOR in platform_roles(user)
