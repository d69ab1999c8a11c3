"""网上调查 through HTTP: answering once per browser, closed surveys, results with charts."""

import pytest

from interaction.models import SurveyResponse
from tests.citizen_input import captcha_answer
from tests.interaction.builders import make_survey

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "b.localhost"}


@pytest.fixture
def survey(site_group):
    return make_survey(site_group["b"].home_page)


def answers(survey, **extra):
    questions = list(survey.questions.all())
    data = {
        f"q{questions[0].pk}": "城乡居民医保",
        f"q{questions[1].pk}": ["医保报销", "缴费查询"],
        f"q{questions[2].pk}": "4",
        f"q{questions[3].pk}": "希望<b>报销</b>再快一点",
    }
    data.update(extra)
    return data


def answer(client, survey, ip="198.51.100.1", **extra):
    form = client.get("/survey/", **HOST)
    return client.post(
        "/survey/", {**answers(survey, **extra), **captcha_answer(form.content.decode())}, REMOTE_ADDR=ip, **HOST
    )


class TestAnswering:
    def test_questions_are_shown_with_the_captcha(self, client, survey):
        response = client.get("/survey/", **HOST)
        html = response.content.decode()
        assert response.status_code == 200
        assert "您参加的是哪种医保？" in html and "验证问题：" in html
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
        assert response.cookies["sg_browser"]["httponly"]

    def test_an_answer_is_stored_without_personal_data(self, client, survey):
        response = answer(client, survey)
        assert response.status_code == 302
        stored = SurveyResponse.objects.get()
        questions = list(survey.questions.all())
        assert stored.answers[str(questions[0].pk)] == "城乡居民医保"
        assert stored.answers[str(questions[1].pk)] == ["医保报销", "缴费查询"]
        assert stored.answers[str(questions[2].pk)] == 4
        assert stored.answers[str(questions[3].pk)] == "希望报销再快一点"
        assert client.cookies["sg_browser"].value not in stored.respondent_key
        assert "198.51.100.1" not in str(stored.__dict__)
        page = client.get(response["Location"], **HOST).content.decode()
        assert "感谢您参与本次调查" in page and "查看调查结果" in page

    def test_the_same_browser_answers_once(self, client, survey):
        answer(client, survey)
        again = client.get("/survey/", **HOST).content.decode()
        assert "您已经参与过本次调查" in again
        assert "提交答卷" not in again
        response = client.post("/survey/", answers(survey), **HOST)
        assert response.status_code == 409
        assert SurveyResponse.objects.count() == 1

    def test_another_browser_may_answer(self, client, survey):
        from django.test import Client

        answer(client, survey)
        assert answer(Client(), survey, ip="198.51.100.2").status_code == 302
        assert SurveyResponse.objects.count() == 2

    def test_missing_required_answers_are_named(self, client, survey):
        questions = list(survey.questions.all())
        response = answer(client, survey, **{f"q{questions[0].pk}": "", f"q{questions[2].pk}": "9"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "请选择一项。" in html and "请选择1～5分。" in html
        assert 'role="alert"' in html
        assert not SurveyResponse.objects.exists()

    def test_an_option_not_offered_is_refused(self, client, survey):
        questions = list(survey.questions.all())
        response = answer(client, survey, **{f"q{questions[0].pk}": "<script>x</script>"})
        assert response.status_code == 400
        assert "<script>x" not in response.content.decode()

    def test_closed_survey_takes_no_answers(self, client, site_group):
        closed = make_survey(site_group["b"].home_page, slug="old", days_open=(-10, -1))
        page = client.get("/old/", **HOST).content.decode()
        assert "本次调查已经结束" in page and "提交答卷" not in page
        response = client.post("/old/", answers(closed), **HOST)
        assert response.status_code == 403
        assert not SurveyResponse.objects.exists()

    def test_many_answers_from_one_address_are_limited(self, client, survey, settings):
        from django.test import Client

        from interaction.services import surveys

        statuses = [
            answer(Client(), survey, ip="203.0.113.5").status_code
            for _ in range(surveys.ANSWERS_PER_ADDRESS_PER_HOUR + 1)
        ]
        assert statuses[-1] == 429
        assert SurveyResponse.objects.count() == surveys.ANSWERS_PER_ADDRESS_PER_HOUR


class TestResults:
    def test_results_after_answering_with_chart_and_table(self, client, survey):
        answer(client, survey)
        response = client.get("/survey/results/", **HOST)
        html = response.content.decode()
        assert response.status_code == 200
        assert "共收到有效答卷 <strong>1</strong> 份" in html
        assert "<svg" in html and 'role="img"' in html
        assert "<td>1</td><td>100%</td>" in html
        assert "平均 4.0 分" in html
        assert "希望报销" not in html  # text answers are not published

    def test_results_hidden_before_answering_while_open(self, client, survey):
        response = client.get("/survey/results/", **HOST)
        assert response.status_code == 403
        assert "参与调查后或调查结束后可以查看结果" in response.content.decode()

    def test_private_results_are_never_shown(self, client, site_group):
        make_survey(site_group["b"].home_page, slug="private", days_open=(-10, -1), results_public=False)
        response = client.get("/private/results/", **HOST)
        assert response.status_code == 403
        assert "结果不公开" in response.content.decode()

    def test_closed_public_survey_shows_results_to_everyone(self, client, site_group):
        make_survey(site_group["b"].home_page, slug="old", days_open=(-10, -1))
        assert client.get("/old/results/", **HOST).status_code == 200
