"""The public pages of an interview (预告, live room, transcript, column), the question endpoint, the
polling feed and the event stream's input checks, and the staff console; bad input gives Chinese 4xx."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Post, Question, QuestionState
from interviews.services import live
from sitegroup.lib.wordfilter import Level
from sitegroup.models import SensitiveWord
from sitegroup.services import sensitive_words
from tests.interviews.builders import make_interview, staff_for

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "a.localhost"}
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def interview(site_group):
    return make_interview(site_group["a"].organisation)


@pytest.fixture
def people(interview, site_group):
    return staff_for(interview, site_group["users"]["admin"])


@pytest.fixture
def started(interview, people):
    live.start(interview, people["director"])
    return interview


def _ask(client, interview, data, address="198.51.100.7", **extra):
    return client.post(interview.url + "ask/", data, REMOTE_ADDR=address, **HOST, **extra)


class TestAnnouncement:
    def test_announcement_shows_the_schedule_guests_and_the_question_form(self, client, interview):
        response = client.get(interview.url, **HOST)
        body = response.content.decode()
        assert response.status_code == 200
        for text in ("访谈预告", "张建国", "县教育局局长", "主持人", "提前提问", '<label for="id_text">您的问题'):
            assert text in body
        assert response.cookies["sg_visitor"].value

    def test_a_pre_submitted_question_is_kept_and_not_shown(self, client, interview):
        response = _ask(client, interview, {"text": "今年划片范围有变化吗？", "nickname": "城东家长"})
        assert response.status_code == 302 and response["Location"].endswith("?asked=1#ask")
        question = Question.objects.get(interview=interview)
        assert question.is_pre_submitted and question.state == QuestionState.PENDING
        page = client.get(response["Location"].split("#")[0], **HOST).content.decode()
        assert "问题已提交，经导播审核后将在访谈中显示" in page and "今年划片范围有变化吗" not in page

    def test_fetch_gets_json_in_chinese(self, client, interview):
        created = _ask(client, interview, {"text": "学区怎么划？"}, **JSON)
        assert created.status_code == 201 and "问题已提交" in created.json()["message"]
        refused = _ask(client, interview, {"text": ""}, **JSON)
        assert refused.status_code == 400 and refused.json()["error"] == "请填写问题内容。"


class TestBadInput:
    def test_empty_long_and_markup_only_questions_are_400_in_chinese(self, client, interview):
        for data, expected in (
            ({"text": ""}, "请填写问题内容"),
            ({"text": "问" * 501}, "最多500个字"),
            ({"text": "<b></b><i></i>"}, "请填写有效的文字内容"),
            ({"text": "好问题", "nickname": "名" * 30}, "最多20个字"),
        ):
            response = _ask(client, interview, data)
            assert response.status_code == 400, data
            assert expected in response.content.decode()
            assert 'aria-invalid="true"' in response.content.decode()
        assert not Question.objects.exists()

    def test_blocked_words_are_refused_with_the_word_named(self, client, interview):
        SensitiveWord.objects.create(word="代开发票", level=Level.BLOCK)
        sensitive_words.invalidate()
        response = _ask(client, interview, {"text": "代开发票找谁"}, **JSON)
        assert response.status_code == 400
        assert response.json()["error"] == "问题含有不允许发布的词语：代开发票。请修改后再提交。"

    def test_too_many_questions_from_one_address_are_429(self, client, interview):
        for number in range(live.QUESTIONS_PER_MINUTE):
            assert _ask(client, interview, {"text": f"第{number}个问题"}, address="198.51.100.99").status_code == 302
        response = _ask(client, interview, {"text": "再问一个"}, address="198.51.100.99")
        assert response.status_code == 429 and "提交过于频繁" in response.content.decode()

    def test_get_on_ask_and_bad_since_are_refused(self, client, started):
        assert client.get(started.url + "ask/", **HOST).status_code == 405
        for path in ("feed/?since=abc", "feed/?since=-1", "events/?since=x", "feed/?since=99999999999"):
            response = client.get(started.url + path, **HOST)
            assert response.status_code == 400, path
            assert "参数 since 应为不小于 0 的整数" in response.json()["error"]

    def test_feed_of_an_announced_interview_is_404(self, client, interview):
        response = client.get(interview.url + "feed/?since=0", **HOST)
        assert response.status_code == 404 and response.json()["error"] == "访谈尚未开始。"

    def test_questions_after_the_end_are_refused(self, client, started, people):
        live.end(started, people["director"])
        response = _ask(client, started, {"text": "还能问吗"}, **JSON)
        assert response.status_code == 400 and "访谈已经结束" in response.json()["error"]


class TestRoom:
    def test_room_shows_approved_questions_never_pending_ones(self, client, started, people):
        shown = live.submit_question(started, text="公开的问题：何时登记？", client="1.1.1.1")
        live.submit_question(started, text="待审的问题：不应出现", client="1.1.1.2")
        live.approve_question(shown, people["director"])
        body = client.get(started.url, **HOST).content.decode()
        assert "公开的问题：何时登记？" in body and "待审的问题" not in body
        assert 'aria-live="polite"' in body and 'id="iv-posts"' in body
        assert f'data-since="{Post.objects.filter(interview=started).count()}"' in body

    def test_polling_feed_returns_posts_after_since(self, client, started, people):
        live.post(started, people["host"], text="欢迎收看。")
        data = client.get(started.url + "feed/?since=1", **HOST).json()
        assert data["state"] == "live" and [post["text"] for post in data["posts"]] == ["欢迎收看。"]

    def test_video_interview_loads_the_player(self, client, site_group, people):
        video = make_interview(
            site_group["a"].organisation, title="视频访谈", mode="video", stream_url="https://live.example.cn/a.m3u8"
        )
        staff = staff_for(video, site_group["users"]["admin"])
        live.start(video, staff["director"])
        body = client.get(video.url, **HOST).content.decode()
        assert "interviews/vendor/hls.min.js" in body and 'data-src="https://live.example.cn/a.m3u8"' in body


class TestTranscript:
    def test_transcript_has_the_feed_and_statistics_and_is_cached(self, client, started, people):
        question = live.submit_question(started, text="课后服务收费吗？", client="1.1.1.3")
        live.submit_question(started, text="另一个没通过的问题", client="1.1.1.4")
        live.pick_question(question, people["director"], guest=started.guests.get())
        live.answer(question, people["guest"], text="课后服务按成本收费，困难家庭免收。")
        live.end(started, people["director"])
        first = client.get(started.url, **HOST).content.decode()
        for text in ("访谈实录", "课后服务收费吗？", "困难家庭免收", "收到问题", "嘉宾答复", "已结束"):
            assert text in first
        assert "另一个没通过的问题" not in first
        with CaptureQueriesContext(connection) as queries:
            client.get(started.url, **HOST)
        post_queries = [q for q in queries.captured_queries if "interviews_post" in q["sql"]]
        assert post_queries == []  # the transcript comes from the cache


class TestColumn:
    def test_column_lists_interviews_by_state(self, client, site_group, interview, people):
        finished = make_interview(site_group["a"].organisation, title="往期：食品安全访谈")
        staff = staff_for(finished, site_group["users"]["admin"])
        live.start(finished, staff["director"])
        live.end(finished, staff["director"])
        body = client.get("/fangtan/", **HOST).content.decode()
        assert "访谈预告" in body and "往期实录" in body
        assert body.index("聚焦义务教育招生政策") < body.index("往期实录") < body.index("往期：食品安全访谈")


class TestConsole:
    def test_outsiders_cannot_open_the_console(self, client, started, people):
        client.force_login(people["outsider"])
        response = client.get(f"/admin/interviews/{started.pk}/console/")
        assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's refusal

    def test_director_approves_from_the_console(self, client, started, people):
        question = live.submit_question(started, text="控制台里的问题", client="1.1.1.5")
        client.force_login(people["director"])
        page = client.get(f"/admin/interviews/{started.pk}/console/")
        assert page.status_code == 200 and "控制台里的问题" in page.content.decode()
        response = client.post(
            f"/admin/interviews/{started.pk}/console/action/",
            {"action": "approve", "question": question.pk, "edited_text": "控制台里修改过的问题"},
        )
        assert response.status_code == 302
        payload = json.loads(Post.objects.get(question=question).payload)
        assert payload["question"]["text"] == "控制台里修改过的问题"

    def test_bad_console_input_is_a_message_not_an_error(self, client, started, people):
        client.force_login(people["guest"])
        response = client.post(
            f"/admin/interviews/{started.pk}/console/action/", {"action": "approve", "question": "abc"}, follow=True
        )
        assert response.status_code == 200 and "请选择一个问题" in response.content.decode()
        response = client.post(f"/admin/interviews/{started.pk}/console/action/", {"action": "start"}, follow=True)
        assert "只有本场访谈的导播、主持人可以开始访谈" in response.content.decode()


class TestRoleAssignment:
    def test_site_admin_gives_a_colleague_the_director_role(self, client, interview, site_group):
        from interviews.models import InterviewRole

        client.force_login(site_group["users"]["a_site_admin"])
        editor = site_group["users"]["a_editor"]
        response = client.post(
            f"/admin/interviews/{interview.pk}/console/action/",
            {"action": "assign", "username": editor.username, "role": "director"},
            follow=True,
        )
        assert "已设置" in response.content.decode()
        assert InterviewRole.objects.filter(interview=interview, user=editor, role="director").exists()
        unknown = client.post(
            f"/admin/interviews/{interview.pk}/console/action/",
            {"action": "assign", "username": "nobody-here", "role": "director"},
            follow=True,
        )
        assert "没有账号“nobody-here”" in unknown.content.decode()
        guest_without_guest = client.post(
            f"/admin/interviews/{interview.pk}/console/action/",
            {"action": "assign", "username": editor.username, "role": "guest"},
            follow=True,
        )
        assert "嘉宾账号要对应本场访谈的一位嘉宾" in guest_without_guest.content.decode()

    def test_a_director_cannot_hand_out_roles(self, client, interview, people):
        client.force_login(people["director"])
        response = client.post(
            f"/admin/interviews/{interview.pk}/console/action/",
            {"action": "assign", "username": people["outsider"].username, "role": "host"},
            follow=True,
        )
        assert "只有本单位的站点管理员可以设置访谈角色" in response.content.decode()
        assert "访谈角色（站点管理员设置）" not in response.content.decode()


class TestTranscriptReading:
    def test_an_answered_question_appears_once_with_its_answer(self, client, started, people):
        question = live.submit_question(started, text="只出现一次的问题", client="1.1.1.9")
        live.pick_question(question, people["director"], guest=started.guests.get())
        live.answer(question, people["guest"], text="这是答复。")
        waiting = live.submit_question(started, text="通过但未答复的问题", client="1.1.1.8")
        live.approve_question(waiting, people["director"])
        live.end(started, people["director"])
        body = client.get(started.url, **HOST).content.decode()
        transcript = body[body.index("访谈实录") : body.index("访谈后答复")]
        assert transcript.count("只出现一次的问题") == 1 and "这是答复。" in transcript
        assert transcript.count("通过但未答复的问题") == 1
