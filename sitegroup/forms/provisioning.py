"""The 开通子站 form: the organisation's record, the site template, and the first site administrator."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.html import format_html, format_html_join
from wagtail.models import Site

from sitegroup import site_templates
from sitegroup.models import Organisation


def _template_label(template: site_templates.SiteTemplate):
    columns = format_html_join("、", "{}", ((title,) for title in template.column_titles()))
    # One element inside the label: Wagtail lays a radio label's children out as flex columns.
    return format_html(
        "<span><strong>{}</strong>　{}<br>"
        "<small>栏目：{}；另含政府信息公开栏目（指南、制度、目录、年报）。</small></span>",
        template.label,
        template.description,
        columns,
    )


class ProvisionForm(forms.ModelForm):
    site_template = forms.ChoiceField(
        label="子站模板",
        widget=forms.RadioSelect,
        help_text="决定新子站的栏目结构；部门和乡镇子站使用部门主题，门户使用门户主题。",
    )
    site_name = forms.CharField(
        label="网站名称", max_length=255, required=False, help_text="留空则为“机构名称 + 网站”。"
    )
    admin_username = forms.CharField(
        label="站点管理员用户名",
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator(message="用户名只能包含字母、数字和 @/./+/-/_ 字符。")],
        help_text="可选。填写后同时创建该账号并授予本站站点管理员角色，初始密码只显示一次。",
    )
    admin_email = forms.EmailField(label="站点管理员电子邮箱", required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "hostname",
            "address",
            "office_hours",
            "phone",
            "fax",
            "email",
            "responsible_person",
            "functions",
        ]
        widgets = {"functions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_template"].choices = [
            (template.name, _template_label(template)) for template in site_templates.TEMPLATES.values()
        ]
        kind = self.instance.kind if self.instance.pk else self.initial.get("kind") or "department"
        self.fields["site_template"].initial = site_templates.default_for(kind).name
        parents = Organisation.objects.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def clean_hostname(self):
        hostname = (self.cleaned_data.get("hostname") or "").strip().lower()
        others = Site.objects.filter(hostname=hostname)
        if self.instance.site_id:
            others = others.exclude(pk=self.instance.site_id)
        if others.exists():
            raise forms.ValidationError("该域名已被其他站点使用，请换一个。")
        return hostname

    def clean_admin_username(self):
        username = self.cleaned_data.get("admin_username", "").strip()
        if username and get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(f"用户名“{username}”已被使用，请换一个。")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("admin_email") and not cleaned.get("admin_username"):
            self.add_error("admin_username", "填写了电子邮箱，请同时填写站点管理员用户名。")
        return cleaned

    @property
    def chosen_template(self) -> site_templates.SiteTemplate:
        return site_templates.get(self.cleaned_data["site_template"])
