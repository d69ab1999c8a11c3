"""After the interview: questions the guests did not answer become cases on the case core (kind
`interviews.question`), handled by the guest's organisation within 5 working days; the answers are
published under the transcript.

    from interviews.services import followup
    followup.open_cases_for(interview)           # called by live.end, in its transaction
    followup.answer(case, handler, text="…")     # a handler of the organisation answers; published
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from interviews.models import InterviewPage, Question, QuestionCase, QuestionCaseState, QuestionState
from sitegroup.forms.citizen import clean_plain_text
from sitegroup.lib.case_clock import ClockFacts
from sitegroup.services import cases
from sitegroup.services.cases import Transition, TransitionError

__all__ = ["TransitionError"]

ANSWER_DAYS = 5  # STANDARDS: questions left unanswered are answered within 5 working days
ANSWER_MAX_LENGTH = 5000

S = QuestionCaseState
TRANSITIONS = (
    Transition("answer", "答复并公布", (S.HANDLING,), S.ANSWERED),
    Transition("add_note", "添加内部备注", (), event="内部备注", is_public=False),
)

KIND = cases.register(
    cases.CaseKind(
        code="interviews.question",
        label="访谈遗留问题",
        noun="访谈问题",
        model=QuestionCase,
        states=QuestionCaseState,
        open_states=(S.HANDLING,),
        transitions=TRANSITIONS,
        clock_facts=lambda case: ClockFacts(starts_on=case.received_on, limit_days=ANSWER_DAYS),
        admin_url=lambda case: reverse("interviews_followup", args=[case.pk]),
        contact=lambda case: ("", ""),  # viewers ask anonymously: the answer is published, not sent
        select_related=("question",),
    )
)


def _organisation_for(question: Question, interview: InterviewPage):
    from interviews.services.live import organisation_of

    guest = question.guest or interview.guests.exclude(organisation=None).first()
    return (guest.organisation if guest and guest.organisation_id else None) or organisation_of(interview)


def open_cases_for(interview: InterviewPage, today: date | None = None) -> list[QuestionCase]:
    """A case for every approved question left unanswered (idempotent)."""
    today = today or timezone.localdate()
    made = []
    left = Question.objects.filter(
        interview=interview, state__in=(QuestionState.APPROVED, QuestionState.PICKED), case__isnull=True
    ).select_related("guest")
    for question in left:
        organisation = _organisation_for(question, interview)
        for _attempt in range(8):
            try:
                with transaction.atomic():
                    case = QuestionCase.objects.create(
                        question=question,
                        interview=interview,
                        organisation=organisation,
                        lookup_code=cases.new_lookup_code(KIND),
                        received_on=today,
                        state=S.HANDLING,
                    )
                break
            except IntegrityError:
                continue  # a lookup code collision: draw again
        else:
            raise RuntimeError("could not draw a unique lookup code")
        cases.record_event(case, None, "访谈结束，转交承办", "", S.HANDLING, today, is_public=False)
        log(instance=case, action="sitegroup.case.submitted", user=None, data={"kind": KIND.code})
        cases.recompute_deadline(case)
        made.append(case)
    return made


def handled_by(user):
    return cases.handled_by(user, KIND)


def answer(case: QuestionCase, user, *, text: str, on: date | None = None) -> QuestionCase:
    text = clean_plain_text(text or "")
    if not text:
        raise TransitionError("请填写答复内容。")
    if len(text) > ANSWER_MAX_LENGTH:
        raise TransitionError(f"答复最多{ANSWER_MAX_LENGTH}个字，现在有{len(text)}个字。")
    today = on or timezone.localdate()
    case = cases.perform(
        case,
        user,
        "answer",
        on=today,
        changes={"answer": text, "answered_at": timezone.now(), "concluded_on": today, "handler": user},
    )
    transaction.on_commit(lambda: _forget(case.interview_id))
    return case


def _forget(interview_id: int) -> None:
    from interviews.views.public import forget_transcript

    forget_transcript(interview_id)


def published(interview: InterviewPage):
    return QuestionCase.objects.filter(interview=interview, state=S.ANSWERED).select_related("question", "organisation")


def handled_count(interview: InterviewPage) -> int:
    """Questions of the interview still waiting for their answer."""
    return QuestionCase.objects.filter(interview=interview, state=S.HANDLING).count()
