"""The viewers' question form: plain text, length limits, errors a screen reader announces."""

from __future__ import annotations

from django import forms

from interviews.services.live import NICKNAME_MAX_LENGTH, QUESTION_MAX_LENGTH
from sitegroup.forms.citizen import AccessibleErrorsMixin, PlainTextMixin, _MaxLength


class QuestionForm(AccessibleErrorsMixin, PlainTextMixin, forms.Form):
    plain_text_fields = {"text": QUESTION_MAX_LENGTH, "nickname": NICKNAME_MAX_LENGTH}

    text = forms.CharField(
        label="您的问题",
        max_length=QUESTION_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"问题经导播审核后在直播中显示，最多{QUESTION_MAX_LENGTH}个字。请勿填写身份证号、电话等个人信息。",
        error_messages={"required": "请填写问题内容。"},
    )
    nickname = forms.CharField(
        label="昵称（可不填）", required=False, max_length=NICKNAME_MAX_LENGTH * 2, help_text="不填则显示为“网友”。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [_MaxLength(field.max_length)]
