"""Admin views of 政民互动: the comment moderation queue with adoption, and the survey list with
CSV/XLSX export. Every list is limited to the sites of the user's organisations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from interaction.models import Adoption, CommentStatus, SurveyPage
from interaction.services import consultations as comment_services
from interaction.services import surveys as survey_services
from sitegroup.lib import exports
from sitegroup.permissions import root_paths_for, under_paths

STATUS_FILTERS = {
    "pending": CommentStatus.PENDING,
    "approved": CommentStatus.APPROVED,
    "rejected": CommentStatus.REJECTED,
}


class AdoptionForm(forms.Form):
    adoption = forms.ChoiceField(label="采纳情况", choices=Adoption.choices, required=False)
    adoption_reason = forms.CharField(label="说明或理由", max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("adoption") in (Adoption.PARTLY, Adoption.NOT_ADOPTED) and not cleaned.get("adoption_reason"):
            self.add_error("adoption_reason", "部分采纳或未采纳时，请写明理由。")
        return cleaned


def comment_queue(request):
    status = request.GET.get("status", "pending")
    if status not in STATUS_FILTERS:
        status = "pending"
    comments = comment_services.comments_for(request.user)
    counts = dict(comments.values_list("status").annotate(total=Count("pk")).order_by())
    listing = comments.filter(status=STATUS_FILTERS[status]).order_by("submitted_at", "pk")
    page = Paginator(listing, 30).get_page(request.GET.get("p"))
    return render(
        request,
        "interaction/admin/comment_queue.html",
        {
            "page_obj": page,
            "status": status,
            "counts": counts,
            "statuses": [
                (key, CommentStatus(value).label, counts.get(value, 0)) for key, value in STATUS_FILTERS.items()
            ],
            "adoption_choices": Adoption.choices,
        },
    )


def _comment(request, pk):
    comment = get_object_or_404(comment_services.comments_for(request.user), pk=pk)
    if not comment_services.can_moderate(request.user, comment.consultation):
        raise PermissionDenied
    return comment


@require_POST
def moderate_comment(request, pk):
    comment = _comment(request, pk)
    action = request.POST.get("action")
    if action not in ("approve", "reject"):
        messages.error(request, "未知的操作。")
    else:
        comment_services.moderate(comment, request.user, approve=action == "approve")
        messages.success(request, "意见已公开。" if action == "approve" else "意见已设为不予公开。")
    return HttpResponseRedirect(reverse("interaction_comments") + "?status=" + request.POST.get("back", "pending"))


@require_POST
def comment_adoption(request, pk):
    comment = _comment(request, pk)
    form = AdoptionForm(request.POST)
    if form.is_valid():
        comment_services.record_adoption(
            comment, request.user, adoption=form.cleaned_data["adoption"], reason=form.cleaned_data["adoption_reason"]
        )
        messages.success(request, "采纳情况已保存。")
    else:
        messages.error(request, "；".join(error for errors in form.errors.values() for error in errors))
    return HttpResponseRedirect(reverse("interaction_comments") + "?status=" + request.POST.get("back", "approved"))


def _surveys(user):
    surveys = SurveyPage.objects.all()
    paths = root_paths_for(user)
    if paths is not None:
        surveys = surveys.filter(under_paths(paths))
    return surveys


def survey_list(request):
    surveys = _surveys(request.user).annotate(answers=Count("responses")).order_by("-closes_at")
    rows = [survey for survey in surveys if survey.permissions_for_user(request.user).can_edit()]
    return render(request, "interaction/admin/survey_list.html", {"surveys": rows})


def survey_export(request, pk, file_format):
    survey = get_object_or_404(_surveys(request.user), pk=pk)
    if not survey.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    rows = survey_services.export_rows(survey)
    filename = f"survey-{survey.pk}"
    if file_format == "xlsx":
        content = exports.to_xlsx(rows, survey.title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.to_csv(rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def pending_count(user) -> int:
    return comment_services.comments_for(user).filter(Q(status=CommentStatus.PENDING)).count()
