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
