"""WebSocket routes of the interview room: viewers (anonymous, no session lookup) and the staff
consoles (session and user)."""

from django.urls import path

from interviews.consumers import ConsoleConsumer, RoomConsumer
from sitegroup.auth_middleware import staff_websocket

websocket_urlpatterns = [
    path("ws/interviews/<int:interview_id>/", RoomConsumer.as_asgi()),
    path("ws/interviews/<int:interview_id>/console/", staff_websocket(ConsoleConsumer.as_asgi())),
]
