"""Site templates (子站模板): the column tree a new sub-site starts with, per kind of organisation.

Provisioning builds the tree; other apps add their own parts of a new site (the disclosure column,
the theme) through the `sitegroup_provision_site` hook.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegroup.models import ColumnType, OrganisationKind


@dataclass(frozen=True)
class ColumnSpec:
    title: str
    slug: str
    column_type: str
    children: tuple[ColumnSpec, ...] = ()


@dataclass(frozen=True)
class SiteTemplate:
    name: str
    label: str
    description: str
    columns: tuple[ColumnSpec, ...]

    def column_titles(self) -> list[str]:
        """Every column of the tree, sub-columns after their parent as 「父栏目／子栏目」."""
        titles = []
        for column in self.columns:
            titles.append(column.title)
            titles.extend(f"{column.title}／{child.title}" for child in column.children)
        return titles


DEPARTMENT = SiteTemplate(
    name="department",
    label="部门模板",
    description="区县政府工作部门：工作动态、通知公告、政策文件与解读、办事服务、互动交流。",
    columns=(
        ColumnSpec("工作动态", "news", ColumnType.NEWS),
        ColumnSpec("通知公告", "notices", ColumnType.NOTICE),
        ColumnSpec("政策文件", "policies", ColumnType.POLICY),
        ColumnSpec("政策解读", "interpretations", ColumnType.INTERPRETATION),
        ColumnSpec(
            "办事服务",
            "services",
            ColumnType.SERVICE,
            children=(
                ColumnSpec("办事指南", "guides", ColumnType.SERVICE),
                ColumnSpec("表格下载", "forms", ColumnType.SERVICE),
            ),
        ),
        ColumnSpec("互动交流", "interaction", ColumnType.INTERACTION),
    ),
)

TOWNSHIP = SiteTemplate(
    name="township",
    label="乡镇模板",
    description="乡镇（街道、园区）：乡镇动态、通知公告、政策文件、村务公开、便民服务、乡镇概况。",
    columns=(
        ColumnSpec("乡镇动态", "news", ColumnType.NEWS),
        ColumnSpec("通知公告", "notices", ColumnType.NOTICE),
        ColumnSpec("政策文件", "policies", ColumnType.POLICY),
        ColumnSpec(
            "村务公开",
            "village-affairs",
            ColumnType.NOTICE,
            children=(
                ColumnSpec("财务公开", "finance", ColumnType.NOTICE),
                ColumnSpec("惠民资金", "benefits", ColumnType.NOTICE),
            ),
        ),
        ColumnSpec("便民服务", "services", ColumnType.SERVICE),
        ColumnSpec("乡镇概况", "overview", ColumnType.OTHER),
    ),
)

PORTAL = SiteTemplate(
    name="portal",
    label="门户模板",
    description="县（区）政府门户：要闻动态、通知公告、政策文件、政策解读、专题专栏。",
    columns=(
        ColumnSpec("要闻动态", "news", ColumnType.NEWS),
        ColumnSpec("通知公告", "notices", ColumnType.NOTICE),
        ColumnSpec("政策文件", "policies", ColumnType.POLICY),
        ColumnSpec("政策解读", "interpretations", ColumnType.INTERPRETATION),
        ColumnSpec("专题专栏", "topics", ColumnType.TOPIC),
    ),
)

TEMPLATES = {template.name: template for template in (DEPARTMENT, TOWNSHIP, PORTAL)}
DEFAULT_FOR_KIND = {
    OrganisationKind.PORTAL: PORTAL,
    OrganisationKind.DEPARTMENT: DEPARTMENT,
    OrganisationKind.TOWNSHIP: TOWNSHIP,
    OrganisationKind.VERTICAL: DEPARTMENT,
}


def get(name: str) -> SiteTemplate:
    """The template of that name; KeyError for an unknown one."""
    return TEMPLATES[name]


def choices() -> list[tuple[str, str]]:
    return [(template.name, template.label) for template in TEMPLATES.values()]


def default_for(kind: str) -> SiteTemplate:
    return DEFAULT_FOR_KIND.get(kind, DEPARTMENT)
