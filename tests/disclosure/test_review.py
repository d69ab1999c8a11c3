"""保密审查: the workflow step, its approval record and the printable 公开审批表."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from disclosure.models import ConfidentialityReview, DisclosureItemPage, ReviewDecision
from sitegroup.models import SensitiveWord, SensitiveWordLevel
from tests.disclosure.builders import make_disclosure_column, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(site_group):
    catalogue = make_disclosure_column(site_group["a"].home_page)
    editor = site_group["users"]["a_editor"]
    item = make_item(catalogue, "关于公布2026年义务教育学校招生范围的通告", publish=False, user=editor)
    item = DisclosureItemPage.objects.get(pk=item.pk)
    state = item.get_workflow().start(item, editor)
    return item, state


def act(client, user, item, action, **data):
    client.force_login(user)
    task_state = WorkflowState.objects.get(pk=item.current_workflow_state.pk).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[item.pk, action, task_state.pk])
    return client.post(url, data, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


class TestWorkflow:
    def test_item_waits_for_the_confidentiality_review(self, submitted):
        item, state = submitted
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.current_task_state.task.specific.__class__.__name__ == "ConfidentialityReviewTask"
        assert not DisclosureItemPage.objects.get(pk=item.pk).live

    def test_editor_cannot_review(self, client, site_group, submitted):
        item, _ = submitted
        act(client, site_group["users"]["a_editor"], item, "approve", attribute="proactive", comment="自己通过")
        assert not ConfidentialityReview.objects.exists()
        assert not DisclosureItemPage.objects.get(pk=item.pk).live

    def test_other_organisation_reviewer_cannot_review(self, client, site_group, submitted):
        item, _ = submitted
        response = act(client, site_group["users"]["b_reviewer"], item, "approve", attribute="proactive", comment="x")
        assert response.status_code in (302, 403)
        assert not ConfidentialityReview.objects.exists()

    def test_approval_publishes_and_records(self, client, site_group, submitted):
        item, _ = submitted
        reviewer = site_group["users"]["a_reviewer"]
        act(
            client,
            reviewer,
            item,
            "approve",
            attribute="proactive",
            comment="不涉及国家秘密、工作秘密和个人隐私，同意主动公开。",
        )
        item = DisclosureItemPage.objects.get(pk=item.pk)
        assert item.live and item.index_number
        record = ConfidentialityReview.objects.get(page=item)
        assert record.decision == ReviewDecision.APPROVED
        assert record.attribute == "proactive"
        assert record.reviewer == reviewer
        assert record.drafted_by == site_group["users"]["a_editor"].get_username()

    def test_an_opinion_is_required(self, client, site_group, submitted):
        item, _ = submitted
        response = act(client, site_group["users"]["a_reviewer"], item, "approve", attribute="proactive", comment="")
        assert response.status_code == 200 and "必需字段" in response.json()["html"]
        assert not ConfidentialityReview.objects.exists()
        assert not DisclosureItemPage.objects.get(pk=item.pk).live

    def test_rejection_records_the_attribute_and_sends_back(self, client, site_group, submitted):
        item, state = submitted
        act(
            client,
            site_group["users"]["a_reviewer"],
            item,
            "reject",
            attribute="withheld",
            comment="含学生个人信息，不予公开。",
        )
        record = ConfidentialityReview.objects.get(page=item)
        assert record.decision == ReviewDecision.REJECTED and record.get_attribute_display() == "不予公开"
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert not DisclosureItemPage.objects.get(pk=item.pk).live

    def test_sensitive_words_are_checked_first(self, site_group):
        SensitiveWord.objects.create(word="绝密文件", level=SensitiveWordLevel.BLOCK)
        catalogue = make_disclosure_column(site_group["b"].home_page)
        editor = site_group["users"]["b_editor"]
        item = make_item(catalogue, "通知", publish=False, user=editor, summary="附绝密文件一份")
        item = DisclosureItemPage.objects.get(pk=item.pk)
        state = item.get_workflow().start(item, editor)
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


class TestPrintableRecord:
    @pytest.fixture
    def record(self, client, site_group, submitted):
        item, _ = submitted
        act(client, site_group["users"]["a_reviewer"], item, "approve", attribute="proactive", comment="同意主动公开。")
        return ConfidentialityReview.objects.get()

    def test_print_view_shows_the_form(self, client, site_group, record):
        client.force_login(site_group["users"]["a_site_admin"])
        body = client.get(reverse("disclosure_review_print", args=[record.pk])).content.decode()
        for text in (
            "政府信息公开审批表",
            record.title,
            "主动公开",
            "同意主动公开。",
            record.reviewer_name,
            record.page.index_number,
        ):
            assert text in body

    def test_listing_and_print_are_closed_to_other_organisations(self, client, site_group, record):
        client.force_login(site_group["users"]["b_site_admin"])
        assert client.get(reverse("disclosure_review_print", args=[record.pk])).status_code == 404
        assert record.title not in client.get(reverse("disclosure_reviews")).content.decode()

    def test_supervision_sees_every_organisation(self, client, site_group, record):
        client.force_login(site_group["users"]["supervision"])
        assert record.title in client.get(reverse("disclosure_reviews")).content.decode()


class TestNoWayAround:
    """Nothing of a disclosure item reaches the public without 保密审查."""

    def test_reviewers_hold_no_publish_permission_yet_their_review_publishes(self, client, site_group, submitted):
        item, _ = submitted
        reviewer = site_group["users"]["a_reviewer"]
        assert not item.permissions_for_user(reviewer).can_publish()
        act(client, reviewer, item, "approve", attribute="proactive", comment="同意主动公开。")
        assert DisclosureItemPage.objects.get(pk=item.pk).live

    def test_platform_admin_cannot_emergency_publish_a_disclosure_item(self, client, site_group):
        catalogue = make_disclosure_column(site_group["a"].home_page)
        item = make_item(catalogue, "不经审查的条目", publish=False)
        admin = site_group["users"]["admin"]
        client.force_login(admin)
        edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk])).content.decode()
        assert "紧急发布" not in edit_page and 'name="action-publish"' not in edit_page

        from sitegroup.services import editorial

        with pytest.raises(editorial.PublishRefused, match="保密审查"):
            editorial.emergency_publish(item, item.get_latest_revision(), user=admin, reason="急需公开")
        assert not DisclosureItemPage.objects.get(pk=item.pk).live

    def test_mask_level_words_in_the_body_are_masked_when_the_review_publishes(
        self, client, site_group, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="赌博", level=SensitiveWordLevel.MASK)
        catalogue = make_disclosure_column(site_group["a"].home_page)
        editor = site_group["users"]["a_editor"]
        item = make_item(
            catalogue, "关于开展专项整治的通告", publish=False, user=editor, body="<p>严厉打击<b>赌博</b>。</p>"
        )
        item = DisclosureItemPage.objects.get(pk=item.pk)
        item.get_workflow().start(item, editor)
        act(client, site_group["users"]["a_reviewer"], item, "approve", attribute="proactive", comment="同意。")
        item = DisclosureItemPage.objects.get(pk=item.pk)
        assert item.live and item.body == "<p>严厉打击<b>＊＊</b>。</p>"
