"""Print the current authenticator code of a demo account, for trying the demo without a phone app."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "显示演示账号当前的动态验证码（仅供演示；DEBUG 关闭时须加 --demo 确认这是演示环境）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="运维确认：这是演示环境（make run）。生产环境切勿使用，它会绕过第二因素的意义。",
        )

    def handle(self, *args, username, demo, **options):
        if not settings.DEBUG and not demo:
            raise CommandError("为安全起见，DEBUG 关闭时不显示验证码；确认是演示环境时请加 --demo。")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户“{username}”。")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(f"用户“{username}”尚未绑定身份验证器：登录后会进入绑定页面。")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        code = str(totp.token()).zfill(device.digits)
        self.stdout.write(code)
