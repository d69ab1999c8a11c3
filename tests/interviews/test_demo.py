"""The demo interviews: one per state, a full transcript, and the entry point on the portal home."""

import pytest

from interviews.demo import FINISHED, LIVE, build_demo_interviews
from interviews.models import InterviewState, QuestionState
from sitegroup.models import Role
from tests.builders import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site_group):
    portal = site_group["portal"].organisation
    make_user("portal_reviewer", organisation=portal, role=Role.REVIEWER)
    make_user("portal_handler", organisation=portal, role=Role.HANDLER)
    return build_demo_interviews()


def test_one_interview_in_each_state(demo):
    assert [interview.state for interview in demo] == [
        InterviewState.FINISHED,
        InterviewState.LIVE,
        InterviewState.ANNOUNCED,
    ]
    finished = demo[0]
    states = list(finished.questions.order_by("pk").values_list("state", flat=True))
    assert states == [QuestionState.ANSWERED] * 3 + [QuestionState.APPROVED]


def test_transcript_reads_as_the_interview_went(client, demo):
    body = client.get(demo[0].url).content.decode()
    for text in (FINISHED["title"], "访谈实录", "政府信息公开目录在网站哪里能查到", "电子监察对每一件办件", "访谈结束"):
        assert text in body


def test_portal_home_shows_the_live_interview_and_the_column(client, demo):
    body = client.get("/").content.decode()
    assert "正在直播" in body and LIVE["title"] in body and "全部访谈：预告、直播、往期实录" in body
    column = client.get("/fangtan/").content.decode()
    assert FINISHED["title"] in column and LIVE["title"] in column and "电子监察与办件时限" in column


def test_demo_is_built_once(demo):
    assert [page.pk for page in build_demo_interviews()] == [page.pk for page in demo]
