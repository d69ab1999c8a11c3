"""The disclosure column (政府信息公开) of a new sub-site, made when the site is provisioned.

Registered on sitegroup's `sitegroup_provision_site` hook: the column at /xxgk/ with its four sections
(指南, 制度, 法定主动公开内容, 年报) and its 保密审查 workflow, ready for the organisation's content.
Idempotent: sections that exist are left as they are.
"""

from __future__ import annotations

from django.utils.html import escape

from disclosure.models import (
    AnnualReportIndexPage,
    DisclosureCataloguePage,
    DisclosureColumnPage,
    DisclosureGuidePage,
)
from disclosure.services import ensure_disclosure_workflow
from sitegroup.models import ColumnPage, ColumnType, Organisation, OrganisationKind

COLUMN_SLUG = "xxgk"


def guide_texts(organisation: Organisation) -> dict[str, str]:
    """The guide's text for a new organisation (Art. 12 of the regulations); the office facts on the
    guide page come from the organisation's record, so they are not repeated here."""
    name = escape(organisation.name)
    return {
        "arrangement": (
            f"<p>{name}主动公开的政府信息按主题分类、体裁分类、发布年份和目录事项编排，每条信息标注索引号、"
            "名称、内容概述、成文日期和发布日期。索引号由机构代码、年份和五位流水号组成。</p>"
        ),
        "how_to_obtain": (
            "<p>一、主动公开：通过本网站“法定主动公开内容”栏目检索、查阅、下载，也可在政务服务中心、档案馆、"
            "图书馆设置的政府信息查阅点查阅。</p>"
            f"<p>二、依申请公开：公民、法人或者其他组织可以向{name}申请获取相关政府信息，"
            f'可通过本网站<a href="/{COLUMN_SLUG}/apply/">在线提交申请</a>，'
            f'并凭查询码<a href="/{COLUMN_SLUG}/lookup/">查询办理进度</a>，也可以信函或当面提交。'
            "申请应当包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的"
            "其他特征性描述，以及获取信息的方式、途径。</p>"
            "<p>能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
            "经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>"
        ),
        "supervision": (
            f"<p>公民、法人或者其他组织认为{name}在政府信息公开工作中侵犯其合法权益的，可以向上一级政务公开工作"
            "主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
        ),
    }


def ensure_disclosure_column(organisation: Organisation, *, user=None) -> DisclosureColumnPage:
    """The organisation's disclosure column with its sections and workflow (made where missing)."""
    home = organisation.site.root_page.specific
    column = DisclosureColumnPage.objects.child_of(home).first()
    if column is None:
        column = DisclosureColumnPage(
            title="政府信息公开",
            slug=COLUMN_SLUG,
            show_in_menus=True,
            intro=f"{organisation.name}依法主动公开的政府信息。",
        )
        _publish_under(home, column, user)
    ensure_disclosure_workflow(column)
    if not DisclosureGuidePage.objects.child_of(column).exists():
        guide = DisclosureGuidePage(title="政府信息公开指南", slug="guide", **guide_texts(organisation))
        _publish_under(column, guide, user)
    if not ColumnPage.objects.child_of(column).filter(slug="rules").exists():
        rules = ColumnPage(title="政府信息公开制度", slug="rules", column_type=ColumnType.POLICY)
        _publish_under(column, rules, user)
    if not DisclosureCataloguePage.objects.child_of(column).exists():
        is_platform = organisation.kind == OrganisationKind.PORTAL
        catalogue = DisclosureCataloguePage(
            title="政府信息公开平台" if is_platform else "法定主动公开内容", slug="catalogue", is_platform=is_platform
        )
        _publish_under(column, catalogue, user)
    if not AnnualReportIndexPage.objects.child_of(column).exists():
        _publish_under(column, AnnualReportIndexPage(title="政府信息公开年报", slug="reports"), user)
    return column


def _publish_under(parent, page, user) -> None:
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
