"""Write this process's buffered page views (for cron; each server process also flushes itself)."""

from django.core.management.base import BaseCommand

from sitegroup.services.pageviews import flush


class Command(BaseCommand):
    help = "写入缓冲中的页面访问量。"

    def handle(self, *args, **options):
        self.stdout.write(f"写入 {flush()} 次访问。")
