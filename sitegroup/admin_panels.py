"""The admin home panel "我的网站": the sites a user works on, with one-click starting points."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from sitegroup import statistics
from sitegroup.permissions import organisations_for

ATTENTION = ("stale", "empty", "due_soon")


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
        # One pass over the columns: the freshness rows already hold every column of these sites.
        rows = sorted(statistics.column_freshness(organisations, timezone.now()), key=lambda row: row.column.path)
        sites = []
        for organisation in organisations:
            root = organisation.site.root_page
            columns = [
                (row.column, row if row.status in ATTENTION else None)
                for row in rows
                if row.organisation == organisation and row.column.depth == root.depth + 1
            ]
            sites.append({"organisation": organisation, "root": root, "columns": columns})
        return {"sites": sites, "request": self.request}
