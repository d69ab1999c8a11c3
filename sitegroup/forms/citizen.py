"""The input rules every public form of the platform shares: plain text, sensitive words, the text
captcha, checked uploads, and error attributes a screen reader announces.

    class CommentForm(CitizenFormMixin, forms.Form):
        plain_text_fields = {"body": 2000}         # name → maximum length after cleaning
        sensitive_text_fields = ("body",)
        body = forms.CharField(widget=forms.Textarea)
        captcha = CaptchaField()

After `is_valid()`: `form.needs_review` (a review-level word was found: hold it for moderation) and
`form.masked[name]` (the text to publish, with mask-level words replaced). Block-level words are a
form error naming the words.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.html import strip_tags

from sitegroup.lib import file_types
from sitegroup.services import captcha as captcha_service
from sitegroup.services import uploads
from sitegroup.services.sensitive_words import check_citizen_text

_BLANK_LINES = re.compile(r"\n{3,}")
_TAG_LIKE = re.compile(r"<[^>]{0,200}>")


def clean_plain_text(value: str, *, multiline: bool = True) -> str:
    """Citizen text as plain text: no tags, no control or invisible format characters, NFC, tidy lines."""
    value = unicodedata.normalize("NFC", value or "")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    previous = None
    while previous != value:  # strip_tags again until nothing tag-like is left (nested/broken tags)
        previous, value = value, strip_tags(value)
    value = _TAG_LIKE.sub("", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    keep = "\n\t" if multiline else ""
    value = "".join(char for char in value if char in keep or unicodedata.category(char)[0] != "C")
    if multiline:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
        value = _BLANK_LINES.sub("\n\n", value)
    else:
        value = " ".join(value.split())
    return value.strip()


class PlainTextMixin:
    """Cleans the named fields to plain text and checks their length after cleaning."""

    plain_text_fields: dict[str, int] | tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        limits = self.plain_text_fields if isinstance(self.plain_text_fields, dict) else {}
        for name in self.plain_text_fields:
            value = cleaned.get(name)
            if not isinstance(value, str):
                continue
            field = self.fields[name]
            multiline = isinstance(field.widget, forms.Textarea)
            value = clean_plain_text(value, multiline=multiline)
            cleaned[name] = value
            limit = limits.get(name) or getattr(field, "max_length", None)
            if limit and len(value) > limit:
                self.add_error(name, f"最多{limit}个字，现在有{len(value)}个字。")
            elif field.required and not value:
                self.add_error(name, "请填写有效的文字内容（不能只有符号或网页代码）。")
        return cleaned


class SensitiveWordsMixin:
    """Block-level words are an error naming them; review-level words set `needs_review`; `masked`
    holds each field's text with mask-level words replaced."""

    sensitive_text_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        self.needs_review = False
        self.review_words: list[str] = []
        self.masked: dict[str, str] = {}
        for name in self.sensitive_text_fields:
            value = cleaned.get(name)
            if not isinstance(value, str) or not value:
                continue
            result = check_citizen_text(value)
            if result.is_blocked:
                self.add_error(name, f"含有不允许发布的词语：{'、'.join(result.blocked_words)}。请修改后再提交。")
                continue
            if result.needs_review:
                self.needs_review = True
                self.review_words.extend(result.review_words)
            self.masked[name] = result.masked_text
        return cleaned


class CaptchaWidget(forms.MultiWidget):
    """A hidden token and a text box for the answer; always renders the field's current question."""

    template_name = "sitegroup/forms/captcha_widget.html"

    def __init__(self, attrs=None):
        answer_attrs = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "6", "class": "sg-captcha__answer"}
        super().__init__([forms.HiddenInput(), forms.TextInput(attrs=answer_attrs)], attrs)
        self.challenge = None

    def decompress(self, value):
        return [None, None]

    def get_context(self, name, value, attrs):
        token = self.challenge.token if self.challenge else ""
        return super().get_context(name, [token, ""], attrs)

    def id_for_label(self, id_):
        return f"{id_}_1" if id_ else id_


class CaptchaField(forms.MultiValueField):
    """验证问题: a sum in Chinese words, shown as the label of the answer box; right once, within 10 minutes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "验证问题")
        kwargs.setdefault("help_text", "请用阿拉伯数字填写答案，例如：8")
        messages = {"required": "请回答验证问题。", "incomplete": "请回答验证问题。"}
        fields = (forms.CharField(max_length=120), forms.CharField(max_length=20))
        super().__init__(fields, widget=CaptchaWidget, require_all_fields=True, error_messages=messages, **kwargs)

    def new_challenge(self) -> None:
        challenge = captcha_service.issue()
        self.widget.challenge = challenge
        self.label = f"验证问题：{challenge.question}"

    def compress(self, data_list):
        token, answer = (data_list + ["", ""])[:2]
        try:
            captcha_service.verify(token, answer)
        except captcha_service.InvalidAnswer as error:
            raise ValidationError(error.message, code="captcha") from None
        return True


class CitizenFileField(forms.FileField):
    """An upload whose type is read from its content (see sitegroup.lib.file_types) and size limited."""

    def __init__(self, *, allowed=file_types.DOCUMENTS | file_types.IMAGES, max_bytes=10 * 1024 * 1024, **kwargs):
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes
        kwargs.setdefault("help_text", self.describe())
        super().__init__(**kwargs)
        extensions = sorted({ext for kind in self.allowed for ext in file_types.EXTENSIONS[kind]})
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in extensions))

    def describe(self) -> str:
        kinds = "、".join(file_types.LABELS[kind] for kind in sorted(self.allowed))
        return f"可上传：{kinds}；单个文件不超过 {self.max_bytes // (1024 * 1024)} MB。"

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded or not hasattr(uploaded, "read"):
            return uploaded
        try:
            uploads.check_upload(uploaded, allowed=self.allowed, max_bytes=self.max_bytes)
        except uploads.RefusedFile as refused:
            raise ValidationError(refused.message, code=refused.code) from None
        return uploaded


class AccessibleErrorsMixin:
    """Fields with errors get aria-invalid and aria-describedby pointing at their error text
    (the include sitegroup/forms/field.html renders it with that id and role=alert)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text and self._field_id(name):
                field.widget.attrs["aria-describedby"] = f"{self._field_id(name)}-help"

    def _field_id(self, name: str) -> str:
        # As BoundField.auto_id computes it, without creating (and caching) the bound field yet.
        auto_id = self.auto_id
        if auto_id and "%s" in str(auto_id):
            return auto_id % self.add_prefix(name)
        return self.add_prefix(name) if auto_id else ""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = [f"{self._field_id(name)}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self._field_id(name)}-help")
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = " ".join(described)


class CitizenFormMixin(AccessibleErrorsMixin, SensitiveWordsMixin, PlainTextMixin):
    """Every rule at once; a fresh captcha question on every rendering."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_input_rules()

    def apply_input_rules(self) -> None:
        """Fresh captcha question, Chinese length messages, help text linked to its input. Call again
        after adding fields in __init__."""
        for name, field in self.fields.items():
            if isinstance(field, CaptchaField):
                field.new_challenge()
            if getattr(field, "max_length", None):
                field.validators = [
                    _MaxLength(field.max_length) if isinstance(validator, MaxLengthValidator) else validator
                    for validator in field.validators
                ]
            if field.help_text and self._field_id(name):
                field.widget.attrs["aria-describedby"] = f"{self._field_id(name)}-help"


class _MaxLength(MaxLengthValidator):
    message = "最多%(limit_value)d个字，现在有%(show_value)d个字。"
