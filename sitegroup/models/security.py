"""Sign-in security: the audit log of sign-in events and when each password was last changed."""

from django.conf import settings
from django.db import models


class SignInEventType(models.TextChoices):
    LOGIN = "login", "登录成功"
    FAILURE = "failure", "登录失败"
    LOCKOUT = "lockout", "账户锁定"
    LOGOUT = "logout", "退出登录"
    IDLE_LOGOUT = "idle_logout", "超时自动退出"
    OTP_VERIFIED = "otp_verified", "双因素验证通过"
    OTP_FAILURE = "otp_failure", "双因素验证失败"
    RECOVERY_CODE_USED = "recovery_used", "使用恢复码"
    OTP_ENROLLED = "otp_enrolled", "绑定身份验证器"
    OTP_RESET = "otp_reset", "重置双因素"
    UNLOCK = "unlock", "解除锁定"
    PASSWORD_CHANGED = "password_changed", "修改密码"


class SignInEvent(models.Model):
    """One sign-in, failure, lockout, sign-out or second-factor event (kept for the 等保 audit)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    event = models.CharField("事件", max_length=20, choices=SignInEventType.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("地址", null=True, blank=True, db_index=True)
    user_agent = models.CharField("浏览器", max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detail = models.CharField("说明", max_length=255, blank=True)

    class Meta:
        verbose_name = "登录审计记录"
        verbose_name_plural = "登录审计记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_event_display()}"


class PasswordRecord(models.Model):
    """When the user's password was last set (for the change interval of staff passwords)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record")
    changed_at = models.DateTimeField("密码修改时间")

    class Meta:
        verbose_name = "密码修改记录"
        verbose_name_plural = "密码修改记录"

    def __str__(self):
        return f"{self.user} {self.changed_at:%Y-%m-%d}"
