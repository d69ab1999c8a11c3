"""Admin screens of 信息报送: submit an article, the portal's review queue, 我的报送, statistics."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from sitegroup.lib.charts import horizontal_bar_chart
from sitegroup.lib.exports import to_xlsx
from sitegroup.models import ArticlePage, Submission, SubmissionState
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import submissions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_HEIGHT = 26


class SubmitForm(forms.Form):
    column = forms.ModelChoiceField(
        label="报送到门户栏目",
        queryset=None,
        empty_label="请选择栏目",
        error_messages={"required": "请选择门户栏目。", "invalid_choice": "所选栏目不接受信息报送，请重新选择。"},
    )
    note = forms.CharField(label="报送说明（选填）", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = submissions.target_columns()
        self.fields["column"].label_from_instance = lambda column: column.title


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="未采用原因", max_length=300, error_messages={"required": "请填写未采用原因，报送单位会看到它。"}
    )


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label="月份",
        choices=[("", "全年"), *[(str(number), f"{number}月") for number in range(1, 13)]],
        coerce=int,
        required=False,
        empty_value=None,
    )


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


def submit(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not submissions.may_submit(request.user, article):
        raise PermissionDenied("只能报送本单位已发布的稿件。")
    form = SubmitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                submissions.submit(article, form.cleaned_data["column"], request.user, form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                column = form.cleaned_data["column"]
                messages.success(request, f"《{article.title}》已报送到“{column.title}”，等待门户编辑审核。")
                return redirect("sitegroup_submissions_mine")
        status = 400
    context = {
        "article": article,
        "form": form,
        "earlier": article.submissions.select_related("column").order_by("-submitted_at"),
        "has_columns": form.fields["column"].queryset.exists(),
    }
    return TemplateResponse(request, "sitegroup/admin/submission_submit.html", context, status=status)


def mine(request):
    organisations = submissions.submitting_organisations(request.user)
    if not request.user.is_superuser and not organisations.exists():
        raise PermissionDenied
    rows = Submission.objects.select_related("column", "organisation", "reviewed_by").order_by("-submitted_at")
    if not request.user.is_superuser:
        rows = rows.filter(organisation__in=organisations)
    state = request.GET.get("state") or ""
    if state in SubmissionState.values:
        rows = rows.filter(state=state)
    context = {"rows": rows[:200], "states": SubmissionState.choices, "state": state}
    return TemplateResponse(request, "sitegroup/admin/submission_mine.html", context)


def review_queue(request):
    if not submissions.is_portal_editor(request.user):
        raise PermissionDenied
    status = 200
    failed_form = None
    failed_pk = None
    if request.method == "POST":
        submission = get_object_or_404(Submission, pk=request.POST.get("submission"))
        action = request.POST.get("action")
        try:
            if action == "accept":
                submissions.accept(submission, request.user)
                messages.success(request, f"已采用《{submission.title}》，已在“{submission.column.title}”展示。")
                return redirect("sitegroup_submissions_review")
            reject_form = RejectForm(request.POST, prefix=f"s{submission.pk}")
            if reject_form.is_valid():
                submissions.reject(submission, request.user, reject_form.cleaned_data["reason"])
                messages.success(request, f"已退回《{submission.title}》。")
                return redirect("sitegroup_submissions_review")
            failed_form, failed_pk = reject_form, submission.pk
            status = 400
        except ValidationError as error:
            messages.error(request, error.messages[0])
            status = 400
    pending = list(
        Submission.objects.filter(state=SubmissionState.PENDING)
        .select_related("article", "column", "organisation", "submitted_by")
        .order_by("submitted_at")
    )
    for submission in pending:
        submission.reject_form = failed_form if submission.pk == failed_pk else RejectForm(prefix=f"s{submission.pk}")
    recent = (
        Submission.objects.exclude(state=SubmissionState.PENDING)
        .select_related("column", "organisation", "reviewed_by")
        .order_by("-reviewed_at", "-submitted_at")[:30]
    )
    context = {"pending": pending, "recent": recent}
    return TemplateResponse(request, "sitegroup/admin/submission_review.html", context, status=status)


def statistics_view(request):
    is_staff_of_portal = submissions.is_portal_editor(request.user) or user_sees_every_organisation(request.user)
    own = submissions.submitting_organisations(request.user)
    if not is_staff_of_portal and not own.exists():
        raise PermissionDenied
    today = timezone.localdate()
    bound = "year" in request.GET or "month" in request.GET
    form = StatisticsForm(request.GET if bound else None, initial={"year": today.year, "month": str(today.month)})
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "sitegroup/admin/submission_statistics.html", {"form": form}, status=400)
    year = form.cleaned_data["year"] if form.is_bound else today.year
    month = form.cleaned_data["month"] if form.is_bound else today.month
    figures = submissions.statistics(year, month)
    if not is_staff_of_portal:
        own_ids = set(own.values_list("pk", flat=True))
        figures = [item for item in figures if item.organisation.pk in own_ids]
    label = f"{year}年{month}月" if month else f"{year}年"
    if request.GET.get("export") == "xlsx":
        rows = [["名次", "单位", "报送数", "采用数", "采用率"]]
        rows += [
            [item.rank, item.organisation.name, item.submitted, item.accepted, round(item.rate * 100, 1)]
            for item in figures
        ]
        response = HttpResponse(to_xlsx(rows, f"信息报送统计{label}"), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="submissions-{year}{month or 0:02d}.xlsx"'
        return response
    accepted_rows = horizontal_bar_chart(
        [(item.organisation.display_name, item.accepted) for item in figures], row_height=ROW_HEIGHT
    )
    rate_rows = horizontal_bar_chart(
        [(item.organisation.display_name, round(item.rate * 100, 1)) for item in figures], row_height=ROW_HEIGHT
    )
    context = {
        "form": form,
        "figures": figures,
        "label": label,
        "accepted_rows": accepted_rows,
        "rate_rows": rate_rows,
        "chart_height": len(accepted_rows) * ROW_HEIGHT,
        "export_url": f"{reverse('sitegroup_submissions_statistics')}?year={year}&month={month or ''}&export=xlsx",
        "totals": {
            "submitted": sum(item.submitted for item in figures),
            "accepted": sum(item.accepted for item in figures),
        },
    }
    return TemplateResponse(request, "sitegroup/admin/submission_statistics.html", context)
