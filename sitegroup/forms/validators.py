"""Validators every citizen form shares."""

from django.core.validators import RegexValidator

PHONE = RegexValidator(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", "请填写11位手机号码或带区号的固定电话。")
