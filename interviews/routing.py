"""WebSocket routes of the interview room: viewers and the staff consoles."""

from django.urls import path

from interviews.consumers import ConsoleConsumer, RoomConsumer

websocket_urlpatterns = [
    path("ws/interviews/<int:interview_id>/", RoomConsumer.as_asgi()),
    path("ws/interviews/<int:interview_id>/console/", ConsoleConsumer.as_asgi()),
]
