"""Questions left unanswered become cases of the guest's organisation, answered within 5 working
days and published under the transcript; other organisations neither see nor answer them."""

import pytest
from django.core.exceptions import PermissionDenied

from interviews.models import QuestionCase, QuestionCaseState
from interviews.services import followup, live
from sitegroup.services import cases
from sitegroup.services.working_days import add_working_days
from tests.interviews.builders import make_interview, staff_for

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "a.localhost"}


@pytest.fixture
def ended(site_group):
    interview = make_interview(site_group["a"].organisation)
    people = staff_for(interview, site_group["users"]["admin"])
    live.start(interview, people["director"])
    answered = live.submit_question(interview, text="当场答复的问题", client="1.0.0.1")
    left = live.submit_question(interview, text="校车接送能不能覆盖到村？", client="1.0.0.2")
    live.submit_question(interview, text="没有审核的问题", client="1.0.0.3")
    live.pick_question(answered, people["director"], guest=interview.guests.get())
    live.answer(answered, people["guest"], text="可以。")
    live.approve_question(left, people["director"])
    live.end(interview, people["director"])
    return interview


def test_each_approved_unanswered_question_becomes_a_case_of_the_guests_organisation(ended, site_group):
    [case] = QuestionCase.objects.filter(interview=ended)
    assert case.question.text == "校车接送能不能覆盖到村？"
    assert case.organisation == site_group["a"].organisation
    assert case.state == QuestionCaseState.HANDLING
    assert case.due_on == add_working_days(case.received_on, followup.ANSWER_DAYS)
    assert followup.open_cases_for(ended) == []  # once


def test_another_organisation_neither_sees_nor_answers(ended, site_group, client):
    case = QuestionCase.objects.get(interview=ended)
    outsider = site_group["users"]["b_handler"]
    assert not followup.handled_by(outsider).filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        followup.answer(case, outsider, text="不是我们的问题")
    client.force_login(outsider)
    assert client.get(f"/admin/interviews/followups/{case.pk}/").status_code == 404


def test_the_answer_is_published_under_the_transcript(ended, site_group, client, django_capture_on_commit_callbacks):
    case = QuestionCase.objects.get(interview=ended)
    page = client.get(ended.url, **HOST).content.decode()
    assert "还有 1 个访谈中未及答复的问题" in page
    handler = site_group["users"]["a_handler"]
    client.force_login(handler)
    queue = client.get("/admin/interviews/followups/").content.decode()
    assert "校车接送能不能覆盖到村？" in queue
    empty = client.post(f"/admin/interviews/followups/{case.pk}/", {"text": ""})
    assert empty.status_code == 400 and "请填写答复内容" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached transcript is dropped after commit
        done = client.post(
            f"/admin/interviews/followups/{case.pk}/", {"text": "已协调公交公司，明年春季开通村级校车线路。"}
        )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == QuestionCaseState.ANSWERED and not case.is_open
    assert cases.kind_of(case).code == "interviews.question"
    page = client.get(ended.url, **HOST).content.decode()
    assert "明年春季开通村级校车线路" in page and "测试县教育局答复" in page
