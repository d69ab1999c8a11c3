"""WebSocket routes of every app (the interview room adds its own when it lands)."""

from sitegroup.routing import websocket_urlpatterns as sitegroup_patterns

websocket_urlpatterns = [*sitegroup_patterns]
