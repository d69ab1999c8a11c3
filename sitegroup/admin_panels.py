"""The admin home panel "我的网站": the sites a user works on, with one-click starting points."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from sitegroup import statistics
from sitegroup.models import ColumnPage
from sitegroup.permissions import organisations_for


class MySitesPanel(Component):
    name = "sitegroup_my_sites"
    template_name = "sitegroup/admin/my_sites_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        organisations = list(
            organisations_for(self.request.user).filter(site__isnull=False).select_related("site__root_page")[:20]
        )
        freshness = statistics.column_freshness(organisations, timezone.now())
        attention = {row.column.pk: row for row in freshness if row.status in ("stale", "empty", "due_soon")}
        sites = []
        for organisation in organisations:
            root = organisation.site.root_page
            columns = list(ColumnPage.objects.child_of(root).live().order_by("path"))
            sites.append(
                {
                    "organisation": organisation,
                    "root": root,
                    "columns": [(column, attention.get(column.pk)) for column in columns],
                }
            )
        return {"sites": sites, "request": self.request}
