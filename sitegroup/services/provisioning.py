"""Provisioning: one service creates an organisation's sub-site with everything it needs.

Idempotent: running it again repairs what is missing and changes nothing that exists. With a site
template (`sitegroup.site_templates`) it also builds the column tree and lets the other apps add their
parts through the `sitegroup_provision_site` hook (the disclosure column, the theme); without one it makes
only the platform's part (site, home page, collection, groups, workflow), for callers that build the rest.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
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
    ColumnPage,
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
from sitegroup.site_templates import ColumnSpec, SiteTemplate

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
# The template managers choose and upload each site's logo and banner in that site's collection.
TEMPLATE_MANAGER_IMAGE_PERMISSIONS = ("add_image", "choose_image")
UNAMBIGUOUS_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I


@dataclass(frozen=True)
class SiteAdminAccount:
    """The first site administrator of a new sub-site; the password is generated and shown once."""

    username: str
    email: str = ""


@dataclass
class ProvisionedSite:
    organisation: Organisation
    site: Site
    home_page: HomePage
    collection: Collection
    groups: dict[str, Group]
    workflow: Workflow
    columns: list[ColumnPage] = field(default_factory=list)  # created by this run
    site_admin: object = None  # the user created by this run
    site_admin_password: str = ""


# Within one provisioning run each permission is looked up once (a run asks for the same ones many times).
_known_permissions: ContextVar[dict | None] = ContextVar("provisioning_permissions", default=None)


def _permission(app_label: str, codename: str) -> Permission:
    known = _known_permissions.get()
    if known is None:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    key = (app_label, codename)
    if key not in known:
        known[key] = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return known[key]


@contextmanager
def _remembering_permissions():
    if _known_permissions.get() is not None:
        yield
        return
    token = _known_permissions.set({})
    try:
        yield
    finally:
        _known_permissions.reset(token)


def _one_run(function):
    """The permissions looked up during the call (and the calls it makes) are remembered until it returns."""

    @wraps(function)
    def run(*args, **kwargs):
        with _remembering_permissions():
            return function(*args, **kwargs)

    return run


def _check_platform_admin(user) -> None:
    if user is not None and not user.is_superuser:
        raise PermissionDenied("只有平台管理员可以开通子站。")


@transaction.atomic
@_one_run
def provision_subsite(
    organisation: Organisation,
    *,
    user=None,
    site_template: SiteTemplate | None = None,
    site_admin: SiteAdminAccount | None = None,
    site_name: str | None = None,
    port: int | None = None,
    is_default_site: bool = False,
) -> ProvisionedSite:
    """Create (or repair) the organisation's site, home page, collection, groups and workflow; with a
    site template also its columns and what other apps add (disclosure column, theme); optionally the
    first site administrator. One transaction: a failure leaves nothing half made."""
    _check_platform_admin(user)
    if site_admin is not None and get_user_model().objects.filter(username=site_admin.username).exists():
        raise ValidationError({"admin_username": f"用户名“{site_admin.username}”已被使用，请换一个。"})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    site_name = site_name or f"{organisation.name}网站"
    if port is None:
        port = _default_port()

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

    result = ProvisionedSite(organisation, site, home_page, collection, groups, workflow)
    if site_template is not None:
        result.columns = _ensure_columns(home_page, site_template.columns, organisation, user)
        # Other apps add their part of a new site (sitegroup imports none of them).
        for hook in hooks.get_hooks("sitegroup_provision_site"):
            hook(result, user=user)
    if site_admin is not None:
        result.site_admin, result.site_admin_password = _create_site_admin(site_admin, groups[Role.SITE_ADMIN], user)

    if created:
        log(
            instance=organisation,
            action="sitegroup.provision",
            user=user,
            data={"template": site_template.label if site_template else ""},
        )
        logger.info("provisioned sub-site %s for %s", site.hostname, organisation.name)
    return result


@transaction.atomic
def open_subsite(organisation: Organisation, *, user, site_template: SiteTemplate, **options) -> ProvisionedSite:
    """开通子站 from the admin form: save the organisation's record as entered, then provision, at once."""
    _check_platform_admin(user)
    organisation.save()
    return provision_subsite(organisation, user=user, site_template=site_template, **options)


def _default_port() -> int:
    """New sub-sites answer on the portal's port (80 in production; the development server's port)."""
    return Site.objects.filter(is_default_site=True).values_list("port", flat=True).first() or 80


def _ensure_columns(parent: Page, specs: tuple[ColumnSpec, ...], organisation: Organisation, user) -> list[ColumnPage]:
    """The template's column tree under the parent; a column whose slug is taken is left as it is."""
    created = []
    for spec in specs:
        column = ColumnPage.objects.child_of(parent).filter(slug=spec.slug).first()
        if column is None and not Page.objects.child_of(parent).filter(slug=spec.slug).exists():
            column = ColumnPage(
                title=spec.title,
                slug=spec.slug,
                column_type=spec.column_type,
                show_in_menus=True,
                description=f"{organisation.display_name}{spec.title}",
                keywords=f"{organisation.display_name},{spec.title}",
            )
            parent.add_child(instance=column)
            column.save_revision(user=user).publish(user=user)
            created.append(column)
        if column is not None and spec.children:
            created.extend(_ensure_columns(column, spec.children, organisation, user))
    return created


def _create_site_admin(account: SiteAdminAccount, group: Group, actor):
    from django.utils.crypto import get_random_string

    user_model = get_user_model()
    password = get_random_string(12, UNAMBIGUOUS_CHARACTERS)
    user = user_model.objects.create_user(username=account.username, email=account.email, password=password)
    user.groups.add(group)
    log(instance=user, action="sitegroup.grant_role", user=actor, data={"group": group.name})
    return user, password


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


HOT_WORD_ACTIONS = ("add", "change", "delete", "view")


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
        # 扩展热字 of the own site (the admin screens narrow them to the user's sites).
        group.permissions.add(*(_permission("sitegroup", f"{action}_hotword") for action in HOT_WORD_ACTIONS))
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


@_one_run
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
    groups[PlatformRole.SUPERVISION].permissions.add(
        *(_permission("sitegroup", f"{action}_workingdayoverride") for action in ("add", "change", "delete", "view"))
    )
    groups[PlatformRole.PORTAL_EDITOR].permissions.add(_permission("sitegroup", "view_statistics"))
    # Group-wide 扩展热字 are kept by the portal editors.
    groups[PlatformRole.PORTAL_EDITOR].permissions.add(
        *(_permission("sitegroup", f"{action}_hotword") for action in HOT_WORD_ACTIONS)
    )
    for hook in hooks.get_hooks("sitegroup_platform_permissions"):
        for role, permissions in hook().items():
            groups[role].permissions.add(*permissions)

    _grant_template_manager_images(groups[PlatformRole.TEMPLATE_MANAGER])

    portal = Organisation.objects.filter(kind=OrganisationKind.PORTAL, site__isnull=False).first()
    if portal is not None:
        _grant_page_and_media(
            groups[PlatformRole.PORTAL_EDITOR], portal.site.root_page_id, portal.collection, Role.REVIEWER
        )
    return groups


def _grant_page_and_media(group: Group, root_page_id: int, collection: Collection, role: str) -> None:
    """The page permissions of a role on a site root and its media permissions on a collection."""
    GroupPagePermission.objects.filter(group=group, permission__codename__in=WITHHELD_PAGE_PERMISSIONS).delete()
    held = set(
        GroupPagePermission.objects.filter(group=group, page_id=root_page_id).values_list("permission_id", flat=True)
    )
    GroupPagePermission.objects.bulk_create(
        (
            GroupPagePermission(group=group, page_id=root_page_id, permission=permission)
            for permission in (_permission("wagtailcore", codename) for codename in PAGE_PERMISSIONS[role])
            if permission.pk not in held
        ),
        ignore_conflicts=True,  # another transaction granted it meanwhile: it is there either way
    )
    held = set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission_id", flat=True
        )
    )
    media = [
        _permission(app_label, f"{action}_{model}")
        for action in MEDIA_PERMISSIONS[role]
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    ]
    GroupCollectionPermission.objects.bulk_create(
        (
            GroupCollectionPermission(group=group, collection=collection, permission=permission)
            for permission in media
            if permission.pk not in held
        ),
        ignore_conflicts=True,
    )


def _grant_template_manager_images(group: Group) -> None:
    """Add and choose images in every organisation's collection: the logo and banner of each site.

    Per collection, not on the root: editors' permissions and other collections stay as they are.
    """
    permissions = [_permission("wagtailimages", codename) for codename in TEMPLATE_MANAGER_IMAGE_PERMISSIONS]
    collection_ids = set(Organisation.objects.filter(collection__isnull=False).values_list("collection_id", flat=True))
    existing = set(
        GroupCollectionPermission.objects.filter(group=group, permission__in=permissions).values_list(
            "collection_id", "permission_id"
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=collection_id, permission=permission)
        for collection_id in collection_ids
        for permission in permissions
        if (collection_id, permission.pk) not in existing
    )
