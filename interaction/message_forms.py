"""Forms of the message channels: writing a message, looking it up, rating the answer. Every rule of
citizen input (plain text, sensitive words, captcha, checked uploads, announced errors) comes from
`sitegroup.forms.citizen`."""

from __future__ import annotations

import unicodedata

from django import forms

from interaction.models import MessageChannel
from sitegroup.forms.citizen import CaptchaField, CitizenFileField, CitizenFormMixin, PlainTextMixin
from sitegroup.forms.validators import PHONE
from sitegroup.models import Rating

ATTACHMENT_FIELDS = ("attachment_1", "attachment_2", "attachment_3")
TITLE_LIMIT = 50
BODY_LIMIT = 2000


class MessageForm(CitizenFormMixin, forms.Form):
    plain_text_fields = {"title": TITLE_LIMIT, "body": BODY_LIMIT, "name": 20}
    sensitive_text_fields = ("title", "body")

    department = forms.ModelChoiceField(
        label="办理部门",
        queryset=None,
        required=False,
        empty_label="不清楚，由信箱工作人员分办",
        help_text="知道由哪个部门办理时可直接选择；不清楚时由工作人员在1个工作日内分办。",
    )
    title = forms.CharField(
        label="标题",
        max_length=TITLE_LIMIT * 4,
        help_text=f"不超过{TITLE_LIMIT}字。",
        error_messages={"max_length": f"标题过长：最多{TITLE_LIMIT}个字。"},
    )
    body = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_LIMIT * 4,
        error_messages={"max_length": f"内容过长：最多{BODY_LIMIT}个字。"},
        help_text=f"请写清事情经过、诉求和涉及的地点时间，不超过{BODY_LIMIT}字。",
    )
    name = forms.CharField(label="姓名", max_length=80)
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        validators=[PHONE],
        help_text="用于联系您和凭后四位查询答复，不会公开。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label="电子邮箱（选填）", required=False, max_length=254)
    wants_public = forms.TypedChoiceField(
        label="是否同意公开",
        choices=[("1", "同意公开（公开时隐去姓名、电话等个人信息）"), ("0", "不公开，仅本人凭查询码查看")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    attachment_1 = CitizenFileField(label="附件一（选填）", required=False, max_bytes=5 * 1024 * 1024)
    attachment_2 = CitizenFileField(label="附件二（选填）", required=False, max_bytes=5 * 1024 * 1024, help_text="")
    attachment_3 = CitizenFileField(label="附件三（选填）", required=False, max_bytes=5 * 1024 * 1024, help_text="")
    captcha = CaptchaField()

    def __init__(self, *args, channel: MessageChannel, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        if channel.lets_citizen_choose_department:
            self.fields["department"].queryset = departments
        else:
            del self.fields["department"]

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()

    def files_to_store(self) -> list:
        return [self.cleaned_data[name] for name in ATTACHMENT_FIELDS if self.cleaned_data.get(name)]

    def message_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "name": data["name"],
            "phone": data["phone"],
            "email": data.get("email", ""),
            "wants_public": data["wants_public"],
            "department": data.get("department"),
        }


class LookupForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交来信后页面显示的10位数字。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone_tail = forms.CharField(
        label="联系电话后四位",
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self):
        code = "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split())
        if not (code.isascii() and code.isdigit() and len(code) == 10):
            raise forms.ValidationError("查询码是10位数字，请核对。")
        return code

    def clean_phone_tail(self):
        tail = unicodedata.normalize("NFKC", self.cleaned_data["phone_tail"]).strip()
        if not (tail.isascii() and tail.isdigit()):
            raise forms.ValidationError("请填写联系电话的后四位数字。")
        return tail


class RatingForm(PlainTextMixin, forms.Form):
    plain_text_fields = {"comment": 500}

    rating = forms.TypedChoiceField(
        label="您对本次答复是否满意", choices=Rating.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="评价意见（选填）", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
