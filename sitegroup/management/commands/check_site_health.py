"""Run the site health monitor now: every site, or one (``--site`` hostname, code or id)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from sitegroup.models import Organisation
from sitegroup.services import health


class Command(BaseCommand):
    help = "网站健康检查：检查全部站点或指定站点，显示进度和结果。"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="站点域名、机构代码或编号；不填则检查全部站点")
        parser.add_argument(
            "--record-digests",
            action="store_true",
            help="重新记录已发布内容页的防篡改摘要（页面模板升级后使用），不做检查",
        )

    def handle(self, *args, **options):
        organisations = Organisation.objects.with_site().order_by("sort_order", "pk")
        if options["site"]:
            value = options["site"]
            condition = Q(hostname=value) | Q(code=value)
            if value.isdigit():
                condition |= Q(pk=int(value))
            organisations = organisations.filter(condition)
            if not organisations:
                raise CommandError(f"没有找到站点：{value}")
        if options["record_digests"]:
            for organisation in organisations:
                count = 0
                for page in health.SiteContext(organisation).live_pages:
                    if health.records_digest(page) and health.record_digest(page):
                        count += 1
                self.stdout.write(f"{organisation.display_name}：已记录 {count} 个页面的摘要")
            return
        for organisation in organisations:
            run = health.run_site_health(organisation, progress=self.stdout.write)
            labels = health.check_labels()
            red = [labels.get(code, code) for code, value in run.results.items() if value == "red"]
            self.stdout.write(
                f"{organisation.display_name}：{run.get_state_display()}，页面 {run.pages_checked}，"
                f"链接 {run.links_checked}，问题 {run.problems.count()}" + (f"，严重：{'、'.join(red)}" if red else "")
            )
