"""Create (or repair) an organisation and its sub-site through the provisioning service."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sitegroup.models import Organisation, OrganisationKind
from sitegroup.services.provisioning import provision_subsite


class Command(BaseCommand):
    help = "开通子站：创建机构（如不存在）及其站点、首页、媒体库、角色组和审核流程。可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("code", help="机构代码，例如 014349005")
        parser.add_argument("--name", help="机构名称（新建机构时必填）")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--kind", choices=OrganisationKind.values, default=OrganisationKind.DEPARTMENT)
        parser.add_argument("--hostname", help="子站域名（新建机构时必填），例如 sfj.localhost")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--site-name", default=None)

    @transaction.atomic
    def handle(self, *args, **options):
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
                raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
            organisation.save()
        result = provision_subsite(organisation, site_name=options["site_name"], port=options["port"])
        self.stdout.write(self.style.SUCCESS(f"子站已就绪：{result.site.root_url}/（{organisation.name}）"))
