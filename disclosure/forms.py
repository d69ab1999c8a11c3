"""Forms of the disclosure column: the 保密审查 decision, the request form (Art. 29) and the lookup."""

from django import forms
from wagtail.forms import TaskStateCommentForm

from disclosure.models import ApplicantKind, DeliveryForm, DeliveryMethod, DisclosureAttribute
from sitegroup.forms.citizen import PlainTextMixin
from sitegroup.forms.validators import PHONE
from sitegroup.lib.identity import is_credit_code, is_resident_id


class ApproveForm(TaskStateCommentForm):
    """Approving publishes the item: its attribute is 主动公开; the opinion is required."""

    comment = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    attribute = forms.ChoiceField(
        label="公开属性", choices=[(DisclosureAttribute.PROACTIVE, DisclosureAttribute.PROACTIVE.label)]
    )


class RejectForm(TaskStateCommentForm):
    comment = forms.CharField(label="审查意见（退回原因）", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    attribute = forms.ChoiceField(label="审查认定的公开属性", choices=DisclosureAttribute.choices)


class RequestForm(PlainTextMixin, forms.Form):
    """The application of Art. 29, for natural persons and for organisations, with the delivery form."""

    plain_text_fields = ("name", "legal_representative", "contact_person", "address", "description", "document_number")

    kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label="姓名或单位名称", max_length=100)
    id_number = forms.CharField(
        label="身份证号码（自然人）或统一社会信用代码（组织）", max_length=18, min_length=18, strip=True
    )
    legal_representative = forms.CharField(label="法定代表人（组织填写）", max_length=50, required=False)
    contact_person = forms.CharField(label="联系人（组织填写）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, validators=[PHONE])
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码", regex=r"^\d{6}$", required=False, error_messages={"invalid": "邮政编码是6位数字。"}
    )
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_number = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    delivery_form = forms.ChoiceField(
        label="获取信息的载体形式", choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    delivery_method = forms.ChoiceField(
        label="获取信息的方式", choices=DeliveryMethod.choices, widget=forms.RadioSelect
    )

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("kind"), (cleaned.get("id_number") or "").upper()
        if kind == ApplicantKind.PERSON and number and not is_resident_id(number):
            self.add_error("id_number", "身份证号码格式不正确（18位，最后一位是数字或X，请核对）。")
        if kind and kind != ApplicantKind.PERSON:
            if number and not is_credit_code(number):
                self.add_error("id_number", "统一社会信用代码格式不正确（18位，请核对）。")
            if not cleaned.get("contact_person"):
                self.add_error("contact_person", "组织申请请填写联系人。")
        cleaned["id_number"] = number
        if cleaned.get("delivery_method") == DeliveryMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", "选择电子邮件方式时请填写电子邮箱。")
        if cleaned.get("delivery_method") == DeliveryMethod.MAIL and not (
            cleaned.get("address") and cleaned.get("postcode")
        ):
            self.add_error("address", "选择邮寄方式时请填写通信地址和邮政编码。")
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=12, min_length=12)
    phone_tail = forms.RegexField(
        label="联系电话后四位", regex=r"^\d{4}$", error_messages={"invalid": "请填写联系电话的后四位数字。"}
    )
