"""Re-encrypt every sealed personal-data value under the newest key in SITEGROUP_DATA_KEYS (and
recompute the lookup digests), so the older keys can then be removed. See docs/security.md."""

from django.core.management.base import BaseCommand

from sitegroup.services import personal_data


class Command(BaseCommand):
    help = "用最新的个人信息加密密钥重新加密全部已加密字段（轮换密钥后运行，完成后可移除旧密钥）。"

    def handle(self, *args, **options):
        count = personal_data.rotate(progress=self.stdout.write)
        self.stdout.write(f"已用最新密钥重新加密 {count} 个值。")
