"""Admin views of the questions left after an interview: the organisation's queue with deadlines, and
one question with its answer form. Thin: `interviews.services.followup` does the work."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from interviews.services import followup
from sitegroup.services import cases


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="答复内容（将公布在访谈实录页面）",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=followup.ANSWER_MAX_LENGTH,
        error_messages={"required": "请填写答复内容。", "max_length": "答复最多5000个字。"},
    )


def queue(request):
    if not cases.may_see(request.user, followup.KIND):
        raise PermissionDenied("您没有办理访谈遗留问题的权限。")
    rows = cases.rows_with_clock(
        followup.handled_by(request.user)
        .select_related("question", "interview", "organisation")
        .order_by("state", "due_on")[:500],
        timezone.localdate(),
    )
    return TemplateResponse(request, "interviews/admin/followup_queue.html", {"rows": rows})


def detail(request, pk: int):
    case = get_object_or_404(followup.handled_by(request.user).select_related("question", "interview"), pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followup.answer(case, request.user, text=form.cleaned_data["text"])
        except (PermissionDenied, followup.TransitionError) as error:
            flash.error(request, str(error))
        else:
            flash.success(request, "答复已公布在访谈实录页面。")
            return redirect("interviews_followups")
    return TemplateResponse(
        request,
        "interviews/admin/followup_detail.html",
        {"case": case, "form": form, "events": case.events.all(), "days_left": cases.days_left(case)},
        status=400 if request.method == "POST" and form.errors else 200,
    )
