"""Second factor (enrolment, recovery codes, verification) and the platform admin's sign-in screens:
audit log, lockouts, second-factor reset. Rules live in sitegroup.services.staff_security."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from sitegroup.lib.exports import to_csv, to_xlsx
from sitegroup.models import SignInEvent, SignInEventType
from sitegroup.services import staff_security

RECOVERY_SESSION_KEY = "sg_new_recovery_codes"
OTP_FAILURES_KEY = "sg_otp_failures"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CodeForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=20,
        error_messages={"required": "请输入验证码。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, title="绑定身份验证器的二维码")


@require_http_methods(["GET", "POST"])
def setup(request):
    """绑定身份验证器: QR code and secret of a pending device, confirmed with a code from the app."""
    user = request.user
    if staff_security.has_authenticator(user) and not user.is_verified():
        return redirect(reverse("sitegroup_two_factor_verify") + "?" + request.GET.urlencode())
    device = staff_security.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            codes = staff_security.confirm_authenticator(user, device, form.cleaned_data["token"], request=request)
            if codes is not None:
                otp_login(request, device)
                request.session[RECOVERY_SESSION_KEY] = codes
                messages.success(request, "身份验证器已绑定。请保存下面的恢复码。")
                return redirect(reverse("sitegroup_two_factor_recovery") + "?" + request.GET.urlencode())
            form.add_error("token", "验证码不正确或已过期，请输入应用中当前显示的 6 位数字。")
        status = 400
    context = {
        "form": form,
        "qr_svg": _qr_svg(staff_security.provisioning_uri(device)),
        "secret": staff_security.base32_secret(device),
        "next": _next_url(request),
        "required": staff_security.needs_second_factor(user),
    }
    return TemplateResponse(request, "sitegroup/security/two_factor_setup.html", context, status=status)


@require_http_methods(["GET", "POST"])
def recovery(request):
    """恢复码: shown once after enrolment or regeneration; otherwise how many are left."""
    user = request.user
    if not user.is_verified():
        return redirect(reverse("sitegroup_two_factor_verify") + "?" + request.GET.urlencode())
    if request.method == "POST":
        request.session[RECOVERY_SESSION_KEY] = staff_security.regenerate_recovery_codes(user, request=request)
        messages.success(request, "已生成新的恢复码，原有恢复码全部作废。")
        return redirect(reverse("sitegroup_two_factor_recovery") + "?" + request.GET.urlencode())
    context = {
        "codes": request.session.pop(RECOVERY_SESSION_KEY, None),
        "remaining": staff_security.remaining_recovery_codes(user),
        "next": _next_url(request),
    }
    return TemplateResponse(request, "sitegroup/security/two_factor_recovery.html", context)


@require_http_methods(["GET", "POST"])
def verify(request):
    """双因素验证: a code from the authenticator app or one recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not staff_security.has_authenticator(user):
        return redirect(reverse("sitegroup_two_factor_setup") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            device = staff_security.verify(user, form.cleaned_data["token"], request=request)
            if device is not None:
                request.session.pop(OTP_FAILURES_KEY, None)
                otp_login(request, device)
                return redirect(_next_url(request))
            failures = request.session.get(OTP_FAILURES_KEY, 0) + 1
            request.session[OTP_FAILURES_KEY] = failures
            limit = staff_security.settings.AXES_FAILURE_LIMIT
            if failures >= limit:
                logout(request)
                messages.error(request, f"验证码连续 {limit} 次错误，已退出登录，请重新登录。")
                return redirect("wagtailadmin_login")
            form.add_error("token", f"验证码不正确（还可尝试 {limit - failures} 次）。")
    context = {"form": form, "next": _next_url(request)}
    return TemplateResponse(request, "sitegroup/security/two_factor_verify.html", context, status=status)


# -- platform admins --------------------------------------------------------------------------------


def _require_manager(request):
    if not staff_security.may_manage_sign_in(request.user):
        raise PermissionDenied


class EventFilterForm(forms.Form):
    user = forms.CharField(label="用户名", required=False, max_length=150)
    event = forms.ChoiceField(label="事件", required=False, choices=[("", "全部事件"), *SignInEventType.choices])
    address = forms.GenericIPAddressField(
        label="地址", required=False, error_messages={"invalid": "请输入有效的 IP 地址。"}
    )
    start = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日。"},
    )
    end = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日。"},
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data


def events(request):
    """登录审计: every sign-in, failure, lockout and sign-out, filtered, paged and exported."""
    _require_manager(request)
    form = EventFilterForm(request.GET or None)
    entries = SignInEvent.objects.select_related("actor")
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        entries = entries.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(username__icontains=data["user"].strip())
        if data["event"]:
            entries = entries.filter(event=data["event"])
        if data["address"]:
            entries = entries.filter(ip_address=data["address"])
        if data["start"]:
            entries = entries.filter(at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(at__date__lte=data["end"])
    export = request.GET.get("export")
    if export in ("xlsx", "csv") and status == 200:
        rows = [["时间", "事件", "用户名", "地址", "浏览器", "操作人", "说明"]]
        for entry in entries.iterator(chunk_size=2000):
            rows.append(
                [
                    timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.get_event_display(),
                    entry.username,
                    entry.ip_address or "",
                    entry.user_agent,
                    entry.actor.get_username() if entry.actor else "",
                    entry.detail,
                ]
            )
        stamp = f"sign-in-log-{timezone.localdate():%Y%m%d}"
        if export == "csv":
            response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{stamp}.csv"'
        else:
            response = HttpResponse(to_xlsx(rows, "登录审计"), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{stamp}.xlsx"'
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {"form": form, "page_obj": page, "query": query.urlencode()}
    return TemplateResponse(request, "sitegroup/security/sign_in_log.html", context, status=status)


@require_http_methods(["GET", "POST"])
def lockouts(request):
    """登录锁定: locked accounts and addresses, each with an unlock button."""
    _require_manager(request)
    if request.method == "POST":
        kind = request.POST.get("kind")
        value = (request.POST.get("value") or "").strip()
        if kind not in ("account", "address") or not value:
            messages.error(request, "请选择要解除锁定的账户或地址。")
            return redirect("sitegroup_sign_in_lockouts")
        if kind == "account":
            staff_security.unlock(actor=request.user, username=value, request=request)
            messages.success(request, f"已解除账户“{value}”的锁定。")
        else:
            staff_security.unlock(actor=request.user, address=value, request=request)
            messages.success(request, f"已解除地址 {value} 的锁定。")
        return redirect("sitegroup_sign_in_lockouts")
    context = {"rows": staff_security.locked_out()}
    return TemplateResponse(request, "sitegroup/security/lockouts.html", context)


@require_http_methods(["GET", "POST"])
def reset_second_factor(request, pk):
    """重置双因素: the user binds a new authenticator at the next sign-in."""
    _require_manager(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        staff_security.reset_second_factor(person, actor=request.user, request=request)
        messages.success(request, f"已重置“{person.get_full_name() or person.get_username()}”的双因素认证。")
        return redirect("wagtailusers_users:index")
    context = {"person": person, "has_authenticator": staff_security.has_authenticator(person)}
    return TemplateResponse(request, "sitegroup/security/reset_second_factor.html", context)
