"""电子监察's admin pages through the test client, as each role: the dashboard with filters and 督办
with a deadline, the department's 督办 and follow-ups, the log with XLSX export, statistics with
XLSX export; constant SQL queries per page whatever the number of cases."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.services import requests as disclosure
from sitegroup.models import LogType, RatingFollowUp, SupervisionLogEntry, SupervisionNotice
from sitegroup.services import case_supervision, cases
from tests.sitegroup.supervision_builders import request

pytestmark = pytest.mark.django_db
DASHBOARD = "sitegroup_case_supervision"


def overdue(site_group, key="b", days=60):
    return request(site_group[key].organisation, timezone.localdate() - timedelta(days=days))


class TestDashboard:
    def test_red_warning_and_a_notice_with_a_chosen_deadline(self, client, site_group):
        late = overdue(site_group)
        client.force_login(site_group["users"]["supervision"])
        body = client.get(reverse(DASHBOARD)).content.decode()
        assert late.lookup_code in body and "红色预警：已超期" in body and "反馈期限" in body
        response = client.post(
            reverse(DASHBOARD), {"kind": "disclosure.request", "case": late.pk, "note": "请两日内办结", "due_days": "2"}
        )
        assert response.status_code == 302
        notice = SupervisionNotice.objects.get()
        assert notice.due_on == cases.calendar().add(timezone.localdate(), 2)
        body = client.get(reverse(DASHBOARD)).content.decode()
        assert "待反馈的督办" in body and f"{notice.due_on:%Y-%m-%d} 前反馈" in body

    def test_filters_by_organisation_and_level(self, client, site_group):
        late_b, late_a = overdue(site_group, "b"), overdue(site_group, "a")
        soon = request(site_group["b"].organisation, timezone.localdate() - timedelta(days=25))
        client.force_login(site_group["users"]["supervision"])
        url = reverse(DASHBOARD)
        body = client.get(url, {"organisation": site_group["a"].organisation.pk}).content.decode()
        assert late_a.lookup_code in body and late_b.lookup_code not in body
        body = client.get(url, {"level": "red", "kind": "disclosure.request"}).content.decode()
        assert late_a.lookup_code in body and late_b.lookup_code in body
        if soon.due_on >= timezone.localdate():
            assert soon.lookup_code not in body

    def test_a_bad_filter_is_400_in_chinese(self, client, site_group):
        client.force_login(site_group["users"]["supervision"])
        response = client.get(reverse(DASHBOARD), {"level": "purple"})
        assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()

    def test_a_notice_without_text_is_refused(self, client, site_group):
        late = overdue(site_group)
        client.force_login(site_group["users"]["supervision"])
        response = client.post(reverse(DASHBOARD), {"kind": "disclosure.request", "case": late.pk, "note": ""})
        assert response.status_code == 400 and not SupervisionNotice.objects.exists()

    def test_departments_cannot_see_it(self, client, site_group):
        client.force_login(site_group["users"]["b_site_admin"])
        assert client.get(reverse(DASHBOARD)).status_code in (302, 403)
        assert client.get(reverse("sitegroup_supervision_log")).status_code in (302, 403)


class TestDepartment:
    def test_the_handler_answers_a_notice_and_the_supervisor_reads_it_in_the_log(self, client, site_group):
        late = overdue(site_group)
        cases.urge(late, site_group["users"]["supervision"], note="请说明超期原因", on=date(2026, 11, 2))
        notice = SupervisionNotice.objects.get()
        client.force_login(site_group["users"]["a_handler"])
        assert late.lookup_code not in client.get(reverse("sitegroup_supervision_tasks")).content.decode()
        assert client.get(reverse("sitegroup_supervision_notice", args=[notice.pk])).status_code == 404
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(reverse("sitegroup_supervision_tasks")).content.decode()
        assert late.lookup_code in body and "已逾期" in body  # due 2026-11-05, long past
        url = reverse("sitegroup_supervision_notice", args=[notice.pk])
        assert client.post(url, {"answer-answer": ""}).status_code == 400
        assert client.post(url, {"answer-answer": "已于今日作出答复"}).status_code == 302
        client.force_login(site_group["users"]["supervision"])
        body = client.get(reverse("sitegroup_supervision_log"), {"type": LogType.ANSWER}).content.decode()
        assert "已于今日作出答复" in body and late.lookup_code in body

    def test_the_follow_up_pages(self, client, site_group, django_capture_on_commit_callbacks):
        made = request(site_group["b"].organisation, date(2026, 11, 20))
        disclosure.answer(made, site_group["users"]["b_handler"], reply_type="disclosed")
        cases.rate(made, 1, "没有解决问题")
        follow_up = RatingFollowUp.objects.get()
        url = reverse("sitegroup_follow_up", args=[follow_up.pk])
        client.force_login(site_group["users"]["a_site_admin"])
        assert client.get(url).status_code == 404
        client.force_login(site_group["users"]["b_site_admin"])
        assert "没有解决问题" in client.get(reverse("sitegroup_supervision_tasks")).content.decode()
        assert client.post(url, {"action": "close", "close-rectification": "x", "close-reply": "y"}).status_code == 400
        assert client.post(url, {"action": "contact", "contact-result": "已电话回访"}).status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, {"action": "close", "close-rectification": "补充答复", "close-reply": "已补充答复"}
            )
        assert response.status_code == 302
        follow_up.refresh_from_db()
        assert follow_up.is_closed

    def test_the_case_page_panel_shows_the_notice(self, site_group):
        from django.template import Context, Template

        late = overdue(site_group)
        cases.urge(late, site_group["users"]["supervision"], note="请说明超期原因", on=date(2026, 11, 2))
        html = Template("{% load sitegroup_supervision %}{% case_supervision_panel case %}").render(
            Context({"case": late})
        )
        assert "请说明超期原因" in html and "反馈期限已过" in html

    def test_an_editor_has_no_tasks(self, client, site_group):
        client.force_login(site_group["users"]["b_editor"])
        assert client.get(reverse("sitegroup_supervision_tasks")).status_code in (302, 403)


class TestExports:
    def test_the_log_exports_to_xlsx(self, client, site_group):
        late = overdue(site_group)
        case_supervision.record_warnings()
        client.force_login(site_group["users"]["supervision"])
        response = client.get(reverse("sitegroup_supervision_log"), {"type": "red", "export": "xlsx"})
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[0] == ("时间", "类型", "业务", "查询码", "机构", "操作人", "内容")
        assert [row[1:5] for row in rows[1:]] == [("红色预警", "政府信息公开申请", late.lookup_code, "测试县民政局")]

    def test_the_log_rejects_a_reversed_range(self, client, site_group):
        client.force_login(site_group["users"]["supervision"])
        response = client.get(reverse("sitegroup_supervision_log"), {"start": "2026-12-01", "end": "2026-11-01"})
        assert response.status_code == 400 and "开始日期不能晚于结束日期" in response.content.decode()

    def test_statistics_export_and_page(self, client, site_group):
        today = timezone.localdate()
        overdue(site_group, days=0)  # received today: in this month
        client.force_login(site_group["users"]["supervision"])
        url = reverse("sitegroup_supervision_statistics")
        body = client.get(url, {"year": today.year, "month": today.month}).content.decode()
        assert "绩效考核排名" in body and "计分办法" in body and "测试县民政局" in body
        response = client.get(url, {"year": today.year, "month": today.month, "export": "xlsx"})
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[0][:4] == ("机构", "业务", "事项", "受理")
        assert any(row[0] == "测试县民政局" and row[1] == "政府信息公开申请" and row[3] == 1 for row in rows)
        assert client.get(url, {"year": "abc"}).status_code == 400
        default = client.get(url, {"export": "xlsx"})  # the page's own link before any choice: this month
        assert default.status_code == 200 and default["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_a_site_admin_sees_only_own_statistics(self, client, site_group):
        client.force_login(site_group["users"]["b_site_admin"])
        body = client.get(reverse("sitegroup_supervision_statistics")).content.decode()
        assert "测试县民政局" in body and "测试县教育局" not in body
        client.force_login(site_group["users"]["b_handler"])
        assert client.get(reverse("sitegroup_supervision_statistics")).status_code in (302, 403)


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", [DASHBOARD, "sitegroup_supervision_statistics", "sitegroup_supervision_log", "sitegroup_supervision_tasks"]
)
def test_constant_queries_at_10_and_50_cases(client, site_group, url):
    supervisor = site_group["users"]["supervision"]

    def add(number):
        for index in range(number):
            made = overdue(site_group, "a" if index % 2 else "b", days=40 + index % 7)
            if index % 5 == 0:
                cases.urge(made, supervisor, note="请办理")
        case_supervision.record_warnings()

    client.force_login(supervisor)
    add(10)
    few = _queries(client, reverse(url))
    add(40)
    assert SupervisionLogEntry.objects.count() >= 50
    assert _queries(client, reverse(url)) == few


def _menu(client) -> str:
    return client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_menus_lead_each_role_to_its_pages(client, site_group):
    tasks, statistics = reverse("sitegroup_supervision_tasks"), reverse("sitegroup_supervision_statistics")
    client.force_login(site_group["users"]["b_handler"])
    menu = _menu(client)
    assert tasks in menu and statistics not in menu
    client.force_login(site_group["users"]["b_site_admin"])
    assert statistics in _menu(client)
    client.force_login(site_group["users"]["b_editor"])
    assert tasks not in _menu(client)
    client.force_login(site_group["users"]["supervision"])
    body = client.get(reverse(DASHBOARD)).content.decode()
    for label in ("督办与差评回访", "统计与绩效考核", "监察日志"):
        assert label in body
