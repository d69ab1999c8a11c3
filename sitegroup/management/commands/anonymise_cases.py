"""Anonymise the personal data of cases concluded longer ago than the retention period (also a
periodic job). Idempotent: anonymised cases are skipped; statistics fields stay as they were."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sitegroup.services import personal_data


class Command(BaseCommand):
    help = "将办结超过保存期限的办件中的个人信息匿名化（姓名、证件号、电话、邮箱、地址）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.PERSONAL_DATA_RETENTION_DAYS,
            help=f"办结超过多少天（默认 {settings.PERSONAL_DATA_RETENTION_DAYS}，即 PERSONAL_DATA_RETENTION_DAYS）",
        )

    def handle(self, *args, older_than_days, **options):
        if older_than_days < 0:
            raise CommandError("--older-than-days 不能为负数。")
        cutoff = personal_data.retention_cutoff(older_than_days)
        self.stdout.write(f"匿名化 {cutoff:%Y-%m-%d} 之前办结的办件……")
        count = personal_data.anonymise_concluded(older_than_days, progress=self.stdout.write)
        self.stdout.write(f"共匿名化 {count} 件。")
