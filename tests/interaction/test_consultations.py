"""民意征集 through HTTP and the services: held comments, sensitive words, moderation, adoption summary."""

import pytest
from django.core.exceptions import PermissionDenied

from interaction.models import Adoption, CommentStatus, ConsultationComment
from interaction.services import consultations as services
from sitegroup.models import SensitiveWord
from tests.citizen_input import captcha_answer
from tests.interaction.builders import make_consultation

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "b.localhost"}


@pytest.fixture
def consultation(site_group):
    return make_consultation(site_group["b"].home_page)


def comment(client, body, name="一位村民", ip="198.51.100.1"):
    page = client.get("/consultation/", **HOST).content.decode()
    data = {"author_name": name, "body": body, **captcha_answer(page)}
    return client.post("/consultation/comment/", data, REMOTE_ADDR=ip, **HOST)


class TestCommenting:
    def test_a_comment_is_held_until_approved(self, client, consultation, site_group):
        response = comment(client, "建议把补助标准按房屋危险等级细分。")
        assert response.status_code == 302
        sent = client.get(response["Location"], **HOST).content.decode()
        assert "意见已提交" in sent and "审核后" in sent
        stored = ConsultationComment.objects.get()
        assert stored.status == CommentStatus.PENDING
        assert "补助标准" not in client.get("/consultation/", **HOST).content.decode()
        services.moderate(stored, site_group["users"]["b_editor"], approve=True)
        assert "建议把补助标准按房屋危险等级细分。" in client.get("/consultation/", **HOST).content.decode()

    def test_block_level_words_are_refused_and_named(self, client, consultation):
        SensitiveWord.objects.create(word="办证刻章", level=3)
        response = comment(client, "专业办证刻章，价格优惠")
        html = response.content.decode()
        assert response.status_code == 400
        assert "含有不允许发布的词语：办证刻章" in html
        assert not ConsultationComment.objects.exists()

    def test_review_words_are_noted_and_mask_words_masked_on_publication(self, client, consultation, site_group):
        SensitiveWord.objects.create(word="集体上访", level=2)
        SensitiveWord.objects.create(word="混蛋", level=1)
        comment(client, "再不改就集体上访，办事的混蛋太多")
        stored = ConsultationComment.objects.get()
        assert stored.review_words == "集体上访"
        assert stored.body == "再不改就集体上访，办事的混蛋太多"
        assert stored.public_body == "再不改就集体上访，办事的＊＊太多"
        services.moderate(stored, site_group["users"]["b_editor"], approve=True)
        page = client.get("/consultation/", **HOST).content.decode()
        assert "办事的＊＊太多" in page and "混蛋" not in page

    def test_markup_is_stored_as_plain_text(self, client, consultation):
        comment(client, "<script>alert(1)</script>补助<b>太低</b>", name="<img src=x onerror=alert(1)>老李")
        stored = ConsultationComment.objects.get()
        assert stored.body == "alert(1)补助太低"
        assert stored.author_name == "老李"

    def test_closed_consultation_takes_no_comments(self, client, site_group):
        make_consultation(site_group["b"].home_page, slug="old", days_open=(-10, -1))
        page = client.get("/old/", **HOST).content.decode()
        assert "提交意见" not in page
        response = client.post("/old/comment/", {"body": "迟到的意见"}, **HOST)
        assert response.status_code == 403
        assert not ConsultationComment.objects.exists()

    def test_comments_from_one_address_are_limited(self, client, consultation):
        statuses = [
            comment(client, f"第{n}条意见").status_code for n in range(services.COMMENTS_PER_ADDRESS_PER_HOUR + 1)
        ]
        assert statuses[-1] == 429
        assert ConsultationComment.objects.count() == services.COMMENTS_PER_ADDRESS_PER_HOUR


class TestModeration:
    def test_editor_of_another_organisation_cannot_moderate(self, consultation, site_group):
        stored = ConsultationComment.objects.create(consultation=consultation, body="意见", public_body="意见")
        with pytest.raises(PermissionDenied):
            services.moderate(stored, site_group["users"]["a_editor"], approve=True)
        stored.refresh_from_db()
        assert stored.status == CommentStatus.PENDING

    def test_adoption_summary_with_counts(self, client, site_group):
        page = make_consultation(site_group["b"].home_page, slug="done", days_open=(-20, -1), summary_published=True)
        editor = site_group["users"]["b_editor"]
        for body, adoption in (
            ("意见甲", Adoption.ADOPTED),
            ("意见乙", Adoption.PARTLY),
            ("意见丙", Adoption.NOT_ADOPTED),
        ):
            stored = ConsultationComment.objects.create(consultation=page, body=body, public_body=body)
            services.moderate(stored, editor, approve=True)
            services.record_adoption(stored, editor, adoption=adoption, reason=f"{body}的理由")
        ConsultationComment.objects.create(
            consultation=page, body="广告", public_body="广告", status=CommentStatus.REJECTED
        )
        html = client.get("/done/", **HOST).content.decode()
        assert "意见采纳情况" in html
        assert '<span class="sg-counts__value">4</span>收到意见' in html
        assert '<span class="sg-counts__value">1</span>采纳' in html
        assert "<strong>部分采纳</strong>：意见乙的理由" in html
        assert "广告" not in html
