"""Report drift between the search index and the database; --fix writes what differs."""

from django.core.management.base import BaseCommand, CommandError

from search import services


class Command(BaseCommand):
    help = "检查站内搜索索引与数据库是否一致。"

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="补写缺失和过期的内容，删除多余的内容。")
        parser.add_argument("--show", type=int, default=10, help="每类最多列出多少个（默认 10）。")

    def handle(self, *args, fix=False, show=10, **options):
        drift = services.check(fix=fix)
        for label, keys in (("缺失", drift.missing), ("过期", drift.stale), ("多余", drift.extra)):
            self.stdout.write(f"{label}：{len(keys)}")
            for key in keys[:show]:
                self.stdout.write(f"  {key}")
        if drift.is_clean:
            self.stdout.write(self.style.SUCCESS("索引与数据库一致。"))
        elif fix:
            self.stdout.write(self.style.SUCCESS("已修复。"))
        else:
            raise CommandError("索引与数据库不一致：运行 manage.py search_check --fix 或 search_rebuild。")
