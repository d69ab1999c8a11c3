"""Provisioning: one service creates an organisation's sub-site with everything it needs.

Idempotent: running it again repairs what is missing and changes nothing that exists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from sitegroup.models import (
    HomePage,
    Organisation,
    OrganisationKind,
    OrganisationRole,
    PlatformGroup,
    PlatformRole,
    Role,
    SensitiveWordCheckTask,
    SiteSettings,
)

logger = logging.getLogger(__name__)

# No role publishes directly: reviewers approve through the workflow, whose approval publishes
# (sitegroup.services.editorial). Without publish_page Wagtail also refuses unpublishing, moving or
# deleting live pages, publishing copies, aliases and bulk publishing to these roles.
PAGE_PERMISSIONS = {
    Role.EDITOR: ["add_page", "change_page"],
    Role.REVIEWER: ["add_page", "change_page", "lock_page", "unlock_page"],
    Role.SITE_ADMIN: ["add_page", "change_page", "lock_page", "unlock_page", "bulk_delete_page"],
    Role.HANDLER: [],
}
WITHHELD_PAGE_PERMISSIONS = ["publish_page"]
MEDIA_PERMISSIONS = {
    Role.EDITOR: ["add", "change", "choose"],
    Role.REVIEWER: ["add", "change", "choose"],
    Role.SITE_ADMIN: ["add", "change", "choose", "delete"],
    Role.HANDLER: ["choose"],
}
ROLE_LABELS = dict(Role.choices)
PLATFORM_LABELS = dict(PlatformRole.choices)


@dataclass
class ProvisionedSite:
    organisation: Organisation
    site: Site
    home_page: HomePage
    collection: Collection
    groups: dict[str, Group]
    workflow: Workflow


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _check_platform_admin(user) -> None:
    if user is not None and not user.is_superuser:
        raise PermissionDenied("只有平台管理员可以开通子站。")


@transaction.atomic
def provision_subsite(
    organisation: Organisation,
    *,
    user=None,
    site_name: str | None = None,
    port: int = 80,
    is_default_site: bool = False,
) -> ProvisionedSite:
    """Create (or repair) the organisation's site, home page, collection, groups and workflow."""
    _check_platform_admin(user)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    site_name = site_name or f"{organisation.name}网站"

    collection = organisation.collection
    if collection is None:
        root_collection = Collection.get_first_root_node()
        collection = root_collection.get_children().filter(name=organisation.name).first()
        if collection is None:
            collection = root_collection.add_child(name=organisation.name)

    site = organisation.site or Site.objects.filter(hostname=organisation.hostname).first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        home_page = HomePage(title=site_name, slug=organisation.code.lower(), seo_title=site_name)
        Page.get_first_root_node().add_child(instance=home_page)
        home_page.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
        if site is None:
            site = Site.objects.create(
                hostname=organisation.hostname,
                port=port,
                root_page=home_page,
                site_name=site_name,
                is_default_site=is_default_site,
            )
        else:
            _replace_placeholder_root(site, home_page, site_name, port, is_default_site)
    else:
        home_page = site.root_page.specific
    created = organisation.site_id is None
    organisation.site = site
    organisation.collection = collection
    organisation.save(update_fields=["site", "collection"])

    settings_obj = SiteSettings.for_site(site)
    if not settings_obj.sponsor:
        settings_obj.sponsor = organisation.name
        settings_obj.organiser = organisation.name
        settings_obj.address = settings_obj.address or organisation.address
        settings_obj.phone = settings_obj.phone or organisation.phone
        settings_obj.save()

    groups = {role: _ensure_role_group(organisation, role) for role in Role.values}
    for role, group in groups.items():
        _grant_role_permissions(group, role, home_page, collection, site)
    workflow = _ensure_workflow(organisation, home_page, reviewers=[groups[Role.REVIEWER], groups[Role.SITE_ADMIN]])
    ensure_platform_groups()

    if created:
        log(instance=organisation, action="sitegroup.provision", user=user)
        logger.info("provisioned sub-site %s for %s", site.hostname, organisation.name)
    return ProvisionedSite(organisation, site, home_page, collection, groups, workflow)


def _replace_placeholder_root(site: Site, home_page: HomePage, site_name: str, port: int, is_default: bool) -> None:
    """A fresh Wagtail install has a 'Welcome' page on localhost; the new home page replaces it."""
    placeholder = site.root_page
    site.root_page = home_page
    site.site_name = site_name
    site.port = port
    site.is_default_site = is_default or site.is_default_site
    site.save()
    if placeholder.specific_class is Page and placeholder.numchild == 0:
        placeholder.delete()


def _ensure_role_group(organisation: Organisation, role: str) -> Group:
    link = OrganisationRole.objects.filter(organisation=organisation, role=role).select_related("group").first()
    if link:
        return link.group
    group, _ = Group.objects.get_or_create(name=f"{organisation.name}·{ROLE_LABELS[role]}")
    OrganisationRole.objects.create(organisation=organisation, role=role, group=group)
    return group


def _grant_role_permissions(group: Group, role: str, home_page: Page, collection: Collection, site: Site) -> None:
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    _grant_page_and_media(group, home_page.pk, collection, role)
    if role == Role.SITE_ADMIN:
        GroupSitePermission.objects.get_or_create(
            group=group, site=site, permission=_permission("sitegroup", "change_sitesettings")
        )
        for hook in hooks.get_hooks("sitegroup_site_admin_site_permissions"):
            for permission in hook():
                GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)
    if role in (Role.EDITOR, Role.REVIEWER, Role.SITE_ADMIN):
        group.permissions.add(_permission("sitegroup", "view_statistics"))


def _ensure_workflow(organisation: Organisation, home_page: Page, reviewers: list[Group]) -> Workflow:
    existing = WorkflowPage.objects.filter(page=home_page).select_related("workflow").first()
    if existing:
        return existing.workflow
    workflow = Workflow.objects.create(name=f"{organisation.name}审核流程", active=True)
    check = SensitiveWordCheckTask.objects.create(name=f"{organisation.display_name}·敏感词自动检查")
    check.groups.set(reviewers)
    approval = GroupApprovalTask.objects.create(name=f"{organisation.display_name}·审核员审核")
    approval.groups.set(reviewers)
    WorkflowTask.objects.create(workflow=workflow, task=check, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    WorkflowPage.objects.create(page=home_page, workflow=workflow)
    return workflow


def ensure_platform_groups() -> dict[str, Group]:
    """The three platform-wide groups and their permissions (idempotent)."""
    groups = {}
    access_admin = _permission("wagtailadmin", "access_admin")
    for role in PlatformRole.values:
        link = PlatformGroup.objects.filter(role=role).select_related("group").first()
        if link is None:
            group, _ = Group.objects.get_or_create(name=PLATFORM_LABELS[role])
            link = PlatformGroup.objects.create(role=role, group=group)
        groups[role] = link.group
        link.group.permissions.add(access_admin)
    groups[PlatformRole.SUPERVISION].permissions.add(_permission("sitegroup", "view_statistics"))
    # The supervision office keeps the working-day calendar that every deadline is computed with.
    for action in ("add", "change", "delete", "view"):
        groups[PlatformRole.SUPERVISION].permissions.add(_permission("sitegroup", f"{action}_workingdayoverride"))
    groups[PlatformRole.PORTAL_EDITOR].permissions.add(_permission("sitegroup", "view_statistics"))
    for hook in hooks.get_hooks("sitegroup_platform_permissions"):
        for role, permissions in hook().items():
            groups[role].permissions.add(*permissions)

    portal = Organisation.objects.filter(kind=OrganisationKind.PORTAL, site__isnull=False).first()
    if portal is not None:
        _grant_page_and_media(
            groups[PlatformRole.PORTAL_EDITOR], portal.site.root_page_id, portal.collection, Role.REVIEWER
        )
    return groups


def _grant_page_and_media(group: Group, root_page_id: int, collection: Collection, role: str) -> None:
    """The page permissions of a role on a site root and its media permissions on a collection."""
    GroupPagePermission.objects.filter(group=group, permission__codename__in=WITHHELD_PAGE_PERMISSIONS).delete()
    for codename in PAGE_PERMISSIONS[role]:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=root_page_id, permission=_permission("wagtailcore", codename)
        )
    for action in MEDIA_PERMISSIONS[role]:
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, f"{action}_{model}")
            )
