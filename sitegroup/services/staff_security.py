"""Staff sign-in security: who needs a second factor, enrolment, recovery codes, resets, lockouts,
password age and the sign-in audit log (docs/security-auth.md)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sitegroup.models import PasswordRecord, SignInEvent, SignInEventType
from sitegroup.permissions import platform_roles

TOTP_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread on paper


# -- who --------------------------------------------------------------------------------------------


def is_staff_user(user) -> bool:
    """A person who works in the admin (as opposed to a citizen, who never signs in)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def may_manage_sign_in(user) -> bool:
    """Platform admins: superusers and user managers see the audit log, unlock and reset second factors."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("auth.change_user"))


def holds_role(user) -> bool:
    """Publishes, reviews, handles cases, changes templates or manages users (every role of the platform)."""
    if user.is_superuser or may_manage_sign_in(user):
        return True
    if platform_roles(user):
        return True
    return user.groups.filter(organisation_role__isnull=False).exists() or may_change_anything(user)


def may_change_anything(user) -> bool:
    """A group made by hand outside the platform's roles still counts: any page or collection permission,
    or any model permission beyond entering the admin, needs the second factor."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    if GroupPagePermission.objects.filter(group__user=user).exists():
        return True
    if GroupCollectionPermission.objects.filter(group__user=user).exists():
        return True
    return any(permission != "wagtailadmin.access_admin" for permission in user.get_all_permissions())


def needs_second_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(settings, "SITEGROUP_OTP_REQUIRED", "roles") == "all" and is_staff_user(user):
        return True
    return holds_role(user)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# -- audit ------------------------------------------------------------------------------------------


def client_address(request) -> str | None:
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    return address or None


def record(event: str, *, request=None, user=None, username: str = "", actor=None, detail: str = "") -> SignInEvent:
    if user is not None and getattr(user, "pk", None) is None:
        user = None
    return SignInEvent.objects.create(
        event=event,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255],
        actor=actor if actor is not None and actor.is_authenticated else None,
        detail=detail[:255],
    )


# -- enrolment --------------------------------------------------------------------------------------


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (the same secret on every reload until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return device.config_url


def base32_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii")


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(settings.SITEGROUP_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_authenticator(user, device: TOTPDevice, token: str, *, request=None) -> list[str] | None:
    """Confirms enrolment with a code from the app; returns fresh recovery codes, or None if the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(SignInEventType.OTP_ENROLLED, request=request, user=user)
    return _new_recovery_codes(user)


def regenerate_recovery_codes(user, *, request=None) -> list[str]:
    codes = _new_recovery_codes(user)
    record(SignInEventType.OTP_ENROLLED, request=request, user=user, detail="重新生成恢复码")
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, token: str, *, request=None):
    """The device that accepts the code (an authenticator code or an unused recovery code), or None."""
    token = "".join(token.split()).lower()
    device = match_token(user, token) if token else None
    if device is None:
        record(SignInEventType.OTP_FAILURE, request=request, user=user)
        return None
    if isinstance(device, StaticDevice):
        record(
            SignInEventType.RECOVERY_CODE_USED,
            request=request,
            user=user,
            detail=f"剩余 {remaining_recovery_codes(user)} 个恢复码",
        )
    else:
        record(SignInEventType.OTP_VERIFIED, request=request, user=user)
    return device


@transaction.atomic
def reset_second_factor(user, *, actor, request=None) -> None:
    """Removes every device: the user enrols again at the next sign-in; open sessions lose verification."""
    if not may_manage_sign_in(actor):
        raise PermissionDenied("只有平台管理员可以重置双因素认证。")
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    record(SignInEventType.OTP_RESET, request=request, user=user, actor=actor)


# -- lockouts ---------------------------------------------------------------------------------------


def locked_out():
    """Accounts and addresses currently locked: (kind, value, failures, last attempt)."""
    from axes.models import AccessAttempt

    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since)
    by_account: dict[str, list] = {}
    by_address: dict[str, list] = {}
    for attempt in attempts:
        if attempt.username:
            entry = by_account.setdefault(attempt.username, [0, attempt.attempt_time])
            entry[0] += attempt.failures_since_start
            entry[1] = max(entry[1], attempt.attempt_time)
        if attempt.ip_address:
            entry = by_address.setdefault(attempt.ip_address, [0, attempt.attempt_time])
            entry[0] += attempt.failures_since_start
            entry[1] = max(entry[1], attempt.attempt_time)
    rows = [("account", name, count, last) for name, (count, last) in by_account.items() if count >= limit]
    rows += [
        ("address", address, count, last)
        for address, (count, last) in by_address.items()
        if count >= settings.SITEGROUP_LOCKOUT_ADDRESS_FAILURES
    ]
    return sorted(rows, key=lambda row: row[3], reverse=True)


def unlock(*, actor, username: str = "", address: str = "", request=None) -> int:
    from axes.utils import reset

    if not may_manage_sign_in(actor):
        raise PermissionDenied("只有平台管理员可以解除锁定。")
    if username:
        count = reset(username=username)
        record(SignInEventType.UNLOCK, request=request, username=username, actor=actor, detail="解除账户锁定")
        return count
    if address:
        count = reset(ip=address)
        record(SignInEventType.UNLOCK, request=request, actor=actor, detail=f"解除地址锁定：{address}")
        return count
    return 0


# -- passwords --------------------------------------------------------------------------------------


def note_password_changed(user) -> None:
    if user.pk is None:
        return
    PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})


def password_expired(user) -> bool:
    """A staff password older than SITEGROUP_PASSWORD_MAX_AGE_DAYS (counted from sign-up when never changed)."""
    days = settings.SITEGROUP_PASSWORD_MAX_AGE_DAYS
    if not days or not is_staff_user(user):
        return False
    changed = PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return (changed or user.date_joined) < timezone.now() - timedelta(days=days)
