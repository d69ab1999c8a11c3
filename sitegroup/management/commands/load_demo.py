"""Load the demo site group when the database holds no organisation yet (used by `make run`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sitegroup.demo.loader import load_demo
from sitegroup.models import Organisation


class Command(BaseCommand):
    help = "在空数据库中创建演示站群（门户、部门与乡镇子站、栏目、稿件、各角色演示账号）。"

    def add_arguments(self, parser):
        parser.add_argument("--base-domain", default="localhost")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--articles-per-column", type=int, default=22)
        parser.add_argument("--accounts-file", default=str(Path(settings.VAR_DIR) / "demo-accounts.txt"))

    def handle(self, *args, **options):
        accounts_file = Path(options["accounts_file"])
        if Organisation.objects.exists():
            self.stdout.write("数据库中已有站群数据，跳过演示数据加载。")
        else:
            self.stdout.write("正在创建演示站群……")
            result = load_demo(
                base_domain=options["base_domain"],
                port=options["port"],
                articles_per_column=options["articles_per_column"],
            )
            accounts_file.parent.mkdir(parents=True, exist_ok=True)
            lines = [
                f"{username:<20} {password:<16} {secret:<34} {role}"
                for username, password, secret, role in result.accounts
            ]
            accounts_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
            accounts_file.chmod(0o600)
            self.stdout.write(self.style.SUCCESS(f"已创建 {len(result.sites)} 个网站、{result.articles} 篇稿件。"))
        if accounts_file.exists():
            self.stdout.write(
                "\n演示账号（用户名 / 密码 / 身份验证器密钥 / 角色），后台地址 http://localhost:8000/admin/ 。"
                "\n登录须输入动态验证码：把密钥添加到手机身份验证器（“输入设置密钥”，基于时间），"
                "或运行 manage.py demo_otp_code 用户名 --demo（见 docs/security-auth.md）："
            )
            self.stdout.write(accounts_file.read_text(encoding="utf-8"))
