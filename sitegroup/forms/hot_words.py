"""The hot-word edit form: sites narrowed to the user's own; group-wide words only for portal editors."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from sitegroup.permissions import organisations_for
from sitegroup.services.hot_words import may_manage_group_words


class HotWordForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("site")
        if field is None or user is None:
            return
        if not user.is_superuser:
            field.queryset = Site.objects.filter(
                pk__in=organisations_for(user).filter(site__isnull=False).values("site_id")
            )
        if may_manage_group_words(user):
            field.empty_label = "全站群"
        else:
            field.required = True
            field.empty_label = "请选择站点"

    def clean_site(self):
        site = self.cleaned_data.get("site")
        if site is None and self.for_user is not None and not may_manage_group_words(self.for_user):
            raise ValidationError("请选择适用站点（全站群热字由门户编辑维护）。")
        return site
