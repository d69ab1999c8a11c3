"""WebSocket routes of every app."""

from interviews.routing import websocket_urlpatterns as interview_patterns
from sitegroup.routing import websocket_urlpatterns as sitegroup_patterns

websocket_urlpatterns = [*sitegroup_patterns, *interview_patterns]
