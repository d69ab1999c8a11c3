"""Admin action: provision (开通) a sub-site — a new organisation's, or an existing one's (repair)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import IndexView

from sitegroup.forms.provisioning import ProvisionForm
from sitegroup.models import Organisation
from sitegroup.services.provisioning import SiteAdminAccount, open_subsite


class OrganisationIndexView(IndexView):
    """The organisation list, with 开通新子站 beside 添加 for the platform admin."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.is_superuser:
            buttons.append(HeaderButton("开通新子站", url=reverse("sitegroup_provision_new"), icon_name="site"))
        return buttons


@require_http_methods(["GET", "POST"])
def provision(request, pk=None):
    if not request.user.is_superuser:
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=pk) if pk is not None else Organisation()
    initial = {"site_name": organisation.site.site_name} if organisation.site_id else {}
    form = ProvisionForm(request.POST if request.method == "POST" else None, instance=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = SiteAdminAccount(data["admin_username"], data["admin_email"]) if data["admin_username"] else None
        try:
            result = open_subsite(
                form.save(commit=False),
                user=request.user,
                site_template=form.chosen_template,
                site_admin=account,
                site_name=data["site_name"] or None,
            )
        except ValidationError as error:
            if pk is None:  # the transaction was rolled back: the record is still new
                form.instance.pk, form.instance._state.adding = None, True
            messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, field_messages in messages.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            response = render(
                request,
                "sitegroup/admin/provision_done.html",
                {
                    "result": result,
                    "template": form.chosen_template,
                    "sections": result.home_page.get_children().live().in_menu(),
                },
            )
            response["Cache-Control"] = "no-store"  # the initial password is shown once
            return response
    return render(
        request,
        "sitegroup/admin/provision_form.html",
        {"form": form, "organisation": organisation if pk is not None else None},
        status=400 if form.is_bound else 200,
    )
