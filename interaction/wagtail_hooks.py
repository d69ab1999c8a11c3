"""Admin wiring of 政民互动: page types under the site home, the comment queue and survey exports,
log actions, and the demo content."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sitegroup.permissions import root_paths_for


@hooks.register("sitegroup_home_subpage_types")
def interaction_pages():
    return ["interaction.SurveyPage", "interaction.ConsultationPage", "interaction.EFormPage"]


@hooks.register("register_admin_urls")
def interaction_admin_urls():
    from interaction.views import admin

    return [
        path("interaction/comments/", admin.comment_queue, name="interaction_comments"),
        path("interaction/comments/<int:pk>/moderate/", admin.moderate_comment, name="interaction_comment_moderate"),
        path("interaction/comments/<int:pk>/adoption/", admin.comment_adoption, name="interaction_comment_adoption"),
        path("interaction/surveys/", admin.survey_list, name="interaction_surveys"),
        path(
            "interaction/surveys/<int:pk>/export.<str:file_format>",
            admin.survey_export,
            name="interaction_survey_export",
        ),
    ]


class _OwnSitesMenuItem(MenuItem):
    """Shown to those who work on at least one site."""

    def is_shown(self, request):
        paths = root_paths_for(request.user)
        return paths is None or bool(paths)


@hooks.register("register_admin_menu_item")
def comment_queue_menu_item():
    return _OwnSitesMenuItem("征集意见审核", reverse("interaction_comments"), icon_name="comment", order=260)


@hooks.register("register_admin_menu_item")
def survey_menu_item():
    return _OwnSitesMenuItem("网上调查答卷", reverse("interaction_surveys"), icon_name="tasks", order=261)


@hooks.register("register_log_actions")
def interaction_log_actions(actions):
    actions.register_action("interaction.comment_submitted", "收到征集意见", "收到征集意见")
    actions.register_action("interaction.comment_approved", "公开征集意见", "公开征集意见")
    actions.register_action("interaction.comment_rejected", "征集意见不予公开", "征集意见不予公开")
    actions.register_action("interaction.adoption_recorded", "答复采纳情况", "答复征集意见采纳情况")


@hooks.register("sitegroup_configure_demo_site")
def demo_interaction(site, organisation_kind):
    from interaction.demo import build_demo_interaction

    build_demo_interaction(site, organisation_kind)


@hooks.register("sitegroup_home_entries")
def interaction_entry(home, request):
    """The home page's 政民互动 block: writing a letter, looking up a reply, the open surveys and
    consultations (two queries, then none until the hub or the site changes: sitegroup.services.page_cache.memo)."""
    from sitegroup.services import page_cache

    return page_cache.memo(request, f"interaction-entry:{home.pk}", lambda: _interaction_entry(home, request))


def _interaction_entry(home, request):
    from interaction.models import InteractionPage

    hub = InteractionPage.objects.child_of(home).live().first()
    if hub is None:
        return None, []  # a hub added later is published under the home page: that purges the site
    url = hub.get_url(request)
    links = [("我要写信", url), ("办理结果查询", f"{url}lookup/")]
    links += [(child.title, child.get_url(request)) for child in hub.get_children().live().order_by("-path")[:3]]
    description = "领导信箱、咨询投诉、网上调查和民意征集：写信、查询办理结果，参与政策意见征集。"
    return {"title": hub.title, "url": url, "description": description, "links": links}, [f"page:{hub.pk}"]


import interaction.website_report_figures  # noqa: E402, F401 - rows of 政府网站工作年度报表
