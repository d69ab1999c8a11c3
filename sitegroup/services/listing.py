"""Editors' listing features: which columns an article may be referenced (引用) into.

    referable_columns(user, exclude=None)   # live columns the user may put articles in
    check_references(user, article, columns, keep=())   # PermissionDenied naming a column refused

Rule (docs/editor-listing.md): an article may be referenced into a column only where the editor may
create articles — Wagtail's `add` page permission on that column, which provisioning grants on the
editor's own sites only (and on the portal to portal editors). Nobody holds `publish_page` here; what
an editor adds reaches the public through the review workflow of the article's own site, so the
reference is reviewed with the article. A department editor holds no permission on the portal: a
department article reaches a portal column through 信息报送 (submission), which the portal reviews.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from sitegroup.models import ColumnPage


def referable_columns(user, exclude=None):
    """Live columns under the pages where the user holds the `add` page permission, by tree order."""
    if user is None or not user.is_authenticated:
        return ColumnPage.objects.none()
    allowed = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add"])
    columns = ColumnPage.objects.live().filter(pk__in=allowed.values("pk")).order_by("path")
    if exclude is not None:
        columns = columns.exclude(pk=exclude.pk)
    return columns


def check_references(user, article, columns, keep=()) -> None:
    """Refuse columns outside `referable_columns` (those already chosen before, `keep`, may stay)."""
    kept = {column.pk for column in keep}
    allowed = set(referable_columns(user).values_list("pk", flat=True))
    parent_id = article.get_parent().pk if article.pk else None
    for column in columns:
        if column.pk == parent_id:
            raise PermissionDenied(f"稿件本来就在栏目“{column.title}”中，无需再引用。")
        if column.pk not in allowed and column.pk not in kept:
            raise PermissionDenied(
                f"您没有在栏目“{column.title}”发稿的权限，不能引用到该栏目；报送门户栏目请使用“信息报送”。"
            )


def column_labels(columns) -> dict[int, str]:
    """Each column named with its site, e.g. “某县人民政府 › 通知公告”, for a chooser spanning sites (one query)."""
    roots = Site.get_site_root_paths()
    names = dict(Site.objects.values_list("pk", "site_name"))
    labels = {}
    for column in columns:
        best = None
        for root in roots:
            if column.url_path.startswith(root.root_path) and (
                best is None or len(root.root_path) > len(best.root_path)
            ):
                best = root
        site = names.get(best.site_id) if best else None
        labels[column.pk] = f"{site} › {column.title}" if site else column.title
    return labels
