"""WebSocket routes of the platform: the live publication feed for supervision and editors."""

from channels.auth import AuthMiddlewareStack
from django.urls import path

from sitegroup.consumers import PublicationFeedConsumer

websocket_urlpatterns = [path("ws/publications/", AuthMiddlewareStack(PublicationFeedConsumer.as_asgi()))]
