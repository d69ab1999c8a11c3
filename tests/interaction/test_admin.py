"""Admin of 政民互动: the moderation queue and survey exports, each limited to one's own organisation."""

import io

import pytest
from openpyxl import load_workbook

from interaction.models import Adoption, CommentStatus, ConsultationComment, SurveyResponse
from tests.interaction.builders import make_consultation, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(site_group):
    ours = make_consultation(site_group["b"].home_page)
    theirs = make_consultation(site_group["a"].home_page)
    return {
        "ours": ConsultationComment.objects.create(consultation=ours, body="民政局的意见", public_body="民政局的意见"),
        "theirs": ConsultationComment.objects.create(
            consultation=theirs, body="教育局的意见", public_body="教育局的意见"
        ),
    }


class TestCommentQueue:
    def test_editor_sees_only_own_organisations_comments(self, client, comments, site_group):
        client.force_login(site_group["users"]["b_editor"])
        html = client.get("/admin/interaction/comments/").content.decode()
        assert "民政局的意见" in html
        assert "教育局的意见" not in html

    def test_supervision_sees_every_organisation(self, client, comments, site_group):
        client.force_login(site_group["users"]["admin"])
        html = client.get("/admin/interaction/comments/").content.decode()
        assert "民政局的意见" in html and "教育局的意见" in html

    def test_approve_then_record_adoption(self, client, comments, site_group):
        client.force_login(site_group["users"]["b_editor"])
        ours = comments["ours"]
        response = client.post(f"/admin/interaction/comments/{ours.pk}/moderate/", {"action": "approve"})
        assert response.status_code == 302
        ours.refresh_from_db()
        assert ours.status == CommentStatus.APPROVED
        refused = client.post(f"/admin/interaction/comments/{ours.pk}/adoption/", {"adoption": "not_adopted"})
        assert refused.status_code == 302
        ours.refresh_from_db()
        assert ours.adoption == ""
        client.post(
            f"/admin/interaction/comments/{ours.pk}/adoption/",
            {"adoption": "partly", "adoption_reason": "标准由省里统一规定"},
        )
        ours.refresh_from_db()
        assert (ours.adoption, ours.adoption_reason) == (Adoption.PARTLY, "标准由省里统一规定")

    def test_another_organisations_comment_cannot_be_touched(self, client, comments, site_group):
        client.force_login(site_group["users"]["b_editor"])
        theirs = comments["theirs"]
        response = client.post(f"/admin/interaction/comments/{theirs.pk}/moderate/", {"action": "approve"})
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == CommentStatus.PENDING

    def test_moderation_needs_post(self, client, comments, site_group):
        client.force_login(site_group["users"]["b_editor"])
        assert client.get(f"/admin/interaction/comments/{comments['ours'].pk}/moderate/").status_code == 405


class TestSurveyExport:
    @pytest.fixture
    def survey(self, site_group):
        survey = make_survey(site_group["b"].home_page)
        questions = list(survey.questions.all())
        SurveyResponse.objects.create(
            survey=survey,
            respondent_key="k1",
            answers={
                str(questions[0].pk): "职工医保",
                str(questions[1].pk): ["医保报销", "缴费查询"],
                str(questions[2].pk): 5,
                str(questions[3].pk): '=HYPERLINK("http://x")',
            },
        )
        return survey

    def test_csv_has_chinese_headers_and_no_formula(self, client, survey, site_group):
        client.force_login(site_group["users"]["b_editor"])
        response = client.get(f"/admin/interaction/surveys/{survey.pk}/export.csv")
        text = response.content.decode("utf-8-sig")
        assert response.status_code == 200
        assert text.splitlines()[0].startswith("序号,提交时间,您参加的是哪种医保？")
        assert "医保报销；缴费查询" in text and "5分（很满意）" in text
        assert "'=HYPERLINK" in text

    def test_xlsx_opens_with_the_answers(self, client, survey, site_group):
        client.force_login(site_group["users"]["b_editor"])
        response = client.get(f"/admin/interaction/surveys/{survey.pk}/export.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][2] == "您参加的是哪种医保？"
        assert rows[1][2] == "职工医保"

    def test_another_organisations_survey_is_not_exported(self, client, survey, site_group):
        client.force_login(site_group["users"]["a_editor"])
        assert client.get(f"/admin/interaction/surveys/{survey.pk}/export.csv").status_code == 404
        assert survey.title not in client.get("/admin/interaction/surveys/").content.decode()
