"""Admin hooks of 撤稿（下线） (imported by `wagtail_hooks`): the item in the page's action menu, header
and listing menus for people who may withdraw the page, the confirmation URL and its history entry.

Kept apart from `wagtail_hooks.py`, which several parts of the platform extend.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from sitegroup.services import withdrawal
from sitegroup.views import withdrawal as withdrawal_views

LABEL = "撤稿（下线）"
ICON = "download"


class WithdrawActionMenuItem(ActionMenuItem):
    """In the edit page's action menu, after Wagtail's own items (never the default button)."""

    label = LABEL
    name = "action-withdraw"
    icon_name = ICON

    def is_shown(self, context):
        return context["view"] == "edit" and withdrawal.may_withdraw(context["page"], context["request"].user)

    def get_url(self, parent_context):
        page = parent_context["page"]
        return (
            reverse("sitegroup_withdraw", args=[page.pk])
            + "?"
            + urlencode({"next": reverse("wagtailadmin_pages:edit", args=[page.pk])})
        )


class WithdrawButton(PageMenuItem):
    """In the page header's and the page listing's 更多 menus."""

    label = LABEL
    icon_name = ICON
    url_name = "sitegroup_withdraw"

    def is_shown(self, user):
        return withdrawal.may_withdraw(self.page, user)


@hooks.register("register_page_action_menu_item")
def withdraw_action_menu_item():
    # Wagtail's "page locked" item is 10000: a locked page keeps it as the default button.
    return WithdrawActionMenuItem(order=10001)


@hooks.register("register_page_header_buttons")
def withdraw_header_button(page, user, view_name, next_url=None):
    yield WithdrawButton(page=page, next_url=next_url, priority=60)


@hooks.register("register_page_listing_more_buttons")
def withdraw_listing_button(page, user, next_url=None):
    yield WithdrawButton(page=page, next_url=next_url, priority=40)


@hooks.register("register_admin_urls")
def withdrawal_urls():
    return [path("sitegroup/pages/<int:page_id>/withdraw/", withdrawal_views.withdraw, name="sitegroup_withdraw")]


class WithdrawFormatter(LogFormatter):
    label = "撤稿"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        reason = data.get("reason", "")
        if data.get("with_title"):
            return f"随「{data['with_title']}」撤稿（下线），理由：{reason}"
        return f"撤稿（下线），理由：{reason}"


@hooks.register("register_log_actions")
def withdrawal_log_actions(actions):
    actions.register_action(withdrawal.WITHDRAW_ACTION)(WithdrawFormatter)
