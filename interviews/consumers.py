"""WebSocket consumers of the interview room: one per viewer, one per staff console.

Built for thousands of viewers per process (see docs/interviews.md):
- viewers have no channel of their own: one relay per process and room is the group's only member
  from this process; it receives each post once, as one pre-rendered JSON string, and appends the
  text to each local viewer's outbox. A broadcast costs one channel-layer message per process, not
  per viewer; no database query and no `aclose_old_connections` (a thread hop per viewer per message
  in stock Channels) happen on the way;
- on connect the viewer asks for `?since=<seq>` and gets what it missed from the database, once;
- each viewer has a bounded outbox: a viewer whose socket does not drain (a server that applies
  back-pressure, e.g. uvicorn) is closed with code 4008 and reconnects with `since`;
- the viewer count is kept per process and summed over processes through the cache once a second
  by one ticker task per process; viewers receive it at most once a second, only when it changed.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import secrets
import time
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from interviews.services import broadcast

logger = logging.getLogger(__name__)

OUTBOX_LIMIT = 200  # messages waiting for one viewer's socket before the viewer is dropped
TICK_SECONDS = 1.0
PROCESS_TOKEN = f"{os.getpid()}-{secrets.token_hex(4)}"
SLOW_VIEWER_CLOSE_CODE = 4008
NOT_LIVE_CLOSE_CODE = 4404
RELAY_FAILED_CLOSE_CODE = 1012  # service restart: the page reconnects
REJOIN_SECONDS = 3600
RELAY_READY_SECONDS = 10
TRY_AGAIN_LATER_CLOSE_CODE = 1013
FORBIDDEN_CLOSE_CODE = 4403

# interview id → the viewer consumers of this process
_rooms: dict[int, set[RoomConsumer]] = collections.defaultdict(set)
_new_participants: dict[int, set[str]] = collections.defaultdict(set)
_ticker: asyncio.Task | None = None


def _since(scope) -> int:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    try:
        return max(0, min(int(query.get("since", ["0"])[0]), 2**31 - 1))
    except ValueError:
        return 0


def _participant_key(scope) -> str:
    """The browser's random visitor cookie, else its address — hashed before it is stored."""
    from sitegroup.services.rate_limits import hashed

    cookies = scope.get("cookies") or {}
    token = cookies.get("sg_visitor") or ""
    if not token:
        client = scope.get("client") or ("", 0)
        headers = dict(scope.get("headers") or [])
        token = f"{client[0]}|{headers.get(b'user-agent', b'').decode('latin-1')[:200]}"
    return hashed(token)


class RoomConsumer(AsyncWebsocketConsumer):
    """A viewer of the live room: receives the feed, sends nothing."""

    channel_layer_alias = "interview-viewers-have-no-channel"  # not configured: no channel per viewer

    async def connect(self):
        self.interview_id = int(self.scope["url_route"]["kwargs"]["interview_id"])
        self.outbox: collections.deque[str] = collections.deque()
        self.wakeup = asyncio.Event()
        self.dropped = False
        self.writer = None
        self._last_count = None
        # Listen first, read the missed posts second: a post committed in between arrives twice (the
        # page ignores a sequence it has), never zero times. Until the writer starts, posts wait here.
        _rooms[self.interview_id].add(self)
        try:
            await asyncio.wait_for(_relay_for(self.interview_id).ready.wait(), RELAY_READY_SECONDS)
            missed = await self._open_room(self.interview_id, _since(self.scope))
        except TimeoutError:  # the channel layer does not answer: the page tries again later
            _rooms[self.interview_id].discard(self)
            await self.close(code=TRY_AGAIN_LATER_CLOSE_CODE)
            return
        except BaseException:  # the database failed, or the server stops: leave no trace
            _rooms[self.interview_id].discard(self)
            raise
        if missed is None:
            _rooms[self.interview_id].discard(self)
            if not _rooms[self.interview_id]:
                _drop_room(self.interview_id)  # nobody keeps a relay for a room that is not open
            await self.close(code=NOT_LIVE_CLOSE_CODE)
            return
        await self.accept()
        for text in missed:
            await self.send(text_data=text)
        _new_participants[self.interview_id].add(_participant_key(self.scope))
        self.writer = asyncio.ensure_future(self._write())
        _ensure_ticker()

    async def disconnect(self, code):
        room = _rooms.get(getattr(self, "interview_id", None))
        if room is not None:
            room.discard(self)
        if getattr(self, "writer", None) is not None:
            self.writer.cancel()

    async def receive(self, text_data=None, bytes_data=None):
        """Viewers ask questions over HTTP (rate-limited per address); nothing is read here."""

    def push(self, text: str) -> None:
        if self.dropped:
            return
        if len(self.outbox) >= OUTBOX_LIMIT:
            self.dropped = True
            self.outbox.clear()
            asyncio.ensure_future(self.close(code=SLOW_VIEWER_CLOSE_CODE))
            return
        self.outbox.append(text)
        self.wakeup.set()

    async def _write(self):
        while True:
            await self.wakeup.wait()
            self.wakeup.clear()
            while self.outbox and not self.dropped:
                await self.send(text_data=self.outbox.popleft())

    async def _open_room(self, interview_id: int, since: int) -> list[str] | None:
        # Off the single "sync" thread that database_sync_to_async uses: a thousand viewers joining at
        # once would otherwise read their missed posts one after another.
        return await sync_to_async(_open_room, thread_sensitive=False)(interview_id, since)


def _open_room(interview_id: int, since: int) -> list[str] | None:
    """Whether the room is open (live or finished) and the posts after `since`: one query each."""
    from django.db import close_old_connections

    from interviews.models import InterviewPage, InterviewState
    from interviews.services.live import replay

    close_old_connections()
    try:
        state = InterviewPage.objects.live().filter(pk=interview_id).values_list("room__state", flat=True).first()
        if state not in (InterviewState.LIVE, InterviewState.FINISHED):
            return None
        return replay(interview_id, since)
    finally:
        close_old_connections()


class _Relay:
    """The process's one member of a room's group: each post arrives once and goes to every local
    viewer's outbox. When the channel layer fails, local viewers are closed so that they reconnect and
    catch up by sequence number."""

    def __init__(self, interview_id: int):
        self.interview_id = interview_id
        self.loop = asyncio.get_running_loop()
        self.ready = asyncio.Event()
        self.task = self.loop.create_task(self._run())

    @property
    def is_running(self) -> bool:
        return not self.task.done() and self.loop is asyncio.get_running_loop()

    async def _run(self) -> None:
        layer = get_channel_layer()
        group = broadcast.room_group(self.interview_id)
        channel = await layer.new_channel()
        try:
            await layer.group_add(group, channel)
            joined = time.monotonic()
            self.ready.set()
            while True:
                message = await layer.receive(channel)
                text = message.get("text")
                if message.get("type") == "room.post" and text:
                    for viewer in tuple(_rooms.get(self.interview_id, ())):
                        viewer.push(text)
                if time.monotonic() - joined > REJOIN_SECONDS:  # before the layer's group expiry
                    await layer.group_add(group, channel)
                    joined = time.monotonic()
        except asyncio.CancelledError:
            await asyncio.shield(layer.group_discard(group, channel))
            raise
        except Exception:  # the layer failed (Redis gone): viewers reconnect and replay from the database
            logger.exception("interview relay for %s failed", self.interview_id)
            for viewer in tuple(_rooms.get(self.interview_id, ())):
                viewer.dropped = True
                asyncio.ensure_future(viewer.close(code=RELAY_FAILED_CLOSE_CODE))


_relays: dict[int, _Relay] = {}


def _relay_for(interview_id: int) -> _Relay:
    relay = _relays.get(interview_id)
    if relay is None or not relay.is_running:
        relay = _relays[interview_id] = _Relay(interview_id)
    return relay


def _drop_room(interview_id: int) -> None:
    _rooms.pop(interview_id, None)
    relay = _relays.pop(interview_id, None)
    if relay is not None:
        relay.task.cancel()


def _ensure_ticker() -> None:
    global _ticker
    loop = asyncio.get_running_loop()
    if _ticker is None or _ticker.done() or _ticker.get_loop() is not loop:
        _ticker = loop.create_task(_tick())


async def _tick() -> None:
    """Once a second: publish this process's viewer counts, read the total over processes, push it to
    local viewers when it changed, record new participants and the peak."""
    while any(_rooms.values()):
        started = time.monotonic()
        local = {interview_id: len(viewers) for interview_id, viewers in _rooms.items()}
        joined = {interview_id: keys for interview_id, keys in _new_participants.items() if keys}
        _new_participants.clear()
        try:
            totals = await sync_to_async(_publish_counts, thread_sensitive=False)(local, joined)
        except Exception:  # a cache or database hiccup must not stop the counts for good
            logger.exception("viewer count tick failed")
            totals = {}
        for interview_id, total in totals.items():
            text = json.dumps({"type": "viewers", "count": total})
            for viewer in list(_rooms.get(interview_id, ())):
                if viewer._last_count != total:
                    viewer._last_count = total
                    viewer.push(text)
        for interview_id in [key for key, viewers in _rooms.items() if not viewers]:
            _drop_room(interview_id)
        await asyncio.sleep(max(0.0, TICK_SECONDS - (time.monotonic() - started)))
    for interview_id in [key for key, viewers in _rooms.items() if not viewers]:
        _drop_room(interview_id)


def _publish_counts(local: dict[int, int], joined: dict[int, set[str]]) -> dict[int, int]:
    from django.db import close_old_connections

    close_old_connections()
    try:
        return _count_and_record(local, joined)
    finally:
        close_old_connections()


def _count_and_record(local: dict[int, int], joined: dict[int, set[str]]) -> dict[int, int]:
    from django.core.cache import cache

    from interviews.models import InterviewRoom, Participant

    totals = {}
    for interview_id, count in local.items():
        processes_key = f"interviews:viewers:{interview_id}:processes"
        processes = cache.get(processes_key) or {}
        now = time.time()
        processes = {token: seen for token, seen in processes.items() if seen > now - 10}
        processes[PROCESS_TOKEN] = now
        cache.set(processes_key, processes, 60)
        cache.set(f"interviews:viewers:{interview_id}:{PROCESS_TOKEN}", count, 5)
        counts = cache.get_many([f"interviews:viewers:{interview_id}:{token}" for token in processes])
        total = sum(counts.values())
        totals[interview_id] = total
        InterviewRoom.objects.filter(interview_id=interview_id, peak_viewers__lt=total).update(peak_viewers=total)
    for interview_id, keys in joined.items():
        Participant.objects.bulk_create(
            [Participant(interview_id=interview_id, key=key) for key in keys], ignore_conflicts=True
        )
    return totals


class ConsoleConsumer(AsyncWebsocketConsumer):
    """The console of a host, guest, director or reviewer: the question queue and the feed, live."""

    async def connect(self):
        self.interview_id = int(self.scope["url_route"]["kwargs"]["interview_id"])
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not await self._roles(user):
            await self.close(code=FORBIDDEN_CLOSE_CODE)
            return
        self.groups_joined = [broadcast.staff_group(self.interview_id), broadcast.room_group(self.interview_id)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def staff_event(self, event):
        await self.send(text_data=event["text"])

    async def room_post(self, event):
        await self.send(text_data=event["text"])

    @database_sync_to_async
    def _roles(self, user) -> set[str]:
        from interviews.models import InterviewPage
        from interviews.services.live import roles_of

        interview = InterviewPage.objects.filter(pk=self.interview_id).first()
        return roles_of(user, interview) if interview is not None else set()
