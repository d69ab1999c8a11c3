"""电子监察's admin pages besides the dashboard (which is `sitegroup.views.cases.supervision`):
the department's 督办 and 差评回访 to answer, their detail pages, the supervision log with XLSX
export, and the statistics and performance page with charts and XLSX export. Views are thin: every
change goes through `sitegroup.services.case_supervision`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from sitegroup.lib.charts import horizontal_bar_chart
from sitegroup.lib.exports import to_xlsx
from sitegroup.models import (
    LogType,
    Organisation,
    OrganisationRole,
    RatingFollowUp,
    Role,
    SupervisionLogEntry,
    SupervisionNotice,
)
from sitegroup.models.supervision import FollowUpState
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import case_statistics, case_supervision, cases

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_HEIGHT = 26


def _xlsx(rows, title: str, filename: str) -> HttpResponse:
    response = HttpResponse(to_xlsx(rows, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _kind_choices():
    return [("", "全部业务")] + [(kind.code, kind.label) for kind in cases.kinds()]


# -- the department's 督办 and follow-ups ------------------------------------------------------------


def tasks(request):
    """督办与回访: open 督办 notices and 差评 follow-ups of the user's organisations (all for
    supervision), overdue ones first and red; the recently finished below."""
    if not case_supervision.may_see_tasks(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    notices = case_supervision.visible(
        SupervisionNotice.objects.select_related("organisation", "sent_by"), request.user
    )
    follow_ups = case_supervision.visible(RatingFollowUp.objects.select_related("organisation"), request.user)
    context = {
        "today": today,
        "open_notices": case_supervision.attach_cases(
            notices.filter(answered_on__isnull=True).order_by("due_on", "pk")[:200]
        ),
        "answered_notices": list(notices.filter(answered_on__isnull=False).order_by("-answered_at", "-pk")[:20]),
        "open_follow_ups": case_supervision.attach_cases(
            follow_ups.exclude(state=FollowUpState.CLOSED).order_by("due_on", "pk")[:200]
        ),
        "closed_follow_ups": list(follow_ups.filter(state=FollowUpState.CLOSED).order_by("-closed_at", "-pk")[:20]),
        "is_supervision": user_sees_every_organisation(request.user),
    }
    return TemplateResponse(request, "sitegroup/admin/supervision_tasks.html", context)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="反馈情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class ContactForm(forms.Form):
    result = forms.CharField(
        label="回访情况（联系群众核实的结果）", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(forms.Form):
    rectification = forms.CharField(
        label="整改情况（记入台账）", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reply = forms.CharField(
        label="反馈群众的内容（将以短信或邮件告知评价人）", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


def _visible_or_404(model, request, pk):
    record = case_supervision.visible(model.objects.select_related("organisation"), request.user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _may_act(user, record) -> bool:
    try:
        case_supervision.require_department(user, record)
    except PermissionDenied:
        return False
    return True


def notice_detail(request, pk: int):
    notice = _visible_or_404(SupervisionNotice, request, pk)
    form = AnswerForm(prefix="answer")
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, prefix="answer")
        if form.is_valid():
            try:
                case_supervision.answer_notice(notice, request.user, answer=form.cleaned_data["answer"])
            except PermissionDenied:
                messages.error(request, "只有本机关的承办人、审核员或站点管理员可以反馈。")
                status = 403
            except cases.TransitionError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, f"已反馈督办（{notice.lookup_code}）。")
                return redirect("sitegroup_supervision_tasks")
        else:
            status = 400
    context = {
        "notice": notice,
        "form": form,
        "may_act": _may_act(request.user, notice) and not notice.is_answered,
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "sitegroup/admin/supervision_notice.html", context, status=status)


def follow_up_detail(request, pk: int):
    follow_up = _visible_or_404(RatingFollowUp, request, pk)
    contact_form, close_form = ContactForm(prefix="contact"), CloseForm(prefix="close")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "contact":
                contact_form = ContactForm(request.POST, prefix="contact")
                if contact_form.is_valid():
                    case_supervision.record_contact(follow_up, request.user, result=contact_form.cleaned_data["result"])
                    messages.success(request, "已记录回访情况。")
                    return redirect("sitegroup_follow_up", pk=follow_up.pk)
            elif action == "close":
                close_form = CloseForm(request.POST, prefix="close")
                if close_form.is_valid():
                    case_supervision.close_follow_up(follow_up, request.user, **close_form.cleaned_data)
                    messages.success(request, "整改已办结，反馈已发送给评价人。")
                    return redirect("sitegroup_supervision_tasks")
            else:
                messages.error(request, "没有这项操作。")
            status = 400
        except PermissionDenied:
            messages.error(request, "只有本机关的承办人、审核员或站点管理员可以办理。")
            status = 403
        except cases.TransitionError as error:
            messages.error(request, str(error))
            status = 400
    context = {
        "follow_up": follow_up,
        "contact_form": contact_form,
        "close_form": close_form,
        "may_act": _may_act(request.user, follow_up) and not follow_up.is_closed,
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "sitegroup/admin/supervision_follow_up.html", context, status=status)


# -- the supervision log ----------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    kind = forms.ChoiceField(label="业务", required=False)
    organisation = forms.ModelChoiceField(
        label="机构", queryset=Organisation.objects.order_by("sort_order", "pk"), required=False, empty_label="全部机构"
    )
    type = forms.ChoiceField(label="类型", choices=[("", "全部类型"), *LogType.choices], required=False)
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        return data


def log_view(request):
    """监察日志: every warning, 督办, 反馈 and follow-up step, filtered, paged, exported."""
    if not user_sees_every_organisation(request.user):
        raise PermissionDenied
    form = LogFilterForm(request.GET or None)
    entries = SupervisionLogEntry.objects.select_related("organisation")
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        entries = entries.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data["kind"]:
            entries = entries.filter(case_kind=data["kind"])
        if data["organisation"]:
            entries = entries.filter(organisation=data["organisation"])
        if data["type"]:
            entries = entries.filter(type=data["type"])
        if data["start"]:
            entries = entries.filter(on__gte=data["start"])
        if data["end"]:
            entries = entries.filter(on__lte=data["end"])
    if request.GET.get("export") == "xlsx" and status == 200:
        rows = [["时间", "类型", "业务", "查询码", "机构", "操作人", "内容"]]
        for entry in entries.iterator(chunk_size=2000):
            rows.append(
                [
                    timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                    entry.get_type_display(),
                    entry.kind_label,
                    entry.lookup_code,
                    entry.organisation.name,
                    entry.actor_name,
                    entry.text,
                ]
            )
        return _xlsx(rows, "监察日志", f"supervision-log-{timezone.localdate():%Y%m%d}.xlsx")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {"form": form, "page_obj": page, "query": query.urlencode()}
    return TemplateResponse(request, "sitegroup/admin/supervision_log.html", context, status=status)


# -- statistics and performance ---------------------------------------------------------------------


def _statistics_organisations(user):
    """None: every organisation (supervision); else the organisations the user is site admin of."""
    if user_sees_every_organisation(user):
        return None
    if not user.is_authenticated:
        raise PermissionDenied
    own = Organisation.objects.filter(
        pk__in=OrganisationRole.objects.filter(role=Role.SITE_ADMIN, group__user=user).values("organisation")
    )
    if not own.exists():
        raise PermissionDenied
    return own


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label="月份",
        choices=[("", "全年"), *[(str(number), f"{number}月") for number in range(1, 13)]],
        coerce=int,
        required=False,
        empty_value=None,
    )


def may_see_statistics(user) -> bool:
    try:
        _statistics_organisations(user)
    except PermissionDenied:
        return False
    return True


def statistics_view(request):
    """办件统计与绩效考核: per organisation and kind (and item) for a month or a year; the scores
    with their formula, ranking, charts, XLSX export."""
    organisations = _statistics_organisations(request.user)
    today = timezone.localdate()
    bound = "year" in request.GET or "month" in request.GET
    form = StatisticsForm(request.GET if bound else None, initial={"year": today.year, "month": str(today.month)})
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "sitegroup/admin/supervision_statistics.html", {"form": form}, status=400)
    year = form.cleaned_data["year"] if form.is_bound else today.year
    month = form.cleaned_data["month"] if form.is_bound else today.month
    period = case_statistics.Period.month(year, month) if month else case_statistics.Period.year(year)
    result = case_statistics.statistics(period, today, organisations)
    if request.GET.get("export") == "xlsx":
        return _xlsx(
            case_statistics.statistics_table(result),
            f"办件统计{period.label}",
            f"case-statistics-{period.start:%Y%m}{'' if month else '-year'}.xlsx",
        )
    scores = result["scores"]
    score_rows = horizontal_bar_chart(
        [(score.organisation.display_name, score.total) for score in scores], row_height=ROW_HEIGHT
    )
    rate_rows = horizontal_bar_chart(
        [
            (row.organisation.display_name, round((row.on_time_rate or 0) * 100, 1))
            for row in result["totals"]
            if row.concluded
        ],
        row_height=ROW_HEIGHT,
    )
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "form": form,
        "result": result,
        "period": period,
        "weights": case_statistics.WEIGHTS,
        "deduction": case_statistics.OVERDUE_DEDUCTION,
        "deduction_cap": case_statistics.OVERDUE_DEDUCTION_CAP,
        "score_rows": score_rows,
        "score_chart_height": len(score_rows) * ROW_HEIGHT,
        "rate_rows": rate_rows,
        "rate_chart_height": len(rate_rows) * ROW_HEIGHT,
        "query": query.urlencode(),
        "export_url": f"{reverse('sitegroup_supervision_statistics')}?year={year}&month={month or ''}&export=xlsx",
        "everyone": organisations is None,
    }
    return TemplateResponse(request, "sitegroup/admin/supervision_statistics.html", context)
