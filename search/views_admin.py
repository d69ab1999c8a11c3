"""Admin report: what citizens search for, what finds nothing, the state of the index, and the
portal editors' block/pin list for 热搜词."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from search import services
from search.backends import get_backend
from search.models import HotTermAction, HotTermRule


def _days(request) -> int:
    try:
        return min(max(int(request.GET.get("days", 30)), 1), 365)
    except ValueError:
        return 30


def report(request):
    if not request.user.has_perm("search.view_searchtermdaily"):
        raise PermissionDenied
    days = _days(request)
    terms = services.term_statistics(days=days, limit=50)
    hot = services.hot_terms(days=days)
    rules = list(HotTermRule.objects.all())
    ruled = {rule.term: rule for rule in rules}
    min_searchers, min_days = services.hot_term_thresholds()
    context = {
        "days": days,
        "rows": [{"stats": row, "rule": ruled.get(row.term), "is_hot": row.term in hot} for row in terms],
        "zero_result_terms": [row for row in terms if row.results == 0],
        "hot_terms": hot,
        "rules": rules,
        "actions": HotTermAction.choices,
        "can_rule": request.user.has_perm("search.add_hottermrule"),
        "min_searchers": min_searchers,
        "min_days": min_days,
        "index": get_backend().stats(),
    }
    return render(request, "search/admin/report.html", context)


@require_POST
def set_rule(request):
    """Block or pin a term (from the form, or from a row of the report)."""
    try:
        rule = services.set_hot_term_rule(
            request.POST.get("term", ""),
            request.POST.get("action", ""),
            user=request.user,
            note=request.POST.get("note", ""),
        )
    except services.HotTermRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{rule.get_action_display()}“{rule.term}”。")
    return redirect("search_report")


@require_POST
def remove_rule(request, rule_id: int):
    services.remove_hot_term_rule(rule_id, user=request.user)
    messages.success(request, "已取消该设置。")
    return redirect("search_report")
