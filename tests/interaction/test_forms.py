"""电子表单 through HTTP: the citizen-input rules on Wagtail's form builder, and the submissions export."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from sitegroup.models import SensitiveWord
from tests.citizen_input import captcha_answer
from tests.interaction.builders import make_eform

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "b.localhost"}


@pytest.fixture
def eform(site_group):
    return make_eform(site_group["b"].home_page)


def submit(client, data, ip="198.51.100.1"):
    page = client.get("/signup/", **HOST).content.decode()
    return client.post("/signup/", {**data, **captcha_answer(page)}, REMOTE_ADDR=ip, **HOST)


class TestSubmitting:
    def test_a_valid_submission_is_stored_without_the_captcha(self, client, eform):
        response = submit(
            client, {"xing_ming": "张<b>三</b>", "can_jia_chang_ci": "上午场", "bei_zhu": "带一位\x07老人\u200b"}
        )
        assert response.status_code == 200, response.content.decode()[:3000]
        assert "提交成功" in response.content.decode()
        stored = FormSubmission.objects.get()
        assert stored.form_data == {"xing_ming": "张三", "can_jia_chang_ci": "上午场", "bei_zhu": "带一位老人"}

    def test_form_without_the_captcha_answer_is_refused(self, client, eform):
        response = client.post("/signup/", {"xing_ming": "张三", "can_jia_chang_ci": "上午场"}, **HOST)
        assert response.status_code == 400
        assert "请回答验证问题。" in response.content.decode()
        assert not FormSubmission.objects.exists()

    def test_block_level_words_are_refused(self, client, eform):
        SensitiveWord.objects.create(word="代开发票", level=3)
        response = submit(client, {"xing_ming": "代开发票", "can_jia_chang_ci": "上午场"})
        assert response.status_code == 400
        assert "代开发票" in response.content.decode()
        assert not FormSubmission.objects.exists()

    def test_closed_form_takes_nothing(self, client, site_group):
        make_eform(site_group["b"].home_page, slug="old", days_open=(-10, -1))
        assert "不在填报时间内" in client.get("/old/", **HOST).content.decode()
        assert client.post("/old/", {"xing_ming": "张三"}, **HOST).status_code == 403
        assert not FormSubmission.objects.exists()

    def test_submissions_from_one_address_are_limited(self, client, eform):
        from interaction.services.forms import SUBMISSIONS_PER_ADDRESS_PER_HOUR

        data = {"xing_ming": "张三", "can_jia_chang_ci": "上午场"}
        statuses = [submit(client, data).status_code for _ in range(SUBMISSIONS_PER_ADDRESS_PER_HOUR + 1)]
        assert statuses[-1] == 429
        assert FormSubmission.objects.count() == SUBMISSIONS_PER_ADDRESS_PER_HOUR


class TestSubmissionsExport:
    def test_editor_lists_and_exports_in_chinese(self, client, eform, site_group):
        submit(client, {"xing_ming": "张三", "can_jia_chang_ci": "下午场"})
        client.force_login(site_group["users"]["b_editor"])
        listing = client.get(f"/admin/forms/submissions/{eform.pk}/")
        assert listing.status_code == 200
        html = listing.content.decode()
        assert "张三" in html and "提交日期" in html
        export = client.get(f"/admin/forms/submissions/{eform.pk}/?export=csv")
        assert export.status_code == 200
        content = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
        assert "张三" in content and "下午场" in content
        assert "captcha" not in content

    def test_editor_of_another_organisation_sees_no_submissions(self, client, eform, site_group):
        client.force_login(site_group["users"]["a_editor"])
        response = client.get(f"/admin/forms/submissions/{eform.pk}/")
        assert response.status_code in (302, 403, 404)


class TestEditing:
    def test_editor_opens_the_form_page_with_its_fields_and_submissions(self, client, eform, site_group):
        client.force_login(site_group["users"]["b_editor"])
        response = client.get(f"/admin/pages/{eform.pk}/edit/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "表单字段" in html and "姓名" in html
