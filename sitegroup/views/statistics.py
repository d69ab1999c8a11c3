"""The statistics dashboard (访问与工作量统计) with charts and CSV export."""

from __future__ import annotations

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sitegroup import statistics
from sitegroup.lib.charts import axis_ticks, bar_chart, horizontal_bar_chart
from sitegroup.permissions import organisations_for

ROW_HEIGHT = 26  # one organisation per row in the views chart
PERIOD_CHOICES = [(7, "最近 7 天"), (30, "最近 30 天"), (90, "最近 90 天"), (365, "最近一年")]


class StatisticsFilterForm(forms.Form):
    days = forms.TypedChoiceField(label="统计周期", choices=PERIOD_CHOICES, coerce=int, initial=30, required=False)
    organisation = forms.ModelChoiceField(label="机构", queryset=None, required=False, empty_label="全部可见机构")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def dashboard(request):
    if not request.user.has_perm("sitegroup.view_statistics"):
        raise PermissionDenied
    visible = organisations_for(request.user).filter(site__isnull=False).select_related("site__root_page")
    form = StatisticsFilterForm(request.GET or None, organisations=visible)
    days, chosen = 30, None
    if form.is_valid():
        days = form.cleaned_data["days"] or 30
        chosen = form.cleaned_data["organisation"]
    elif form.is_bound:
        return render(request, "sitegroup/admin/statistics.html", {"form": form}, status=400)
    organisations = [chosen] if chosen else list(visible)
    period = statistics.Period.last_days(days, timezone.localdate())

    export = request.GET.get("export")
    if export == "views":
        return _csv(
            f"page-views-{period.start}-{period.end}.csv",
            ["日期", "访问量"],
            [(day.isoformat(), total) for day, total in statistics.daily_views(organisations, period)],
        )
    workload = statistics.workload(organisations, period)
    if export == "workload":
        return _csv(
            f"workload-{period.start}-{period.end}.csv",
            ["机构", "人员", "撰写并发布的稿件数", "审核发布次数"],
            [
                (row["organisation"].name, row["user"], row["articles"], row["publications"])
                for row in workload["by_user"]
            ],
        )
    if export:
        return HttpResponse("未知的导出类型。", status=400, content_type="text/plain; charset=utf-8")

    daily = statistics.daily_views(organisations, period)
    per_organisation = statistics.views_per_organisation(organisations, period)
    daily_bars = bar_chart([(day.strftime("%m-%d"), total) for day, total in daily])
    organisation_rows = horizontal_bar_chart(
        [(organisation.display_name, total) for organisation, total in per_organisation], row_height=ROW_HEIGHT
    )
    context = {
        "form": form,
        "period": period,
        "daily": daily,
        "daily_total": sum(total for _day, total in daily),
        "daily_bars": daily_bars,
        "daily_ticks": axis_ticks(daily_bars),
        "per_organisation": per_organisation,
        "organisation_rows": organisation_rows,
        "organisation_chart_height": len(organisation_rows) * ROW_HEIGHT,
        "top_pages": statistics.top_pages(organisations, period),
        "workload": workload,
        "freshness": statistics.column_freshness(organisations, timezone.now()),
        "query": request.GET.urlencode(),
    }
    return render(request, "sitegroup/admin/statistics.html", context)


def _csv(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
