"""The handlers' screens: queue, a message with its actions, attachments; the supervision dashboard
over every case kind with 督办; the outbox. Through the test client, as each role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.models import ChannelKind, Message, MessageChannel, MessageState
from interaction.provisioning import ensure_interaction
from interaction.services import messages as services
from sitegroup.models import Notification

pytestmark = pytest.mark.django_db

LETTER = {"title": "危房改造补助标准", "body": "我家是土坯房，请问补助标准？", "name": "王建华", "phone": "13812340000"}


@pytest.fixture
def letters(site_group, django_capture_on_commit_callbacks):
    for key in ("portal", "a", "b"):
        ensure_interaction(site_group[key].organisation)
    channel = MessageChannel.objects.get(organisation=site_group["portal"].organisation, kind=ChannelKind.CONSULTATION)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.submit(channel, {**LETTER, "department": site_group["b"].organisation}, client_ip="10.3.0.1")
        old = services.submit(
            channel,
            {**LETTER, "title": "路灯不亮", "department": site_group["a"].organisation},
            client_ip="10.3.0.2",
            today=today - timedelta(days=30),
        )
        triage = services.submit(channel, LETTER, client_ip="10.3.0.3")
    return {"fresh": fresh, "old": old, "triage": triage}


def detail(message):
    return reverse("interaction_message_detail", args=[message.pk])


class TestQueue:
    def test_a_handler_sees_own_organisation_masked_with_warnings(self, client, site_group, letters):
        client.force_login(site_group["users"]["a_handler"])
        body = client.get(reverse("interaction_messages")).content.decode()
        assert letters["old"].lookup_code in body and letters["fresh"].lookup_code not in body
        assert "已超期" in body and "王*" in body and "138****0000" in body and "13812340000" not in body

    def test_an_editor_has_no_queue(self, client, site_group, letters):
        client.force_login(site_group["users"]["b_editor"])
        assert client.get(reverse("interaction_messages")).status_code in (302, 403)
        assert client.get(detail(letters["fresh"])).status_code == 404


class TestPersonalDataViews:
    def _looks(self, message):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import ModelLogEntry

        return ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Message),
            object_id=str(message.pk),
            action="sitegroup.case.personal_data",
        )

    def test_the_handler_sees_the_writer_in_full_and_the_look_is_logged(self, client, site_group, letters):
        message = letters["fresh"]
        client.force_login(site_group["users"]["b_handler"])
        assert "13812340000" in client.get(detail(message)).content.decode()
        (look,) = self._looks(message)
        assert look.user == site_group["users"]["b_handler"] and "phone" in look.data["fields"]

    def test_supervision_sees_the_writer_masked_and_nothing_is_logged(self, client, site_group, letters):
        client.force_login(site_group["users"]["supervision"])
        body = client.get(detail(letters["fresh"])).content.decode()
        assert "138****0000" in body and "13812340000" not in body
        assert not self._looks(letters["fresh"]).exists()

    def test_opening_an_attachment_is_logged(self, client, site_group, letters):
        from django.core.files.base import ContentFile

        from interaction.models import MessageAttachment

        message = letters["fresh"]
        attachment = MessageAttachment(message=message, original_name="房屋照片.pdf", content_type="application/pdf")
        attachment.size = 20
        attachment.file.save("house.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        client.force_login(site_group["users"]["b_handler"])
        response = client.get(reverse("interaction_message_attachment", args=[message.pk, attachment.pk]))
        assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
        assert self._looks(message).filter(data__fields=["attachments"]).count() == 1


class TestHandlingThroughTheForms:
    def test_reply_then_review_then_published(self, client, site_group, letters):
        message = letters["fresh"]
        client.force_login(site_group["users"]["b_handler"])
        page = client.get(detail(message)).content.decode()
        assert "13812340000" in page and "提交答复" in page and "审核通过" not in page
        response = client.post(detail(message), {"action": "reply", "reply-text": "按农村危房改造政策分类补助。"})
        assert response.status_code == 302
        client.force_login(site_group["users"]["b_reviewer"])
        assert "审核通过" in client.get(detail(message)).content.decode()
        client.post(detail(message), {"action": "approve", "approve-note": ""})
        message.refresh_from_db()
        assert message.state == MessageState.PUBLISHED

    def test_transfer_moves_it_out_of_the_queue(self, client, site_group, letters):
        message = letters["fresh"]
        client.force_login(site_group["users"]["b_handler"])
        response = client.post(
            detail(message),
            {"action": "transfer", "transfer-organisation": site_group["a"].organisation.pk, "transfer-reason": "错投"},
        )
        assert response.status_code == 302 and response["Location"] == reverse("interaction_messages")
        assert client.get(detail(message)).status_code == 404  # now 教育局's

    def test_an_unavailable_action_is_400_and_changes_nothing(self, client, site_group, letters):
        client.force_login(site_group["users"]["b_handler"])
        response = client.post(detail(letters["fresh"]), {"action": "publish"})
        assert response.status_code == 400
        assert Message.objects.get(pk=letters["fresh"].pk).state == MessageState.HANDLING

    def test_an_empty_reply_is_refused_in_chinese(self, client, site_group, letters):
        client.force_login(site_group["users"]["b_handler"])
        response = client.post(detail(letters["fresh"]), {"action": "reply", "reply-text": "  "})
        assert response.status_code == 400 and "请填写答复内容" in response.content.decode()


class TestSupervisionAndOutbox:
    def test_supervision_sees_overdue_messages_of_every_department_and_urges(self, client, site_group, letters):
        client.force_login(site_group["users"]["supervision"])
        url = reverse("sitegroup_case_supervision")
        body = client.get(url).content.decode()
        assert "测试县教育局" in body and letters["old"].lookup_code in body and "红色预警" in body
        response = client.post(url, {"kind": "interaction.message", "case": letters["old"].pk, "note": "请三日内答复"})
        assert response.status_code == 302
        old = Message.objects.get(pk=letters["old"].pk)
        assert old.escalated_on == timezone.localdate()
        assert old.events.filter(action="督办", note="请三日内答复").exists()

    def test_organisation_users_cannot_see_supervision(self, client, site_group, letters):
        client.force_login(site_group["users"]["b_site_admin"])
        assert client.get(reverse("sitegroup_case_supervision")).status_code in (302, 403)

    def test_the_outbox_holds_the_notices_masked(self, client, site_group, letters):
        assert Notification.objects.filter(case_kind="interaction.message").count() == 3
        client.force_login(site_group["users"]["b_handler"])
        body = client.get(reverse("sitegroup_case_outbox")).content.decode()
        assert "138****0000" in body and "13812340000" not in body and "已存入发件箱" in body


def test_a_reply_template_fills_the_box_and_sends_nothing(client, site_group, letters):
    from interaction.models import ReplyTemplate

    template = ReplyTemplate.objects.create(title="已受理", text="{姓名}：您好！“{标题}”已收悉，{单位}正在核实。")
    message = letters["fresh"]
    client.force_login(site_group["users"]["b_handler"])
    response = client.post(detail(message), {"action": "reply", "reply-template": template.pk, "reply-text": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "王先生/女士：您好！“危房改造补助标准”已收悉，测试县民政局正在核实。" in body
    assert Message.objects.get(pk=message.pk).state == MessageState.HANDLING
