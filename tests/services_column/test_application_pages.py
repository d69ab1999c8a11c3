"""The public pages of online applications: apply (applicant switch, item fields, checked uploads,
captcha), the 办件编号 shown once, lookup with the correction upload, the result and the rating, the
published results without personal data, the rating statistics; hostile input gives 4xx."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from services_column.models import (
    ApplicationField,
    ApplicationMaterial,
    ApplicationResult,
    ApplicationState,
    OnlineDepth,
    ServiceApplication,
)
from services_column.services import applications as services
from sitegroup.models import Rating
from sitegroup.services import cases
from tests.citizen_input import captcha_answer
from tests.services_column.application_builders import CREDIT_CODE, EXE, PERSON_ID, PNG, make_item, pdf

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "b.localhost"}
LOOKUP = "/zwfw/lookup/"


@pytest.fixture
def item(site_group):
    return make_item(site_group["b"].home_page)


def apply_url(item):
    return item.url + "apply/"


def form_data(item, **extra):
    data = {
        "applicant_kind": "person",
        "person_name": "王秀兰",
        "person_id": PERSON_ID,
        "phone": "13912345678",
        "address": "测试县城关镇幸福路8号",
        "consent": "on",
    }
    for field in item.application_fields.all():
        data[f"field_{field.pk}"] = "3" if field.kind == "number" else "丈夫去世，本人无固定收入。"
    for material in item.materials.all():
        if material.is_required:
            data[f"material_{material.pk}"] = pdf(f"{material.name}.pdf")
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def post_application(client, item, data, *, address="198.51.100.30"):
    page = client.get(apply_url(item), **HOST).content.decode()
    return client.post(apply_url(item), {**data, **captcha_answer(page)}, REMOTE_ADDR=address, **HOST)


def look_up(client, code, id_number, address="203.0.113.40"):
    return client.post(LOOKUP, {"code": code, "id_number": id_number}, REMOTE_ADDR=address, **HOST)


class TestApplying:
    def test_the_form_shows_both_applicant_blocks_the_items_fields_and_materials(self, client, item):
        body = client.get(apply_url(item), **HOST).content.decode()
        for text in (
            "申请人类型",
            "个人申请",
            "法人或其他组织申请",
            "统一社会信用代码",
            "家庭人口数",
            "申请理由",
            "居民身份证",
            "家庭收入情况说明",
            "残疾证",
            "10 MB",
            "验证问题",
            "承诺10个工作日",
            "法定 20个工作日",
        ):
            assert text in body, text
        assert 'aria-current="page"' in body and "网上申请" in body

    def test_an_application_gets_its_number_shown_once(self, client, item):
        response = post_application(client, item, form_data(item))
        assert response.status_code == 302 and response["Location"].endswith("apply/done/")
        application = ServiceApplication.objects.get()
        assert application.name == "王秀兰" and application.id_number == PERSON_ID
        assert [entry["label"] for entry in application.field_values.values()] == ["家庭人口数", "申请理由"]
        assert application.materials.count() == 2
        from django.conf import settings

        stored = application.materials.first().file
        assert not stored.path.startswith(str(settings.MEDIA_ROOT))  # private storage, not public media
        done = client.get(response["Location"], **HOST).content.decode()
        assert application.lookup_code in done and LOOKUP in done
        assert client.get(response["Location"], **HOST).status_code == 302  # shown once

    def test_a_legal_person_gives_a_credit_code_and_representative(self, client, item):
        data = form_data(
            item,
            applicant_kind="legal_person",
            person_name=None,
            person_id=None,
            org_name="测试县福康养老服务有限公司",
            credit_code=CREDIT_CODE.lower(),
            legal_representative="陈建国",
        )
        assert post_application(client, item, data).status_code == 302
        application = ServiceApplication.objects.get()
        assert application.id_number == CREDIT_CODE and application.legal_representative == "陈建国"

    def test_a_wrong_id_number_is_named(self, client, item):
        response = post_application(client, item, form_data(item, person_id="110105194912310021"))
        assert response.status_code == 400 and "校验码" in response.content.decode()
        assert not ServiceApplication.objects.exists()

    def test_a_program_renamed_pdf_is_refused(self, client, item):
        material = item.materials.get(name="居民身份证")
        fake = SimpleUploadedFile("身份证.pdf", EXE, content_type="application/pdf")
        response = post_application(client, item, form_data(item, **{f"material_{material.pk}": fake}))
        assert response.status_code == 400
        assert not ServiceApplication.objects.exists() and not ApplicationMaterial.objects.exists()

    def test_missing_required_fields_and_materials_are_named(self, client, item):
        material = item.materials.get(name="居民身份证")
        field = item.application_fields.get(label="申请理由")
        data = form_data(item, **{f"material_{material.pk}": None, f"field_{field.pk}": None, "consent": None})
        body = post_application(client, item, data).content.decode()
        for text in ("请上传“居民身份证”", "请填写“申请理由”", "请阅读并勾选承诺"):
            assert text in body
        assert not ServiceApplication.objects.exists()

    def test_without_the_captcha_nothing_is_stored(self, client, item):
        response = client.post(apply_url(item), form_data(item), REMOTE_ADDR="198.51.100.31", **HOST)
        assert response.status_code == 400 and "请回答验证问题" in response.content.decode()
        assert not ServiceApplication.objects.exists()

    def test_submissions_are_rate_limited(self, client, item):
        for _ in range(cases.SUBMISSIONS_PER_HOUR):
            assert post_application(client, item, form_data(item), address="198.51.100.32").status_code == 302
        response = post_application(client, item, form_data(item), address="198.51.100.32")
        assert response.status_code == 429
        assert ServiceApplication.objects.count() == cases.SUBMISSIONS_PER_HOUR

    def test_a_choice_field_accepts_only_its_options(self, client, item):
        field = ApplicationField.objects.create(
            page=item, label="救助类别", kind="choice", choices="全额、差额", is_required=True
        )
        response = post_application(client, item, form_data(item, **{f"field_{field.pk}": "其他"}))
        assert response.status_code == 400 and "请从列出的选项中选择" in response.content.decode()

    def test_a_bad_date_and_a_blocked_word_are_named(self, client, item):
        from sitegroup.models import SensitiveWord, SensitiveWordLevel

        SensitiveWord.objects.create(word="法轮功", level=SensitiveWordLevel.BLOCK)
        field = ApplicationField.objects.create(page=item, label="致困日期", kind="date", is_required=True)
        reason = item.application_fields.get(label="申请理由")
        data = form_data(item, **{f"field_{field.pk}": "2026-02-31", f"field_{reason.pk}": "关于法轮功"})
        body = post_application(client, item, data).content.decode()
        assert "请填写有效日期" in body and "含有不允许发布的词语：法轮功" in body
        assert not ServiceApplication.objects.exists()

    def test_an_item_without_online_application_explains_the_window(self, client, site_group):
        item = make_item(site_group["b"].home_page, "医师执业注册", online_depth=OnlineDepth.DOWNLOAD)
        response = client.get(apply_url(item), **HOST)
        body = response.content.decode()
        assert response.status_code == 200 and "暂不接受网上申请" in body and "县政务服务中心一楼民政窗口" in body
        assert "0511-85620001" in body and "<form" not in body.split("sg-apply")[1]
        posted = client.post(apply_url(item), form_data(item), REMOTE_ADDR="198.51.100.33", **HOST)
        assert posted.status_code == 200 and not ServiceApplication.objects.exists()

    def test_hostile_input_gives_4xx(self, client, item):
        huge = "9" * 5000
        response = post_application(client, item, form_data(item, person_id=huge, phone=huge, person_name="<script>"))
        assert response.status_code == 400
        number = item.application_fields.get(label="家庭人口数")
        for value in ("1e999999", "NaN", "-Infinity", "9" * 400):
            response = post_application(client, item, form_data(item, **{f"field_{number.pk}": value}))
            assert response.status_code == 400, value
        assert not ServiceApplication.objects.exists()
        assert client.put(apply_url(item), **HOST).status_code == 405
        assert client.get(item.url + "results/?page=99999999999999999999", **HOST).status_code == 200


def submitted(item, address="198.51.100.50"):
    materials = [(m, pdf()) for m in item.materials.all() if m.is_required]
    applicant = {"applicant_kind": "person", "name": "王秀兰", "id_number": PERSON_ID, "phone": "13912345678"}
    return services.submit(item, applicant, materials=materials, client_ip=address)


class TestLookup:
    def test_the_right_number_and_id_show_the_status_and_public_history(self, client, item):
        application = submitted(item)
        body = look_up(client, application.lookup_code, PERSON_ID).content.decode()
        assert "待受理" in body and "收到申请" in body and "王*" in body
        assert PERSON_ID not in body and "13912345678" not in body

    def test_a_wrong_id_finds_nothing_and_lookups_are_limited(self, client, item):
        application = submitted(item)
        response = look_up(client, application.lookup_code, "321112198503151234")
        assert response.status_code == 404 and "没有找到" in response.content.decode()
        for _ in range(cases.LOOKUPS_PER_HOUR - 1):
            look_up(client, application.lookup_code, "321112198503151234")
        limited = look_up(client, application.lookup_code, PERSON_ID)
        assert limited.status_code == 429 and "查询过于频繁" in limited.content.decode()

    @pytest.mark.parametrize(
        "code,id_number",
        [
            ("1" * 5000, PERSON_ID),
            ("<script>alert(1)</script>", PERSON_ID),
            ("ABCDEFGHJKLMNI", PERSON_ID),
            ("", ""),
            ("ABCDEFGHJKLMNP", "9" * 5000),
        ],
    )
    def test_garbage_codes_give_400(self, client, item, code, id_number):
        response = look_up(client, code, id_number)
        assert response.status_code == 400 and "<script>alert" not in response.content.decode()

    def test_the_correction_is_uploaded_on_the_lookup_page_and_restarts_the_clock(self, client, site_group, item):
        application = submitted(item)
        handler = site_group["users"]["b_handler"]
        missing = item.materials.get(name="家庭收入情况说明")
        services.request_correction(application, handler, materials=[missing], note="请加盖村委会公章")
        body = look_up(client, application.lookup_code, PERSON_ID).content.decode()
        assert "补齐补正材料" in body and "家庭收入情况说明" in body and "请加盖村委会公章" in body
        fake = SimpleUploadedFile("收入证明.pdf", EXE, content_type="application/pdf")
        refused = client.post(LOOKUP, {"step": "correction", f"material_{missing.pk}": fake}, **HOST)
        assert refused.status_code == 400
        assert ServiceApplication.objects.get(pk=application.pk).state == ApplicationState.CORRECTION
        image = SimpleUploadedFile("收入证明.png", PNG, content_type="image/png")
        done = client.post(LOOKUP, {"step": "correction", f"material_{missing.pk}": image}, **HOST)
        assert done.status_code == 200 and "补正材料已提交" in done.content.decode()
        application.refresh_from_db()
        assert application.state == ApplicationState.ACCEPTED and application.correction_received_on
        assert application.materials.filter(stage="correction", material=missing).exists()

    def test_a_correction_without_a_lookup_goes_back_to_the_lookup(self, client, item):
        response = client.post(LOOKUP, {"step": "correction"}, **HOST)
        assert response.status_code == 302 and response["Location"].endswith(LOOKUP)


def concluded(item, site_group, *, result=ApplicationResult.APPROVED, publish=True, name="王秀兰"):
    users = site_group["users"]
    application = submitted(item, address=f"198.51.100.{60 + ServiceApplication.objects.count()}")
    ServiceApplication.objects.filter(pk=application.pk).update(name=name)
    services.accept(application, users["b_handler"])
    services.handle(application, users["b_handler"])
    reason = "家庭人均收入高于保障标准。" if result == ApplicationResult.REFUSED else ""
    services.propose(application, users["b_handler"], result=result, text="经核查。", reason=reason)
    services.review(application, users["b_reviewer"])
    return services.conclude(application, users["b_handler"], publish=publish)


class TestResultsAndRating:
    def test_results_show_no_personal_data(self, client, site_group, item):
        approved = concluded(item, site_group, name="欧阳娜娜")
        concluded(item, site_group, result=ApplicationResult.REFUSED, name="李建华")
        hidden = concluded(item, site_group, publish=False, name="赵敏")
        body = client.get(item.url + "results/", **HOST).content.decode()
        assert "欧***" in body and "李**" in body and "欧阳娜娜" not in body and "李建华" not in body
        assert "赵" not in body.split("<table")[1]
        assert approved.lookup_code not in body and approved.lookup_code[:4] in body
        assert body.split("<tbody>")[1].count("<tr>") == 2  # the unpublished result is not listed
        assert hidden.state == ApplicationState.CONCLUDED
        assert PERSON_ID not in body and "13912345678" not in body
        assert "准予许可" in body and "不予许可" in body and LOOKUP in body

    def test_the_applicant_sees_the_result_and_rates_once(self, client, site_group, item):
        application = concluded(item, site_group, result=ApplicationResult.REFUSED)
        body = look_up(client, application.lookup_code, PERSON_ID).content.decode()
        assert "不予许可" in body and "家庭人均收入高于保障标准" in body and "评价本次服务" in body
        for level in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
            assert level in body
        rated = client.post("/zwfw/rate/", {"rating": "2", "comment": "等待时间太长"}, **HOST)
        assert rated.status_code == 200 and "感谢您的评价" in rated.content.decode()
        application.refresh_from_db()
        assert application.rating == Rating.DISSATISFIED and application.rating_comment == "等待时间太长"
        again = client.post("/zwfw/rate/", {"rating": "5"}, **HOST)
        assert again.status_code in (302, 400)
        application.refresh_from_db()
        assert application.rating == Rating.DISSATISFIED

    def test_rating_without_a_lookup_goes_to_the_lookup(self, client, site_group, item):
        response = client.post("/zwfw/rate/", {"rating": "5"}, **HOST)
        assert response.status_code == 302

    def test_the_statistics_show_departments_and_items_without_personal_data(self, client, site_group, item):
        for score in (5, 4, 1):
            application = concluded(item, site_group, name="孙丽")
            cases.rate(application, score)
        body = client.get("/zwfw/ratings/", **HOST).content.decode()
        assert "测试县民政局" in body and item.title in body
        assert "66.7%" in body and "3.33" in body and "孙" not in body

    def test_the_result_document_is_only_for_the_looked_up_applicant(self, client, site_group, item):
        users = site_group["users"]
        application = submitted(item)
        services.accept(application, users["b_handler"])
        services.handle(application, users["b_handler"])
        services.propose(application, users["b_handler"], result=ApplicationResult.APPROVED)
        services.review(application, users["b_reviewer"])
        services.conclude(application, users["b_handler"], document=pdf("准予决定书.pdf"))
        assert client.get(LOOKUP + "?document=result", **HOST).status_code == 404
        look_up(client, application.lookup_code, PERSON_ID)
        response = client.get(LOOKUP + "?document=result", **HOST)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
