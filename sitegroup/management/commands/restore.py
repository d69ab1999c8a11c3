"""Bring a backup written by `manage.py backup` into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sitegroup.services import backup


class Command(BaseCommand):
    help = "从 manage.py backup 写出的备份目录恢复到一个空的安装（--force 覆盖已有数据）。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录")
        parser.add_argument("--force", action="store_true", help="目标安装不为空时也覆盖")

    def handle(self, *args, source, force, **options):
        try:
            manifest = backup.restore(Path(source), force=force, progress=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"恢复完成：{manifest['taken_at']} 的备份。"))
