"""An index on Wagtail's page tree by (depth, path).

Menus and child listings ask for "children of X" as `path LIKE 'X%' AND depth = n`. Neither
SQLite (its LIKE is case-insensitive, so the path index is not used) nor PostgreSQL (non-C
collation) can range-scan the path index for that, so with 100,000 disclosure items under a site
every menu read the whole subtree (12 ms per page on SQLite). With (depth, path) the query reads
only the pages at that depth.
"""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS sitegroup_page_depth_path ON wagtailcore_page (depth, path)"
DROP = "DROP INDEX IF EXISTS sitegroup_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [("sitegroup", "0002_working_day_override"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunSQL(CREATE, DROP)]
