"""Admin wiring of the platform: viewsets, menu items, isolation hooks, page-view counting."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import sitegroup.annual_report_hooks  # noqa: F401 - 政府网站工作年度报表: admin, public page, core figures
import sitegroup.harvest_hooks  # noqa: F401 - 信息抓取: sources, runs, 立即抓取
import sitegroup.media_hooks  # noqa: F401 - paragraph styles, watermarks, attachment previews
import sitegroup.security_hooks  # noqa: F401 - sign-in security: second factor, sign-in log, lockouts
import sitegroup.submission_hooks  # noqa: F401 - 信息报送: buttons, menu items, review queue, statistics
import sitegroup.withdrawal_hooks  # noqa: F401 - 撤稿（下线）: menu items, confirmation view, history entry
from sitegroup import editorial_hooks  # noqa: F401 - the editorial workflow's hooks
from sitegroup.admin_isolation import RestrictedSnippetChooserViewSet
from sitegroup.admin_panels import MySitesPanel
from sitegroup.forms.hot_words import HotWordForm
from sitegroup.models import HotWord, Organisation, SensitiveWord, WorkingDayOverride, WrongForm
from sitegroup.permissions import restrict_pages, user_sees_every_organisation
from sitegroup.services.pageviews import record_view
from sitegroup.views import cases as case_views
from sitegroup.views import health as health_views
from sitegroup.views import hot_words as hot_word_views
from sitegroup.views import organisations as organisation_views
from sitegroup.views import sensitive_words as sensitive_word_views
from sitegroup.views import statistics as statistics_views
from sitegroup.views import supervision as supervision_views


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    index_view_class = organisation_views.OrganisationIndexView
    icon = "group"
    menu_label = "机构与子站"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "code", "kind", "hostname", "site"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    icon = "warning"
    menu_label = "敏感词"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["word", "level", "category", "is_active", "updated_at"]
    list_filter = ["level", "category", "is_active"]
    search_fields = ["word"]


class HotWordViewSet(SnippetViewSet):
    model = HotWord
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    index_view_class = hot_word_views.HotWordIndexView
    edit_view_class = hot_word_views.HotWordEditView
    delete_view_class = hot_word_views.HotWordDeleteView
    edit_handler = ObjectList(HotWord.panels, base_form_class=HotWordForm)
    icon = "link"
    menu_label = "扩展热字"
    menu_order = 222
    add_to_admin_menu = True
    list_display = ["word", "url", "scope_label", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["word"]
    copy_view_enabled = False
    inspect_view_enabled = False


class WrongFormViewSet(SnippetViewSet):
    model = WrongForm
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    icon = "warning"
    menu_label = "错敏词"
    menu_order = 221
    add_to_admin_menu = True
    list_display = ["wrong", "correct", "level", "category", "is_active"]
    list_filter = ["level", "category", "is_active"]
    search_fields = ["wrong", "correct"]


class WorkingDayOverrideViewSet(SnippetViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = "工作日调整"
    menu_order = 225
    add_to_admin_menu = True
    list_display = ["date", "is_working_day", "name", "updated_at"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)
register_snippet(SensitiveWordViewSet)
register_snippet(WrongFormViewSet)
register_snippet(WorkingDayOverrideViewSet)
register_snippet(HotWordViewSet)


@hooks.register("register_snippet_listing_buttons")
def provision_button(snippet, user, next_url=None):
    if isinstance(snippet, Organisation) and user.is_superuser:
        yield ListingButton(
            "开通/修复子站" if snippet.site_id else "开通子站",
            reverse("sitegroup_provision", args=[snippet.pk]),
            icon_name="site",
            priority=5,
        )


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("sitegroup/organisations/<int:pk>/provision/", organisation_views.provision, name="sitegroup_provision"),
        path("sitegroup/organisations/provision/", organisation_views.provision, name="sitegroup_provision_new"),
        path("sitegroup/statistics/", statistics_views.dashboard, name="sitegroup_statistics"),
        path("sitegroup/health/", health_views.group, name="sitegroup_health_group"),
        path("sitegroup/health/<int:pk>/", health_views.site, name="sitegroup_health_site"),
        path("sitegroup/health/<int:pk>/run/", health_views.start, name="sitegroup_health_start"),
        path("sitegroup/sensitive-words/tools/", sensitive_word_views.tools, name="sitegroup_sensitive_word_tools"),
        path("sitegroup/supervision/", case_views.supervision, name="sitegroup_case_supervision"),
        path("sitegroup/outbox/", case_views.outbox, name="sitegroup_case_outbox"),
        path("sitegroup/supervision/tasks/", supervision_views.tasks, name="sitegroup_supervision_tasks"),
        path(
            "sitegroup/supervision/notices/<int:pk>/",
            supervision_views.notice_detail,
            name="sitegroup_supervision_notice",
        ),
        path(
            "sitegroup/supervision/follow-ups/<int:pk>/", supervision_views.follow_up_detail, name="sitegroup_follow_up"
        ),
        path("sitegroup/supervision/log/", supervision_views.log_view, name="sitegroup_supervision_log"),
        path(
            "sitegroup/supervision/statistics/",
            supervision_views.statistics_view,
            name="sitegroup_supervision_statistics",
        ),
    ]


class SupervisionMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_every_organisation(request.user)


@hooks.register("register_admin_menu_item")
def supervision_menu_item():
    return SupervisionMenuItem("电子监察", reverse("sitegroup_case_supervision"), icon_name="warning", order=253)


class SupervisionTasksMenuItem(MenuItem):
    def is_shown(self, request):
        from sitegroup.services import case_supervision

        return not user_sees_every_organisation(request.user) and case_supervision.may_see_tasks(request.user)


@hooks.register("register_admin_menu_item")
def supervision_tasks_menu_item():
    return SupervisionTasksMenuItem(
        "督办与差评回访", reverse("sitegroup_supervision_tasks"), icon_name="warning", order=254
    )


class CaseStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return not user_sees_every_organisation(request.user) and supervision_views.may_see_statistics(request.user)


@hooks.register("register_admin_menu_item")
def case_statistics_menu_item():
    return CaseStatisticsMenuItem(
        "办件统计与绩效", reverse("sitegroup_supervision_statistics"), icon_name="table", order=256
    )


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        from sitegroup.services import cases

        return any(cases.may_see(request.user, kind) for kind in cases.kinds())


@hooks.register("register_admin_menu_item")
def outbox_menu_item():
    return OutboxMenuItem("群众通知发件箱", reverse("sitegroup_case_outbox"), icon_name="mail", order=255)


class HealthMenuItem(MenuItem):
    def is_shown(self, request):
        from sitegroup.services.health import organisations_visible_to

        return organisations_visible_to(request.user).exists()


@hooks.register("register_admin_menu_item")
def health_menu_item():
    return HealthMenuItem("网站健康检查", reverse("sitegroup_health_group"), icon_name="warning", order=232)


@hooks.register("sitegroup_health_checks")
def sitegroup_health_checks():
    from sitegroup.health_checks import builtin_checks

    return builtin_checks()


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sitegroup.view_statistics")


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem("统计报表", reverse("sitegroup_statistics"), icon_name="table", order=230)


class SensitiveWordToolsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sitegroup.add_sensitiveword")


@hooks.register("register_admin_menu_item")
def sensitive_word_tools_menu_item():
    return SensitiveWordToolsMenuItem(
        "敏感词检测与导入", reverse("sitegroup_sensitive_word_tools"), icon_name="search", order=221
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("sitegroup.provision", "开通子站", "开通子站")
    actions.register_action("sitegroup.grant_role", "分配角色", "分配角色")
    actions.register_action("sitegroup.revoke_role", "撤销角色", "撤销角色")
    actions.register_action("sitegroup.case", "办件办理", "办件办理")
    actions.register_action("sitegroup.case.submitted", "群众提交", "群众网上提交")
    actions.register_action("sitegroup.case.rated", "群众评价", "群众满意度评价")
    actions.register_action("sitegroup.case.personal_data", "查看个人信息", "查看提交人完整个人信息")
    actions.register_action("sitegroup.supervision.notice", "督办", "电子监察督办")
    actions.register_action("sitegroup.supervision.answer", "督办反馈", "承办单位反馈督办")
    actions.register_action("sitegroup.supervision.follow_up_opened", "差评回访开启", "差评回访整改开启")
    actions.register_action("sitegroup.supervision.follow_up_contacted", "差评已回访", "记录差评回访情况")
    actions.register_action("sitegroup.supervision.follow_up_closed", "差评整改办结", "差评整改办结并反馈群众")
    actions.register_action("sitegroup.health_check", "健康检查", "发起网站健康检查")


@hooks.register("construct_homepage_panels")
def add_my_sites_panel(request, panels):
    panels.insert(0, MySitesPanel(request))


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser(pages, request):
    return restrict_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def limit_explorer(parent_page, pages, request):
    if parent_page.depth == 1:
        return restrict_pages(pages, request.user)
    return pages


@hooks.register("before_serve_page")
def count_page_view(page, request, serve_args, serve_kwargs):
    record_view(request, page)
    if getattr(page, "page_cache", False) and not getattr(request, "is_preview", False):
        from sitegroup.services import page_cache

        page_cache.mark_cacheable(request, page)


@hooks.register("register_periodic_jobs")
def register_periodic_jobs():
    import io

    from django.core.management import call_command

    from sitegroup.periodic import PeriodicJob
    from sitegroup.services import case_supervision, frontend_views, harvest, health, pageviews, personal_data

    return [
        PeriodicJob("escalate_overdue_cases", "超期办件提请督办", 3600, case_supervision.escalate_overdue),
        PeriodicJob("record_case_warnings", "办件预警记入监察日志", 3600, case_supervision.record_warnings),
        PeriodicJob(
            "publish_scheduled",
            "定时发布与定时下线",
            60,
            lambda: call_command("publish_scheduled", stdout=io.StringIO()),
        ),
        PeriodicJob("flush_pageviews", "写入访问量", 10, pageviews.flush),
        PeriodicJob("count_nginx_page_views", "计入 nginx 缓存页面的访问量", 10, frontend_views.count_new_views),
        PeriodicJob("harvest_due_sources", "信息抓取（到期的抓取源）", 60, harvest.run_due_sources),
        PeriodicJob("check_site_health", "网站健康检查（每日）", 24 * 3600, health.run_all),
        PeriodicJob("anonymise_cases", "超过保存期限的办结件匿名化", 24 * 3600, personal_data.anonymise_concluded),
    ]
