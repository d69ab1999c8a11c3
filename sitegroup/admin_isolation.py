"""Narrow Wagtail's page-listing filters to the user's own sites and colleagues.

Wagtail's page explorer offers "site", "owner" and "edited by" filters built from every Site
and every user; for a county site group that would show one department the other departments'
sites and staff. There is no hook for these filters, so at start-up we swap their querysets for
callables that django-filter evaluates per request.
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from wagtail.models import Site
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from sitegroup.permissions import organisations_for, root_paths_for


def visible_sites(request):
    if request is None or request.user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(pk__in=organisations_for(request.user).values("site_id"))


def visible_users(request):
    users = get_user_model().objects.all()
    if request is None or root_paths_for(request.user) is None:
        return users
    organisations = organisations_for(request.user)
    return users.filter(groups__organisation_role__organisation__in=organisations).distinct()


def install() -> None:
    from wagtail.admin.views.pages import listing

    for filterset in (listing.PageFilterSet, listing.GenericPageFilterSet):
        filters = filterset.base_filters
        filters["site"].queryset = visible_sites
        for name in ("owner", "edited_by"):
            original = filters[name].queryset

            def narrowed(request, original=original):
                base = original(request) if callable(original) else original
                return base.filter(pk__in=visible_users(request).values("pk"))

            filters[name].queryset = narrowed


class RestrictedSnippetChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser open only to users with some permission on the model.

    Wagtail's choosers check no permission (any admin user may browse them); for platform-level
    lists such as organisations and sensitive words that would show every editor the whole list.
    """

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = self._guard(pattern.callback)
        return patterns

    def _guard(self, view):
        model = self.model

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            policy = policy_registry.get_by_type(model)
            if not policy.user_has_any_permission(request.user, ["add", "change", "delete", "view"]):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded
