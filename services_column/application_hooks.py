"""Admin wiring of online applications (imported by ServicesColumnConfig.ready): the handlers' queue
网上申请办理, the application's page and material downloads, and the demo."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def application_admin_urls():
    from services_column.views import applications_admin

    return [
        path("services/applications/", applications_admin.queue, name="services_column_applications"),
        path("services/applications/<int:pk>/", applications_admin.detail, name="services_column_application_detail"),
        path(
            "services/applications/<int:pk>/materials/<int:material_pk>/",
            applications_admin.material,
            name="services_column_application_material",
        ),
        path(
            "services/applications/<int:pk>/result/",
            applications_admin.result_document,
            name="services_column_application_result",
        ),
    ]


class _ApplicationsMenuItem(MenuItem):
    """Shown only to those who may handle (or supervise) applications."""

    def is_shown(self, request):
        from services_column.services.applications import KIND
        from sitegroup.services import cases

        return cases.may_see(request.user, KIND)


@hooks.register("register_admin_menu_item")
def applications_menu_item():
    return _ApplicationsMenuItem("网上申请办理", reverse("services_column_applications"), icon_name="form", order=255)


@hooks.register("sitegroup_demo_finished", order=100)
def demo_applications():
    """Applications in every state on the demo items that accept them (none: nothing to do). Ordered
    after the hooks of default order, so the catalogue's demo items (same hook) exist by then."""
    from services_column.demo_applications import build_demo_applications

    build_demo_applications()
