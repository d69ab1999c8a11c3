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
from sitegroup.models import Notification, NotificationChannel
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import case_supervision, cases


class UrgeForm(forms.Form):
    kind = forms.CharField(max_length=40)
    case = forms.IntegerField(min_value=1)
    note = forms.CharField(label="督办意见", max_length=500)


def supervision(request):
    """未办结 per kind and organisation, warnings, and a 督办 notice on any warned case."""
    if not user_sees_every_organisation(request.user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = UrgeForm(request.POST)
        case = None
        if form.is_valid():
            kind = next((kind for kind in cases.kinds() if kind.code == form.cleaned_data["kind"]), None)
            case = kind.model.objects.filter(pk=form.cleaned_data["case"]).first() if kind else None
        if case is not None:
            try:
                cases.urge(case, request.user, note=form.cleaned_data["note"])
            except cases.TransitionError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, f"已对 {case.lookup_code} 发出督办。")
                return redirect("sitegroup_case_supervision")
        elif not form.is_valid():
            messages.error(request, "请填写督办意见。")
            status = 400
        else:
            messages.error(request, "没有这件办件。")
            status = 400
    context = case_supervision.overview()
    context["due_soon_days"] = max((kind.due_soon_days for kind in cases.kinds()), default=3)
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
