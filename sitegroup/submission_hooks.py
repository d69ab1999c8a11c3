"""Admin hooks of 信息报送 (imported by `wagtail_hooks`): 报送到门户 on a department's live article
(header and listing 更多 menus), the menu items, URLs and history entries."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from sitegroup.services import submissions
from sitegroup.views import submissions as views

LABEL = "报送到门户"
ICON = "upload"


class SubmitActionMenuItem(ActionMenuItem):
    """In the edit page's action menu (更多动作), after Wagtail's own items."""

    label = LABEL
    name = "action-submit-to-portal"
    icon_name = ICON

    def is_shown(self, context):
        return context["view"] == "edit" and submissions.may_submit(context["request"].user, context["page"])

    def get_url(self, parent_context):
        return reverse("sitegroup_submission_submit", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def submit_action_menu_item():
    return SubmitActionMenuItem(order=10002)


class SubmitButton(PageMenuItem):
    label = LABEL
    icon_name = ICON
    url_name = "sitegroup_submission_submit"

    def is_shown(self, user):
        return submissions.may_submit(user, self.page)


@hooks.register("register_page_header_buttons")
def submit_header_button(page, user, view_name, next_url=None):
    yield SubmitButton(page=page, next_url=next_url, priority=55)


@hooks.register("register_page_listing_more_buttons")
def submit_listing_button(page, user, next_url=None):
    yield SubmitButton(page=page, next_url=next_url, priority=35)


@hooks.register("register_admin_urls")
def submission_urls():
    return [
        path("sitegroup/pages/<int:page_id>/submit/", views.submit, name="sitegroup_submission_submit"),
        path("sitegroup/submissions/mine/", views.mine, name="sitegroup_submissions_mine"),
        path("sitegroup/submissions/review/", views.review_queue, name="sitegroup_submissions_review"),
        path("sitegroup/submissions/statistics/", views.statistics_view, name="sitegroup_submissions_statistics"),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return submissions.is_portal_editor(request.user)


class MineMenuItem(MenuItem):
    def is_shown(self, request):
        return submissions.submitting_organisations(request.user).exists()


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return submissions.is_portal_editor(user) or submissions.submitting_organisations(user).exists()


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ReviewMenuItem("信息报送审核", reverse("sitegroup_submissions_review"), icon_name=ICON, order=240)


@hooks.register("register_admin_menu_item")
def mine_menu_item():
    return MineMenuItem("我的报送", reverse("sitegroup_submissions_mine"), icon_name=ICON, order=241)


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem("报送统计", reverse("sitegroup_submissions_statistics"), icon_name="table", order=242)


class SubmissionFormatter(LogFormatter):
    label = "信息报送"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        text = f"{self.label}（门户栏目：{data.get('column', '')}）"
        if data.get("reason"):
            text += f"，原因：{data['reason']}"
        return text


@hooks.register("register_log_actions")
def submission_log_actions(actions):
    for action, label in (
        ("sitegroup.submission_submit", "报送到门户"),
        ("sitegroup.submission_accept", "门户采用报送"),
        ("sitegroup.submission_reject", "门户未采用报送"),
        ("sitegroup.submission_withdraw", "原文下线，门户撤下报送"),
    ):
        actions.register_action(action)(type("Formatter", (SubmissionFormatter,), {"label": label}))
