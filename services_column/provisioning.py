"""政务服务 of a new sub-site, made when the site is provisioned: the service column at /zwfw/ under its
home. The portal's is the county's 政务服务专栏 (`is_platform`: it lists every organisation's items).
Idempotent: an existing column is left as it is (made published and in the menu if it was not)."""

from __future__ import annotations

from services_column.models import ServiceColumnPage
from sitegroup.models import Organisation, OrganisationKind

COLUMN_SLUG = "zwfw"
GOVERNMENT_SUFFIXES = ("人民政府", "政府")


def county_name(organisation: Organisation) -> str:
    """The county's name from the portal organisation's: 镇江市丹徒区人民政府 → 镇江市丹徒区."""
    name = organisation.name.strip()
    for suffix in GOVERNMENT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def column_title(organisation: Organisation) -> str:
    if organisation.kind == OrganisationKind.PORTAL:
        return f"{county_name(organisation)}政务服务专栏"
    return "政务服务"


def column_intro(organisation: Organisation) -> str:
    if organisation.kind == OrganisationKind.PORTAL:
        return (
            f"汇集{county_name(organisation)}各部门、各镇（街道）的政务服务事项，可按部门、个人办事和法人办事的主题、"
            "权力类别查找，在线查阅办事指南、下载表格、咨询和申请。"
        )
    return f"{organisation.name}的政务服务事项：办事指南、表格下载、网上咨询、网上申请和结果反馈。"


def ensure_service_column(organisation: Organisation, user=None) -> ServiceColumnPage:
    """The organisation's service column (made where missing)."""
    home = organisation.site.root_page.specific
    is_platform = organisation.kind == OrganisationKind.PORTAL
    column = ServiceColumnPage.objects.child_of(home).first()
    if column is None:
        column = ServiceColumnPage(
            title=column_title(organisation),
            slug=COLUMN_SLUG,
            show_in_menus=True,
            intro=column_intro(organisation),
            is_platform=is_platform,
        )
        home.add_child(instance=column)
        column.save_revision(user=user).publish(user=user)
        return column
    changed = {}
    if column.is_platform != is_platform:
        changed["is_platform"] = is_platform
    if not column.show_in_menus:
        changed["show_in_menus"] = True
    if changed:
        ServiceColumnPage.objects.filter(pk=column.pk).update(**changed)
        for name, value in changed.items():
            setattr(column, name, value)
    if not column.live:
        column.save_revision(user=user).publish(user=user)
    return column
