"""Admin report: what citizens search for, what finds nothing, and the state of the index."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from search import services
from search.backends import get_backend


def report(request):
    if not request.user.has_perm("search.view_searchtermdaily"):
        raise PermissionDenied
    try:
        days = min(max(int(request.GET.get("days", 30)), 1), 365)
    except ValueError:
        days = 30
    terms = services.term_statistics(days=days, limit=50)
    context = {
        "days": days,
        "terms": terms,
        "zero_result_terms": [row for row in terms if row[2] == 0],
        "hot_terms": services.hot_terms(days=days),
        "index": get_backend().stats(),
    }
    return render(request, "search/admin/report.html", context)
