"""Write a consistent backup: database snapshot, uploaded files, search index, manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sitegroup.services import backup


class Command(BaseCommand):
    help = "备份：数据库快照、上传文件、站内搜索索引和清单（版本、校验和）写入一个目录。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"), help="备份存放目录")

    def handle(self, *args, output, **options):
        try:
            target = backup.backup(Path(output), progress=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"备份完成：{target}"))
