"""The audit log of sign-in events: Django's and django-axes' signals into SignInEvent."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from sitegroup.services import staff_security


def _logged_in(sender, request, user, **kwargs):
    from sitegroup.auth_middleware import mark_signed_in
    from sitegroup.models import SignInEventType

    staff_security.record(SignInEventType.LOGIN, request=request, user=user)
    mark_signed_in(request, user)


def _logged_out(sender, request, user, **kwargs):
    from sitegroup.models import SignInEventType

    if user is None:
        return
    idle = getattr(request, "sitegroup_idle_logout", False)
    staff_security.record(SignInEventType.IDLE_LOGOUT if idle else SignInEventType.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    from sitegroup.models import SignInEventType

    staff_security.record(SignInEventType.FAILURE, request=request, username=str(credentials.get("username", "")))


def _locked_out(sender, request, username, ip_address, **kwargs):
    from sitegroup.models import SignInEventType

    staff_security.record(SignInEventType.LOCKOUT, request=request, username=username or "", detail=ip_address or "")


def connect():
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="sitegroup-sign-in")
    user_logged_out.connect(_logged_out, dispatch_uid="sitegroup-sign-out")
    user_login_failed.connect(_login_failed, dispatch_uid="sitegroup-sign-in-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="sitegroup-locked-out")
