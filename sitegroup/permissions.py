"""Who may see which organisation: the read rules behind admin isolation."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page

from sitegroup.models.organisation import Organisation, PlatformRole


def platform_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache_name = "_sitegroup_platform_roles"
    if not hasattr(user, cache_name):
        roles = set(user.groups.filter(platform_role__isnull=False).values_list("platform_role__role", flat=True))
        setattr(user, cache_name, roles)
    return getattr(user, cache_name)


def user_sees_every_organisation(user) -> bool:
    """Platform admins and the supervision office watch every organisation."""
    return user.is_superuser or PlatformRole.SUPERVISION in platform_roles(user)


def organisations_for(user):
    """Organisations whose pages, media and statistics the user works with."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user_sees_every_organisation(user):
        return Organisation.objects.all()
    own = Organisation.objects.filter(roles__group__user=user)
    if PlatformRole.PORTAL_EDITOR in platform_roles(user):
        own = own | Organisation.objects.filter(kind="portal")
    return own.distinct()


def root_paths_for(user) -> list[str] | None:
    """Tree paths of the site roots the user may work under; None means every site."""
    if user.is_superuser:
        return None
    cache_name = "_sitegroup_root_paths"
    if not hasattr(user, cache_name):
        paths = list(
            Page.objects.filter(
                pk__in=organisations_for(user).filter(site__isnull=False).values("site__root_page_id")
            ).values_list("path", flat=True)
        )
        setattr(user, cache_name, paths)
    return getattr(user, cache_name)


def under_paths(paths) -> Q:
    """A condition matching pages at or below any of the given tree paths (none: matches nothing)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def restrict_pages(queryset, user):
    """Limit a page queryset to the user's sites (used by choosers and listings)."""
    paths = root_paths_for(user)
    return queryset if paths is None else queryset.filter(under_paths(paths))
