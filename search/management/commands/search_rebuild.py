"""Rebuild the search index from the database; searches keep working until the new index replaces the old."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import services
from search.backends import get_backend


class Command(BaseCommand):
    help = "重建站内搜索索引（带进度条）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条（用于日志）。")

    def handle(self, *args, no_progress=False, **options):
        total = services.count_documents()
        with tqdm(total=total, unit="条", desc="重建索引", disable=no_progress, file=self.stderr) as bar:
            written = services.rebuild(progress=bar.update)
        stats = get_backend().stats()
        summary = f"索引已重建：{stats['documents']} 条内容（写入 {written} 条），后端 {stats['backend']}。"
        self.stdout.write(self.style.SUCCESS(summary))
