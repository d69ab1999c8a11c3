"""Builds the demo site group: the 丹徒区 portal, four department sub-sites and one township.

Names come from the seed document 000 (区政府工作部门及有关单位; 镇、园区、街道).
"""

from __future__ import annotations

import io
import logging
import secrets
from base64 import b32encode
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks
from wagtail.images.models import Image
from wagtail.models import Page, Site

from sitegroup.demo import editor_features as editor_features_demo
from sitegroup.demo import health as health_demo
from sitegroup.demo import images, names, texts
from sitegroup.demo import media as media_demo
from sitegroup.demo import operations as operations_demo
from sitegroup.demo import topics as topics_demo
from sitegroup.models import (
    ArticlePage,
    ColumnPage,
    ColumnType,
    Organisation,
    OrganisationKind,
    PlatformRole,
    Role,
    SensitiveWord,
    SiteSettings,
    SubsiteIndexPage,
)
from sitegroup.services.provisioning import provision_subsite
from sitegroup.services.roles import grant_platform_role, grant_role
from sitegroup.site_templates import ColumnSpec, SiteTemplate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    short_name: str
    code: str
    kind: str
    subdomain: str | None
    columns: tuple[tuple[str, str, str], ...]  # (title, slug, column type)
    address: str
    phone: str


PORTAL_COLUMNS = (
    ("要闻动态", "news", ColumnType.NEWS),
    ("通知公告", "notices", ColumnType.NOTICE),
    ("政策文件", "policies", ColumnType.POLICY),
    ("政策解读", "interpretations", ColumnType.INTERPRETATION),
)
DEPARTMENT_COLUMNS = (
    ("工作动态", "news", ColumnType.NEWS),
    ("通知公告", "notices", ColumnType.NOTICE),
    ("政策文件", "policies", ColumnType.POLICY),
)
TOWNSHIP_COLUMNS = (
    ("乡镇动态", "news", ColumnType.NEWS),
    ("通知公告", "notices", ColumnType.NOTICE),
)

ORGANISATIONS = (
    DemoOrganisation(
        "镇江市丹徒区人民政府",
        "丹徒区政府",
        "000014349",
        OrganisationKind.PORTAL,
        None,
        PORTAL_COLUMNS,
        "镇江市丹徒区谷阳大道1号",
        "0511-85621000",
    ),
    DemoOrganisation(
        "丹徒区教育局",
        "区教育局",
        "014349001",
        OrganisationKind.DEPARTMENT,
        "edu",
        DEPARTMENT_COLUMNS,
        "镇江市丹徒区上党路8号",
        "0511-85621101",
    ),
    DemoOrganisation(
        "丹徒区民政局",
        "区民政局",
        "014349002",
        OrganisationKind.DEPARTMENT,
        "mz",
        DEPARTMENT_COLUMNS,
        "镇江市丹徒区宜城路18号",
        "0511-85621202",
    ),
    DemoOrganisation(
        "丹徒区财政局",
        "区财政局",
        "014349003",
        OrganisationKind.DEPARTMENT,
        "cz",
        DEPARTMENT_COLUMNS,
        "镇江市丹徒区谷阳大道9号",
        "0511-85621303",
    ),
    DemoOrganisation(
        "丹徒区卫生局",
        "区卫生局",
        "014349004",
        OrganisationKind.DEPARTMENT,
        "wsj",
        DEPARTMENT_COLUMNS,
        "镇江市丹徒区高资街道健康路2号",
        "0511-85621404",
    ),
    DemoOrganisation(
        "丹徒区高桥镇人民政府",
        "高桥镇",
        "014349101",
        OrganisationKind.TOWNSHIP,
        "gaoqiao",
        TOWNSHIP_COLUMNS,
        "镇江市丹徒区高桥镇人民路1号",
        "0511-85671000",
    ),
)

SENSITIVE_WORDS = (
    ("法轮功", 3, "政治"),
    ("六合彩", 3, "赌博"),
    ("代开发票", 3, "诈骗"),
    ("枪支出售", 3, "违法"),
    ("办证", 2, "广告"),
    ("翻墙软件", 2, "违法"),
    ("赌博", 1, "赌博"),
    ("傻逼", 1, "辱骂"),
)

ROLE_USERNAMES = {
    Role.EDITOR: "editor",
    Role.REVIEWER: "reviewer",
    Role.SITE_ADMIN: "siteadmin",
    Role.HANDLER: "handler",
}


@dataclass
class DemoResult:
    # (username, password, authenticator secret (base32, for an authenticator app), role)
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    articles: int = 0


def hostname_for(spec: DemoOrganisation, base_domain: str) -> str:
    return base_domain if spec.subdomain is None else f"{spec.subdomain}.{base_domain}"


def site_template_for(spec: DemoOrganisation) -> SiteTemplate:
    """The demo's own column set, provisioned as a real site template is (the disclosure column and the
    theme come with it); the loader then fills the columns with articles."""
    columns = tuple(ColumnSpec(title, slug, column_type) for title, slug, column_type in spec.columns)
    return SiteTemplate(name=f"demo-{spec.kind}", label="演示栏目", description="", columns=columns)


def demo_password() -> str:
    """A random password that satisfies the password rules (AUTH_PASSWORD_VALIDATORS): 15 characters of
    all four character classes."""
    return f"Sg{secrets.token_urlsafe(9)}#{secrets.randbelow(10)}"


def _new_user(username: str, full_name: str, result: DemoResult, role_label: str, **extra):
    user_model = get_user_model()
    password = demo_password()
    user = user_model.objects.create_user(
        # Chinese names in one field, so Wagtail shows "李晓文", not "晓文 李".
        username=username,
        password=password,
        first_name=full_name,
        **extra,
    )
    # Staff sign in with a second factor: each demo account comes with a confirmed authenticator whose
    # secret is listed next to the password (add it to an authenticator app, or `manage.py demo_otp_code`).
    device = TOTPDevice.objects.create(user=user, name="演示身份验证器", confirmed=True)
    result.accounts.append((username, password, b32encode(device.bin_key).decode("ascii"), role_label))
    return user


def load_demo(*, base_domain: str = "localhost", port: int = 8000, articles_per_column: int = 22) -> DemoResult:
    """Create the demo site group in an empty database."""
    from sitegroup.services.health import defer_digests

    # The 防篡改 baselines are recorded by the health monitor's first run, not page by page here.
    with defer_digests(), transaction.atomic():
        return _load_demo(base_domain=base_domain, port=port, articles_per_column=articles_per_column)


def _load_demo(*, base_domain: str, port: int, articles_per_column: int) -> DemoResult:
    result = DemoResult()
    people_names = names.full_names()  # 李晓文, 周凯…: the whole name in first_name (see _new_user)
    used_titles: set[str] = set()  # no headline twice in the demo
    for word, level, category in SENSITIVE_WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"level": level, "category": category})

    admin = _new_user("admin", "平台管理员", result, "平台管理员（超级用户）", is_staff=True, is_superuser=True)
    organisations = []
    for index, spec in enumerate(ORGANISATIONS):
        organisation = Organisation.objects.create(
            name=spec.name,
            short_name=spec.short_name,
            code=spec.code,
            kind=spec.kind,
            hostname=hostname_for(spec, base_domain),
            address=spec.address,
            phone=spec.phone,
            office_hours="工作日 上午8:30-12:00，下午14:00-17:30",
            responsible_person="张明",
            functions=f"{spec.name}负责本单位职责范围内的政务公开、政务服务和网站内容保障工作。",
            sort_order=index * 10,
            parent=organisations[0] if organisations else None,
        )
        provisioned = provision_subsite(
            organisation,
            user=admin,
            site_template=site_template_for(spec),
            site_name=f"{spec.name}网站" if index else "丹徒区人民政府门户网站",
            port=port,
            is_default_site=spec.kind == OrganisationKind.PORTAL,
        )
        organisation = provisioned.organisation
        organisations.append(organisation)
        _configure_site(provisioned.site, spec, index)
        if spec.kind == OrganisationKind.PORTAL:
            _add_portal_banner(provisioned.site, provisioned.collection)
        people = {}
        for role, suffix in ROLE_USERNAMES.items():
            prefix = spec.subdomain or "portal"
            user = _new_user(
                f"{prefix}_{suffix}",
                next(people_names),
                result,
                f"{spec.short_name}·{dict(Role.choices)[role]}",
            )
            grant_role(user, organisation, role, actor=admin)
            people[role] = user
        pictures = _make_images(provisioned.collection, spec, index)
        result.articles += _build_columns(
            provisioned.home_page, spec, people, pictures, index, articles_per_column, used_titles
        )
        result.articles += topics_demo.add_topics(
            provisioned.home_page,
            spec.short_name,
            people,
            provisioned.collection,
            used_titles,
            share=index,
            shares=len(ORGANISATIONS),
        )
        result.sites.append(provisioned.site.root_url + "/")

    portal_home = organisations[0].site.root_page.specific
    directory = SubsiteIndexPage(title="站群导航", slug="sites", show_in_menus=True)
    portal_home.add_child(instance=directory)
    directory.save_revision(user=admin).publish(user=admin)

    for role, username in (
        (PlatformRole.PORTAL_EDITOR, "portal_chief"),
        (PlatformRole.TEMPLATE_MANAGER, "publicity"),
        (PlatformRole.SUPERVISION, "supervisor"),
    ):
        user = _new_user(username, next(people_names), result, dict(PlatformRole.choices)[role])
        grant_platform_role(user, role, actor=admin)
    # A person with roles in two organisations: editor of 教育局 and reviewer of 高桥镇.
    both = _new_user("multi_role", next(people_names), result, "区教育局·编辑 + 高桥镇·审核员")
    grant_role(both, organisations[1], Role.EDITOR, actor=admin)
    grant_role(both, organisations[-1], Role.REVIEWER, actor=admin)
    # 信息报送 in every state and 扩展热字 (needs the departments' articles and the portal editor).
    operations_demo.load(admin)
    health_demo.add_health_examples()
    media_demo.add_media_examples(organisations[0], admin)
    editor_features_demo.load()  # 置顶, title colours, link-out and referenced articles on the portal
    # Content that needs every organisation and account in place (messages routed between them).
    for hook in hooks.get_hooks("sitegroup_demo_finished"):
        hook()
    # Last, so that the annual report's figures include every app's demo content.
    from sitegroup.demo import harvest_report

    harvest_report.build(organisations[0], admin, base_domain=base_domain, port=port)
    return result


def _configure_site(site: Site, spec: DemoOrganisation, index: int) -> None:
    site_settings = SiteSettings.for_site(site)
    site_settings.site_name = site.site_name
    site_settings.site_id_code = f"32111200{index:02d}"
    site_settings.icp_number = "苏ICP备05012345号"
    site_settings.police_record_number = f"苏公网安备 3211120200{index:04d}号"
    site_settings.sponsor = spec.name if index else "镇江市丹徒区人民政府办公室"
    site_settings.organiser = f"{spec.name}办公室" if index else "镇江市丹徒区大数据管理中心"
    site_settings.address = spec.address
    site_settings.phone = spec.phone
    site_settings.postcode = "212100"
    site_settings.description = f"{spec.name}官方网站，发布政务信息、提供办事服务和互动交流。"
    site_settings.keywords = f"{spec.short_name},政务公开,政务服务,丹徒"
    site_settings.save()
    # Other apps fill their part of a demo site through this hook (the disclosure column's items):
    # sitegroup imports none of them.
    for hook in hooks.get_hooks("sitegroup_configure_demo_site"):
        hook(site, spec.kind)


def _add_portal_banner(site: Site, collection) -> None:
    """A wide photo-like view of the district for the portal's banner; the themes app puts it under the
    header (hook ``sitegroup_demo_portal_banner``: sitegroup does not import themes)."""
    data, _description = images.draw_scene(1, size=(1600, 300))
    banner = Image(title="门户横幅：丹徒田野与远山", collection=collection)
    banner.file = ImageFile(io.BytesIO(data), name="portal-banner.jpg")
    banner.save()
    for hook in hooks.get_hooks("sitegroup_demo_portal_banner"):
        hook(site, banner)


def _make_images(collection, spec: DemoOrganisation, index: int) -> list[tuple[Image, str]]:
    """Three photo-like scenes and, last, a chart (for the body of policy and interpretation articles)."""
    pictures = []
    for number in range(4):
        data, description = images.draw_chart(index) if number == 3 else images.draw_scene(index * 7 + number)
        image = Image(
            title=f"{spec.short_name}{description.split('（')[0]}",
            collection=collection,
            file=ImageFile(io.BytesIO(data), name=f"demo-{spec.code}-{number}.jpg"),
        )
        image.save()
        pictures.append((image, description))
    return pictures


def _build_columns(home, spec: DemoOrganisation, people, pictures, index: int, per_column: int, used_titles) -> int:
    created = 0
    now = timezone.now()
    photos, chart = pictures[:-1], pictures[-1]
    for column_number, (_title, slug, column_type) in enumerate(spec.columns):
        column = ColumnPage.objects.child_of(home).get(slug=slug)  # made by provisioning
        times = [now - timedelta(hours=7 * number + 3 * column_number + index) for number in range(per_column)]
        local_times = [timezone.localtime(moment) for moment in times]
        written = texts.headline_articles(
            spec.short_name, column_type, local_times, share=index, shares=len(ORGANISATIONS), used=used_titles
        )
        for number, (text, moment) in enumerate(zip(written, times, strict=True)):
            picture, description = photos[(number + column_number) % len(photos)]
            if column_type in (ColumnType.POLICY, ColumnType.INTERPRETATION):
                picture, description = chart
            created += add_demo_article(
                column,
                text,
                slug=f"{slug}-{number + 1}",
                source=spec.name,
                people=people,
                publish_time=moment,
                body_image=(picture, description) if number % 5 == 0 else None,
                cover_image=photos[number % len(photos)][0] if number % 4 == 0 else None,
            )
    return created


def add_demo_article(column, text, *, slug, source, people, publish_time, body_image=None, cover_image=None) -> int:
    """One published article: the lead and seed paragraphs, an optional picture after the lead."""
    body = [{"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in text.paragraphs]
    if body_image is not None:
        picture, description = body_image
        caption = description.split("（")[0]
        body.insert(1, {"type": "image", "value": {"image": picture.pk, "alt_text": description, "caption": caption}})
    editor = people[Role.EDITOR]
    article = ArticlePage(
        title=text.title,
        slug=slug,
        source=source,
        author=f"{editor.last_name}{editor.first_name}",
        publish_time=publish_time,
        summary=text.paragraphs[0][:120],
        cover_image=cover_image,
        body=body,
    )
    column.add_child(instance=article)
    # Demo articles stand for ones the reviewer approved (reviewers hold no publish permission).
    article.save_revision(user=editor).publish(user=people[Role.REVIEWER], skip_permission_checks=True)
    return 1


def page_count() -> int:
    return Page.objects.count()
