"""Run the periodic jobs from cron (`--once`, every minute) or as a long-running systemd service."""

from django.core.management.base import BaseCommand

from sitegroup.periodic import JobRunner, registered_jobs


class Command(BaseCommand):
    help = "运行周期任务（定时发布、访问量写入、各应用的到期提醒）。--once 运行一轮后退出，供 cron 每分钟调用。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="每个任务运行一次后退出")
        parser.add_argument("--list", action="store_true", help="列出已登记的任务")

    def handle(self, *args, **options):
        jobs = registered_jobs()
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.name}\t每 {job.every:g} 秒\t{job.label}")
            return
        runner = JobRunner(jobs)
        if options["once"]:
            ran = runner.run_due()
            self.stdout.write(f"已运行 {len(ran)} 个周期任务：{'，'.join(ran)}")
            return
        runner.run_forever()
