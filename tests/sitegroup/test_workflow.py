"""Editorial workflow: nothing reaches the public except through it.

Sensitive-word check, then the organisation's reviewers, whose approval publishes (or schedules);
no organisation role can publish, unpublish, move live pages, publish copies or bulk publish; a
platform admin's emergency publish needs a reason and is audit-logged with it.
"""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry, TaskState, Workflow, WorkflowState, WorkflowTask
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from sitegroup.models import ArticlePage, Role, SensitiveWord, SensitiveWordCheckTask
from sitegroup.services.provisioning import provision_subsite
from tests.builders import make_article

ORGANISATION_ROLES = ["a_editor", "a_reviewer", "a_site_admin", "a_handler", "portal_editor"]


def _draft(site_group, title="新建稿件", body_text="全面推进政务公开工作。", user=None, **extra):
    body = [{"type": "paragraph", "value": f"<p>{body_text}</p>"}]
    return make_article(site_group["columns"]["a"], title, publish=False, body=body, user=user, **extra)


def _submit(page, user):
    page = ArticlePage.objects.get(pk=page.pk)
    return page.get_workflow().start(page, user)


def _approve_over_http(client, user, page):
    """The reviewer's 批准 from the dashboard (workflow action view), as the admin posts it."""
    page = ArticlePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )


def edit_form(page, *, title=None, body_html="<p>全面推进政务公开工作。</p>", table=None, summary="", **extra):
    """What the article edit form posts (the fields an editor sees)."""
    blocks = [("paragraph", rich_text(body_html))]
    if table is not None:
        blocks.append(
            (
                "table",
                json.dumps(
                    {"data": table, "table_header_choice": "neither"},
                    ensure_ascii=False,
                ),
            )
        )
    data = nested_form_data(
        {
            "title": title or page.title,
            "slug": page.slug,
            "subtitle": "",
            "source": "区政府办公室",
            "author": "",
            "publish_time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "summary": summary,
            "body": streamfield(blocks),
            "attachments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


@pytest.mark.django_db
class TestNoRoleCanPublish:
    @pytest.mark.parametrize("username", ORGANISATION_ROLES)
    def test_no_publish_unpublish_or_move_of_live_pages(self, site_group, username):
        user = site_group["users"][username]
        column = site_group["columns"]["portal" if username == "portal_editor" else "a"]
        live = column.get_children().live().first().specific
        draft = make_article(column, "待审核稿件", publish=False)
        perms = live.permissions_for_user(user)
        assert not perms.can_publish() and not perms.can_unpublish() and not perms.can_move()
        assert not perms.can_delete() and not perms.can_set_view_restrictions()
        assert not draft.permissions_for_user(user).can_publish()
        assert not column.permissions_for_user(user).can_publish_subpage()

    def test_reviewer_sees_no_publish_button_and_a_posted_publish_only_saves(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_reviewer"])
        body = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert 'name="action-publish"' not in body and "紧急发布" not in body
        client.post(f"/admin/pages/{page.pk}/edit/", edit_form(page, **{"action-publish": "action-publish"}))
        page.refresh_from_db()
        assert not page.live and not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()

    def test_editor_publish_action_through_the_admin_is_refused(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        client.post(f"/admin/pages/{page.pk}/edit/", edit_form(page, **{"action-publish": "action-publish"}))
        page.refresh_from_db()
        assert not page.live

    def test_provisioning_again_takes_back_a_publish_permission(self, site_group):
        from django.contrib.auth.models import Permission

        a = site_group["a"]
        reviewers = a.groups[Role.REVIEWER]
        GroupPagePermission.objects.create(
            group=reviewers, page=a.home_page, permission=Permission.objects.get(codename="publish_page")
        )
        assert _draft(site_group).permissions_for_user(site_group["users"]["a_reviewer"]).can_publish()
        provision_subsite(a.organisation)
        assert not GroupPagePermission.objects.filter(group=reviewers, permission__codename="publish_page").exists()

    def test_bulk_publish_is_refused_even_to_a_platform_admin(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["admin"])
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
        response = client.post(url, {"include_descendants": ""}, follow=True)
        page.refresh_from_db()
        assert not page.live
        assert "批量发布已停用" in response.content.decode()

    def test_copies_are_drafts_even_for_a_platform_admin(self, client, site_group):
        live = site_group["columns"]["a"].get_children().live().first()
        client.force_login(site_group["users"]["admin"])
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=[live.pk]),
            {
                "new_title": "复制的稿件",
                "new_slug": "copied",
                "new_parent_page": live.get_parent().pk,
                "copy_subpages": "",
                "publish_copies": "on",
            },
            follow=True,
        )
        assert "不能直接发布" in response.content.decode()
        assert not ArticlePage.objects.filter(slug="copied").exists()


@pytest.mark.django_db
class TestEmergencyPublish:
    def test_platform_admin_sees_emergency_publish_with_a_reason_field(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["admin"])
        body = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "紧急发布…" in body and 'name="emergency_publish_reason"' in body

    def test_without_a_reason_nothing_is_published(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["admin"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(page, **{"action-publish": "action-publish", "emergency_publish_reason": "  "}),
        )
        assert response.status_code == 200 and "紧急发布须填写理由" in response.content.decode()
        page.refresh_from_db()
        assert not page.live

    def test_with_a_reason_it_is_published_and_the_reason_logged(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["admin"])
        client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(
                page, **{"action-publish": "action-publish", "emergency_publish_reason": "汛期紧急通知，夜间无审核员"}
            ),
        )
        page.refresh_from_db()
        assert page.live
        entry = PageLogEntry.objects.get(page=page, action="sitegroup.emergency_publish")
        assert entry.data["reason"] == "汛期紧急通知，夜间无审核员" and entry.user == site_group["users"]["admin"]
        history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
        assert "汛期紧急通知，夜间无审核员" in history

    def test_emergency_publish_refuses_a_block_level_word(self, client, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="代开发票", level=3)
        page = _draft(site_group)
        client.force_login(site_group["users"]["admin"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(
                page,
                body_html="<p>本店可代开发票。</p>",
                **{"action-publish": "action-publish", "emergency_publish_reason": "紧急"},
            ),
        )
        assert "代开发票" in response.content.decode()
        page.refresh_from_db()
        assert not page.live


@pytest.mark.django_db
class TestApprovalPublishes:
    def test_one_approval_by_a_reviewer_without_publish_permission_publishes(self, client, site_group):
        page = _draft(site_group)
        _submit(page, site_group["users"]["a_editor"])
        reviewer = site_group["users"]["a_reviewer"]
        assert not page.permissions_for_user(reviewer).can_publish()
        _approve_over_http(client, reviewer, page)
        page.refresh_from_db()
        assert page.live
        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions

    def test_editors_go_live_time_is_kept_after_approval(self, client, site_group):
        go_live = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
        page = _draft(site_group, title="定时发布的通知", go_live_at=go_live)
        _submit(page, site_group["users"]["a_editor"])
        _approve_over_http(client, site_group["users"]["a_reviewer"], page)
        page.refresh_from_db()
        assert not page.live
        assert page.get_latest_revision().approved_go_live_at == go_live
        with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=1)):
            call_command("publish_scheduled")
        page.refresh_from_db()
        assert page.live

    def test_other_organisations_reviewer_cannot_approve(self, client, site_group):
        page = _draft(site_group)
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        task = state.current_task_state.task.specific
        assert not task.get_actions(page, site_group["users"]["b_reviewer"])
        _approve_over_http(client, site_group["users"]["b_reviewer"], page)
        page.refresh_from_db()
        assert not page.live


@pytest.mark.django_db
class TestSensitiveWordTask:
    @pytest.fixture(autouse=True)
    def words(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="代开发票", level=3)
            SensitiveWord.objects.create(word="办证", level=2)
            SensitiveWord.objects.create(word="赌博", level=1)

    def test_clean_article_passes_the_check_and_waits_for_reviewers(self, site_group):
        state = _submit(_draft(site_group), site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.specific.__class__.__name__ == "GroupApprovalTask"
        first = state.task_states.order_by("started_at", "id").first()
        assert first.status == TaskState.STATUS_APPROVED and "自动检查通过" in first.comment

    def test_block_level_word_sends_the_article_back_naming_where(self, site_group):
        page = _draft(site_group, body_text="本店可代 开·發票，欢迎联系。")
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        rejected = state.task_states.get(status=TaskState.STATUS_REJECTED)
        assert "代开发票" in rejected.comment and "正文第1段" in rejected.comment

    def test_review_level_word_needs_one_approval(self, client, site_group):
        page = _draft(site_group, title="关于集中办证服务的通知")
        state = _submit(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        check = state.task_states.order_by("started_at", "id").first()
        assert check.status == TaskState.STATUS_APPROVED and "办证" in check.comment and "标题" in check.comment
        _approve_over_http(client, site_group["users"]["a_reviewer"], page)
        page.refresh_from_db()
        assert page.live
        approvals = TaskState.objects.filter(workflow_state=state, finished_by=site_group["users"]["a_reviewer"])
        assert approvals.count() == 1

    def test_review_level_word_waits_when_no_reviewer_task_follows(self, site_group):
        check = SensitiveWordCheckTask.objects.create(name="仅敏感词检查")
        check.groups.set([site_group["a"].groups[Role.REVIEWER]])
        workflow = Workflow.objects.create(name="只有检查的流程")
        WorkflowTask.objects.create(workflow=workflow, task=check, sort_order=0)
        page = ArticlePage.objects.get(pk=_draft(site_group, title="集中办证").pk)
        state = workflow.start(page, site_group["users"]["a_editor"])
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.specific == check and "办证" in state.current_task_state.comment

    def test_reviewer_sees_the_flagged_words_highlighted(self, client, site_group):
        page = _draft(site_group, title="关于集中办证服务的通知", body_text="严禁赌博。")
        _submit(page, site_group["users"]["a_editor"])
        client.force_login(site_group["users"]["a_reviewer"])
        body = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "关于集中<mark>办证</mark>服务的通知" in body and "人工审核" in body
        assert "严禁<mark>赌博</mark>。" in body
        client.force_login(site_group["users"]["b_reviewer"])
        assert "<mark>办证</mark>" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    def test_mask_level_words_are_masked_in_what_is_published(self, client, site_group):
        page = make_article(
            site_group["columns"]["a"],
            "打击赌博专项行动",
            publish=False,
            summary="严厉打击赌 博活动。",
            body=[
                {"type": "paragraph", "value": "<p>网络<b>赌</b>博危害大，<a href='/x/'>举报赌博</a>。</p>"},
                {"type": "table", "value": {"data": [["类别", "数量"], ["赌博案件", "3"]]}},
            ],
        )
        _submit(page, site_group["users"]["a_editor"])
        _approve_over_http(client, site_group["users"]["a_reviewer"], page)
        page = ArticlePage.objects.get(pk=page.pk)
        assert page.live
        assert page.title == "打击＊＊专项行动" and page.draft_title == "打击＊＊专项行动"
        assert page.summary == "严厉打击＊＊＊活动。"
        assert page.body[0].value.source == "<p>网络<b>＊</b>＊危害大，<a href='/x/'>举报＊＊</a>。</p>"
        assert page.body[1].value["data"][1][0] == "＊＊案件"
        assert "赌博" not in client.get(page.url, HTTP_HOST="a.localhost").content.decode()
        entry = PageLogEntry.objects.get(page=page, action="sitegroup.mask_sensitive_words")
        assert entry.data["words"] == ["赌博"] and "标题" in entry.data["places"]
        assert page.live_revision == page.get_latest_revision()


@pytest.mark.django_db
class TestEditorFeedback:
    """What the editor sees on the edit page when the text holds listed words."""

    @pytest.fixture(autouse=True)
    def words(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="代开发票", level=3)
            SensitiveWord.objects.create(word="赌博", level=1)

    def test_block_level_word_is_named_with_field_and_context_and_nothing_is_submitted(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(
                page,
                title="关于代开发票的提醒",
                body_html="<p>第一段。</p>",
                table=[["项目", "说明"], ["服务", "本店可代开 发票"]],
                **{"action-submit": "action-submit"},
            ),
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "稿件含禁止发布的敏感词，未提交审核" in body and "请删除或替换后重新提交" in body
        assert "关于【代开发票】的提醒" in body  # the title field, in context
        assert "正文第2块（表格）" in body and "本店可【代开 发票】" in body
        assert "已提交" not in body and "submitted" not in body
        assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()

    def test_a_draft_with_a_block_level_word_is_saved_with_a_warning(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/", edit_form(page, body_html="<p>本店可代开发票。</p>"), follow=True
        )
        body = response.content.decode()
        assert "草稿已保存，但含禁止发布的敏感词" in body and "本店可<mark>代开发票</mark>。" in body
        assert "代开发票" in ArticlePage.objects.get(pk=page.pk).get_latest_revision().as_object().body[0].value.source

    def test_editor_is_told_which_words_will_be_masked(self, client, site_group):
        page = _draft(site_group)
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(page, body_html="<p>严禁赌博。</p>", **{"action-submit": "action-submit"}),
            follow=True,
        )
        body = response.content.decode()
        assert "以下词语发布时将以＊替换" in body and "严禁<mark>赌博</mark>。" in body
        assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS

    def test_reviewer_cannot_approve_edits_that_add_a_block_level_word(self, client, site_group):
        page = _draft(site_group)
        _submit(page, site_group["users"]["a_editor"])
        client.force_login(site_group["users"]["a_reviewer"])
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(
                page,
                body_html="<p>本店可代开发票。</p>",
                **{"action-workflow-action": "true", "workflow-action-name": "approve"},
            ),
        )
        assert "代开发票" in response.content.decode()
        page.refresh_from_db()
        assert not page.live


@pytest.mark.django_db
def test_every_article_of_an_organisation_uses_its_workflow(site_group):
    page = _draft(site_group)
    assert page.get_workflow() == site_group["a"].workflow
    b_page = make_article(site_group["columns"]["b"], "民政局稿件", publish=False)
    assert b_page.get_workflow() == site_group["b"].workflow


@pytest.mark.django_db
def test_the_data_migration_takes_publishing_away_from_existing_groups(site_group):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission

    publish = Permission.objects.get(codename="publish_page")
    a = site_group["a"]
    for role in (Role.REVIEWER, Role.SITE_ADMIN):
        GroupPagePermission.objects.create(group=a.groups[role], page=a.home_page, permission=publish)
    import_module("sitegroup.migrations.0005_no_direct_publishing").withhold_publishing(apps, None)
    assert not GroupPagePermission.objects.filter(permission=publish).exists()
    assert not _draft(site_group).permissions_for_user(site_group["users"]["a_site_admin"]).can_publish()
