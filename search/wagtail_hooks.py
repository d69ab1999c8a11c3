"""Admin wiring of search: synonyms (snippets), the search-term report, platform permissions."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import Synonym
from search.views_admin import remove_rule, report, set_rule


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "搜索同义词"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["terms", "is_active", "note", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_searchtermdaily")


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("search/report/", report, name="search_report"),
        path("search/report/rules/", set_rule, name="search_hot_term_rule"),
        path("search/report/rules/<int:rule_id>/delete/", remove_rule, name="search_hot_term_rule_delete"),
    ]


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return SearchReportMenuItem("搜索统计", reverse("search_report"), icon_name="search", order=241)


@hooks.register("sitegroup_platform_permissions")
def search_permissions():
    """Portal editors keep the synonym list and the 热搜词 block/pin list; they and the supervision
    office read the term report."""

    def permissions(*codenames):
        return list(Permission.objects.filter(content_type__app_label="search", codename__in=codenames))

    return {
        "portal_editor": permissions(
            "add_synonym",
            "change_synonym",
            "delete_synonym",
            "view_synonym",
            "view_searchtermdaily",
            "add_hottermrule",
            "delete_hottermrule",
            "view_hottermrule",
        ),
        "supervision": permissions("view_searchtermdaily"),
    }


@hooks.register("register_periodic_jobs")
def search_periodic_jobs():
    """The marks that tell searchers apart live one day only (see search.services.record_search)."""
    from search.services import forget_searchers
    from sitegroup.periodic import PeriodicJob

    return [PeriodicJob("search_forget_searchers", "删除前几天的搜索人标记", 3600, forget_searchers)]


@hooks.register("sitegroup_readiness_checks")
def search_backend_ready():
    """/readyz: the search backend answers (Elasticsearch's cluster, or the embedded index file)."""
    from search.backends import get_backend

    return [("search", lambda: get_backend().ping())]
