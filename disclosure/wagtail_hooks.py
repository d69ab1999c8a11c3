"""Admin wiring of the disclosure column: classification data, the home-page and provisioning hooks, permissions."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from disclosure.models import CatalogueItem, Genre, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "主题分类"
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "doc-full"
    menu_label = "体裁分类"
    list_display = ["name", "sort_order"]


class CatalogueItemViewSet(SnippetViewSet):
    model = CatalogueItem
    icon = "list-ul"
    menu_label = "基本目录"
    list_display = ["number", "name", "group", "responsible_units"]
    list_filter = ["group"]
    search_fields = ["name", "responsible_units"]


class DisclosureDataGroup(SnippetViewSetGroup):
    items = (TopicViewSet, GenreViewSet, CatalogueItemViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "政府信息公开分类"
    menu_order = 250


register_snippet(DisclosureDataGroup)


@hooks.register("sitegroup_home_subpage_types")
def disclosure_column():
    return ["disclosure.DisclosureColumnPage"]


@hooks.register("sitegroup_platform_permissions")
def classification_permissions():
    """Portal editors keep the classification data; everyone with admin access can choose from it."""
    codenames = [
        f"{action}_{model}" for action in ("add", "change", "delete") for model in ("topic", "genre", "catalogueitem")
    ]
    return {
        "portal_editor": list(Permission.objects.filter(content_type__app_label="disclosure", codename__in=codenames))
    }


@hooks.register("sitegroup_provision_site")
def provision_disclosure_column(provisioned, user=None):
    """Every new sub-site gets its disclosure column (/xxgk/) with guide, 制度, catalogue and 年报."""
    from disclosure.provisioning import ensure_disclosure_column

    ensure_disclosure_column(provisioned.organisation, user=user)


@hooks.register("sitegroup_configure_demo_site")
def demo_disclosure_column(site, organisation_kind):
    from disclosure.demo import build_disclosure_column

    build_disclosure_column(site, organisation_kind)


@hooks.register("register_admin_urls")
def disclosure_admin_urls():
    from django.urls import path

    from disclosure import views_admin

    return [
        path("disclosure/reviews/", views_admin.reviews, name="disclosure_reviews"),
        path("disclosure/reviews/<int:pk>/print/", views_admin.print_review, name="disclosure_review_print"),
    ]


@hooks.register("register_admin_menu_item")
def reviews_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem("保密审查记录", reverse("disclosure_reviews"), icon_name="lock", order=251)


@hooks.register("after_create_page")
def disclosure_workflow_for_new_column(request, page):
    from disclosure.models import DisclosureColumnPage
    from disclosure.services import ensure_disclosure_workflow

    if isinstance(page.specific, DisclosureColumnPage):
        ensure_disclosure_workflow(page)


@hooks.register("register_log_actions")
def review_log_action(actions):
    actions.register_action("disclosure.confidentiality_review", "保密审查", "保密审查（生成公开审批表）")


@hooks.register("register_log_actions")
def request_log_action(actions):
    # Entries written before requests moved onto the case core (sitegroup.case.*) keep their labels.
    actions.register_action("disclosure.request", "依申请公开办理", "依申请公开办理")
    actions.register_action("disclosure.request.personal_data", "查看申请人个人信息", "查看申请人完整个人信息")


@hooks.register("register_admin_urls")
def request_admin_urls():
    from django.urls import path

    from disclosure import views_requests_admin

    return [
        path("disclosure/requests/", views_requests_admin.queue, name="disclosure_requests"),
        path("disclosure/requests/<int:pk>/", views_requests_admin.detail, name="disclosure_request_detail"),
        path(
            "disclosure/requests/<int:pk>/documents/<str:kind>/",
            views_requests_admin.document_print,
            name="disclosure_request_document",
        ),
        path(
            "disclosure/requests/<int:pk>/documents/<str:kind>/docx/",
            views_requests_admin.document_docx,
            name="disclosure_request_document_docx",
        ),
        path(
            "disclosure/requests/templates/",
            views_requests_admin.document_templates,
            name="disclosure_request_templates",
        ),
        path(
            "disclosure/requests/templates/<int:organisation_pk>/",
            views_requests_admin.document_templates_edit,
            name="disclosure_request_templates_edit",
        ),
    ]


class _RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        from disclosure.services.requests import may_see_requests

        return may_see_requests(request.user)


@hooks.register("register_admin_menu_item")
def requests_menu_item():
    from django.urls import reverse

    return _RequestsMenuItem("依申请公开", reverse("disclosure_requests"), icon_name="mail", order=252)


@hooks.register("sitegroup_refuse_emergency_publish")
def disclosure_items_need_their_review(page):
    """A disclosure item is published only after 保密审查 (its 公开审批表), never by emergency publish."""
    from disclosure.models import DisclosureItemPage

    if isinstance(page, DisclosureItemPage):
        return "政府信息公开条目须经保密审查（生成公开审批表）后发布，不能紧急发布。请提交审核。"
    return None


@hooks.register("sitegroup_home_entries")
def disclosure_entry(home, request):
    """The home page's 政府信息公开 block: the guide, the catalogue, the annual reports and the request
    form (two queries, then none until the column or the site changes: sitegroup.services.page_cache.memo)."""
    from sitegroup.services import page_cache

    return page_cache.memo(request, f"disclosure-entry:{home.pk}", lambda: _disclosure_entry(home, request))


def _disclosure_entry(home, request):
    from disclosure.models import DisclosureColumnPage

    column = DisclosureColumnPage.objects.child_of(home).live().first()
    if column is None:
        return None, []  # a column added later is published under the home page: that purges the site
    url = column.get_url(request)
    links = [(child.title, child.get_url(request)) for child in column.get_children().live().in_menu()[:5]]
    if not links:
        links = [(child.title, child.get_url(request)) for child in column.get_children().live()[:5]]
    links.append(("依申请公开", f"{url}apply/"))
    description = "政府信息公开指南、法定主动公开内容、政府信息公开年报，在线提交政府信息公开申请。"
    return {"title": column.title, "url": url, "description": description, "links": links}, [f"page:{column.pk}"]


import disclosure.website_report_figures  # noqa: E402, F401 - rows of 政府网站工作年度报表
