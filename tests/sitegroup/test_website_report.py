"""政府网站工作年度报表: figures computed from built data, hand entries, publication, public page and XLSX."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from interaction.models import ChannelKind, MessageChannel, SurveyResponse
from interaction.services import messages as message_services
from interviews.models import Question, QuestionState
from services_column.models import ApplicantKind, OnlineDepth
from services_column.services import applications as application_services
from sitegroup.models import ArticlePage, PageViewDaily, SiteSettings, WebsiteReportStatus
from sitegroup.services import website_report
from tests.builders import make_article, make_column
from tests.disclosure.builders import make_disclosure_column
from tests.disclosure.builders import make_item as make_disclosure_item
from tests.interaction.builders import make_consultation, make_survey
from tests.interviews.builders import make_interview
from tests.services_column.application_builders import CREDIT_CODE, PERSON_ID, make_item, pdf

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
LAST_YEAR_DAY = date(YEAR - 1, 6, 1)


def apply(item, kind, id_number):
    required = [material for material in item.materials.all() if material.is_required]
    data = {
        "applicant_kind": kind,
        "name": "王秀兰" if kind == ApplicantKind.PERSON else "测试县某某有限公司",
        "id_number": id_number,
        "phone": "13912345678",
        "email": "",
        "address": "测试县城关镇幸福路8号",
        "field_values": {"家庭人口数": "3", "申请理由": "家庭困难"},
    }
    if kind == ApplicantKind.LEGAL_PERSON:
        data["legal_representative"] = "张三"
    return application_services.submit(
        item, data, materials=[(m, pdf()) for m in required], client_ip="198.51.100.9", today=timezone.localdate()
    )


def write_message(organisation, received):
    from interaction.provisioning import ensure_interaction

    ensure_interaction(organisation)
    channel = MessageChannel.objects.get(organisation=organisation, kind=ChannelKind.CONSULTATION)
    return message_services.submit(
        channel,
        {
            "title": "低保申请需要哪些材料",
            "body": "请问申请低保需要准备哪些材料？",
            "name": "李秀英",
            "phone": "13912345678",
            "email": "",
            "wants_public": True,
        },
        client_ip="10.1.0.7",
        today=received,
    )


@pytest.fixture
def built(site_group):
    """民政局 (b) with a year of data in every app, and some of last year's that must not count."""
    b = site_group["b"]
    organisation, home = b.organisation, b.home_page
    settings = SiteSettings.for_site(b.site)
    settings.site_id_code, settings.icp_number = "3211000001", "苏ICP备12345678号"
    settings.police_record_number, settings.sponsor = "苏公网安备 32110002000001号", "测试县民政局"
    settings.save()
    # articles: the fixture's news article + one notice; 2 interpretations; 1 overview; 1 of last year
    notices = make_column(home, "通知公告", "notices", "notice")
    make_article(notices, "关于开展冬季救助工作的通知")
    interpretation = make_column(home, "政策解读", "jd", "interpretation")
    make_article(interpretation, "图解：最低生活保障新规")
    make_article(interpretation, "一图读懂临时救助")
    make_article(make_column(home, "机构概况", "jggk", "other"), "民政局主要职能")
    old = make_article(site_group["columns"]["b"], "去年的动态")
    ArticlePage.objects.filter(pk=old.pk).update(first_published_at=timezone.now().replace(year=YEAR - 1))
    make_article(make_column(home, "冬季救助专题", "zt", "topic"), "专题稿件")
    make_article(make_column(site_group["a"].home_page, "教育局动态", "jy", "news"), "别的机构的稿件")
    # visits
    PageViewDaily.objects.create(page=home, site=b.site, day=date(YEAR, 1, 2), views=10)
    PageViewDaily.objects.create(page=home, site=b.site, day=date(YEAR, 3, 4), views=5)
    PageViewDaily.objects.create(page=home, site=b.site, day=LAST_YEAR_DAY, views=100)
    # disclosure
    make_disclosure_item(make_disclosure_column(home), "关于调整最低生活保障标准的通知")
    # services: two items (one fully online), applications by a person and a legal person
    online = make_item(home, "最低生活保障审批")
    make_item(home, "临时救助审批", online_depth=OnlineDepth.APPLICATION)
    apply(online, ApplicantKind.PERSON, PERSON_ID)
    apply(online, ApplicantKind.PERSON, PERSON_ID)
    apply(online, ApplicantKind.LEGAL_PERSON, CREDIT_CODE)
    # messages: two this year (one concluded after 4 days and published), one last year
    today = timezone.localdate()
    first = write_message(organisation, today - timedelta(days=10))
    write_message(organisation, today - timedelta(days=5))
    write_message(organisation, LAST_YEAR_DAY)
    type(first).objects.filter(pk=first.pk).update(
        concluded_on=today - timedelta(days=6), published_on=today - timedelta(days=6)
    )
    # a survey with results and 2 responses, a consultation without a published summary
    survey = make_survey(home)
    for _ in range(2):
        SurveyResponse.objects.create(survey=survey, respondent_key=f"key-{_}", answers={})
    make_consultation(home)
    # an interview with 3 questions, 1 answered
    interview = make_interview(organisation, starts_at=timezone.now().replace(month=6, day=1))
    for state in (QuestionState.ANSWERED, QuestionState.APPROVED, QuestionState.PENDING):
        Question.objects.create(interview=interview, text="今年招生有什么变化？", state=state)
    return b


class TestComputedFigures:
    def test_every_app_contributes_its_rows_for_the_organisation_and_year(self, built):
        figures = website_report.computed_figures(built.organisation, YEAR)
        assert figures["site_name"] and figures["home_url"] == "http://b.localhost/"
        assert figures["sponsor"] == "测试县民政局" and figures["site_type"] == "部门网站"
        assert figures["site_id_code"] == "3211000001"
        assert figures["total_visits"] == 15
        assert (figures["info_news"], figures["info_overview"], figures["info_disclosure"]) == (2, 1, 1)
        assert figures["info_total"] == 4
        assert (figures["special_maintained"], figures["special_new"]) == (1, 1)
        assert figures["interpretation_total"] == 2
        assert (figures["service_items"], figures["service_items_online"]) == (2, 1)
        assert figures["service_catalogue_published"] is True
        assert (figures["applications_total"], figures["applications_person"]) == (3, 2)
        assert figures["applications_legal_person"] == 1
        assert (figures["messages_received"], figures["messages_concluded"]) == (2, 1)
        assert figures["messages_average_days"] == "4.0" and figures["messages_published"] == 1
        assert (figures["surveys_held"], figures["opinions_received"], figures["survey_results_published"]) == (2, 2, 1)
        assert (figures["interviews_held"], figures["interview_questions"], figures["interview_answered"]) == (1, 3, 1)
        assert "unique_visitors" not in figures and "security_checks" not in figures

    def test_last_year_has_only_last_years_data(self, built):
        figures = website_report.computed_figures(built.organisation, YEAR - 1)
        assert figures["total_visits"] == 100
        assert figures["messages_received"] == 1 and figures["info_news"] == 1


class TestEntriesAndPublication:
    def test_hand_entries_checked_saved_published_and_frozen(self, built, site_group):
        admin = site_group["users"]["b_site_admin"]
        report = website_report.get_report(built.organisation, YEAR)
        with pytest.raises(ValidationError) as error:
            website_report.save_entries(admin, report, {"unique_visitors": "很多", "security_drills": "也许"})
        assert "整数" in str(error.value) and "是" in str(error.value)
        report.refresh_from_db()
        assert report.entered == {}
        website_report.save_entries(
            admin,
            report,
            {"unique_visitors": "12000", "security_drills": "yes", "total_visits": "999999", "filler_name": "周敏"},
        )
        report.refresh_from_db()
        assert report.entered == {"unique_visitors": 12000, "security_drills": True, "filler_name": "周敏"}
        website_report.publish(admin, report)
        values = report.published_values["values"]
        assert report.status == WebsiteReportStatus.PUBLISHED
        assert values["unique_visitors"] == 12000 and values["total_visits"] == 15
        PageViewDaily.objects.create(page=built.home_page, site=built.site, day=date(YEAR, 5, 5), views=7)
        report.refresh_from_db()
        assert report.published_values["values"]["total_visits"] == 15  # frozen until published again

    def test_publication_needs_the_site_facts(self, site_group):
        report = website_report.get_report(site_group["a"].organisation, YEAR)
        with pytest.raises(ValidationError) as error:
            website_report.publish(site_group["users"]["a_site_admin"], report)
        assert "政府网站标识码" in str(error.value)

    @pytest.mark.parametrize("user_key", ["a_site_admin", "b_editor", "b_reviewer", "b_handler"])
    def test_only_the_organisations_site_admins_enter_and_publish(self, built, site_group, user_key):
        report = website_report.get_report(built.organisation, YEAR)
        with pytest.raises(PermissionDenied):
            website_report.save_entries(site_group["users"][user_key], report, {"unique_visitors": "1"})
        with pytest.raises(PermissionDenied):
            website_report.publish(site_group["users"][user_key], report)


class TestScreens:
    def test_site_admin_fills_publishes_and_the_public_reads_and_downloads(self, built, site_group, client):
        client.force_login(site_group["users"]["b_site_admin"])
        edit_url = reverse("sitegroup_website_report_edit", args=[built.organisation.pk, YEAR])
        bad = client.post(edit_url, {"unique_visitors": "-3"})
        assert bad.status_code == 400 and "不小于 0 的整数" in bad.content.decode()
        client.post(edit_url, {"unique_visitors": "12000", "security_checks": "4", "filler_unit": "测试县民政局"})
        page = client.get(edit_url).content.decode()
        assert "平台统计" in page and 'value="12000"' in page
        public_url = reverse("sitegroup_website_report", args=[YEAR])
        client.logout()
        assert client.get(public_url, HTTP_HOST="b.localhost").status_code == 404  # not yet published
        client.force_login(site_group["users"]["b_site_admin"])
        client.post(reverse("sitegroup_website_report_publish", args=[built.organisation.pk, YEAR]))
        client.logout()
        response = client.get(public_url, HTTP_HOST="b.localhost")
        content = response.content.decode()
        assert response.status_code == 200
        assert f"测试县民政局{YEAR}年度政府网站工作年度报表" in content
        assert '<th scope="row">独立用户访问总量</th><td>12000 个</td>' in content
        assert '<th scope="row">网站总访问量</th><td>15 次</td>' in content
        assert client.get(public_url, HTTP_HOST="a.localhost").status_code == 404  # another site
        assert (
            f"{YEAR}年度" in client.get(reverse("sitegroup_website_reports"), HTTP_HOST="b.localhost").content.decode()
        )
        download = client.get(reverse("sitegroup_website_report_xlsx", args=[YEAR]), HTTP_HOST="b.localhost")
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(download.content)).active
        rows = {row[1]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert sheet["A1"].value == f"测试县民政局{YEAR}年度政府网站工作年度报表"
        assert "A1:D1" in {str(merged) for merged in sheet.merged_cells.ranges}
        assert rows["独立用户访问总量"] == 12000 and rows["网站总访问量"] == 15
        assert rows["其中：法人办件量"] == 1 and rows["安全检测评估次数"] == 4
        assert rows["留言办理：平均办理时间"] == "4.0"

    def test_other_organisations_admin_is_refused(self, built, site_group, client):
        client.force_login(site_group["users"]["a_site_admin"])
        url = reverse("sitegroup_website_report_edit", args=[built.organisation.pk, YEAR])
        assert client.get(url).status_code in (302, 403)
        assert client.post(
            reverse("sitegroup_website_report_publish", args=[built.organisation.pk, YEAR])
        ).status_code in (302, 403)


class TestPublicQueries:
    def test_the_published_page_reads_its_snapshot_in_a_few_queries(
        self, built, site_group, client, django_assert_max_num_queries
    ):
        report = website_report.get_report(built.organisation, YEAR)
        website_report.publish(site_group["users"]["b_site_admin"], report)
        client.get(reverse("sitegroup_website_report", args=[YEAR]), HTTP_HOST="b.localhost")  # warm caches
        with django_assert_max_num_queries(12):
            response = client.get(reverse("sitegroup_website_report", args=[YEAR]), HTTP_HOST="b.localhost")
        assert response.status_code == 200
