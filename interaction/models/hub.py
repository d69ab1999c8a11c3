"""政民互动: one page per site that gathers its channels, the writing form, the lookup, published
replies, statistics, and (as children) its surveys, consultations and e-forms."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from sitegroup.models import Organisation, OrganisationKind, SiteGroupPage


class InteractionPage(RoutablePageMixin, SiteGroupPage):
    intro = models.TextField("栏目说明", blank=True)
    content_panels = [*SiteGroupPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["sitegroup.HomePage"]
    subpage_types = ["interaction.SurveyPage", "interaction.ConsultationPage", "interaction.EFormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "政民互动栏目"
        verbose_name_plural = "政民互动栏目"

    def organisation(self) -> Organisation | None:
        """The organisation whose site holds the page (looked up once per page object)."""
        if not self.path:
            return None
        if not hasattr(self, "_organisation"):
            roots = self.get_ancestors().values_list("pk", flat=True)
            self._organisation = Organisation.objects.filter(site__root_page__in=roots).first()
        return self._organisation

    @property
    def is_platform(self) -> bool:
        """The portal's 政民互动 shows every organisation's published replies and statistics."""
        organisation = self.organisation()
        return organisation is not None and organisation.kind == OrganisationKind.PORTAL

    @path("")
    def index(self, request):
        from interaction.views import messages

        return messages.hub(request, self)

    @path("write/<int:channel_id>/")
    def write(self, request, channel_id):
        from interaction.views import messages

        return messages.write(request, self, channel_id)

    @path("write/done/")
    def write_done(self, request):
        from interaction.views import messages

        return messages.write_done(request, self)

    @path("lookup/")
    def lookup(self, request):
        from interaction.views import messages

        return messages.lookup(request, self)

    @path("rate/")
    def rate(self, request):
        from interaction.views import messages

        return messages.rate(request, self)

    @path("replies/")
    def replies(self, request):
        from interaction.views import messages

        return messages.replies(request, self)

    @path("replies/<int:message_id>/")
    def reply_detail(self, request, message_id):
        from interaction.views import messages

        return messages.reply_detail(request, self, message_id)

    @path("statistics/")
    def statistics(self, request):
        from interaction.views import messages

        return messages.statistics(request, self)
