"""Create (or repair) an organisation and its sub-site through the provisioning service."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sitegroup import site_templates
from sitegroup.models import Organisation, OrganisationKind
from sitegroup.services.provisioning import SiteAdminAccount, provision_subsite


def _message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "开通子站：创建机构（如不存在）及其站点、首页、栏目、政府信息公开栏目、模板、媒体库、角色组和审核流程。"
        "可重复执行：已有的部分不会被改动。"
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="机构代码，例如 014349005")
        parser.add_argument("--name", help="机构名称（新建机构时必填）")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--kind", choices=OrganisationKind.values, default=OrganisationKind.DEPARTMENT)
        parser.add_argument("--hostname", help="子站域名（新建机构时必填），例如 sfj.localhost")
        parser.add_argument("--port", type=int, default=None, help="端口（默认与门户网站相同）")
        parser.add_argument("--site-name", default=None)
        parser.add_argument(
            "--template",
            default=None,
            help="子站模板：department（部门模板）、township（乡镇模板）、portal（门户模板）；默认按机构类型选择。",
        )
        parser.add_argument("--admin-username", default="", help="同时创建的站点管理员用户名（可选）")
        parser.add_argument("--admin-email", default="", help="站点管理员电子邮箱（可选）")

    @transaction.atomic
    def handle(self, *args, **options):
        if options["template"] and options["template"] not in site_templates.TEMPLATES:
            known = "、".join(f"{name}（{template.label}）" for name, template in site_templates.TEMPLATES.items())
            raise CommandError(f"未知的子站模板“{options['template']}”。可用的模板：{known}。")
        organisation = Organisation.objects.filter(code=options["code"]).first()
        if organisation is None:
            if not options["name"] or not options["hostname"]:
                raise CommandError("新建机构需要 --name 和 --hostname。")
            organisation = Organisation(
                code=options["code"],
                name=options["name"],
                short_name=options["short_name"],
                kind=options["kind"],
                hostname=options["hostname"].lower(),
            )
            try:
                organisation.full_clean()
            except ValidationError as error:
                raise CommandError(_message(error)) from None
            organisation.save()
        template = (
            site_templates.get(options["template"])
            if options["template"]
            else site_templates.default_for(organisation.kind)
        )
        site_admin = SiteAdminAccount(options["admin_username"], options["admin_email"])
        try:
            result = provision_subsite(
                organisation,
                site_template=template,
                site_admin=site_admin if options["admin_username"] else None,
                site_name=options["site_name"],
                port=options["port"],
            )
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"子站已就绪：{result.site.root_url}/（{organisation.name}，{template.label}）")
        )
        if result.site_admin is not None:
            self.stdout.write(
                f"站点管理员：{result.site_admin.username}　初始密码：{result.site_admin_password}（只显示这一次）"
            )
