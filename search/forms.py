"""The search request, validated: bad parameters become a clear message, never an error page."""

from __future__ import annotations

import unicodedata

from django import forms

from search import registry
from search.backends.base import SORTS

MAX_RAW_QUERY = 5000


class MultipleIntegerField(forms.TypedMultipleChoiceField):
    """Several integer values from the query string; any choice that parses is accepted."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)

    def valid_value(self, value):
        try:
            return 0 < int(value) < 10**9
        except (TypeError, ValueError):
            return False


class QueryField(forms.CharField):
    """Control characters (NUL included) become spaces before validation: a query is never refused for them."""

    def to_python(self, value):
        value = super().to_python(value)
        return "".join(" " if unicodedata.category(char) == "Cc" else char for char in value)


class SearchForm(forms.Form):
    q = QueryField(required=False, max_length=MAX_RAW_QUERY, strip=True)
    scope = forms.ChoiceField(required=False, choices=[("site", "本站"), ("group", "全站群")])
    sort = forms.ChoiceField(required=False, choices=[(sort, sort) for sort in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=100)
    type = forms.MultipleChoiceField(required=False)
    site = MultipleIntegerField()
    organisation = MultipleIntegerField()
    year = MultipleIntegerField()
    topic = forms.MultipleChoiceField(required=False)

    error_messages = {
        "q": "搜索词过长，请精简后再试。",
        "scope": "搜索范围无效。",
        "sort": "排序方式无效。",
        "page": "页码无效（1–100）。",
        "type": "内容类型无效。",
    }

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["type"].choices = [(kind.name, kind.label) for kind in registry.all_types()]
        # Topics are free text in the index; accept any short value.
        self.fields["topic"].valid_value = lambda value: 0 < len(value) <= 100

    def clean_q(self):
        return self.cleaned_data.get("q") or ""

    def first_error(self) -> str:
        for name in self.errors:
            return self.error_messages.get(name, "搜索参数无效。")
        return ""

    def filters(self) -> dict[str, tuple]:
        data = self.cleaned_data
        return {name: tuple(data.get(name) or ()) for name in registry.FILTER_FIELDS if data.get(name)}
