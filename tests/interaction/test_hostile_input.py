"""Hostile input on every public form of 政民互动: a clear 4xx, never a 5xx, never markup reflected or
stored, nothing stored from a refused request."""

import pytest
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from interaction.models import ConsultationComment, SurveyResponse
from tests.citizen_input import captcha_answer
from tests.interaction.builders import make_consultation, make_eform, make_survey

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "b.localhost"}
MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
QUERY_SYNTAX = "' OR 1=1 -- ; DROP TABLE interaction_surveyresponse; {{7*7}} ${jndi:ldap://x} %s%n"


@pytest.fixture
def forms(site_group):
    home = site_group["b"].home_page
    survey = make_survey(home)
    make_consultation(home)
    make_eform(home)
    text_question = f"q{list(survey.questions.all())[3].pk}"
    first_question = f"q{list(survey.questions.all())[0].pk}"
    rating_question = f"q{list(survey.questions.all())[2].pk}"
    return {
        "survey": ("/survey/", "/survey/", {first_question: "城乡居民医保", rating_question: "3"}, text_question),
        "comment": ("/consultation/", "/consultation/comment/", {}, "body"),
        "eform": ("/signup/", "/signup/", {"xing_ming": "张三", "can_jia_chang_ci": "上午场"}, "bei_zhu"),
    }


def nothing_stored():
    return not (
        SurveyResponse.objects.exists() or ConsultationComment.objects.exists() or FormSubmission.objects.exists()
    )


def post_with_captcha(client, form_url, post_url, data):
    page = client.get(form_url, **HOST).content.decode()
    return client.post(post_url, {**data, **captcha_answer(page)}, REMOTE_ADDR="198.51.100.9", **HOST)


KINDS = ["survey", "comment", "eform"]


@pytest.mark.parametrize("kind", KINDS)
class TestHostileInput:
    def test_markup_is_neither_reflected_nor_stored(self, client, forms, kind):
        form_url, post_url, base, text_field = forms[kind]
        # invalid submission (no captcha): the markup comes back escaped, never live
        refused = client.post(post_url, {**base, text_field: MARKUP}, **HOST)
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        # valid submission: stored as plain text
        accepted = post_with_captcha(client, form_url, post_url, {**base, text_field: "意见" + MARKUP})
        assert accepted.status_code in (200, 302)
        stored = str(
            list(SurveyResponse.objects.values_list("answers", flat=True))
            + list(ConsultationComment.objects.values_list("body", "public_body"))
            + list(FormSubmission.objects.values_list("form_data", flat=True))
        )
        assert "<script" not in stored and "<img" not in stored and "意见" in stored

    def test_query_syntax_is_just_text(self, client, forms, kind):
        form_url, post_url, base, text_field = forms[kind]
        response = post_with_captcha(client, form_url, post_url, {**base, text_field: QUERY_SYNTAX})
        assert response.status_code in (200, 302)
        assert (
            SurveyResponse.objects.count() + ConsultationComment.objects.count() + FormSubmission.objects.count() == 1
        )

    def test_huge_value_is_refused_with_a_length_message(self, client, forms, kind):
        form_url, post_url, base, text_field = forms[kind]
        response = post_with_captcha(client, form_url, post_url, {**base, text_field: "危房改造" * 5000})
        assert response.status_code == 400
        assert "最多" in response.content.decode()
        assert nothing_stored()

    def test_null_and_control_characters_never_crash(self, client, forms, kind):
        form_url, post_url, base, text_field = forms[kind]
        response = post_with_captcha(client, form_url, post_url, {**base, text_field: "低保\x00\x1b[31m申请\x7f"})
        assert response.status_code in (200, 302, 400)
        stored = str(
            list(ConsultationComment.objects.values_list("body", flat=True))
            + list(FormSubmission.objects.values_list("form_data", flat=True))
            + list(SurveyResponse.objects.values_list("answers", flat=True))
        )
        assert "\x00" not in stored and "\x1b" not in stored

    @pytest.mark.parametrize("charset", ["gbk", "utf-16", "no-such-charset"])
    def test_other_encodings_get_an_answer_not_a_crash(self, client, forms, kind, charset):
        _form_url, post_url, _base, text_field = forms[kind]
        body = f"{text_field}=%D5%C5%C8%FD%FF%FE".encode()
        response = client.generic(
            "POST", post_url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}", **HOST
        )
        assert 400 <= response.status_code < 500
        assert nothing_stored()

    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    def test_wrong_methods_are_405(self, client, forms, kind, method):
        _form_url, post_url, base, _text_field = forms[kind]
        response = getattr(client, method)(post_url, **HOST)
        assert response.status_code == 405
        assert "不支持" in response.content.decode()

    def test_missing_csrf_token_is_403_in_chinese(self, forms, kind):
        form_url, post_url, base, text_field = forms[kind]
        strict = Client(enforce_csrf_checks=True)
        page = strict.get(form_url, **HOST).content.decode()
        response = strict.post(post_url, {**base, text_field: "意见", **captcha_answer(page)}, **HOST)
        assert response.status_code == 403
        assert "Forbidden" not in response.content.decode()
        assert nothing_stored()


def test_survey_results_take_no_post(client, forms):
    assert client.post("/survey/results/", {}, **HOST).status_code == 405


def test_unknown_question_fields_are_ignored(client, forms):
    form_url, post_url, base, _ = forms["survey"]
    response = post_with_captcha(client, form_url, post_url, {**base, "q999999": ["<b>x</b>"] * 500})
    assert response.status_code == 302
    assert all("999999" not in answers for answers in SurveyResponse.objects.values_list("answers", flat=True))
