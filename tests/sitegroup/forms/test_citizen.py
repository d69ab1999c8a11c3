"""The shared citizen-input rules as a form sees them: plain text, sensitive words, captcha, uploads."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from sitegroup.forms.citizen import CaptchaField, CitizenFileField, CitizenFormMixin, clean_plain_text
from sitegroup.models import SensitiveWord
from tests.citizen_input import captcha_answer


class CommentForm(CitizenFormMixin, forms.Form):
    plain_text_fields = {"name": 20, "body": 50}
    sensitive_text_fields = ("body",)
    name = forms.CharField(label="称呼", max_length=100)
    body = forms.CharField(label="意见", max_length=500, widget=forms.Textarea)
    captcha = CaptchaField()


class UploadForm(CitizenFormMixin, forms.Form):
    attachment = CitizenFileField(label="附件", max_bytes=1024)


def rendered(form) -> str:
    return "".join(
        render_to_string(
            "sitegroup/forms/captcha.html" if name == "captcha" else "sitegroup/forms/field.html", {"field": form[name]}
        )
        for name in form.fields
    )


def submit(data: dict, fresh=None) -> CommentForm:
    fresh = fresh or CommentForm()
    return CommentForm({**data, **captcha_answer(rendered(fresh))})


class TestPlainText:
    def test_tags_controls_and_invisible_characters_are_removed(self):
        value = "<b>危房</b>改造\x00\x07\u200b进度？<script>alert(1)</script>\r\n\r\n\r\n\r\n谢谢"
        assert clean_plain_text(value) == "危房改造进度？alert(1)\n\n谢谢"

    def test_single_line_squashes_newlines(self):
        assert clean_plain_text("张\n\t三  ", multiline=False) == "张 三"

    def test_nested_broken_tags_leave_no_markup(self):
        assert "<" not in clean_plain_text("<<script>script>alert(1)<</script>/script>")

    @pytest.mark.django_db
    def test_length_is_checked_after_cleaning(self):
        form = submit({"name": "李<i></i>" * 21, "body": "好" * 51})
        assert not form.is_valid()
        assert "最多50个字" in form.errors["body"][0]
        assert form.errors["name"]

    @pytest.mark.django_db
    def test_markup_only_is_not_accepted_as_text(self):
        form = submit({"name": "张三", "body": "<img src=x onerror=alert(1)>"})
        assert not form.is_valid()
        assert "有效的文字" in form.errors["body"][0]


@pytest.mark.django_db
class TestSensitiveWords:
    def test_block_level_is_an_error_naming_the_words(self):
        SensitiveWord.objects.create(word="代开发票", level=3)
        form = submit({"name": "张三", "body": "专业代开发票"})
        assert not form.is_valid()
        assert "代开发票" in form.errors["body"][0]

    def test_review_level_is_held_and_mask_level_masked(self):
        SensitiveWord.objects.create(word="上访", level=2)
        SensitiveWord.objects.create(word="傻瓜", level=1)
        form = submit({"name": "张三", "body": "不想上访，别当我是傻瓜"})
        assert form.is_valid(), form.errors
        assert form.needs_review
        assert form.masked["body"] == "不想上访，别当我是＊＊"

    def test_clean_text_needs_no_review(self):
        form = submit({"name": "张三", "body": "建议增加公交班次"})
        assert form.is_valid(), form.errors
        assert not form.needs_review


@pytest.mark.django_db
class TestCaptchaField:
    def test_question_is_the_label_of_the_answer_box(self):
        html = rendered(CommentForm())
        assert 'for="id_captcha_1"' in html
        assert 'id="id_captcha_1"' in html
        assert "验证问题：" in html
        assert 'type="hidden" name="captcha_0"' in html

    def test_missing_or_wrong_answer_is_refused(self):
        form = CommentForm({"name": "张三", "body": "建议"})
        assert not form.is_valid()
        assert form.errors["captcha"] == ["请回答验证问题。"]
        answer = captcha_answer(rendered(CommentForm()))
        answer["captcha_1"] = str(int(answer["captcha_1"]) + 1)
        form = CommentForm({"name": "张三", "body": "建议", **answer})
        assert not form.is_valid()
        assert "不正确" in form.errors["captcha"][0]

    def test_an_answer_counts_once(self):
        answer = captcha_answer(rendered(CommentForm()))
        assert CommentForm({"name": "张三", "body": "建议", **answer}).is_valid()
        again = CommentForm({"name": "张三", "body": "建议", **answer})
        assert not again.is_valid()
        assert "已经用过" in again.errors["captcha"][0]

    def test_rerendered_form_asks_a_new_question_and_announces_the_error(self):
        form = CommentForm({"name": "张三", "body": "建议", "captcha_0": "forged", "captcha_1": "3"})
        assert not form.is_valid()
        html = rendered(form)
        assert "forged" not in html
        assert 'role="alert"' in html
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="id_captcha-error id_captcha-help"' in html


class TestCitizenFileField:
    def test_pdf_is_accepted_with_its_detected_kind(self):
        form = UploadForm(files={"attachment": SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test")})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["attachment"].detected_kind == "pdf"

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("说明.pdf", b"<html><script>alert(1)</script></html>", "不接受网页"),
            ("照片.pdf", b"MZ\x90\x00", "可执行程序"),
            ("大.pdf", b"%PDF-" + b"x" * 2000, "超过"),
        ],
    )
    def test_refused_files_get_a_chinese_reason(self, name, data, message):
        form = UploadForm(files={"attachment": SimpleUploadedFile(name, data)})
        assert not form.is_valid()
        assert message in form.errors["attachment"][0]
