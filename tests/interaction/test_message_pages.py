"""The public pages of the message channels: write (captcha, sensitive words, uploads), look up,
rate, published replies and statistics; hostile input; queries per page."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interaction.models import ChannelKind, Message, MessageAttachment, MessageChannel, MessageState
from interaction.provisioning import ensure_interaction
from interaction.services import messages as services
from sitegroup.models import SensitiveWord, SensitiveWordLevel
from tests.citizen_input import captcha_answer

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "b.localhost"}
HUB = "/hudong/"
MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
LETTER = {
    "title": "低保申请需要哪些材料",
    "body": "我母亲七十岁独居，想申请低保，请问需要哪些材料？",
    "name": "李秀英",
    "phone": "13912345678",
    "wants_public": "1",
}


@pytest.fixture
def channel(site_group):
    for key in ("portal", "a", "b"):
        ensure_interaction(site_group[key].organisation)
    return MessageChannel.objects.get(organisation=site_group["b"].organisation, kind=ChannelKind.CONSULTATION)


def write_url(channel):
    return f"{HUB}write/{channel.pk}/"


def post_letter(client, channel, data, *, address="198.51.100.20", **extra):
    page = client.get(write_url(channel), **HOST).content.decode()
    return client.post(write_url(channel), {**data, **captcha_answer(page)}, REMOTE_ADDR=address, **HOST, **extra)


class TestWriting:
    def test_the_hub_lists_the_channels_and_links_lookup_replies_statistics(self, client, channel):
        body = client.get(HUB, **HOST).content.decode()
        for text in ("咨询", "投诉举报", "我为政府网站找错", "查询来信答复", "来信选登", "办理情况统计"):
            assert text in body
        assert write_url(channel) in body

    def test_a_letter_gets_a_code_shown_once(self, client, channel):
        response = post_letter(client, channel, LETTER)
        assert response.status_code == 302 and response["Location"].endswith("write/done/")
        message = Message.objects.get()
        assert message.state == MessageState.TRIAGE and message.channel == channel
        done = client.get(response["Location"], **HOST).content.decode()
        assert message.lookup_code in done and "5个工作日" in done
        assert client.get(response["Location"], **HOST).status_code == 302  # shown once

    def test_without_the_captcha_nothing_is_stored(self, client, channel):
        response = client.post(write_url(channel), LETTER, REMOTE_ADDR="198.51.100.21", **HOST)
        assert response.status_code == 400 and "请回答验证问题" in response.content.decode()
        assert not Message.objects.exists()

    def test_block_words_are_named_and_review_words_hold(self, client, channel):
        SensitiveWord.objects.create(word="法轮功", level=SensitiveWordLevel.BLOCK)
        SensitiveWord.objects.create(word="上访", level=SensitiveWordLevel.REVIEW)
        refused = post_letter(client, channel, {**LETTER, "body": "关于法轮功的问题"})
        assert refused.status_code == 400 and "法轮功" in refused.content.decode()
        assert not Message.objects.exists()
        held = post_letter(client, channel, {**LETTER, "body": "我想去上访"}, address="198.51.100.22")
        assert held.status_code == 302 and Message.objects.get().state == MessageState.HELD

    def test_an_attachment_is_checked_by_content_and_kept_private(self, client, channel, settings):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("证明.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
        refused = post_letter(client, channel, {**LETTER, "attachment_1": fake})
        assert refused.status_code == 400 and not Message.objects.exists()
        pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        accepted = post_letter(client, channel, {**LETTER, "attachment_1": pdf}, address="198.51.100.23")
        assert accepted.status_code == 302
        stored = MessageAttachment.objects.get()
        assert stored.original_name == "证明.pdf"
        assert not stored.file.path.startswith(str(settings.MEDIA_ROOT))

    def test_a_disabled_or_foreign_channel_is_404(self, client, channel, site_group):
        portal_channel = MessageChannel.objects.filter(organisation=site_group["portal"].organisation).first()
        assert client.get(write_url(portal_channel), **HOST).status_code == 404  # not this site's channel
        channel.is_active = False
        channel.save()
        assert client.get(write_url(channel), **HOST).status_code == 404


class TestLookupAndRating:
    def test_the_writer_sees_the_reply_and_rates_it_once(self, client, channel, site_group):
        post_letter(client, channel, LETTER)
        message = Message.objects.get()
        users = site_group["users"]
        services.assign(message, users["admin"], organisation=site_group["b"].organisation)
        services.reply(message, users["b_handler"], text="请携带身份证到镇社会救助窗口申请。")
        services.approve(message, users["b_reviewer"])
        found = client.post(f"{HUB}lookup/", {"code": message.lookup_code, "phone_tail": "5678"}, **HOST)
        body = found.content.decode()
        assert found.status_code == 200 and "请携带身份证" in body and "评价本次办理" in body
        rated = client.post(f"{HUB}rate/", {"rating": "5", "comment": "很满意"}, **HOST)
        assert rated.status_code == 200 and "感谢您的评价" in rated.content.decode()
        again = client.post(f"{HUB}rate/", {"rating": "1"}, **HOST)
        assert again.status_code == 302  # the lookup was used up: the next person at this browser cannot rate
        client.post(f"{HUB}lookup/", {"code": message.lookup_code, "phone_tail": "5678"}, **HOST)
        twice = client.post(f"{HUB}rate/", {"rating": "1"}, **HOST)
        assert twice.status_code == 400 and "只能评价一次" in twice.content.decode()
        message.refresh_from_db()
        assert message.rating == 5

    def test_a_wrong_tail_finds_nothing_and_guessing_is_limited(self, client, channel):
        post_letter(client, channel, LETTER)
        message = Message.objects.get()
        wrong = client.post(f"{HUB}lookup/", {"code": message.lookup_code, "phone_tail": "0000"}, **HOST)
        assert wrong.status_code == 404 and "没有找到" in wrong.content.decode()
        for _ in range(25):
            last = client.post(
                f"{HUB}lookup/", {"code": "1234567890", "phone_tail": "1234"}, REMOTE_ADDR="203.0.113.9", **HOST
            )
        assert last.status_code == 429

    def test_rating_without_a_lookup_goes_to_the_lookup(self, client, channel):
        assert client.post(f"{HUB}rate/", {"rating": "5"}, **HOST).status_code == 302


def _published(site_group, channel, count=3):
    users = site_group["users"]
    made = []
    for number in range(count):
        message = services.submit(
            channel,
            {**LETTER, "wants_public": True, "title": f"第{number}封来信", "department": site_group["b"].organisation},
            client_ip=f"10.7.0.{number}",
            today=date(2026, 11, 2),
        )
        services.reply(message, users["b_handler"], text=f"答复{number}，联系电话13912345678", on=date(2026, 11, 4))
        services.approve(message, users["b_reviewer"], on=date(2026, 11, 5))
        made.append(message)
    return made


class TestPublication:
    def test_replies_list_and_detail_show_dates_and_department_without_personal_data(self, client, channel, site_group):
        first = _published(site_group, channel, 1)[0]
        listing = client.get(f"{HUB}replies/", **HOST).content.decode()
        assert "第0封来信" in listing and "测试县民政局" in listing and "2026-11-02" in listing
        detail = client.get(f"{HUB}replies/{first.pk}/", **HOST).content.decode()
        assert "答复0" in detail and "13912345678" not in detail and "李秀英" not in detail
        assert "139****5678" in detail

    def test_private_and_unpublished_messages_are_404(self, client, channel, site_group):
        message = services.submit(channel, {**LETTER, "wants_public": False}, client_ip="10.8.0.1")
        assert client.get(f"{HUB}replies/{message.pk}/", **HOST).status_code == 404

    def test_statistics_per_department(self, client, channel, site_group):
        _published(site_group, channel, 2)
        services.submit(channel, {**LETTER, "wants_public": True}, client_ip="10.8.0.2", today=date(2026, 10, 1))
        body = client.get(f"{HUB}statistics/", **HOST).content.decode()
        assert "测试县民政局" in body and "66.7%" in body and "<svg" in body

    def test_queries_per_page_do_not_grow_with_messages(self, client, channel, site_group):
        def count(path):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, **HOST).status_code == 200
            return len(queries)

        _published(site_group, channel, 2)
        paths = (f"{HUB}replies/", f"{HUB}statistics/", HUB)
        for path in paths:
            count(path)  # the first request of a process fills the site and theme caches
        few = {path: count(path) for path in paths}
        _published(site_group, channel, 6)
        assert {path: count(path) for path in few} == few


class TestHostileInput:
    def test_markup_is_neither_reflected_nor_stored(self, client, channel):
        refused = client.post(write_url(channel), {**LETTER, "title": MARKUP}, **HOST)
        assert refused.status_code == 400 and "<script>alert(1)" not in refused.content.decode()
        accepted = post_letter(client, channel, {**LETTER, "body": "请问" + MARKUP})
        assert accepted.status_code == 302
        assert "<script" not in Message.objects.get().body

    def test_huge_and_control_values(self, client, channel):
        huge = post_letter(client, channel, {**LETTER, "body": "低保" * 5000})
        assert huge.status_code == 400 and "最多" in huge.content.decode()
        control = post_letter(client, channel, {**LETTER, "title": "低保\x00\x1b[31m申请"}, address="198.51.100.30")
        assert control.status_code in (302, 400)
        assert all("\x00" not in title for title in Message.objects.values_list("title", flat=True))

    @pytest.mark.parametrize("charset", ["gbk", "no-such-charset"])
    def test_other_encodings_get_a_4xx(self, client, channel, charset):
        response = client.generic(
            "POST",
            write_url(channel),
            b"title=%D5%C5%C8%FD",
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
            **HOST,
        )
        assert 400 <= response.status_code < 500 and not Message.objects.exists()

    @pytest.mark.parametrize("path", ["write/{pk}/", "lookup/", "rate/", "replies/", "statistics/"])
    def test_wrong_methods_are_405(self, client, channel, path):
        response = client.put(HUB + path.format(pk=channel.pk), **HOST)
        assert response.status_code == 405 and "不支持" in response.content.decode()

    def test_bad_filters_and_pages_are_404_not_500(self, client, channel):
        for query in ("channel=abc", "department=1%20OR%201", "page=999", "page=x"):
            assert client.get(f"{HUB}replies/?{query}", **HOST).status_code == 404

    def test_missing_csrf_is_403_in_chinese(self, channel):
        strict = Client(enforce_csrf_checks=True)
        page = strict.get(write_url(channel), **HOST).content.decode()
        response = strict.post(write_url(channel), {**LETTER, **captcha_answer(page)}, **HOST)
        assert response.status_code == 403 and "Forbidden" not in response.content.decode()
        assert not Message.objects.exists()


class TestReviewFindingsOnPages:
    def test_huge_ids_are_404_not_500(self, client, channel):
        for query in ("channel=" + "9" * 25, "department=" + "9" * 25, "channel=１２"):
            assert client.get(f"{HUB}replies/?{query}", **HOST).status_code == 404

    def test_a_code_typed_in_full_width_digits_is_found(self, client, channel):
        post_letter(client, channel, LETTER)
        message = Message.objects.get()
        wide = message.lookup_code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        found = client.post(f"{HUB}lookup/", {"code": wide, "phone_tail": "５６７８"}, **HOST)
        assert found.status_code == 200 and message.title in found.content.decode()

    def test_guessing_lookups_are_told_it_is_about_lookups(self, client, channel):
        for _ in range(25):
            last = client.post(
                f"{HUB}lookup/", {"code": "1234567890", "phone_tail": "1234"}, REMOTE_ADDR="203.0.113.77", **HOST
            )
        assert last.status_code == 429 and "查询过于频繁" in last.content.decode()


def test_a_merged_letter_shows_the_published_answer_of_the_original(client, channel, site_group):
    users = site_group["users"]
    original = _published(site_group, channel, 1)[0]
    post_letter(client, channel, {**LETTER, "phone": "13700001111"})
    # Phone numbers are sealed at rest (no SQL comparison): the newest letter is the one just posted.
    duplicate = Message.objects.latest("pk")
    assert duplicate.phone == "13700001111"
    services.assign(duplicate, users["admin"], organisation=site_group["b"].organisation)
    services.merge(duplicate, users["b_handler"], into_code=original.lookup_code)
    found = client.post(f"{HUB}lookup/", {"code": duplicate.lookup_code, "phone_tail": "1111"}, **HOST)
    body = found.content.decode()
    assert found.status_code == 200 and "合并办理的原来信已答复" in body and "答复0" in body
    assert "13912345678" not in body  # the original's writer is never shown
