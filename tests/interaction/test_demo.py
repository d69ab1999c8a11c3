"""The demo content of 政民互动: surveys with answers, consultations with comments and a summary, e-forms."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from interaction.demo import CIVIL_AFFAIRS_CODE, build_demo_interaction
from interaction.models import CommentStatus, ConsultationPage, EFormPage, SurveyPage
from interaction.services import surveys
from sitegroup.models import OrganisationKind
from tests.builders import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_sites():
    portal = make_organisation("丹徒区人民政府", "localhost", kind=OrganisationKind.PORTAL)
    civil = make_organisation("丹徒区民政局", "mz.localhost", code=CIVIL_AFFAIRS_CODE)
    build_demo_interaction(portal.site, OrganisationKind.PORTAL)
    build_demo_interaction(civil.site, OrganisationKind.DEPARTMENT)
    return portal, civil


def test_portal_has_an_open_and_a_closed_survey_with_answers(demo_sites, client):
    states = {survey.title: (survey.state(), survey.responses.count()) for survey in SurveyPage.objects.all()}
    assert states["丹徒区政务服务满意度网上调查"][0] == "open"
    assert states["区政府网站政务公开栏目使用情况调查"] == ("closed", 128)
    closed = SurveyPage.objects.get(slug="wangzhan-lanmu-diaocha")
    total, results = surveys.results(closed)
    assert total == 128 and results[0].rows[0][1] > 0
    assert client.get("/wangzhan-lanmu-diaocha/results/").status_code == 200


def test_consultations_with_comments_and_a_published_summary(demo_sites, client):
    summary = ConsultationPage.objects.get(slug="zhengwu-gongkai-zhengqiu-yijian")
    assert summary.summary_published and not summary.is_open()
    assert summary.comments.filter(status=CommentStatus.APPROVED).exclude(adoption="").count() == 5
    html = client.get("/zhengwu-gongkai-zhengqiu-yijian/").content.decode()
    assert "意见采纳情况" in html and "广告" not in html
    open_one = ConsultationPage.objects.get(slug="dibao-banfa-zhengqiu-yijian")
    assert open_one.is_open()
    assert open_one.comments.filter(status=CommentStatus.PENDING).count() == 1
    page = client.get("/dibao-banfa-zhengqiu-yijian/", HTTP_HOST="mz.localhost").content.decode()
    assert "提交意见" in page and "在外务工人员收入" in page


def test_eforms_with_submissions_on_portal_and_subsite(demo_sites):
    counts = {page.slug: FormSubmission.objects.filter(page=page).count() for page in EFormPage.objects.all()}
    assert counts == {"zhengfu-kaifangri-baoming": 4, "yanglao-zhiyuanzhe-baoming": 3}
    first = FormSubmission.objects.filter(page__slug="zhengfu-kaifangri-baoming").order_by("submit_time").first()
    assert first.get_data()["xing_ming"] == "陈建国"
