"""App configuration of interaction (政民互动)."""

from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = "政民互动"

    def ready(self):
        from interaction import message_hooks  # noqa: F401 — admin wiring of the message channels
        from interaction.services import messages  # noqa: F401 — registers the case kind
