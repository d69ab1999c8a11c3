"""Admin wiring of the service column: the page type under every site home, the life events as a
snippet for platform admins, provisioning of every site's column and the demo items."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from services_column.models import LifeEvent


@hooks.register("sitegroup_home_subpage_types")
def service_column_page():
    return ["services_column.ServiceColumnPage"]


class LifeEventViewSet(SnippetViewSet):
    """The life events citizens and businesses find services by (个人办事、法人办事的主题)."""

    model = LifeEvent
    icon = "list-ul"
    menu_label = "政务服务主题"
    menu_order = 252
    add_to_admin_menu = True
    list_display = ["name", "audience", "sort_order"]
    list_filter = ["audience"]
    search_fields = ["name"]
    ordering = ["audience", "sort_order", "pk"]


register_snippet(LifeEventViewSet)


@hooks.register("sitegroup_provision_site")
def provision_service_column(provisioned, user=None):
    """Every new sub-site gets its 政务服务 column at /zwfw/ (the portal: the county's 政务服务专栏)."""
    from services_column.provisioning import ensure_service_column

    ensure_service_column(provisioned.organisation, user=user)


@hooks.register("sitegroup_demo_finished")
def demo_service_items():
    """Service items with full guides and forms for every demo organisation."""
    from services_column.demo import build_demo_items

    build_demo_items()


HOME_EVENTS = ("生育收养", "户籍办理", "教育科研", "婚姻登记", "社会救助", "医疗卫生", "退休养老", "设立变更")


@hooks.register("sitegroup_home_entries")
def service_column_entry(home, request):
    """The home page's 政务服务 block: the column and a few popular life events (two queries, then none
    until the column or the site changes: sitegroup.services.page_cache.memo)."""
    from sitegroup.services import page_cache

    return page_cache.memo(request, f"service-entry:{home.pk}", lambda: _service_column_entry(home, request))


def _service_column_entry(home, request):
    from services_column.models import ServiceColumnPage

    column = ServiceColumnPage.objects.child_of(home).live().first()
    if column is None:
        return None, []  # a column added later is published under the home page: that purges the site
    url = column.get_url(request)
    events = LifeEvent.objects.filter(name__in=HOME_EVENTS).order_by("-audience", "sort_order")  # 个人 first
    seen, links = set(), []
    for event in events:
        if event.name not in seen:
            seen.add(event.name)
            links.append((event.name, f"{url}?event={event.pk}"))
    description = (
        "按部门、个人和法人主题、权力类别查找办事事项，查阅办事指南，下载表格，在线咨询和申请。"
        if column.is_platform
        else "本单位的政务服务事项：办事指南、表格下载、网上咨询、网上申请和结果反馈。"
    )
    entry = {
        "title": column.title,
        "url": url,
        "description": description,
        "links": links if column.is_platform else [],
    }
    return entry, [f"page:{column.pk}", "life-events"]


import services_column.website_report_figures  # noqa: E402, F401 - rows of 政府网站工作年度报表


@hooks.register("sitegroup_health_checks")
def service_guide_health_check():
    """网站健康检查: live service items whose guide (办事指南) misses required elements."""
    from services_column.health import service_guides_complete
    from sitegroup.services.health import HealthCheck

    return [HealthCheck("service_guides", "办事指南要素", service_guides_complete, 50)]
