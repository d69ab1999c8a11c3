"""Editorial workflow: automatic sensitive-word check, then the organisation's reviewers."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from sitegroup.models import ArticlePage, SensitiveWord
from tests.builders import make_article


def _draft(site_group, title="新建稿件", body_text="全面推进政务公开工作。", user=None):
    body = [{"type": "paragraph", "value": f"<p>{body_text}</p>"}]
    return make_article(site_group["columns"]["a"], title, publish=False, body=body, user=user)


def _submit(page, user):
    page = ArticlePage.objects.get(pk=page.pk)
    return page.get_workflow().start(page, user)


@pytest.mark.django_db
class TestEditorCannotPublish:
    def test_editor_has_no_publish_permission(self, site_group):
        page = _draft(site_group)
        editor = site_group["users"]["a_editor"]
        assert not page.permissions_for_user(editor).can_publish()
        assert page.permissions_for_user(site_group["users"]["a_reviewer"]).can_publish()

    def test_editor_publish_action_through_the_admin_is_refused(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        client.post(
            f"/admin/pages/{page.pk}/edit/",
            {
                "title": page.title,
                "slug": page.slug,
                "action-publish": "publish",
                "publish_time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                "body-count": "0",
                "attachments-TOTAL_FORMS": "0",
                "attachments-INITIAL_FORMS": "0",
            },
        )
        page.refresh_from_db()
        assert not page.live


@pytest.mark.django_db
class TestSensitiveWordTask:
    def test_clean_article_passes_the_check_and_waits_for_reviewers(self, site_group):
        page = _draft(site_group)
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.specific.__class__.__name__ == "GroupApprovalTask"
        first = state.task_states.order_by("started_at", "id").first()
        assert first.status == TaskState.STATUS_APPROVED and "自动检查通过" in first.comment

    def test_block_level_word_sends_the_article_back(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="代开发票", level=3)
        page = _draft(site_group, body_text="本店可代 开·發票，欢迎联系。")
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        rejected = state.task_states.get(status=TaskState.STATUS_REJECTED)
        assert "代开发票" in rejected.comment

    def test_review_level_word_holds_for_the_reviewers_with_the_words_named(
        self, site_group, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="办证", level=2)
        page = _draft(site_group, title="关于集中办证服务的通知")
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        current = state.current_task_state
        assert current.status == TaskState.STATUS_IN_PROGRESS and "办证" in current.comment
        task = current.task.specific
        assert task.get_actions(page, site_group["users"]["a_reviewer"])
        assert not task.get_actions(page, site_group["users"]["a_editor"])
        assert not task.get_actions(page, site_group["users"]["b_reviewer"])

    def test_reviewer_approval_publishes(self, site_group):
        page = _draft(site_group)
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        reviewer = site_group["users"]["a_reviewer"]
        state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve")
        page.refresh_from_db()
        assert page.live
        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions

    def test_other_organisations_reviewer_cannot_approve(self, site_group):
        page = _draft(site_group)
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        task = state.current_task_state.task.specific
        assert not task.get_actions(page, site_group["users"]["b_reviewer"])
        assert not task.get_task_states_user_can_moderate(site_group["users"]["b_reviewer"]).exists()


@pytest.mark.django_db
def test_scheduled_publishing_goes_live_at_its_time(site_group):
    page = _draft(site_group, title="定时发布的通知")
    revision = page.save_revision(user=site_group["users"]["a_reviewer"])
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


@pytest.mark.django_db
def test_every_article_of_an_organisation_uses_its_workflow(site_group):
    page = _draft(site_group)
    assert page.get_workflow() == site_group["a"].workflow
    b_page = make_article(site_group["columns"]["b"], "民政局稿件", publish=False)
    assert b_page.get_workflow() == site_group["b"].workflow
