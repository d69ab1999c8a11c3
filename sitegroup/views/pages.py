"""The public page tree: Wagtail's page view, routed from what the process keeps (sitegroup.services.routing)."""

from wagtail import views as wagtail_views

from sitegroup.services import routing


def serve(request, path):
    routing.prepare_route(request, path)
    return wagtail_views.serve(request, path)
