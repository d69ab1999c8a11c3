"""WebSocket routes of the interview room: viewers (anonymous, no session lookup) and the staff
consoles (session and user)."""

from channels.auth import AuthMiddlewareStack
from django.urls import path

from interviews.consumers import ConsoleConsumer, RoomConsumer

websocket_urlpatterns = [
    path("ws/interviews/<int:interview_id>/", RoomConsumer.as_asgi()),
    path("ws/interviews/<int:interview_id>/console/", AuthMiddlewareStack(ConsoleConsumer.as_asgi())),
]
