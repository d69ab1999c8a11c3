"""Granting and revoking roles; one user may hold roles in several organisations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from sitegroup.models import Organisation, OrganisationRole, PlatformGroup
from sitegroup.services.provisioning import ensure_platform_groups


def _check_may_grant(actor, organisation: Organisation | None) -> None:
    if actor is None or actor.is_superuser:
        return
    if (
        organisation is not None
        and actor.groups.filter(
            organisation_role__organisation=organisation, organisation_role__role="site_admin"
        ).exists()
    ):
        return
    raise PermissionDenied("无权为该机构分配角色。")


def _role_group(organisation: Organisation, role: str):
    return OrganisationRole.objects.select_related("group").get(organisation=organisation, role=role).group


@transaction.atomic
def grant_role(user, organisation: Organisation, role: str, *, actor=None) -> None:
    _check_may_grant(actor, organisation)
    group = _role_group(organisation, role)
    user.groups.add(group)
    log(instance=user, action="sitegroup.grant_role", user=actor, data={"group": group.name})


@transaction.atomic
def revoke_role(user, organisation: Organisation, role: str, *, actor=None) -> None:
    _check_may_grant(actor, organisation)
    group = _role_group(organisation, role)
    user.groups.remove(group)
    log(instance=user, action="sitegroup.revoke_role", user=actor, data={"group": group.name})


@transaction.atomic
def grant_platform_role(user, role: str, *, actor=None) -> None:
    _check_may_grant(actor, None)
    ensure_platform_groups()
    link = PlatformGroup.objects.select_related("group").get(role=role)
    user.groups.add(link.group)
    log(instance=user, action="sitegroup.grant_role", user=actor, data={"group": link.group.name})
