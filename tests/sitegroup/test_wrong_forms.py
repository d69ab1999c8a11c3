"""错敏词: wrong forms with their correction, in the editorial workflow and its screens."""

import pytest
from wagtail.models import TaskState, WorkflowState

from sitegroup.models import ArticlePage, WrongForm, WrongFormLevel
from sitegroup.services import wrong_forms
from tests.builders import make_article
from tests.sitegroup.test_workflow import _draft, _submit, edit_form


@pytest.mark.django_db
class TestScanning:
    def test_seed_list_has_the_country_and_the_county(self):
        corrections = dict(WrongForm.objects.values_list("wrong", "correct"))
        assert corrections["中华人民共合国"] == "中华人民共和国"
        assert corrections["镇江市丹徒县"] == "镇江市丹徒区"

    def test_finds_a_wrong_form_through_separators_and_traditional_characters(self):
        findings = wrong_forms.scan_text("根据《中華人民 共合國憲法》规定", "正文第1段")
        assert [finding.message for finding in findings] == ["「中華人民 共合國」应为「中华人民共和国」（正文第1段）"]
        assert findings[0].is_blocking

    def test_overlapping_entries_report_only_the_longest(self):
        findings = wrong_forms.scan_text("丹徒县人民政府召开会议")
        assert [(finding.matched, finding.correct) for finding in findings] == [("丹徒县人民政府", "丹徒区人民政府")]

    def test_a_new_entry_is_used_after_it_is_saved(self, django_capture_on_commit_callbacks):
        assert wrong_forms.scan_text("区人口计生委发布通知") == []
        with django_capture_on_commit_callbacks(execute=True):
            WrongForm.objects.create(wrong="区人口计生委", correct="区卫生健康委员会", level=WrongFormLevel.WARN)
        assert [finding.correct for finding in wrong_forms.scan_text("区人口计生委发布通知")] == ["区卫生健康委员会"]

    def test_import_lines(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            count = wrong_forms.import_wrong_forms("区文广新局=区文体广电和旅游局\n无等号\n", level=WrongFormLevel.WARN)
        assert count == 1 and WrongForm.objects.get(wrong="区文广新局").correct == "区文体广电和旅游局"


@pytest.mark.django_db
class TestWorkflow:
    def test_block_level_wrong_form_sends_the_article_back_with_the_correction(self, site_group):
        page = _draft(site_group, body_text="遵守中华人民共合国法律。")
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        rejected = state.task_states.get(status=TaskState.STATUS_REJECTED)
        assert "「中华人民共合国」应为「中华人民共和国」（正文第1段）" in rejected.comment

    def test_warning_level_wrong_form_is_passed_to_the_reviewer(self, site_group):
        page = _draft(site_group, title="原区卫计委职能调整说明")
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        check = state.task_states.order_by("started_at", "id").first()
        assert "「区卫计委」应为「区卫健委」（标题）" in check.comment and "审核员确认" in check.comment

    def test_reviewer_sees_the_wrong_form_to_acknowledge(self, client, site_group):
        page = _draft(site_group, body_text="原丹徒县档案资料整理完毕。")
        _submit(page, site_group["users"]["a_editor"])
        client.force_login(site_group["users"]["a_reviewer"])
        body = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "本稿含错敏词" in body and "「丹徒县」应为「丹徒区」（正文第1段）" in body

    def test_editor_is_told_on_submitting(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(page, body_html="<p>原丹徒县档案。</p>", **{"action-submit": "action-submit"}),
            follow=True,
        )
        body = response.content.decode()
        assert "稿件含错敏词" in body and "「丹徒县」应为「丹徒区」" in body
        assert WorkflowState.objects.filter(object_id=str(page.pk)).exists()

    def test_block_level_wrong_form_is_refused_on_the_edit_form(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(page, body_html="<p>镇江市丹徒县人民政府。</p>", **{"action-submit": "action-submit"}),
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "稿件含必须改正的错敏词" in body and "「镇江市丹徒县」应为「镇江市丹徒区」" in body
        assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()

    def test_emergency_publish_refuses_a_block_level_wrong_form(self, site_group):
        from sitegroup.services import editorial

        page = make_article(site_group["columns"]["a"], "通知", publish=False, summary="中国人民共和国成立纪念")
        page = ArticlePage.objects.get(pk=page.pk)
        with pytest.raises(editorial.PublishRefused, match="应为「中华人民共和国」"):
            editorial.emergency_publish(
                page, page.get_latest_revision(), user=site_group["users"]["admin"], reason="紧急"
            )
