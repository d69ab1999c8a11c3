"""信息抓取 from the command line: every active source (or one), with a progress bar and a line per source."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sitegroup.models import HarvestSource
from sitegroup.services import harvest


class Command(BaseCommand):
    help = "抓取已配置的信息源，新文章作为草稿放入目标栏目。"

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="只抓取这个编号的抓取源（含已停用的）。")
        parser.add_argument("--due", action="store_true", help="只抓取已到抓取间隔的抓取源。")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条。")

    def handle(self, *args, **options):
        sources = HarvestSource.objects.select_related("organisation", "target_column").order_by("pk")
        if options["source"]:
            sources = sources.filter(pk=options["source"])
            if not sources:
                raise CommandError(f"没有编号为 {options['source']} 的抓取源。")
        else:
            sources = sources.filter(is_active=True)
        sources = list(sources)
        if options["due"]:
            sources = [source for source in sources if source.is_due()]
        totals = {"new": 0, "duplicates": 0, "errors": 0}
        with tqdm(
            total=len(sources), unit="个", desc="信息抓取", disable=options["no_progress"], file=self.stderr
        ) as bar:
            for source in sources:
                run = harvest.run_source(source, triggered_by="命令行")
                totals["new"] += run.new_count
                totals["duplicates"] += run.duplicate_count
                totals["errors"] += run.error_count
                self.stdout.write(
                    f"{source.organisation.name}·{source.name}：{run.get_status_display()}，新增 {run.new_count}，"
                    f"重复 {run.duplicate_count}，错误 {run.error_count}"
                )
                for error in run.errors:
                    self.stdout.write(f"  - {error}")
                bar.update(1)
        self.stdout.write(
            f"共 {len(sources)} 个抓取源：新增草稿 {totals['new']} 篇，重复跳过 {totals['duplicates']} 篇，"
            f"错误 {totals['errors']} 个。"
        )
