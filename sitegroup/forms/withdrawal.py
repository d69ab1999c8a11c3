"""The 撤稿（下线） confirmation form: the reason (required, logged) and whether the pages below go too."""

from __future__ import annotations

from django import forms

from sitegroup.services.withdrawal import MAX_REASON_LENGTH, clean_reason


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤稿理由",
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="例如：数据有误，更正后重新发布；通知已过期。理由记入页面历史和操作日志。",
        error_messages={
            "required": "请填写撤稿理由（将记入操作日志）。",
            "max_length": "撤稿理由不超过 %(limit_value)d 字（现有 %(show_value)d 字）。",
        },
    )
    include_descendants = forms.BooleanField(label="同时下线其下所有已发布的页面", required=False, initial=True)

    def __init__(self, *args, descendant_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if descendant_count:
            self.fields["include_descendants"].label = f"同时下线其下 {descendant_count} 个已发布的页面"
        else:
            del self.fields["include_descendants"]

    def clean_reason(self):
        return clean_reason(self.cleaned_data["reason"])
