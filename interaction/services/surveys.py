"""Survey answers: one per browser (keyed HMAC of a random cookie token, see interaction.models.surveys),
limited per hashed address; results and exports read the stored answers."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from interaction.models import QuestionKind, SurveyPage, SurveyResponse
from interaction.models.surveys import RATING_LABELS
from sitegroup.services import rate_limits

ANSWERS_PER_ADDRESS_PER_HOUR = 30  # a village office or a school shares one address


class SurveyClosed(Exception):
    message = "本次调查不在征集时间内，不能提交。"


class AlreadyAnswered(Exception):
    message = "您已经参与过本次调查，每人只能提交一次。"


def respondent_key(survey: SurveyPage, browser_token: str) -> str:
    message = f"survey:{survey.pk}:{browser_token}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_answered(survey: SurveyPage, browser_token: str | None) -> bool:
    if not browser_token:
        return False
    return SurveyResponse.objects.filter(survey=survey, respondent_key=respondent_key(survey, browser_token)).exists()


def submit_response(survey: SurveyPage, answers: dict, *, browser_token: str, client_address: str, now=None):
    """Store one anonymous answer sheet. Raises SurveyClosed, AlreadyAnswered or RateLimited."""
    now = now or timezone.now()
    if survey.state(now) != "open":
        raise SurveyClosed
    if has_answered(survey, browser_token):
        raise AlreadyAnswered
    rate_limits.hit(f"survey:{survey.pk}", client_address, ANSWERS_PER_ADDRESS_PER_HOUR, 3600)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                survey=survey, respondent_key=respondent_key(survey, browser_token), answers=answers, submitted_at=now
            )
    except IntegrityError:  # the same browser, twice at once
        raise AlreadyAnswered from None


def can_see_results(survey: SurveyPage, browser_token: str | None, now=None) -> bool:
    """Public results are shown to those who answered, and to everyone once the survey has closed
    (so seeing the tallies does not sway those still to answer)."""
    if not survey.results_public:
        return False
    return survey.state(now) == "closed" or has_answered(survey, browser_token)


@dataclass
class QuestionResult:
    question: object
    total: int  # answer sheets that answered this question
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # (label, count, percent)
    average: float | None = None  # rating questions

    @property
    def points(self) -> list[tuple[str, int]]:
        return [(label, count) for label, count, _percent in self.rows]


def results(survey: SurveyPage) -> tuple[int, list[QuestionResult]]:
    """(number of answer sheets, per question the tallies). Text answers are counted, never shown."""
    questions = list(survey.questions.all())
    sheets = list(SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True))
    outcome = []
    for question in questions:
        key = str(question.pk)
        given = [sheet[key] for sheet in sheets if key in sheet]
        counter: Counter = Counter()
        result = QuestionResult(question, len(given))
        if question.kind == QuestionKind.MULTIPLE:
            for value in given:
                counter.update(value if isinstance(value, list) else [value])
            labels = question.option_list
        elif question.kind == QuestionKind.SINGLE:
            counter.update(given)
            labels = question.option_list
        elif question.kind == QuestionKind.RATING:
            counter.update(int(value) for value in given if str(value).isdigit())
            labels = list(RATING_LABELS)
            if given:
                result.average = round(
                    sum(counter[score] * score for score in labels) / max(sum(counter.values()), 1), 2
                )
        else:
            outcome.append(result)
            continue
        for label in labels:
            count = counter.get(label, 0)
            percent = round(100 * count / len(given)) if given else 0
            result.rows.append(
                (RATING_LABELS.get(label, label) if question.kind == QuestionKind.RATING else label, count, percent)
            )
        outcome.append(result)
    return len(sheets), outcome


def export_rows(survey: SurveyPage):
    """Header and one row per answer sheet, for CSV/XLSX: the time and each question's answer."""
    questions = list(survey.questions.all())
    yield ["序号", "提交时间", *[question.text for question in questions]]
    local = timezone.get_current_timezone()
    for number, response in enumerate(SurveyResponse.objects.filter(survey=survey).iterator(), start=1):
        row = [number, timezone.localtime(response.submitted_at, local).strftime("%Y-%m-%d %H:%M")]
        for question in questions:
            value = response.answers.get(str(question.pk), "")
            if isinstance(value, list):
                value = "；".join(value)
            elif question.kind == QuestionKind.RATING and value != "":
                value = RATING_LABELS.get(int(value), value)
            row.append(value)
        yield row
