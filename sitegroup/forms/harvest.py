"""The harvest source form: an organisation the person runs, a column of that organisation's site, valid selectors."""

from cssselect import GenericTranslator, SelectorError
from django import forms

from sitegroup.lib.harvest_parse import is_http_url
from sitegroup.models import ColumnPage, HarvestSource, HarvestSourceKind, Organisation


class HarvestSourceForm(forms.ModelForm):
    class Meta:
        model = HarvestSource
        fields = [
            "organisation",
            "name",
            "kind",
            "url",
            "target_column",
            "source_label",
            "link_selector",
            "title_selector",
            "date_selector",
            "body_selector",
            "interval_minutes",
            "max_items",
            "is_active",
        ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        columns = ColumnPage.objects.none()
        for organisation in organisations.filter(site__isnull=False).select_related("site__root_page"):
            columns |= ColumnPage.objects.descendant_of(organisation.site.root_page)
        self.fields["target_column"].queryset = columns.order_by("path")
        self.fields["target_column"].label_from_instance = lambda column: " / ".join(
            ancestor.title for ancestor in column.get_ancestors(inclusive=True)[1:]
        )
        self.fields["url"].assume_scheme = "https"
        self.fields["interval_minutes"].min_value = 10
        self.fields["max_items"].widget.attrs["max"] = 200

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not is_http_url(url):
            raise forms.ValidationError("只支持 http:// 或 https:// 开头的地址。")
        return url

    def clean_interval_minutes(self):
        value = self.cleaned_data["interval_minutes"]
        if value < 10:
            raise forms.ValidationError("抓取间隔不能少于 10 分钟。")
        return value

    def clean_max_items(self):
        value = self.cleaned_data["max_items"]
        if not 1 <= value <= 200:
            raise forms.ValidationError("每次最多抓取条数应在 1–200 之间。")
        return value

    def clean(self):
        data = super().clean()
        for name in ("link_selector", "title_selector", "date_selector", "body_selector"):
            selector = (data.get(name) or "").strip()
            data[name] = selector
            if selector:
                try:
                    GenericTranslator().css_to_xpath(selector)
                except SelectorError:
                    self.add_error(name, "选择器写法有误，请使用 CSS 选择器，例如 div.article-body。")
        if data.get("kind") == HarvestSourceKind.HTML:
            for name in ("link_selector", "title_selector", "body_selector"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "网页列表类型的抓取源必须填写此选择器。")
        organisation: Organisation | None = data.get("organisation")
        column = data.get("target_column")
        if organisation and column:
            site = organisation.site
            if site is None or not column.is_descendant_of(site.root_page):
                self.add_error("target_column", "目标栏目必须是该机构子站的栏目。")
        return data
