"""Public search pages: per-site and group-wide results, and prefix suggestions as JSON."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Site

from search import registry, services
from search.backends import Scope
from search.forms import SearchForm
from search.presentation import facet_groups, hit_rows, page_links


@require_GET
def results(request):
    site = Site.find_for_request(request)
    form = SearchForm(request.GET)
    context = {
        "form": form,
        "site": site,
        "is_portal_site": bool(site and site.is_default_site),
        "page_title": "站内搜索",
    }
    if not form.is_valid():
        context["error"] = form.first_error()
        context["hot_terms"] = services.hot_terms()
        return render(request, "search/results.html", context, status=400)
    data = form.cleaned_data
    scope_name = data.get("scope") or ("group" if context["is_portal_site"] or site is None else "site")
    scope = Scope(site_id=site.pk) if scope_name == "site" and site is not None else Scope()
    search_page = services.run_search(
        data["q"],
        scope=scope,
        filters=form.filters(),
        sort=data.get("sort") or "relevance",
        page=data.get("page") or 1,
        log_site=site,
        searcher=services.searcher_of(request),
    )
    context.update(
        {
            "query": data["q"],
            "page_title": f"“{search_page.parsed.text}”的搜索结果" if search_page.parsed.text else "站内搜索",
            "first_number": (search_page.page - 1) * search_page.per_page + 1,
            "scope": scope_name,
            "sort": data.get("sort") or "relevance",
            "search_page": search_page,
            "hits": hit_rows(search_page.results.hits),
            "facets": facet_groups(search_page, request.GET),
            "pages": page_links(search_page, request.GET),
            "hot_terms": services.hot_terms() if not search_page.results.total else [],
            "type_labels": {document_type.name: document_type.label for document_type in registry.all_types()},
        }
    )
    return render(request, "search/results.html", context)


@require_GET
def suggestions(request):
    prefix = (request.GET.get("q") or "")[:50]
    site = Site.find_for_request(request)
    scope = Scope(site_id=site.pk) if request.GET.get("scope") == "site" and site is not None else Scope()
    response = JsonResponse({"suggestions": services.suggest(prefix, scope=scope)})
    response["Cache-Control"] = "public, max-age=60"
    return response
