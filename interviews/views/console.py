"""Staff console of one interview (in the admin): the director's and reviewer's question queue, the
guest's picked questions, the host's posting box, start and end. Every button is a form posted to
`action`, which calls one service; the page listens on the console WebSocket and refreshes its queue
when a question arrives or changes, so it works without JavaScript too (reload)."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.images import get_image_model

from interviews.models import InterviewPage, InterviewRoleKind, Post, Question, QuestionState
from interviews.services import live
from sitegroup.forms.citizen import CitizenFileField
from sitegroup.lib import file_types

R = InterviewRoleKind


class PostForm(forms.Form):
    text = forms.CharField(label="发布内容", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    image = CitizenFileField(
        label="图片（选填）", required=False, allowed=file_types.IMAGES, max_bytes=10 * 1024 * 1024
    )


class RoleForm(forms.Form):
    username = forms.CharField(label="账号（用户名）", max_length=150)
    role = forms.ChoiceField(label="角色", choices=InterviewRoleKind.choices)
    guest = forms.IntegerField(label="嘉宾（角色为嘉宾时选择）", required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


def _interview(request, pk: int) -> tuple[InterviewPage, set[str]]:
    interview = get_object_or_404(InterviewPage.objects.select_related("room"), pk=pk)
    roles = live.roles_of(request.user, interview)
    if not roles:
        raise PermissionDenied("您不是本场访谈的工作人员。")
    return interview, roles


def console(request, pk: int):
    interview, roles = _interview(request, pk)
    questions = Question.objects.filter(interview=interview).select_related("guest")
    context = {
        "interview": interview,
        "roles": roles,
        "role_labels": [InterviewRoleKind(role).label for role in InterviewRoleKind.values if role in roles],
        "moderates": bool(roles & {R.DIRECTOR, R.REVIEWER}),
        "directs": R.DIRECTOR in roles,
        "hosts": R.HOST in roles,
        "answers": R.GUEST in roles,
        "guests": list(interview.guests.all()),
        "pending": questions.filter(state=QuestionState.PENDING),
        "approved": questions.filter(state=QuestionState.APPROVED),
        "picked": questions.filter(state=QuestionState.PICKED, guest__in=live.guests_for(request.user, interview)),
        "picked_all": questions.filter(state=QuestionState.PICKED),
        "posts": Post.objects.filter(interview=interview).order_by("-sequence")[:50],
        "post_form": PostForm(),
        "answer_form": AnswerForm(),
        "statistics": live.statistics(interview),
        "assigns": live.may_assign_roles(request.user, interview),
        "assignments": interview.roles.select_related("user", "guest").order_by("role", "user__username"),
        "role_choices": InterviewRoleKind.choices,
    }
    template = (
        "interviews/admin/console_queue.html" if request.GET.get("part") == "queue" else "interviews/admin/console.html"
    )
    return TemplateResponse(request, template, context)


def action(request, pk: int):
    if request.method != "POST":
        raise Http404("请通过控制台的按钮操作。")
    interview, _roles = _interview(request, pk)
    name = request.POST.get("action", "")
    try:
        done = _perform(request, interview, name)
    except PermissionDenied as error:
        flash.error(request, str(error) or "您没有这项权限。")
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, done)
    return redirect("interviews_console", pk=interview.pk)


def _question(request, interview) -> Question:
    raw = request.POST.get("question", "")
    if not raw.isdigit():
        raise ValidationError("请选择一个问题。")
    question = Question.objects.filter(interview=interview, pk=int(raw)).first()
    if question is None:
        raise ValidationError("这个问题不存在或不属于本场访谈。")
    return question


def _perform(request, interview, name: str) -> str:
    user = request.user
    if name == "start":
        live.start(interview, user)
        return "访谈已开始。"
    if name == "end":
        live.end(interview, user)
        return "访谈已结束，实录页面已生成。"
    if name == "post":
        form = PostForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        image = None
        if form.cleaned_data["image"]:
            image = get_image_model().objects.create(
                title=f"{interview.title} 直播图片", file=form.cleaned_data["image"], uploaded_by_user=user
            )
        live.post(interview, user, text=form.cleaned_data["text"], image=image)
        return "已发布。"
    if name == "approve":
        live.approve_question(_question(request, interview), user, edited_text=request.POST.get("edited_text", ""))
        return "问题已通过，网友可以看到了。"
    if name == "edit":
        live.edit_question(_question(request, interview), user, edited_text=request.POST.get("edited_text", ""))
        return "问题已修改。"
    if name == "reject":
        live.reject_question(_question(request, interview), user)
        return "问题未通过，不会显示。"
    if name == "pick":
        raw = request.POST.get("guest", "")
        guest = interview.guests.filter(pk=int(raw)).first() if raw.isdigit() else None
        if guest is None:
            raise ValidationError("请选择回答问题的嘉宾。")
        live.pick_question(_question(request, interview), user, guest=guest)
        return f"问题已交给{guest}。"
    if name == "answer":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            raise ValidationError("请填写答复内容（最多5000字）。")
        live.answer(_question(request, interview), user, text=form.cleaned_data["text"])
        return "答复已发布。"
    if name == "assign":
        form = RoleForm(request.POST)
        if not form.is_valid():
            raise ValidationError("请填写账号并选择角色。")
        person = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        if person is None:
            raise ValidationError(f"没有账号“{form.cleaned_data['username']}”。")
        guest = interview.guests.filter(pk=form.cleaned_data["guest"]).first() if form.cleaned_data["guest"] else None
        role = form.cleaned_data["role"]
        live.assign_role(interview, user, person=person, role=role, guest=guest)
        return f"已设置{person.get_full_name() or person.get_username()}为{InterviewRoleKind(role).label}。"
    raise ValidationError("未知的操作。")


def interview_list(request):
    """The interviews the person works on (platform admins and site admins: their organisations')."""
    interviews = [
        interview
        for interview in InterviewPage.objects.select_related("room").order_by("-starts_at")[:200]
        if live.roles_of(request.user, interview)
    ]
    return TemplateResponse(request, "interviews/admin/interview_list.html", {"interviews": interviews})
