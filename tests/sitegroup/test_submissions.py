import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from sitegroup.models import Submission, SubmissionState
from sitegroup.services import submissions
from tests.builders import make_article, make_column

SUBMIT = "/admin/sitegroup/pages/{}/submit/"
REVIEW = "/admin/sitegroup/submissions/review/"
MINE = "/admin/sitegroup/submissions/mine/"
STATISTICS = "/admin/sitegroup/submissions/statistics/"
DENIED = (302, 403)  # the admin sends a user without permission back to the dashboard


@pytest.fixture
def group(site_group):
    target = make_column(site_group["portal"].home_page, "部门动态", "bmdt")
    target.accepts_submissions = True
    target.save_revision().publish()
    article = site_group["columns"]["a"].get_children().live().first().specific
    return {**site_group, "target": target, "article": article}


def submit(client, group, user="a_editor", article=None):
    client.force_login(group["users"][user])
    article = article or group["article"]
    return client.post(SUBMIT.format(article.pk), {"column": group["target"].pk, "note": "请予采用"})


@pytest.mark.django_db
class TestSubmitting:
    def test_a_department_editor_submits_an_own_live_article(self, client, group):
        response = submit(client, group)
        assert response.status_code == 302
        submission = Submission.objects.get()
        assert submission.state == SubmissionState.PENDING
        assert submission.organisation == group["a"].organisation
        assert PageLogEntry.objects.filter(page=group["article"], action="sitegroup.submission_submit").exists()
        assert "待审核" in client.get(MINE).content.decode()

    def test_other_departments_articles_cannot_be_submitted(self, client, group):
        assert submit(client, group, user="b_editor").status_code in DENIED
        assert submit(client, group, user="portal_editor").status_code in DENIED
        assert not Submission.objects.exists()

    def test_a_draft_cannot_be_submitted(self, client, group):
        draft = make_article(group["columns"]["a"], "未发布稿件", publish=False)
        assert submit(client, group, article=draft).status_code in DENIED

    def test_only_columns_that_accept_submissions_are_offered(self, client, group):
        client.force_login(group["users"]["a_editor"])
        response = client.post(SUBMIT.format(group["article"].pk), {"column": group["columns"]["portal"].pk})
        assert response.status_code == 400
        assert "所选栏目不接受信息报送" in response.content.decode()

    def test_a_second_submission_to_the_same_column_is_refused(self, client, group):
        submit(client, group)
        response = submit(client, group)
        assert response.status_code == 400
        assert "请勿重复报送" in response.content.decode()
        assert Submission.objects.count() == 1

    def test_the_submit_button_shows_on_own_live_articles_only(self, client, group):
        client.force_login(group["users"]["a_editor"])
        page = client.get(f"/admin/pages/{group['article'].pk}/edit/").content.decode()
        assert "报送到门户" in page
        client.force_login(group["users"]["b_editor"])
        other = make_article(group["columns"]["b"], "民政稿件")
        assert "报送到门户" in client.get(f"/admin/pages/{other.pk}/edit/").content.decode()
        assert client.get(f"/admin/pages/{group['article'].pk}/edit/").status_code in (302, 403)


@pytest.mark.django_db
class TestReviewing:
    def test_only_portal_editors_review(self, client, group):
        submit(client, group)
        client.force_login(group["users"]["a_site_admin"])
        assert client.get(REVIEW).status_code in DENIED
        pk = Submission.objects.get().pk
        assert client.post(REVIEW, {"submission": pk, "action": "accept"}).status_code in DENIED
        assert Submission.objects.get().state == SubmissionState.PENDING

    def test_reject_needs_a_reason_and_the_submitter_sees_it(self, client, group):
        group["users"]["a_editor"].email = "editor@example.com"
        group["users"]["a_editor"].save()
        submit(client, group)
        pk = Submission.objects.get().pk
        client.force_login(group["users"]["portal_editor"])
        assert "待审核（1）" in client.get(REVIEW).content.decode()
        response = client.post(REVIEW, {"submission": pk, "action": "reject", f"s{pk}-reason": ""})
        assert response.status_code == 400
        assert "请填写未采用原因" in response.content.decode()
        assert Submission.objects.get().state == SubmissionState.PENDING
        response = client.post(REVIEW, {"submission": pk, "action": "reject", f"s{pk}-reason": "内容与栏目定位不符"})
        assert response.status_code == 302
        submission = Submission.objects.get()
        assert (submission.state, submission.reason) == (SubmissionState.REJECTED, "内容与栏目定位不符")
        client.force_login(group["users"]["a_editor"])
        mine = client.get(MINE).content.decode()
        assert "未采用" in mine and "内容与栏目定位不符" in mine

    def test_outcome_mail_goes_to_the_submitter(self, group, django_capture_on_commit_callbacks):
        editor = group["users"]["a_editor"]
        editor.email = "editor@example.com"
        editor.save()
        submission = submissions.submit(group["article"], group["target"], editor)
        with django_capture_on_commit_callbacks(execute=True):
            submissions.accept(submission, group["users"]["portal_editor"])
        assert mail.outbox[-1].to == ["editor@example.com"]
        assert "已采用" in mail.outbox[-1].subject

    def test_a_handled_submission_cannot_be_reviewed_again(self, client, group):
        submit(client, group)
        pk = Submission.objects.get().pk
        client.force_login(group["users"]["portal_editor"])
        client.post(REVIEW, {"submission": pk, "action": "accept"})
        response = client.post(REVIEW, {"submission": pk, "action": "reject", f"s{pk}-reason": "重复"})
        assert response.status_code == 400
        assert Submission.objects.get().state == SubmissionState.ACCEPTED


@pytest.fixture
def accepted(group):
    submission = submissions.submit(group["article"], group["target"], group["users"]["a_editor"])
    submissions.accept(submission, group["users"]["portal_editor"])
    return submission


@pytest.mark.django_db
class TestOnThePortal:
    def test_an_accepted_submission_is_listed_with_its_source_and_reads_as_the_original(self, client, group, accepted):
        listing = client.get("/bmdt/", HTTP_HOST="localhost").content.decode()
        assert f'href="/bmdt/submissions/{accepted.pk}/"' in listing
        assert "来源：测试县教育局" in listing
        detail = client.get(f"/bmdt/submissions/{accepted.pk}/", HTTP_HOST="localhost").content.decode()
        original_url = group["article"].get_full_url()
        assert f'<link rel="canonical" href="{original_url}">' in detail
        assert f'href="{original_url}">查看原文（测试县教育局）' in detail
        assert "全面提高政务公开和政务服务水平" in detail

    def test_pending_and_rejected_submissions_are_not_on_the_portal(self, client, group):
        submission = submissions.submit(group["article"], group["target"], group["users"]["a_editor"])
        assert group["article"].title not in client.get("/bmdt/", HTTP_HOST="localhost").content.decode()
        path = f"/bmdt/submissions/{submission.pk}/"
        assert client.get(path, HTTP_HOST="localhost").status_code == 404

    def test_republishing_the_original_updates_the_portal(self, client, group, accepted):
        article = group["article"]
        article.title = "教育局工作动态（更新）"
        article.body = [{"type": "paragraph", "value": "<p>修订后的正文内容。</p>"}]
        article.save_revision().publish()
        assert "教育局工作动态（更新）" in client.get("/bmdt/", HTTP_HOST="localhost").content.decode()
        detail = client.get(f"/bmdt/submissions/{accepted.pk}/", HTTP_HOST="localhost").content.decode()
        assert "修订后的正文内容" in detail
        assert Submission.objects.get().synced_at is not None

    def test_unpublishing_the_original_withdraws_it(self, client, group, accepted):
        group["article"].unpublish()
        assert Submission.objects.get().state == SubmissionState.WITHDRAWN
        assert client.get(f"/bmdt/submissions/{accepted.pk}/", HTTP_HOST="localhost").status_code == 404
        assert "submissions/" not in client.get("/bmdt/", HTTP_HOST="localhost").content.decode()

    def test_listing_queries_do_not_grow_with_submissions(self, client, group, accepted):
        client.get("/bmdt/", HTTP_HOST="localhost")
        with CaptureQueriesContext(connection) as before:
            client.get("/bmdt/", HTTP_HOST="localhost")
        for number in range(10):
            article = make_article(group["columns"]["a"], f"教育动态{number}")
            submission = submissions.submit(article, group["target"], group["users"]["a_editor"])
            submissions.accept(submission, group["users"]["portal_editor"])
        with CaptureQueriesContext(connection) as after:
            html = client.get("/bmdt/", HTTP_HOST="localhost").content.decode()
        assert "教育动态9" in html
        assert len(after) <= len(before)


@pytest.mark.django_db
class TestStatistics:
    def _fill(self, group):
        editor_a, editor_b = group["users"]["a_editor"], group["users"]["b_editor"]
        portal = group["users"]["portal_editor"]
        for number in range(3):
            article = make_article(group["columns"]["a"], f"教育{number}")
            submission = submissions.submit(article, group["target"], editor_a)
            if number < 2:
                submissions.accept(submission, portal)
        for number in range(2):
            article = make_article(group["columns"]["b"], f"民政{number}")
            submission = submissions.submit(article, group["target"], editor_b)
            submissions.reject(submission, portal, "不符合要求") if number else submissions.accept(submission, portal)

    def test_counts_rates_and_ranking(self, group):
        self._fill(group)
        from django.utils import timezone

        today = timezone.localdate()
        figures = submissions.statistics(today.year, today.month)
        assert [(f.organisation.name, f.submitted, f.accepted, f.rate_label, f.rank) for f in figures] == [
            ("测试县教育局", 3, 2, "66.7%", 1),
            ("测试县民政局", 2, 1, "50.0%", 2),
        ]
        assert submissions.statistics(today.year - 1) == []

    def test_page_and_xlsx_export(self, client, group):
        self._fill(group)
        client.force_login(group["users"]["portal_editor"])
        page = client.get(STATISTICS).content.decode()
        assert "排名表" in page and "66.7%" in page and "<svg" in page
        from django.utils import timezone

        year = timezone.localdate().year
        response = client.get(STATISTICS, {"year": year, "month": "", "export": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("名次", "单位", "报送数", "采用数", "采用率")
        assert rows[1] == (1, "测试县教育局", 3, 2, 66.7)
        assert client.get(STATISTICS, {"year": "abc"}).status_code == 400

    def test_a_department_sees_only_its_own_row(self, client, group):
        self._fill(group)
        client.force_login(group["users"]["b_editor"])
        page = client.get(STATISTICS).content.decode()
        assert "测试县民政局" in page and "测试县教育局" not in page
        client.force_login(group["users"]["template_manager"])
        assert client.get(STATISTICS).status_code in DENIED
