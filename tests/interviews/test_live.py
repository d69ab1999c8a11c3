"""The live interview services: roles, sequence numbers, moderation before broadcast, answers, audit."""

import json
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import PageLogEntry

from interviews.models import InterviewState, Post, PostKind, Question, QuestionState
from interviews.services import live
from sitegroup.lib.wordfilter import Level
from sitegroup.models import SensitiveWord
from sitegroup.services import sensitive_words
from sitegroup.services.rate_limits import RateLimited
from tests.interviews.builders import make_interview, staff_for

pytestmark = pytest.mark.django_db

_clients = count(1)


def _client() -> str:
    return f"10.0.0.{next(_clients)}"


@pytest.fixture
def interview(site_group):
    return make_interview(site_group["a"].organisation)


@pytest.fixture
def people(interview, site_group):
    return staff_for(interview, site_group["users"]["admin"])


@pytest.fixture
def started(interview, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        live.start(interview, people["director"])
    return interview


def _ask(interview, text="今年小学入学需要哪些材料？", **extra):
    return live.submit_question(interview, text=text, client=_client(), **extra)


class TestRoles:
    def test_only_the_interviews_director_or_host_starts_it(self, interview, people):
        for who in ("guest", "reviewer", "outsider"):
            with pytest.raises(PermissionDenied, match="导播"):
                live.start(interview, people[who])
        room = live.start(interview, people["host"])
        assert room.state == InterviewState.LIVE

    def test_a_department_handler_has_no_part_in_another_interview(self, started, site_group):
        with pytest.raises(PermissionDenied):
            live.post(started, site_group["users"]["b_site_admin"], text="不是我的访谈")

    def test_site_admin_of_the_organisation_may_stand_in(self, started, site_group):
        item = live.post(started, site_group["users"]["a_site_admin"], text="主持人暂离，由我代为主持。")
        assert item.kind == PostKind.HOST

    def test_guest_answers_only_the_question_picked_for_them(self, started, people):
        question = _ask(started)
        with pytest.raises(ValidationError, match="还没有把这个问题交给嘉宾"):
            live.answer(question, people["guest"], text="答复")
        live.pick_question(question, people["director"], guest=started.guests.get())
        with pytest.raises(PermissionDenied):
            live.answer(question, people["host"], text="主持人不能替嘉宾答复")
        post = live.answer(question, people["guest"], text="需要户口簿和房产证明。")
        assert post.kind == PostKind.GUEST and post.question_id == question.pk
        question.refresh_from_db()
        assert question.state == QuestionState.ANSWERED


class TestSequence:
    def test_posts_are_numbered_one_by_one_and_stored_with_their_payload(self, started, people):
        live.post(started, people["host"], text="各位网友大家好。")
        live.post(started, people["host"], text="今天我们请到了县教育局局长。")
        posts = list(Post.objects.filter(interview=started).order_by("sequence"))
        assert [post.sequence for post in posts] == [1, 2, 3]
        assert posts[0].kind == PostKind.STATE
        payload = json.loads(posts[2].payload)
        assert payload["seq"] == 3 and payload["text"] == "今天我们请到了县教育局局长。"
        assert live.replay(started.pk, 1) == [posts[1].payload, posts[2].payload]

    def test_citizen_html_goes_out_as_text(self, started, people):
        question = _ask(started, text="<script>alert(1)</script>学区怎么划分？")
        live.approve_question(question, people["director"])
        payload = json.loads(Post.objects.get(question=question).payload)
        assert "<script>" not in payload["question"]["text"] and "学区怎么划分" in payload["question"]["text"]

    def test_nothing_is_posted_before_the_start_or_after_the_end(self, interview, people):
        with pytest.raises(ValidationError, match="不能发布内容"):
            live.post(interview, people["host"], text="还没开始")
        live.start(interview, people["director"])
        live.end(interview, people["director"])
        with pytest.raises(ValidationError):
            live.post(interview, people["host"], text="已经结束")
        with pytest.raises(ValidationError):
            live.end(interview, people["director"])


class TestQuestions:
    def test_a_question_waits_for_the_director_and_is_not_in_the_feed(self, started, people):
        question = _ask(started, nickname="家长小李")
        assert question.state == QuestionState.PENDING
        assert not Post.objects.filter(question=question).exists()
        assert live.replay(started.pk, 0) == [Post.objects.get(interview=started, sequence=1).payload]

    def test_approval_with_an_edit_posts_the_edited_text(self, started, people):
        question = _ask(started, text="学区房到底咋算啊啊啊")
        live.edit_question(question, people["reviewer"], edited_text="学区房如何认定？")
        live.approve_question(question, people["reviewer"])
        payload = json.loads(Post.objects.get(question=question).payload)
        assert payload["question"]["text"] == "学区房如何认定？"
        with pytest.raises(ValidationError, match="不能再审核"):
            live.reject_question(question, people["director"])

    def test_rejected_questions_never_reach_viewers(self, started, people):
        question = _ask(started)
        live.reject_question(question, people["director"])
        assert Question.objects.get(pk=question.pk).state == QuestionState.REJECTED
        assert not Post.objects.filter(question=question).exists()

    def test_pre_submitted_questions_are_kept_for_the_interview(self, interview, people):
        question = _ask(interview)
        assert question.is_pre_submitted
        live.start(interview, people["director"])
        live.approve_question(question, people["director"])
        assert Post.objects.filter(question=question, kind=PostKind.QUESTION).exists()

    def test_blocked_words_are_refused_in_chinese(self, started):
        SensitiveWord.objects.create(word="代开发票", level=Level.BLOCK)
        sensitive_words.invalidate()
        with pytest.raises(live.QuestionRefused, match="含有不允许发布的词语：代开发票"):
            _ask(started, text="哪里可以代开发票")
        assert not Question.objects.filter(interview=started).exists()

    def test_empty_or_long_questions_are_refused(self, started):
        with pytest.raises(live.QuestionRefused, match="请填写问题内容"):
            _ask(started, text="<b></b>  ")
        with pytest.raises(live.QuestionRefused, match="最多500个字"):
            _ask(started, text="问" * 501)

    def test_one_address_is_rate_limited(self, started):
        for _ in range(live.QUESTIONS_PER_MINUTE):
            live.submit_question(started, text="请问入学登记什么时候开始？", client="10.9.9.9")
        with pytest.raises(RateLimited, match="提交过于频繁"):
            live.submit_question(started, text="请问入学登记什么时候开始？", client="10.9.9.9")

    def test_no_questions_after_the_end(self, started, people):
        live.end(started, people["director"])
        with pytest.raises(live.QuestionRefused, match="访谈已经结束"):
            _ask(started)


class TestAudit:
    def test_every_action_is_in_the_interview_history(self, started, people):
        question = _ask(started)
        live.pick_question(question, people["director"], guest=started.guests.get())
        live.answer(question, people["guest"], text="可以网上登记。")
        live.end(started, people["director"])
        actions = set(PageLogEntry.objects.filter(page=started).values_list("action", flat=True))
        assert {
            "interviews.started",
            "interviews.question_approved",
            "interviews.question_picked",
            "interviews.answered",
            "interviews.ended",
            "interviews.role_assigned",
        } <= actions

    def test_statistics_count_questions_by_outcome(self, started, people):
        answered, approved, rejected = _ask(started), _ask(started), _ask(started)
        _ask(started)
        live.pick_question(answered, people["director"], guest=started.guests.get())
        live.answer(answered, people["guest"], text="答复")
        live.approve_question(approved, people["director"])
        live.reject_question(rejected, people["director"])
        numbers = live.statistics(started)
        assert (numbers["received"], numbers["approved"], numbers["answered"]) == (4, 2, 1)
