"""WebSocket routes of the platform: the live publication feed for supervision and editors."""

from django.urls import path

from sitegroup.consumers import PublicationFeedConsumer

websocket_urlpatterns = [path("ws/publications/", PublicationFeedConsumer.as_asgi())]
