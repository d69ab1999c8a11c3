"""Public views of the disclosure column: the classified catalogue with its navigation."""

from __future__ import annotations

from django.core.paginator import EmptyPage
from django.http import Http404
from django.template.response import TemplateResponse

from disclosure import catalogue_index, navigation
from search.backends import Scope
from search.services import matching_keys

MAX_SEARCH_MATCHES = 5000


def catalogue(request, page):
    """法定主动公开内容 / 政府信息公开平台: filters, counts, paged list, in-column full-text search."""
    form = navigation.CatalogueFilterForm(request.GET)
    context = page.get_context(request)
    context["form"] = form
    if not form.is_valid():
        context["error"] = form.first_error()
        return TemplateResponse(request, "disclosure/disclosure_catalogue_page.html", context, status=400)
    data = form.cleaned_data
    filters = {name: data.get(name) for name in navigation.DIMENSIONS if data.get(name) is not None}
    catalogue_id = None if page.is_platform else page.pk
    pks = None
    if data.get("q"):
        scope = Scope() if page.is_platform else Scope(path=page.path)
        keys = matching_keys(data["q"], scope=scope, types=["disclosure"], limit=MAX_SEARCH_MATCHES)
        pks = [int(key.split(":", 1)[1]) for key in keys]
    columns = catalogue_index.columns()
    nav = navigation.build(columns, filters, request.GET, catalogue_id=catalogue_id, pks=pks)
    try:
        listing = navigation.page_of(
            columns, filters, data.get("page") or 1, catalogue_id=catalogue_id, total=nav.total, pks=pks
        )
    except EmptyPage:
        raise Http404("页码超出范围") from None
    context.update({"navigation": nav, "listing": listing, "filters": filters, "query": data.get("q") or ""})
    return TemplateResponse(request, page.get_template(request), context)
