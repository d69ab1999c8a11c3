"""Admin wiring of 在线访谈: the column under every site home, the staff consoles, log actions,
provisioning of new sub-sites and the demo."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("sitegroup_home_subpage_types")
def interview_column_page():
    return ["interviews.InterviewColumnPage"]


@hooks.register("register_admin_urls")
def interview_admin_urls():
    from interviews.views import console, followup

    return [
        path("interviews/followups/", followup.queue, name="interviews_followups"),
        path("interviews/followups/<int:pk>/", followup.detail, name="interviews_followup"),
        path("interviews/", console.interview_list, name="interviews_list"),
        path("interviews/<int:pk>/console/", console.console, name="interviews_console"),
        path("interviews/<int:pk>/console/action/", console.action, name="interviews_console_action"),
    ]


@hooks.register("register_admin_menu_item")
def interviews_menu_item():
    return MenuItem("在线访谈控制台", reverse("interviews_list"), icon_name="media", order=256)


class _FollowupMenuItem(MenuItem):
    def is_shown(self, request):
        from interviews.services.followup import KIND
        from sitegroup.services import cases

        return cases.may_see(request.user, KIND)


@hooks.register("register_admin_menu_item")
def followups_menu_item():
    return _FollowupMenuItem("访谈遗留问题", reverse("interviews_followups"), icon_name="help", order=257)


@hooks.register("register_log_actions")
def interview_log_actions(actions):
    from interviews.services.live import ACTION_LABELS

    for action, label in ACTION_LABELS.items():
        actions.register_action(action, label, label)


@hooks.register("sitegroup_provision_site")
def provision_interviews(provisioned, user=None):
    """Every new sub-site gets its 在线访谈 column at /fangtan/."""
    from interviews.provisioning import ensure_interview_column

    ensure_interview_column(provisioned.organisation)


@hooks.register("sitegroup_demo_finished")
def demo_interviews():
    """One interview in each state on the portal, the finished one with a full transcript."""
    from interviews.demo import build_demo_interviews

    build_demo_interviews()


@hooks.register("sitegroup_home_panels")
def interview_entry_point(home, request):
    """The live interview, else the next announced one, on the site's home page (two queries, then none
    until an interview of the column is published or starts or ends: sitegroup.services.page_cache.memo)."""
    from sitegroup.services import page_cache

    return page_cache.memo(request, f"interview-entry:{home.pk}", lambda: _interview_entry_point(home))


def _interview_entry_point(home):
    from interviews.models import InterviewColumnPage, InterviewPage, InterviewState

    column = InterviewColumnPage.objects.child_of(home).live().first()
    if column is None:
        return None, []  # a column added later is published under the home page: that purges the site
    interviews = (
        InterviewPage.objects.child_of(column)
        .live()
        .filter(room__state__in=(InterviewState.LIVE, InterviewState.ANNOUNCED))
        .select_related("room")
        .prefetch_related("guests")  # shown with the interview; the value is kept (page_cache.memo)
        .order_by("room__state", "starts_at")  # "announced" < "live": sorted below
    )
    candidates = list(interviews[:20])
    current = next((item for item in candidates if item.state == InterviewState.LIVE), None)
    upcoming = next((item for item in candidates if item.state == InterviewState.ANNOUNCED), None)
    interview = current or upcoming
    panel = {"template": "interviews/includes/home_entry.html", "interview": interview, "column": column}
    return panel, [f"page:{column.pk}"]


import interviews.website_report_figures  # noqa: E402, F401 - rows of 政府网站工作年度报表
