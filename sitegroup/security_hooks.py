"""Admin wiring of sign-in security: second-factor screens, the platform admin's sign-in log and
lockouts (Settings menu), and 重置双因素 on the user listing."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from sitegroup.services import staff_security
from sitegroup.views import sign_in_security as views


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("two-factor/setup/", views.setup, name="sitegroup_two_factor_setup"),
        path("two-factor/verify/", views.verify, name="sitegroup_two_factor_verify"),
        path("two-factor/recovery/", views.recovery, name="sitegroup_two_factor_recovery"),
        path("sitegroup/sign-in/log/", views.events, name="sitegroup_sign_in_log"),
        path("sitegroup/sign-in/lockouts/", views.lockouts, name="sitegroup_sign_in_lockouts"),
        path(
            "sitegroup/sign-in/users/<int:pk>/reset-second-factor/",
            views.reset_second_factor,
            name="sitegroup_reset_second_factor",
        ),
    ]


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_security.may_manage_sign_in(request.user)


@hooks.register("register_settings_menu_item")
def sign_in_log_menu_item():
    return ManagerMenuItem("登录审计", reverse("sitegroup_sign_in_log"), icon_name="list-ul", order=610)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return ManagerMenuItem("登录锁定", reverse("sitegroup_sign_in_lockouts"), icon_name="lock", order=611)


@hooks.register("register_account_menu_item")
def recovery_codes_menu_item(request):
    return {"url": reverse("sitegroup_two_factor_recovery"), "label": "双因素认证恢复码", "help_text": ""}


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    if staff_security.may_manage_sign_in(request_user):
        yield ListingButton(
            "重置双因素",
            reverse("sitegroup_reset_second_factor", args=[user.pk]),
            icon_name="lock",
            priority=50,
        )
