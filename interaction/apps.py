"""App configuration of interaction (政民互动)."""

from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = "政民互动"
