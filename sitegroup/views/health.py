"""网站健康检查's admin pages: the group view (every site a user may see, with its traffic light)
and one site's dashboard with its problems and the 立即检查 button. Views are thin: the rules are
in `sitegroup.services.health`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from sitegroup.models import HealthRun, Organisation, RunState, Severity
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import health

SEVERITY_WORDS = {Severity.GREEN: "正常", Severity.YELLOW: "预警", Severity.RED: "严重"}


def group(request):
    organisations = list(health.organisations_visible_to(request.user).order_by("sort_order", "pk"))
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1 and not user_sees_every_organisation(request.user):
        return redirect("sitegroup_health_site", organisations[0].pk)
    latest = health.latest_runs(organisations)
    labels = health.check_labels()
    rows = []
    for organisation in organisations:
        run = latest.get(organisation.pk)
        rows.append(
            {
                "organisation": organisation,
                "run": run,
                "severity": run.severity if run else "",
                "red": [
                    labels.get(code, code) for code, value in (run.results if run else {}).items() if value == "red"
                ],
            }
        )
    counts = {value: sum(1 for row in rows if row["severity"] == value) for value in Severity.values}
    return TemplateResponse(
        request,
        "sitegroup/admin/health_group.html",
        {"rows": rows, "counts": counts, "severity_words": SEVERITY_WORDS},
    )


def site(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.with_site(), pk=pk)
    if not health.may_see(request.user, organisation):
        raise PermissionDenied
    runs = HealthRun.objects.filter(organisation=organisation)
    latest = runs.filter(state=RunState.DONE).order_by("-started_at", "-pk").first()
    running = runs.filter(state=RunState.RUNNING).order_by("-started_at").first()
    rows = []
    if latest is not None:
        problems = list(latest.problems.all())
        for check in health.registered_checks():
            found = [problem for problem in problems if problem.check_code == check.code]
            found.sort(key=lambda problem: problem.severity != Severity.RED)
            rows.append(
                {
                    "code": check.code,
                    "label": check.label,
                    "severity": latest.results.get(check.code, ""),
                    "problems": found,
                }
            )
    return TemplateResponse(
        request,
        "sitegroup/admin/health_site.html",
        {
            "organisation": organisation,
            "latest": latest,
            "running": running,
            "rows": rows,
            "severity_words": SEVERITY_WORDS,
            "tamper_cycle_days": health.tamper_cycle_days(),
            "sees_group": user_sees_every_organisation(request.user)
            or health.organisations_visible_to(request.user).count() > 1,
        },
    )


@require_POST
def start(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.with_site(), pk=pk)
    try:
        health.start_check(organisation, request.user)
    except health.CheckRefused as refusal:
        if not health.may_see(request.user, organisation):
            raise PermissionDenied from refusal
        messages.warning(request, str(refusal))
    else:
        messages.success(request, "已开始检查，检查在后台进行，完成后刷新本页即可看到结果。")
    return redirect("sitegroup_health_site", organisation.pk)
