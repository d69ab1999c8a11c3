"""Serve the site group as a deployment does: Daphne (HTTP + WebSocket) with the periodic jobs in-process."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from sitegroup.periodic import JobRunner, registered_jobs
from sitegroup.server import install_graceful_stop, install_http_limits

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "用 Daphne 提供 HTTP 与 WebSocket 服务，并在同一进程中运行周期任务（定时发布、访问量写入、到期提醒）。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument(
            "--no-periodic-jobs",
            action="store_true",
            help="不在本进程运行周期任务（多进程部署时由 cron 或 systemd 定时器运行 run_periodic_jobs）",
        )

    def handle(self, *args, **options):
        from daphne.cli import CommandLineInterface

        install_http_limits()
        if not options["no_periodic_jobs"]:
            jobs = registered_jobs()
            JobRunner(jobs).start()
            self.stdout.write("周期任务：" + "，".join(f"{job.label}（每 {job.every:g} 秒）" for job in jobs))
        mode = "调试模式（DEBUG 开启，仅供开发）" if settings.DEBUG else "部署模式（DEBUG 关闭）"
        self.stdout.write(f"{mode}：http://{options['host']}:{options['port']}/")
        cli = CommandLineInterface()
        # SIGTERM: finish the requests in flight, then exit (a deploy or restart never cuts an answer off).
        install_graceful_stop(cli)
        cli.run(["-b", options["host"], "-p", str(options["port"]), "config.asgi:application"])
