"""Forms of the disclosure admin: the 保密审查 decision (attribute and opinion)."""

from django import forms
from wagtail.forms import TaskStateCommentForm

from disclosure.models import DisclosureAttribute


class ApproveForm(TaskStateCommentForm):
    """Approving publishes the item: its attribute is 主动公开; the opinion is required."""

    comment = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    attribute = forms.ChoiceField(
        label="公开属性", choices=[(DisclosureAttribute.PROACTIVE, DisclosureAttribute.PROACTIVE.label)]
    )


class RejectForm(TaskStateCommentForm):
    comment = forms.CharField(label="审查意见（退回原因）", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    attribute = forms.ChoiceField(label="审查认定的公开属性", choices=DisclosureAttribute.choices)
