"""Public forms of online applications: the application (built from the item's own fields and
material list), the lookup by 办件编号 and ID number, the correction upload and the rating. Every rule
of citizen input (plain text, sensitive words, captcha, checked uploads, announced errors) comes from
`sitegroup.forms.citizen`."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django import forms

from services_column.models import ApplicantKind, ApplicationFieldKind
from services_column.models.items import ItemAudience
from services_column.services.applications import LOOKUP_ALPHABET, LOOKUP_LENGTH
from sitegroup.forms.citizen import (
    AccessibleErrorsMixin,
    CaptchaField,
    CitizenFileField,
    CitizenFormMixin,
    PlainTextMixin,
)
from sitegroup.forms.validators import PHONE
from sitegroup.lib.identity import is_credit_code, is_resident_id
from sitegroup.models import Rating

MATERIAL_MAX_BYTES = 10 * 1024 * 1024
TEXT_LIMIT = 200
TEXTAREA_LIMIT = 2000


def _normalised(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def field_name(field) -> str:
    return f"field_{field.pk}"


def material_name(material) -> str:
    return f"material_{material.pk}"


def _item_field(field) -> forms.Field:
    label, required = field.label, field.is_required
    help_text = field.help_text or ""
    required_message = {"required": f"请填写“{label}”。"}
    if field.kind == ApplicationFieldKind.TEXTAREA:
        return forms.CharField(
            label=label,
            required=required,
            max_length=TEXTAREA_LIMIT * 4,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=help_text or f"不超过{TEXTAREA_LIMIT}字。",
            error_messages=required_message,
        )
    if field.kind == ApplicationFieldKind.NUMBER:
        return forms.DecimalField(
            label=label,
            required=required,
            max_digits=14,
            decimal_places=2,
            help_text=help_text,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            error_messages={
                **required_message,
                "invalid": f"“{label}”请填写数字。",
                "max_digits": f"“{label}”的数字过大。",
                "max_decimal_places": f"“{label}”最多保留两位小数。",
                "max_whole_digits": f"“{label}”的数字过大。",
            },
        )
    if field.kind == ApplicationFieldKind.DATE:
        return forms.DateField(
            label=label,
            required=required,
            help_text=help_text or "格式：2026-01-31",
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={**required_message, "invalid": f"“{label}”请填写有效日期，格式如 2026-01-31。"},
        )
    if field.kind == ApplicationFieldKind.CHOICE:
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[(option, option) for option in field.choice_list()],
            widget=forms.RadioSelect,
            help_text=help_text,
            error_messages={"required": f"请选择“{label}”。", "invalid_choice": "请从列出的选项中选择。"},
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT * 4,
        help_text=help_text,
        error_messages=required_message,
    )


class ApplicationForm(CitizenFormMixin, forms.Form):
    """The application for one item. Both applicant blocks are in the page (the switch works without
    JavaScript: the chosen kind decides which block is read and required)."""

    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        initial=ApplicantKind.PERSON,
        error_messages={"required": "请选择申请人类型。", "invalid_choice": "请选择个人或法人。"},
    )
    person_name = forms.CharField(label="申请人姓名", required=False, max_length=80)
    person_id = forms.CharField(
        label="居民身份证号码",
        required=False,
        max_length=40,
        help_text="18位，最后一位可能是X。用于核验身份和查询办件，不会公开。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    org_name = forms.CharField(label="单位名称", required=False, max_length=200)
    credit_code = forms.CharField(
        label="统一社会信用代码",
        required=False,
        max_length=40,
        help_text="18位，见营业执照或登记证书。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    legal_representative = forms.CharField(label="法定代表人（负责人）", required=False, max_length=80)
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        validators=[PHONE],
        help_text="用于通知办理进度，不会公开。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": "请填写联系电话。"},
    )
    email = forms.EmailField(
        label="电子邮箱（选填）", required=False, max_length=254, error_messages={"invalid": "电子邮箱格式不正确。"}
    )
    address = forms.CharField(label="联系地址（选填）", required=False, max_length=400)

    PERSON_FIELDS = ("person_name", "person_id")
    LEGAL_FIELDS = ("org_name", "credit_code", "legal_representative")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.item_fields = list(item.application_fields.all())
        self.item_materials = list(item.materials.all())
        kinds = {
            ItemAudience.PERSON: [ApplicantKind.PERSON],
            ItemAudience.LEGAL_PERSON: [ApplicantKind.LEGAL_PERSON],
        }.get(item.audience, [ApplicantKind.PERSON, ApplicantKind.LEGAL_PERSON])
        self.applicant_kinds = kinds
        self.fields["applicant_kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["applicant_kind"].initial = kinds[0].value
        texts = {"person_name": 30, "org_name": 100, "legal_representative": 30, "address": 200}
        for field in self.item_fields:
            name = field_name(field)
            self.fields[name] = _item_field(field)
            if field.kind == ApplicationFieldKind.TEXTAREA:
                texts[name] = TEXTAREA_LIMIT
            elif field.kind == ApplicationFieldKind.TEXT:
                texts[name] = TEXT_LIMIT
        for material in self.item_materials:
            self.fields[material_name(material)] = CitizenFileField(
                label=material.name,
                required=material.is_required,
                max_bytes=MATERIAL_MAX_BYTES,
                error_messages={"required": f"请上传“{material.name}”。"},
            )
        self.fields["consent"] = forms.BooleanField(
            label="我承诺所填信息和所传材料真实有效，同意办理机关为办理本申请使用这些信息。",
            error_messages={"required": "请阅读并勾选承诺。"},
        )
        self.fields["captcha"] = CaptchaField()
        self.plain_text_fields = texts
        self.sensitive_text_fields = tuple(name for name in texts if name.startswith("field_"))
        self.apply_input_rules()

    def material_fields(self):
        return [self[material_name(material)] for material in self.item_materials]

    def item_field_fields(self):
        return [self[field_name(field)] for field in self.item_fields]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_kind")
        if kind == ApplicantKind.PERSON:
            if not cleaned.get("person_name"):
                self.add_error("person_name", "请填写申请人姓名。")
            number = _normalised(cleaned.get("person_id", ""))
            if not number:
                self.add_error("person_id", "请填写居民身份证号码。")
            elif not is_resident_id(number):
                self.add_error("person_id", "居民身份证号码不正确：应为18位，请核对出生日期和最后一位校验码。")
            cleaned["person_id"] = number
        elif kind == ApplicantKind.LEGAL_PERSON:
            if not cleaned.get("org_name"):
                self.add_error("org_name", "请填写单位名称。")
            number = _normalised(cleaned.get("credit_code", ""))
            if not number:
                self.add_error("credit_code", "请填写统一社会信用代码。")
            elif not is_credit_code(number):
                self.add_error("credit_code", "统一社会信用代码不正确：应为18位，请核对最后一位校验码。")
            cleaned["credit_code"] = number
            if not cleaned.get("legal_representative"):
                self.add_error("legal_representative", "请填写法定代表人（负责人）姓名。")
        return cleaned

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()

    def application_data(self) -> dict:
        data = self.cleaned_data
        person = data["applicant_kind"] == ApplicantKind.PERSON
        values = {}
        for field in self.item_fields:
            value = data.get(field_name(field))
            if value in (None, ""):
                continue
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            values[str(field.pk)] = {"label": field.label, "value": str(value)}
        return {
            "applicant_kind": data["applicant_kind"],
            "name": data["person_name"] if person else data["org_name"],
            "id_number": data["person_id"] if person else data["credit_code"],
            "legal_representative": "" if person else data["legal_representative"],
            "phone": data["phone"],
            "email": data.get("email", ""),
            "address": data.get("address", ""),
            "field_values": values,
        }

    def materials_to_store(self) -> list:
        return [
            (material, self.cleaned_data[material_name(material)])
            for material in self.item_materials
            if self.cleaned_data.get(material_name(material))
        ]


class LookupForm(AccessibleErrorsMixin, forms.Form):
    code = forms.CharField(
        label="办件编号",
        max_length=40,
        help_text=f"提交申请后页面显示的{LOOKUP_LENGTH}位编号（数字和字母）。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "请填写办件编号。"},
    )
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        help_text="申请时填写的居民身份证号码或统一社会信用代码（完整号码）。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "请填写证件号码。"},
    )

    def clean_code(self):
        code = _normalised(self.cleaned_data["code"])
        if len(code) != LOOKUP_LENGTH or any(char not in LOOKUP_ALPHABET for char in code):
            raise forms.ValidationError(f"办件编号是{LOOKUP_LENGTH}位数字和字母，请核对。")
        return code

    def clean_id_number(self):
        number = _normalised(self.cleaned_data["id_number"])
        if len(number) != 18 or not number.isascii() or not number.isalnum():
            raise forms.ValidationError("证件号码是18位，请填写完整的身份证号码或统一社会信用代码。")
        return number


class CorrectionForm(AccessibleErrorsMixin, forms.Form):
    """The materials the correction notice asked for (one field each), or free uploads when the
    notice named none from the list."""

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested = list(materials)
        for material in self.requested:
            self.fields[material_name(material)] = CitizenFileField(
                label=material.name,
                max_bytes=MATERIAL_MAX_BYTES,
                error_messages={"required": f"请上传“{material.name}”。"},
            )
        if not self.requested:
            self.fields["extra_1"] = CitizenFileField(
                label="补正材料", max_bytes=MATERIAL_MAX_BYTES, error_messages={"required": "请上传补正材料。"}
            )
            self.fields["extra_2"] = CitizenFileField(
                label="补正材料（二，选填）", required=False, max_bytes=MATERIAL_MAX_BYTES, help_text=""
            )

    def materials_to_store(self) -> list:
        pairs = [(material, self.cleaned_data[material_name(material)]) for material in self.requested]
        for name in ("extra_1", "extra_2"):
            if self.cleaned_data.get(name):
                pairs.append((None, self.cleaned_data[name]))
        return pairs


class RatingForm(AccessibleErrorsMixin, PlainTextMixin, forms.Form):
    plain_text_fields = {"comment": 500}

    rating = forms.TypedChoiceField(
        label="您对本次办理是否满意",
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择评价等级。", "invalid_choice": "请选择评价等级。"},
    )
    comment = forms.CharField(
        label="评价意见（选填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
