"""WebSocket routes of the platform: the live publication feed for supervision and editors."""

from django.urls import path

from sitegroup.auth_middleware import staff_websocket
from sitegroup.consumers import PublicationFeedConsumer

websocket_urlpatterns = [path("ws/publications/", staff_websocket(PublicationFeedConsumer.as_asgi()))]
