"""Server-sent events: the live feed for browsers whose WebSocket is blocked by a proxy.

Fed by the same broadcasts as the WebSocket viewers (the stream joins the room's group on the channel
layer with a channel of its own), with the same replay: `?since=<seq>` or the browser's
`Last-Event-ID` on an automatic reconnect. A stream lasts a few minutes, then the browser reconnects
by itself, so an abandoned stream cannot hold a slot for long.
"""

from __future__ import annotations

import asyncio

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.http import JsonResponse, StreamingHttpResponse
from django.utils.cache import add_never_cache_headers

from interviews.models import InterviewState
from interviews.services import broadcast, live

STREAM_SECONDS = 300
KEEPALIVE_SECONDS = 15


def _since(request) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("since", "0")
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)


def _event(text: str, sequence: int | None) -> str:
    head = f"id: {sequence}\n" if sequence is not None else ""
    return f"{head}data: {text}\n\n"


async def _stream(interview_id: int, since: int):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    group = broadcast.room_group(interview_id)
    await layer.group_add(group, channel)
    try:
        yield "retry: 3000\n\n"
        last = since
        for sequence, text in await database_sync_to_async(live.replay_rows)(interview_id, since):
            last = sequence
            yield _event(text, sequence)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STREAM_SECONDS
        while loop.time() < deadline:
            try:
                message = await asyncio.wait_for(layer.receive(channel), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            sequence = message.get("seq")
            if sequence is not None and sequence <= last:
                continue  # already sent by the replay
            last = sequence if sequence is not None else last
            yield _event(message["text"], sequence)
    finally:
        await layer.group_discard(group, channel)


def events(request, page):
    if request.method not in ("GET", "HEAD"):
        return JsonResponse({"error": "不支持这种请求方式。"}, status=405, json_dumps_params={"ensure_ascii": False})
    since = _since(request)
    if since is None:
        return JsonResponse(
            {"error": "参数 since 应为不小于 0 的整数（已收到的最后一条序号）。"},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    if page.state == InterviewState.ANNOUNCED:
        return JsonResponse({"error": "访谈尚未开始。"}, status=404, json_dumps_params={"ensure_ascii": False})
    response = StreamingHttpResponse(_stream(page.pk, since), content_type="text/event-stream; charset=utf-8")
    response["X-Accel-Buffering"] = "no"
    add_never_cache_headers(response)
    return response
