"""Admin wiring of the message channels (imported by InteractionConfig.ready): the 政民互动 page under
every site home, the handlers' queue, channels and reply templates, provisioning and the demo."""

from django.db.models import Q
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from interaction.models import MessageChannel, ReplyTemplate
from sitegroup.permissions import organisations_for


@hooks.register("sitegroup_home_subpage_types")
def interaction_hub_page():
    return ["interaction.InteractionPage"]


@hooks.register("sitegroup_column_subpage_types")
def interaction_pages_in_columns():
    return ["interaction.SurveyPage", "interaction.ConsultationPage", "interaction.EFormPage"]


@hooks.register("register_admin_urls")
def message_admin_urls():
    from interaction.views import messages_admin

    return [
        path("interaction/messages/", messages_admin.queue, name="interaction_messages"),
        path("interaction/messages/<int:pk>/", messages_admin.detail, name="interaction_message_detail"),
        path(
            "interaction/messages/<int:pk>/attachments/<int:attachment_pk>/",
            messages_admin.attachment,
            name="interaction_message_attachment",
        ),
    ]


class _MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        from interaction.services.messages import KIND
        from sitegroup.services import cases

        return cases.may_see(request.user, KIND)


@hooks.register("register_admin_menu_item")
def messages_menu_item():
    return _MessagesMenuItem("群众来信", reverse("interaction_messages"), icon_name="mail", order=254)


class _OwnOrganisationsViewSet(SnippetViewSet):
    """Channels and templates of the organisations the person works for (platform admins: all)."""

    def get_queryset(self, request):
        return self.model._default_manager.filter(organisation__in=organisations_for(request.user))


class MessageChannelViewSet(_OwnOrganisationsViewSet):
    model = MessageChannel
    icon = "mail"
    menu_label = "信箱栏目"
    list_display = ["name", "organisation", "kind", "reply_days", "is_public", "needs_review", "is_active"]
    list_filter = ["kind", "is_active"]


class ReplyTemplateViewSet(SnippetViewSet):
    """Shared templates and those of the person's organisations."""

    model = ReplyTemplate

    def get_queryset(self, request):
        own = organisations_for(request.user)
        return self.model._default_manager.filter(Q(organisation__isnull=True) | Q(organisation__in=own))

    icon = "doc-full"
    menu_label = "答复模板"
    list_display = ["title", "organisation"]


class InteractionSettingsGroup(SnippetViewSetGroup):
    items = (MessageChannelViewSet, ReplyTemplateViewSet)
    menu_icon = "mail"
    menu_label = "政民互动设置"
    menu_order = 262


register_snippet(InteractionSettingsGroup)


@hooks.register("register_log_actions")
def message_log_actions(actions):
    actions.register_action("interaction.message", "来信办理", "来信办理")


@hooks.register("sitegroup_provision_site")
def provision_interaction(provisioned, user=None):
    """Every new sub-site gets its 政民互动 page and the default channels of its organisation."""
    from interaction.provisioning import ensure_interaction

    ensure_interaction(provisioned.organisation, user=user)


@hooks.register("sitegroup_demo_finished")
def demo_messages():
    """Messages in every state, once every organisation and its demo accounts exist."""
    from interaction.demo_messages import build_demo_messages

    build_demo_messages()
