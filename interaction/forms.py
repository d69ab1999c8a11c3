"""Public forms of 政民互动: a survey's answer sheet (built from its questions), the consultation
comment, and the form builder of e-forms — all on the shared citizen-input kit."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from interaction.models import QuestionKind
from interaction.models.surveys import RATING_LABELS
from sitegroup.forms.citizen import CaptchaField, CitizenFormMixin

TEXT_ANSWER_LIMIT = 500
COMMENT_LIMIT = 2000


def question_field_name(question) -> str:
    return f"q{question.pk}"


def _question_field(question) -> forms.Field:
    label = question.text
    required = question.is_required
    if question.kind == QuestionKind.SINGLE:
        choices = [(option, option) for option in question.option_list]
        return forms.ChoiceField(
            label=label,
            choices=choices,
            required=required,
            widget=forms.RadioSelect,
            error_messages={"required": "请选择一项。", "invalid_choice": "请从列出的选项中选择。"},
        )
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(option, option) for option in question.option_list]
        return forms.MultipleChoiceField(
            label=label,
            choices=choices,
            required=required,
            widget=forms.CheckboxSelectMultiple,
            help_text="可选多项。",
            error_messages={"required": "请至少选择一项。", "invalid_choice": "请从列出的选项中选择。"},
        )
    if question.kind == QuestionKind.RATING:
        return forms.TypedChoiceField(
            label=label,
            choices=list(RATING_LABELS.items()),
            coerce=int,
            required=required,
            widget=forms.RadioSelect,
            error_messages={"required": "请选择一个分数。", "invalid_choice": "请选择1～5分。"},
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_ANSWER_LIMIT * 4,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写这一题。"},
    )


class SurveyForm(CitizenFormMixin, forms.Form):
    """The answer sheet of one survey; text answers are plain text and pass the sensitive-word check."""

    def __init__(self, *args, questions, **kwargs):
        self.questions = list(questions)
        super().__init__(*args, **kwargs)
        self._init_question_fields()

    def _init_question_fields(self):
        text_fields = {}
        for question in self.questions:
            name = question_field_name(question)
            self.fields[name] = _question_field(question)
            if question.kind == QuestionKind.TEXT:
                text_fields[name] = TEXT_ANSWER_LIMIT
        self.plain_text_fields = text_fields
        self.sensitive_text_fields = tuple(text_fields)
        self.fields["captcha"] = CaptchaField()
        self.apply_input_rules()

    def answers(self) -> dict[str, object]:
        """{question id: answer} for the questions answered; text answers masked for publication."""
        result: dict[str, object] = {}
        for question in self.questions:
            name = question_field_name(question)
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.TEXT:
                value = self.masked.get(name, value)
            result[str(question.pk)] = value
        return result


class CommentForm(CitizenFormMixin, forms.Form):
    plain_text_fields = {"author_name": 30, "body": COMMENT_LIMIT}
    sensitive_text_fields = ("author_name", "body")

    author_name = forms.CharField(
        label="称呼",
        required=False,
        max_length=200,
        help_text="选填，例如“张先生”“一位家长”；不填则显示为“网友”。请不要填写身份证号、电话等个人信息。",
    )
    body = forms.CharField(
        label="您的意见和建议",
        max_length=COMMENT_LIMIT * 4,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"最多{COMMENT_LIMIT}字。意见经审核后公开。",
        error_messages={"required": "请填写意见内容。"},
    )
    captcha = CaptchaField()


class CitizenFormBuilder(FormBuilder):
    """Wagtail's form builder with the citizen-input rules: plain text in text fields, sensitive words
    refused, a captcha at the end."""

    def get_form_class(self):
        fields = self.formfields
        text_fields = {
            name: (field.max_length or 2000)
            for name, field in fields.items()
            if type(field) is forms.CharField  # singleline and multiline (not email, url, number…)
        }
        for name, field in fields.items():
            field.error_messages["required"] = "此项必填，请填写或选择。"
            if type(field) is forms.CharField and not field.max_length:
                field.max_length = 8000  # bound the raw input; the cleaned text is limited to 2000
                field.validators.append(MaxLengthValidator(8000))
                text_fields[name] = 2000
        attributes = {
            **fields,
            "captcha": CaptchaField(),
            "plain_text_fields": text_fields,
            "sensitive_text_fields": tuple(text_fields),
        }
        return type("EForm", (CitizenFormMixin, BaseForm), attributes)
