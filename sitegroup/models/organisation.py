"""Organisations (机构) and the roles people hold in them."""

from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class OrganisationKind(models.TextChoices):
    PORTAL = "portal", "门户"
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "乡镇"
    VERTICAL = "vertical", "垂直管理单位"


class Role(models.TextChoices):
    """Roles held inside one organisation; each is a Django group per organisation."""

    EDITOR = "editor", "编辑"
    REVIEWER = "reviewer", "审核员"
    SITE_ADMIN = "site_admin", "站点管理员"
    HANDLER = "handler", "承办人"


class PlatformRole(models.TextChoices):
    """Roles that span every organisation; each is one platform-wide group."""

    PORTAL_EDITOR = "portal_editor", "门户编辑"
    TEMPLATE_MANAGER = "template_manager", "模板管理员（宣传部）"
    SUPERVISION = "supervision", "电子监察"


class OrganisationQuerySet(models.QuerySet):
    def with_site(self):
        return self.filter(site__isnull=False).select_related("site", "site__root_page")


class Organisation(index.Indexed, models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField(
        "机构代码",
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z-]{2,20}$", "机构代码只能包含字母、数字和连字符，2–20 位。")],
        help_text="用于政府信息公开索引号，例如 000014349。",
    )
    kind = models.CharField("类型", max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级机构", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    hostname = models.CharField(
        "子站域名",
        max_length=255,
        unique=True,
        validators=[
            RegexValidator(
                r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
                "请输入小写域名，例如 edu.localhost 或 jyj.example.gov.cn。",
            )
        ],
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    responsible_person = models.CharField("负责人", max_length=50, blank=True)
    functions = models.TextField("主要职能", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name="子站", null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name="媒体库",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("parent"), FieldPanel("sort_order")]),
                FieldPanel("hostname"),
            ],
            heading="基本信息",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("office_hours"), FieldPanel("responsible_person")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")]),
                FieldPanel("functions"),
            ],
            heading="联系方式与职能",
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("short_name"), index.FilterField("kind")]

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort_order", "id"]
        permissions = [("view_statistics", "查看统计报表")]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class OrganisationRole(models.Model):
    """Links an organisation's role to the Django group that carries its permissions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="organisation_role")

    class Meta:
        verbose_name = "机构角色"
        verbose_name_plural = "机构角色"
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="unique_role_per_organisation")]

    def __str__(self):
        return f"{self.organisation.display_name}·{self.get_role_display()}"


class PlatformGroup(models.Model):
    """The platform-wide groups (portal editor, template manager, supervision)."""

    role = models.CharField("角色", max_length=30, choices=PlatformRole.choices, unique=True)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="platform_role")

    class Meta:
        verbose_name = "平台角色"
        verbose_name_plural = "平台角色"

    def __str__(self):
        return self.get_role_display()


__all__ = ["Organisation", "OrganisationKind", "OrganisationRole", "PlatformGroup", "PlatformRole", "Role"]
