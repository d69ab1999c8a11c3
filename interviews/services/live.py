"""The live interview: every state change of the room goes through here.

    from interviews.services import live
    live.start(interview, director)
    live.post(interview, host, text="…", image=None)                  # host's text or image
    question = live.submit_question(interview, text="…", nickname="", client="1.2.3.4")
    live.approve_question(question, director, edited_text="")           # now viewers see it
    live.pick_question(question, director, guest=guest)                 # the guest's console shows it
    live.answer(question, guest_user, text="…")
    live.end(interview, director)

Each function checks the person's role in this interview, works in one transaction, writes the
audit log (on the interview page's history) and schedules the broadcast after commit. A post gets the
next sequence number under a lock on the room row and is stored before it is broadcast, so a viewer
that reconnects asks for `since=<last seq>` and gets exactly what it missed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from interviews.models import (
    InterviewGuest,
    InterviewPage,
    InterviewRole,
    InterviewRoleKind,
    InterviewRoom,
    InterviewState,
    Post,
    PostKind,
    Question,
    QuestionState,
)
from interviews.services import broadcast, followup
from sitegroup.forms.citizen import clean_plain_text
from sitegroup.models import OrganisationRole, Role
from sitegroup.services import rate_limits
from sitegroup.services.rate_limits import RateLimited
from sitegroup.services.sensitive_words import check_citizen_text

__all__ = ["RateLimited", "QuestionRefused", "StateError"]

QUESTION_MAX_LENGTH = 500
NICKNAME_MAX_LENGTH = 20
POST_MAX_LENGTH = 5000
QUESTIONS_PER_MINUTE = 3
QUESTIONS_PER_HOUR = 20
REPLAY_LIMIT = 1000

R = InterviewRoleKind
ACTION_LABELS = {
    "interviews.started": "访谈开始",
    "interviews.ended": "访谈结束",
    "interviews.posted": "访谈发布内容",
    "interviews.question_approved": "访谈问题通过",
    "interviews.question_rejected": "访谈问题不通过",
    "interviews.question_picked": "访谈问题交嘉宾",
    "interviews.answered": "嘉宾答复问题",
    "interviews.role_assigned": "设置访谈角色",
}


class QuestionRefused(ValidationError):
    """The question cannot be taken; the message says why, in Chinese."""


class StateError(ValidationError):
    """The interview or the question is not in a state that allows this."""


# -- who may act ------------------------------------------------------------------------------------


def roles_of(user, interview: InterviewPage) -> set[str]:
    """The person's roles in this interview. Platform admins and the site admins of the interview's
    organisation may act in every role (they stand in when someone is missing)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser or _is_site_admin(user, interview):
        return set(InterviewRoleKind.values)
    return set(InterviewRole.objects.filter(interview=interview, user=user).values_list("role", flat=True))


def _is_site_admin(user, interview: InterviewPage) -> bool:
    organisation = organisation_of(interview)
    return (
        organisation is not None
        and OrganisationRole.objects.filter(organisation=organisation, role=Role.SITE_ADMIN, group__user=user).exists()
    )


def organisation_of(interview: InterviewPage):
    from sitegroup.models import Organisation

    roots = interview.get_ancestors().values_list("pk", flat=True)
    return Organisation.objects.filter(site__root_page__in=roots).first()


def _require(user, interview: InterviewPage, *roles: str, doing: str) -> set[str]:
    held = roles_of(user, interview)
    if not held.intersection(roles):
        names = "、".join(InterviewRoleKind(role).label for role in roles)
        raise PermissionDenied(f"只有本场访谈的{names}可以{doing}。")
    return held


def guests_for(user, interview: InterviewPage):
    """The guests this account may answer as (all of them for admins standing in)."""
    guests = InterviewGuest.objects.filter(interview=interview)
    if user.is_superuser or _is_site_admin(user, interview):
        return guests
    return guests.filter(accounts__user=user, accounts__role=R.GUEST).distinct()


def may_assign_roles(user, interview: InterviewPage) -> bool:
    return user.is_authenticated and (user.is_superuser or _is_site_admin(user, interview))


def assign_role(interview: InterviewPage, user, *, person, role: str, guest: InterviewGuest | None = None):
    """A site admin of the interview's organisation gives someone a part in the interview."""
    if not may_assign_roles(user, interview):
        raise PermissionDenied("只有本单位的站点管理员可以设置访谈角色。")
    if role not in InterviewRoleKind.values:
        raise ValidationError("没有这种访谈角色。")
    if role == R.GUEST and (guest is None or guest.interview_id != interview.pk):
        raise ValidationError("嘉宾账号要对应本场访谈的一位嘉宾。")
    with transaction.atomic():
        assignment, _created = InterviewRole.objects.update_or_create(
            interview=interview, user=person, role=role, defaults={"guest": guest if role == R.GUEST else None}
        )
        log(instance=interview, action="interviews.role_assigned", user=user, data={"person": person.pk, "role": role})
    return assignment


# -- posts ------------------------------------------------------------------------------------------


def _locked_room(interview: InterviewPage) -> InterviewRoom:
    InterviewRoom.objects.get_or_create(interview=interview)
    return InterviewRoom.objects.select_for_update().get(interview=interview)


def _add_post(room: InterviewRoom, interview: InterviewPage, *, kind: str, user=None, **fields) -> Post:
    """Numbers, stores and (after commit) broadcasts one post. Call inside the transaction holding the
    room row lock."""
    room.last_sequence += 1
    room.save(update_fields=["last_sequence"])
    state = fields.pop("state", "")
    post = Post(interview=interview, sequence=room.last_sequence, kind=kind, author=user, **fields)
    image_url = post.image.get_rendition("max-800x800").url if post.image_id else ""
    post.payload = broadcast.render_post(post, image_url=image_url, state=state)
    post.save()
    broadcast.after_commit_to_room(interview.pk, post.payload, post.sequence, state)
    return post


def _require_state(room: InterviewRoom, *states: str, doing: str) -> None:
    if room.state not in states:
        raise StateError(f"访谈{room.get_state_display()}，不能{doing}。")


def start(interview: InterviewPage, user) -> InterviewRoom:
    _require(user, interview, R.DIRECTOR, R.HOST, doing="开始访谈")
    with transaction.atomic():
        room = _locked_room(interview)
        _require_state(room, InterviewState.ANNOUNCED, doing="开始")
        room.state = InterviewState.LIVE
        room.started_at = timezone.now()
        room.save(update_fields=["state", "started_at"])
        _add_post(room, interview, kind=PostKind.STATE, user=user, text="访谈开始", state=InterviewState.LIVE)
        log(instance=interview, action="interviews.started", user=user)
    return room


def end(interview: InterviewPage, user) -> InterviewRoom:
    _require(user, interview, R.DIRECTOR, R.HOST, doing="结束访谈")
    with transaction.atomic():
        room = _locked_room(interview)
        _require_state(room, InterviewState.LIVE, doing="结束")
        room.state = InterviewState.FINISHED
        room.ended_at = timezone.now()
        room.save(update_fields=["state", "ended_at"])
        _add_post(
            room,
            interview,
            kind=PostKind.STATE,
            user=user,
            text="访谈结束，感谢各位网友参与",
            state=InterviewState.FINISHED,
        )
        log(instance=interview, action="interviews.ended", user=user)
        followup.open_cases_for(interview)
        transaction.on_commit(lambda: _purge_cache(interview))
    return room


def _purge_cache(interview: InterviewPage) -> None:
    from interviews.views.public import forget_transcript

    forget_transcript(interview.pk)


def post(interview: InterviewPage, user, *, text: str = "", image=None) -> Post:
    """The host's text and/or image."""
    _require(user, interview, R.HOST, doing="发布主持内容")
    text = clean_plain_text(text or "")
    if not text and image is None:
        raise ValidationError("请填写发布内容或选择图片。")
    if len(text) > POST_MAX_LENGTH:
        raise ValidationError(f"最多{POST_MAX_LENGTH}个字，现在有{len(text)}个字。")
    with transaction.atomic():
        room = _locked_room(interview)
        _require_state(room, InterviewState.LIVE, doing="发布内容")
        item = _add_post(
            room,
            interview,
            kind=PostKind.HOST,
            user=user,
            speaker=f"主持人 {interview.host_name}",
            text=text,
            image=image,
        )
        log(instance=interview, action="interviews.posted", user=user, data={"sequence": item.sequence})
    return item


# -- questions --------------------------------------------------------------------------------------


def submit_question(interview: InterviewPage, *, text: str, nickname: str = "", client: str) -> Question:
    """A viewer's question, before or during the interview. Stored at once as pending; only the staff
    consoles hear of it until the director approves it."""
    text = clean_plain_text(text or "")
    nickname = clean_plain_text(nickname or "", multiline=False)
    if not text:
        raise QuestionRefused("请填写问题内容。")
    if len(text) > QUESTION_MAX_LENGTH:
        raise QuestionRefused(f"问题最多{QUESTION_MAX_LENGTH}个字，现在有{len(text)}个字。")
    if len(nickname) > NICKNAME_MAX_LENGTH:
        raise QuestionRefused(f"昵称最多{NICKNAME_MAX_LENGTH}个字。")
    room = InterviewRoom.objects.filter(interview=interview).first()
    state = room.state if room else InterviewState.ANNOUNCED
    if state == InterviewState.FINISHED:
        raise QuestionRefused("访谈已经结束，不再接受提问。如有问题，请通过政民互动信箱留言。")
    for name, value in (("问题", text), ("昵称", nickname)):
        check = check_citizen_text(value)
        if check.is_blocked:
            raise QuestionRefused(f"{name}含有不允许发布的词语：{'、'.join(check.blocked_words)}。请修改后再提交。")
    rate_limits.hit(f"interviews.ask.{interview.pk}.minute", client, QUESTIONS_PER_MINUTE, 60)
    rate_limits.hit(f"interviews.ask.{interview.pk}.hour", client, QUESTIONS_PER_HOUR, 3600)
    text_check = check_citizen_text(text)
    with transaction.atomic():
        question = Question.objects.create(
            interview=interview,
            text=text_check.masked_text,
            nickname=check_citizen_text(nickname).masked_text,
            needs_review=text_check.needs_review,
            is_pre_submitted=state == InterviewState.ANNOUNCED,
            client_hash=rate_limits.hashed(client),
        )
        broadcast.after_commit_to_staff(interview.pk, broadcast.render_question_event(question, "new"))
    return question


def _locked_question(question: Question) -> Question:
    return Question.objects.select_for_update(of=("self",)).select_related("guest").get(pk=question.pk)


def _moderate(question: Question, user, *, doing: str) -> tuple[InterviewPage, Question]:
    interview = question.interview
    _require(user, interview, R.DIRECTOR, R.REVIEWER, doing=doing)
    return interview, _locked_question(question)


def approve_question(question: Question, user, *, edited_text: str = "") -> Question:
    """The question appears in the live feed (as the director edited it, when edited)."""
    edited_text = clean_plain_text(edited_text or "")
    if len(edited_text) > QUESTION_MAX_LENGTH:
        raise ValidationError(f"问题最多{QUESTION_MAX_LENGTH}个字。")
    with transaction.atomic():
        interview, question = _moderate(question, user, doing="审核问题")
        if question.state != QuestionState.PENDING:
            raise StateError(f"这个问题{question.get_state_display()}，不能再审核。")
        room = _locked_room(interview)
        _require_state(room, InterviewState.LIVE, doing="发布网友问题")
        _set_moderated(question, user, QuestionState.APPROVED, edited_text=edited_text)
        _add_post(room, interview, kind=PostKind.QUESTION, user=user, speaker=question.display_name, question=question)
        log(instance=interview, action="interviews.question_approved", user=user, data={"question": question.pk})
        broadcast.after_commit_to_staff(interview.pk, broadcast.render_question_event(question, "approved"))
    return question


def edit_question(question: Question, user, *, edited_text: str) -> Question:
    """The director corrects a pending question's wording before approving it."""
    edited_text = clean_plain_text(edited_text or "")
    if not edited_text or len(edited_text) > QUESTION_MAX_LENGTH:
        raise ValidationError(f"修改后的问题不能为空，最多{QUESTION_MAX_LENGTH}个字。")
    with transaction.atomic():
        interview, question = _moderate(question, user, doing="修改问题")
        if question.state != QuestionState.PENDING:
            raise StateError("只能修改待审核的问题。")
        question.edited_text = edited_text
        question.save(update_fields=["edited_text"])
        broadcast.after_commit_to_staff(interview.pk, broadcast.render_question_event(question, "edited"))
    return question


def reject_question(question: Question, user) -> Question:
    with transaction.atomic():
        interview, question = _moderate(question, user, doing="审核问题")
        if question.state != QuestionState.PENDING:
            raise StateError(f"这个问题{question.get_state_display()}，不能再审核。")
        _set_moderated(question, user, QuestionState.REJECTED)
        log(instance=interview, action="interviews.question_rejected", user=user, data={"question": question.pk})
        broadcast.after_commit_to_staff(interview.pk, broadcast.render_question_event(question, "rejected"))
    return question


def pick_question(question: Question, user, *, guest: InterviewGuest) -> Question:
    """The director hands an approved question to a guest (approving it first when still pending)."""
    interview = question.interview
    _require(user, interview, R.DIRECTOR, doing="把问题交给嘉宾")
    if guest.interview_id != interview.pk:
        raise ValidationError("请选择本场访谈的嘉宾。")
    if question.state == QuestionState.PENDING:
        approve_question(question, user)
    with transaction.atomic():
        question = _locked_question(question)
        if question.state not in (QuestionState.APPROVED, QuestionState.PICKED):
            raise StateError(f"这个问题{question.get_state_display()}，不能交给嘉宾。")
        question.state = QuestionState.PICKED
        question.guest = guest
        question.save(update_fields=["state", "guest"])
        log(instance=interview, action="interviews.question_picked", user=user, data={"question": question.pk})
        broadcast.after_commit_to_staff(interview.pk, broadcast.render_question_event(question, "picked"))
    return question


def answer(question: Question, user, *, text: str, guest: InterviewGuest | None = None) -> Post:
    """The guest's answer to the question handed to them: a post that quotes the question."""
    interview = question.interview
    _require(user, interview, R.GUEST, doing="答复网友问题")
    text = clean_plain_text(text or "")
    if not text:
        raise ValidationError("请填写答复内容。")
    if len(text) > POST_MAX_LENGTH:
        raise ValidationError(f"最多{POST_MAX_LENGTH}个字，现在有{len(text)}个字。")
    allowed = guests_for(user, interview)
    with transaction.atomic():
        question = _locked_question(question)
        if question.state != QuestionState.PICKED:
            raise StateError("导播还没有把这个问题交给嘉宾，或者已经答复。")
        speaking_as = guest or question.guest
        if speaking_as is None or not allowed.filter(pk=speaking_as.pk).exists():
            raise PermissionDenied("这个问题交给了另一位嘉宾。")
        room = _locked_room(interview)
        _require_state(room, InterviewState.LIVE, doing="答复")
        item = _add_post(
            room, interview, kind=PostKind.GUEST, user=user, speaker=str(speaking_as), text=text, question=question
        )
        question.state = QuestionState.ANSWERED
        question.save(update_fields=["state"])
        log(instance=interview, action="interviews.answered", user=user, data={"question": question.pk})
        broadcast.after_commit_to_staff(interview.pk, broadcast.render_question_event(question, "answered"))
    return item


def _set_moderated(question: Question, user, state: str, *, edited_text: str = "") -> None:
    question.state = state
    if edited_text:
        question.edited_text = edited_text
    question.moderated_by = user
    question.moderated_at = timezone.now()
    question.save(update_fields=["state", "edited_text", "moderated_by", "moderated_at"])


# -- reading ----------------------------------------------------------------------------------------


def replay(interview_id: int, since: int, limit: int = REPLAY_LIMIT) -> list[str]:
    """The payloads a viewer missed after `since`, oldest first (one query)."""
    return list(
        Post.objects.filter(interview_id=interview_id, sequence__gt=max(0, since))
        .order_by("sequence")
        .values_list("payload", flat=True)[:limit]
    )


def replay_rows(interview_id: int, since: int, limit: int = REPLAY_LIMIT) -> list[tuple[int, str]]:
    """As `replay`, with each payload's sequence number (for the event stream's ids)."""
    return list(
        Post.objects.filter(interview_id=interview_id, sequence__gt=max(0, since))
        .order_by("sequence")
        .values_list("sequence", "payload")[:limit]
    )


def statistics(interview: InterviewPage) -> dict:
    from django.db.models import Count, Q

    counts = Question.objects.filter(interview=interview).aggregate(
        received=Count("pk"),
        approved=Count(
            "pk", filter=Q(state__in=(QuestionState.APPROVED, QuestionState.PICKED, QuestionState.ANSWERED))
        ),
        answered=Count("pk", filter=Q(state=QuestionState.ANSWERED)),
    )
    room = InterviewRoom.objects.filter(interview=interview).first()
    return {
        **counts,
        "participants": interview.participants.count(),
        "peak_viewers": room.peak_viewers if room else 0,
    }
