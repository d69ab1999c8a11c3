"""Admin views of the case core: the supervision dashboard (电子监察) over every case kind with 督办,
and the outbox of notices to citizens. Read every kind through the registry."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from sitegroup.lib.masking import mask_email, mask_phone
from sitegroup.models import Notification, NotificationChannel, Organisation, RatingFollowUp, SupervisionNotice
from sitegroup.models.supervision import FollowUpState
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import case_supervision, cases


class UrgeForm(forms.Form):
    kind = forms.CharField(max_length=40)
    case = forms.IntegerField(min_value=1)
    note = forms.CharField(label="督办意见", max_length=500)
    due_days = forms.TypedChoiceField(
        label="反馈期限",
        choices=case_supervision.NOTICE_DAY_CHOICES,
        coerce=int,
        required=False,
        empty_value=case_supervision.NOTICE_DAYS,
    )


class DashboardFilterForm(forms.Form):
    kind = forms.ChoiceField(label="业务", required=False)
    organisation = forms.ModelChoiceField(
        label="机构", queryset=Organisation.objects.order_by("sort_order", "pk"), required=False, empty_label="全部机构"
    )
    level = forms.ChoiceField(
        label="预警",
        choices=[("", "黄色和红色预警"), ("red", "红色预警（已超期）"), ("yellow", "黄色预警（即将到期）")],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部业务")] + [(kind.code, kind.label) for kind in cases.kinds()]


def _urge(request):
    """The 督办 form of a warned case; returns an error message or None after success."""
    form = UrgeForm(request.POST)
    if not form.is_valid():
        return "请填写督办意见并选择反馈期限。"
    kind = next((kind for kind in cases.kinds() if kind.code == form.cleaned_data["kind"]), None)
    case = kind.model.objects.filter(pk=form.cleaned_data["case"]).first() if kind else None
    if case is None:
        return "没有这件办件。"
    try:
        urged = cases.urge(case, request.user, note=form.cleaned_data["note"], due_days=form.cleaned_data["due_days"])
    except cases.TransitionError as error:
        return str(error)
    due_on = urged.supervision_notice.due_on
    messages.success(
        request, f"已对 {case.lookup_code} 发出督办，请{case.organisation.name}于{due_on:%Y-%m-%d}前反馈。"
    )
    return None


def supervision(request):
    """电子监察: open cases per kind and organisation with yellow and red warnings, the warned cases
    (filtered, paged) each with a 督办 form, the open 督办 notices and 差评 follow-ups."""
    if not user_sees_every_organisation(request.user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        error = _urge(request)
        if error is None:
            return redirect(request.get_full_path())
        messages.error(request, error)
        status = 400
    form = DashboardFilterForm(request.GET or None)
    chosen = case_supervision.DashboardFilter()
    if form.is_bound and form.is_valid():
        chosen = case_supervision.DashboardFilter(
            kind=form.cleaned_data["kind"],
            organisation=form.cleaned_data["organisation"],
            level=form.cleaned_data["level"],
        )
    elif form.is_bound:
        status = 400
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        page = 1
    context = case_supervision.dashboard(chosen=chosen, page=page)
    query = request.GET.copy()
    query.pop("page", None)
    today = context["today"]
    notices = list(case_supervision.open_notices(limit=20))
    follow_ups = list(case_supervision.open_follow_ups(limit=20))
    context.update(
        form=form,
        query=query.urlencode(),
        due_soon_days=max((kind.due_soon_days for kind in cases.kinds()), default=3),
        kind_labels="、".join(kind.label for kind in cases.kinds()),
        notices=notices,
        follow_ups=follow_ups,
        overdue_notices=SupervisionNotice.objects.filter(answered_on__isnull=True, due_on__lt=today).count(),
        overdue_follow_ups=RatingFollowUp.objects.exclude(state=FollowUpState.CLOSED).filter(due_on__lt=today).count(),
        due_choices=case_supervision.NOTICE_DAY_CHOICES,
        default_due_days=case_supervision.NOTICE_DAYS,
    )
    return TemplateResponse(request, "sitegroup/admin/case_supervision.html", context, status=status)


def outbox(request):
    """Notices to citizens as the backends left them; personal addresses masked in the list."""
    organisations = None
    if not user_sees_every_organisation(request.user):
        organisations = set()
        for kind in cases.kinds():
            organisations.update(cases.organisations_handled_by(request.user, kind).values_list("pk", flat=True))
        if not organisations:
            raise PermissionDenied
    notices = Notification.objects.select_related("organisation")
    if organisations is not None:
        notices = notices.filter(organisation__in=organisations)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "notice": notice,
            "recipient": mask_phone(notice.recipient)
            if notice.channel == NotificationChannel.SMS
            else mask_email(notice.recipient),
        }
        for notice in page.object_list
    ]
    return TemplateResponse(request, "sitegroup/admin/case_outbox.html", {"rows": rows, "page_obj": page})
