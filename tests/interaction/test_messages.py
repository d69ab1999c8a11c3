"""Citizens' messages on the case core: routing, the clock, handling, publication, isolation."""

from datetime import date
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied

from interaction.models import ChannelKind, Message, MessageChannel, MessageState
from interaction.services import messages as services
from sitegroup.models import Notification
from sitegroup.services import cases
from sitegroup.services.cases import TransitionError

pytestmark = pytest.mark.django_db

_addresses = count(1)

LETTER = {
    "title": "低保申请需要哪些材料",
    "body": (
        "我母亲今年七十岁，独居，想申请低保，请问需要准备哪些材料？我的电话13912345678，身份证号32111219500101002X。"
    ),
    "name": "李秀英",
    "phone": "13912345678",
    "email": "",
    "wants_public": True,
}


def channel_of(site_group, key="portal", kind=ChannelKind.CONSULTATION):
    return MessageChannel.objects.get(organisation=site_group[key].organisation, kind=kind)


def write(site_group, *, key="portal", kind=ChannelKind.CONSULTATION, received=date(2026, 11, 27), **changes):
    data = {**LETTER, **changes}
    needs_review = data.pop("needs_review", False)
    return services.submit(
        channel_of(site_group, key, kind),
        data,
        needs_review=needs_review,
        client_ip=f"10.1.0.{next(_addresses)}",
        today=received,
    )


@pytest.fixture
def users(site_group):
    return site_group["users"]


@pytest.fixture(autouse=True)
def channels(site_group):
    """Every site's 政民互动 and default channels, as provisioning with a site template makes them."""
    from interaction.provisioning import ensure_interaction

    return {key: ensure_interaction(site_group[key].organisation) for key in ("portal", "a", "b")}


class TestSubmission:
    def test_goes_to_the_triage_desk_with_a_ten_digit_code_and_a_deadline(self, site_group):
        message = write(site_group)
        assert message.state == MessageState.TRIAGE
        assert message.organisation == site_group["portal"].organisation
        assert len(message.lookup_code) == 10 and message.lookup_code.isdigit()
        assert message.due_on == date(2026, 12, 4)  # 咨询: 5 working days from Friday 27 November

    def test_a_named_department_gets_it_directly(self, site_group):
        message = write(site_group, department=site_group["b"].organisation)
        assert message.state == MessageState.HANDLING and message.organisation == site_group["b"].organisation

    def test_review_level_words_hold_it(self, site_group):
        message = write(site_group, needs_review=True, department=site_group["b"].organisation)
        assert message.state == MessageState.HELD and message.organisation == site_group["portal"].organisation

    def test_the_writer_finds_it_with_code_and_phone_tail(self, site_group):
        message = write(site_group)
        assert services.find_for_writer(message.lookup_code, "5678", client_ip="10.9.9.9") == message
        assert services.find_for_writer(message.lookup_code, "0000", client_ip="10.9.9.9") is None
        assert services.find_for_writer("1234567890", "5678", client_ip="10.9.9.9") is None

    def test_complaints_have_seven_days_and_a_disabled_channel_refuses(self, site_group):
        complaint = write(site_group, kind=ChannelKind.COMPLAINT)
        assert complaint.due_on == date(2026, 12, 8)
        channel = channel_of(site_group)
        channel.is_active = False
        channel.save()
        with pytest.raises(TransitionError, match="停用"):
            write(site_group)


class TestHandling:
    def test_triage_assign_reply_review_publish_rate(self, site_group, users, django_capture_on_commit_callbacks):
        admin = users["admin"]
        with django_capture_on_commit_callbacks(execute=True):
            message = write(site_group)
            services.assign(message, admin, organisation=site_group["b"].organisation, on=date(2026, 11, 27))
            services.reply(
                message,
                users["b_handler"],
                text="请携带户口簿、身份证到镇民政办申请，电话13912345678。",
                on=date(2026, 12, 1),
            )
            assert message.state == MessageState.REVIEW
            with pytest.raises(PermissionDenied):
                services.approve(message, users["b_handler"])
            services.approve(message, users["b_reviewer"], on=date(2026, 12, 2))
        assert message.state == MessageState.PUBLISHED
        assert message.reply_organisation == site_group["b"].organisation
        assert message.working_days_taken == 2 and not message.was_late
        assert "13912345678" not in message.published_body + message.published_reply
        assert "32111219500101002X" not in message.published_body and "3211" in message.published_body
        notices = Notification.objects.filter(case_kind="interaction.message", case_id=message.pk)
        assert notices.filter(body__contains="已答复").exists()
        cases.rate(message, 5, "答复清楚")
        assert message.rating == 5

    def test_private_messages_are_answered_but_not_published(self, site_group, users):
        message = write(site_group, wants_public=False, department=site_group["b"].organisation)
        services.reply(message, users["b_handler"], text="已电话联系您。")
        services.approve(message, users["b_reviewer"])
        assert message.state == MessageState.ANSWERED and message.published_on is None
        with pytest.raises(TransitionError, match="不同意公开"):
            services.publish(message, users["b_reviewer"])

    def test_a_channel_without_review_concludes_on_reply(self, site_group, users):
        channel = channel_of(site_group, "b")
        channel.needs_review = False
        channel.save()
        message = write(site_group, key="b")
        services.assign(message, users["b_handler"], organisation=site_group["b"].organisation)
        services.reply(message, users["b_handler"], text="您好，已受理。")
        assert message.state == MessageState.PUBLISHED

    def test_transfer_says_when_it_was_late(self, site_group, users):
        message = write(site_group, department=site_group["a"].organisation, received=date(2026, 11, 23))
        services.transfer(
            message,
            users["a_handler"],
            organisation=site_group["b"].organisation,
            reason="属民政局职责",
            on=date(2026, 11, 26),
        )
        assert message.organisation == site_group["b"].organisation
        event = message.events.get(action="转办")
        assert "超过1个工作日转办" in event.note and "民政局" in event.public_note
        with pytest.raises(PermissionDenied):
            services.reply(message, users["a_handler"], text="越权答复")

    def test_one_extension_up_to_fifteen_days(self, site_group, users):
        message = write(site_group, department=site_group["b"].organisation)
        services.extend(message, users["b_handler"], approved_by="科长", reason="需实地核查", on=date(2026, 11, 30))
        assert message.due_on == date(2026, 12, 11)  # 5 + 5 working days
        with pytest.raises(TransitionError, match="只能延长一次"):
            services.extend(message, users["b_handler"], approved_by="科长", reason="再延", on=date(2026, 12, 1))

    def test_merge_a_duplicate_and_reject_abuse(self, site_group, users):
        original = write(site_group, department=site_group["b"].organisation)
        duplicate = write(site_group, department=site_group["b"].organisation)
        services.merge(duplicate, users["b_handler"], into_code=original.lookup_code)
        assert duplicate.state == MessageState.MERGED and duplicate.merged_into == original
        held = write(site_group, needs_review=True)
        services.reject(held, users["admin"], reason="内容与政务无关")
        assert held.state == MessageState.REJECTED

    def test_reply_with_a_block_word_is_refused(self, site_group, users):
        from sitegroup.models import SensitiveWord, SensitiveWordLevel

        SensitiveWord.objects.create(word="法轮功", level=SensitiveWordLevel.BLOCK)
        message = write(site_group, department=site_group["b"].organisation)
        with pytest.raises(TransitionError, match="法轮功"):
            services.reply(message, users["b_handler"], text="关于法轮功的问题")


class TestIsolationAndSupervision:
    def test_handlers_see_only_their_organisation(self, site_group, users):
        mine = write(site_group, department=site_group["b"].organisation)
        other = write(site_group, department=site_group["a"].organisation)
        assert list(services.handled_by(users["b_handler"])) == [mine]
        assert list(services.handled_by(users["a_handler"])) == [other]
        assert set(services.handled_by(users["supervision"])) == {mine, other}
        assert list(services.handled_by(users["b_editor"])) == []
        with pytest.raises(PermissionDenied):
            services.add_note(other, users["b_handler"], note="看看")

    def test_overdue_messages_are_escalated_once(self, site_group, users):
        from sitegroup.services.case_supervision import escalate_overdue

        late = write(site_group, department=site_group["b"].organisation, received=date(2026, 11, 2))
        write(site_group, department=site_group["b"].organisation, received=date(2026, 12, 1))
        assert escalate_overdue(today=date(2026, 12, 2)) == 1
        assert escalate_overdue(today=date(2026, 12, 2)) == 0
        late.refresh_from_db()
        assert late.escalated_on == date(2026, 12, 2)
        assert late.events.filter(action="超期提请督办").exists()


def test_messages_are_a_registered_case_kind():
    assert cases.get_kind("interaction.message").model is Message
    assert cases.get_kind("disclosure.request").noun == "申请"


class TestReviewFindings:
    """What a review of the first version found: each of these failed then."""

    def test_the_extension_notice_tells_the_new_deadline(self, site_group, users):
        message = write(site_group, department=site_group["b"].organisation)
        services.extend(message, users["b_handler"], approved_by="科长", reason="需实地核查", on=date(2026, 11, 30))
        notice = message.events.get(action="延长办理期限").public_note
        assert "2026-12-11" in notice and "2026-12-04" not in notice

    def test_a_later_change_of_the_channel_does_not_move_a_received_letter(self, site_group):
        message = write(site_group)
        channel = channel_of(site_group)
        channel.reply_days = 3
        channel.save()
        message.refresh_from_db()
        cases.recompute_deadline(message)
        assert message.reply_days == 5 and message.due_on == date(2026, 12, 4)

    def test_publication_hides_the_writers_name_and_spaced_phone_numbers(self, site_group, users):
        message = write(
            site_group,
            department=site_group["b"].organisation,
            body="我是李秀英，电话139 1234 5678，也可打139-1234-5678或+8613912345678。",
        )
        services.reply(message, users["b_handler"], text="李秀英您好，已电话联系。")
        services.approve(message, users["b_reviewer"])
        published = message.published_body + message.published_reply
        assert "李秀英" not in published and "李*" in published
        assert "1234 5678" not in published and "1234-5678" not in published and "8613912345678" not in published

    def test_two_letters_cannot_be_merged_into_each_other(self, site_group, users):
        first = write(site_group, department=site_group["b"].organisation)
        second = write(site_group, department=site_group["b"].organisation)
        services.merge(first, users["b_handler"], into_code=second.lookup_code)
        with pytest.raises(TransitionError, match="已合并"):
            services.merge(second, users["b_handler"], into_code=first.lookup_code)
        second.refresh_from_db()
        assert second.state == MessageState.HANDLING

    def test_a_refused_letter_cannot_be_rated(self, site_group, users):
        message = write(site_group, needs_review=True)
        services.reject(message, users["admin"], reason="商业广告")
        assert not cases.may_rate(message)
        with pytest.raises(TransitionError, match="没有作出答复"):
            cases.rate(message, 1)

    def test_nobody_reviews_their_own_reply(self, site_group, users):
        message = write(site_group, department=site_group["b"].organisation)
        services.reply(message, users["b_site_admin"], text="已受理。")
        with pytest.raises(TransitionError, match="不能审核自己提交的答复"):
            services.approve(message, users["b_site_admin"])
        services.approve(message, users["b_reviewer"])
        assert message.state == MessageState.PUBLISHED

    def test_transfer_lateness_counts_from_when_the_organisation_got_it(self, site_group, users):
        message = write(site_group, received=date(2026, 11, 23))
        services.assign(message, users["admin"], organisation=site_group["a"].organisation, on=date(2026, 11, 26))
        services.transfer(
            message, users["a_handler"], organisation=site_group["b"].organisation, reason="错分", on=date(2026, 11, 26)
        )
        assert "超过" not in message.events.get(action="转办").note
