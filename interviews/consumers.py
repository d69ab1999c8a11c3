"""WebSocket consumers of the interview room: one per viewer, one per staff console.

Built for thousands of viewers per process (see docs/interviews.md):
- viewers have no channel of their own: one relay per process and room is the group's only member
  from this process; it receives each post once, as one pre-rendered JSON string, and appends the
  text to each local viewer's outbox. A broadcast costs one channel-layer message per process, not
  per viewer; no database query and no `aclose_old_connections` (a thread hop per viewer per message
  in stock Channels) happen on the way;
- on connect the viewer asks for `?since=<seq>` and gets what it missed. The relay keeps the room's
  state and its last posts in memory (loaded once when it joins the group, then kept contiguous from
  the broadcasts), so ten thousand viewers joining cost no database query each; a viewer further
  behind, or a relay that noticed a gap, reads the database as before;
- viewers are anonymous: their route carries no session or user middleware;
- a post goes straight into each idle viewer's socket from the relay's own task (`_send_now`): the
  server's send is stepped by hand and, on a socket that takes the bytes, finishes without waking a task
  per viewer. Only a send that has to wait (the socket's buffer is full) becomes a task of its own;
- each viewer has a bounded outbox: a viewer whose socket does not drain (a server that applies
  back-pressure, e.g. uvicorn) is closed with code 4008 and reconnects with `since`;
- the viewer count is kept per process and summed over processes through the cache once a second
  by one ticker task per process; viewers receive it at most once a second, only when it changed, and
  in a big room less often (at most COUNT_DELIVERIES_PER_SECOND count messages a second per process:
  a count update costs as much as a post).
"""

from __future__ import annotations

import asyncio
import collections
import functools
import json
import logging
import os
import secrets
import time
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from interviews.services import broadcast

logger = logging.getLogger(__name__)

OUTBOX_LIMIT = 200  # messages waiting for one viewer's socket before the viewer is dropped
# A send to a viewer that has gone: uvicorn's ClientDisconnected is an OSError; a send after the close
# was sent is a RuntimeError (uvicorn, Channels' test communicator).
SOCKET_GONE = (OSError, RuntimeError)
PUSHES_BETWEEN_YIELDS = 500  # a relay hands the event loop over after this many viewers of one post
TICK_SECONDS = 1.0
PROCESS_TOKEN = f"{os.getpid()}-{secrets.token_hex(4)}"
SLOW_VIEWER_CLOSE_CODE = 4008
NOT_LIVE_CLOSE_CODE = 4404
RELAY_FAILED_CLOSE_CODE = 1012  # service restart: the page reconnects
REJOIN_SECONDS = 3600
RELAY_READY_SECONDS = 10
TRY_AGAIN_LATER_CLOSE_CODE = 1013
FORBIDDEN_CLOSE_CODE = 4403
COUNT_DELIVERIES_PER_SECOND = 1000
OPEN_STATES = ("live", "finished")  # InterviewState values whose room viewers may open

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


def _visitor_cookie(headers: dict[bytes, bytes]) -> str:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "sg_visitor":
            return value.strip()[:100]
    return ""


def _participant_key(scope) -> str:
    """The browser's random visitor cookie, else its address — hashed before it is stored."""
    from sitegroup.services.rate_limits import hashed

    headers = dict(scope.get("headers") or [])
    token = _visitor_cookie(headers)
    if not token:
        client = scope.get("client") or ("", 0)
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
        self.idle = False  # the writer waits for work and no send is in flight: a post may go out at once
        self.in_flight: asyncio.Future | None = None
        self._last_count = None
        # Listen first, read the missed posts second: a post committed in between arrives twice (the
        # page ignores a sequence it has), never zero times. Until the writer starts, posts wait here.
        _rooms[self.interview_id].add(self)
        try:
            relay = _relay_for(self.interview_id)
            await asyncio.wait_for(relay.ready.wait(), RELAY_READY_SECONDS)
            missed = relay.missed(_since(self.scope))
            if missed is None:  # further behind than the relay remembers, or the relay saw a gap
                missed = await self._open_room(self.interview_id, _since(self.scope))
            elif not relay.is_open:
                missed = None
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
        if getattr(self, "in_flight", None) is not None:
            self.in_flight.cancel()

    async def receive(self, text_data=None, bytes_data=None):
        """Viewers ask questions over HTTP (rate-limited per address); nothing is read here."""

    async def dispatch(self, message):
        """As Channels' dispatch, without closing stale database connections in a worker thread before
        every message: a viewer's connect, receive and disconnect touch no database (the rare replay
        that does runs in its own thread and closes its connection itself)."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def push(self, text: str) -> None:
        if self.dropped:
            return
        if self.idle:
            self._send_now(text)
            return
        if len(self.outbox) >= OUTBOX_LIMIT:
            self.dropped = True
            self.outbox.clear()
            asyncio.ensure_future(self.close(code=SLOW_VIEWER_CLOSE_CODE))
            return
        self.outbox.append(text)
        self.wakeup.set()

    def _send_now(self, text: str) -> None:
        """Send from the caller's task. A send that must wait continues as a task of its own; until it
        has finished, later posts queue in the outbox and the writer sends them in order."""
        sending = self._deliver(text)
        try:
            waiting_for = sending.send(None)
        except StopIteration:
            return  # the socket took it: no task woken, no task created
        except Exception as error:  # noqa: BLE001 - one viewer's failure must not stop the room's relay
            self._give_up(error)
            return
        self.idle = False
        self.wakeup.set()  # the writer waits for the send in flight, then empties the outbox
        self.in_flight = asyncio.ensure_future(_Continue(sending, waiting_for))

    def _give_up(self, error: Exception) -> None:
        """A send failed: a viewer whose socket has gone is removed by the disconnect that follows; any
        other failure closes the socket, and the page reconnects and replays what it missed."""
        self.dropped = True
        self.outbox.clear()
        if not isinstance(error, SOCKET_GONE):
            logger.warning("interview viewer send failed: %r", error)
            asyncio.ensure_future(self.close(code=SLOW_VIEWER_CLOSE_CODE))

    async def _write(self):
        while True:
            self.idle = not self.outbox and not self.dropped
            await self.wakeup.wait()
            self.idle = False
            self.wakeup.clear()
            in_flight, self.in_flight = self.in_flight, None
            if in_flight is not None:
                try:
                    await in_flight
                except Exception as error:  # noqa: BLE001 - as in _send_now
                    self._give_up(error)
            while self.outbox and not self.dropped:
                await self._deliver(self.outbox.popleft())

    def _deliver(self, text: str):
        """The server's own send of one text frame: Channels' two `send` wrappers skipped (a coroutine
        frame each, per viewer and post)."""
        return self.base_send({"type": "websocket.send", "text": text})

    async def _open_room(self, interview_id: int, since: int) -> list[str] | None:
        # Off the single "sync" thread that database_sync_to_async uses: a thousand viewers joining at
        # once would otherwise read their missed posts one after another.
        return await sync_to_async(_open_room, thread_sensitive=False)(interview_id, since)


def _open_room(interview_id: int, since: int) -> list[str] | None:
    """Whether the room is open (live or finished) and the posts after `since`: one query each."""
    from django.db import close_old_connections

    from interviews.models import InterviewState
    from interviews.services.live import replay

    close_old_connections()
    try:
        if _room_state(interview_id) not in (InterviewState.LIVE, InterviewState.FINISHED):
            return None
        return replay(interview_id, since)
    finally:
        close_old_connections()


class _Continue:
    """Awaitable rest of a coroutine that was stepped by hand and is suspended on `waiting_for`: awaited
    in a task, it passes results and exceptions (cancellation too) through, as `await` would have."""

    __slots__ = ("coroutine", "waiting_for")

    def __init__(self, coroutine, waiting_for):
        self.coroutine = coroutine
        self.waiting_for = waiting_for

    def __await__(self):
        waiting_for = self.waiting_for
        while True:
            try:
                result = yield waiting_for
            except BaseException as error:  # noqa: BLE001 - handed to the coroutine, which decides
                resume = functools.partial(self.coroutine.throw, error)
            else:
                resume = functools.partial(self.coroutine.send, result)
            try:
                waiting_for = resume()
            except StopIteration as done:
                return done.value


class _Relay:
    """The process's one member of a room's group: each post arrives once and goes to every local
    viewer's outbox. It remembers the room's state and its last REPLAY_LIMIT posts, contiguous by
    sequence number, so that a viewer joining is answered from memory. When the channel layer fails,
    local viewers are closed so that they reconnect and catch up by sequence number."""

    def __init__(self, interview_id: int):
        self.interview_id = interview_id
        self.loop = asyncio.get_running_loop()
        self.ready = asyncio.Event()
        self.state: str | None = None  # None: the room is not open (not published, 预告, gone)
        self.recent: collections.deque[tuple[int, str]] = collections.deque(maxlen=_replay_limit())
        self.last_sequence = 0
        self.in_sync = False
        self.task = self.loop.create_task(self._run())

    @property
    def is_running(self) -> bool:
        return not self.task.done() and self.loop is asyncio.get_running_loop()

    def missed(self, since: int) -> list[str] | None:
        """The posts after `since` from memory; [] for a closed room's viewer (see `is_open`); None
        when memory does not cover them (the caller reads the database)."""
        if not self.in_sync:
            return None
        first = self.recent[0][0] if self.recent else self.last_sequence + 1
        if since < first - 1:
            return None
        return [text for sequence, text in self.recent if sequence > since]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    async def _load(self) -> None:
        state, rows = await sync_to_async(_room_snapshot, thread_sensitive=False)(self.interview_id)
        self.state = state
        self.recent.clear()
        self.recent.extend(rows)
        self.last_sequence = rows[-1][0] if rows else 0
        self.in_sync = True

    def _remember(self, sequence: int | None, text: str, state: str) -> None:
        if state:
            self.state = state
        if not self.in_sync or sequence is None or sequence <= self.last_sequence:
            return  # already known: loaded from the database while its broadcast was on the way
        if sequence != self.last_sequence + 1:  # a broadcast was lost: read the database again
            self.in_sync = False
            self.loop.create_task(self._reload())
            return
        self.recent.append((sequence, text))
        self.last_sequence = sequence

    async def _reload(self) -> None:
        try:
            await self._load()
        except Exception:  # the database is away: joining viewers read it themselves until it is back
            logger.exception("interview relay for %s could not reload", self.interview_id)

    async def _run(self) -> None:
        layer = get_channel_layer()
        group = broadcast.room_group(self.interview_id)
        channel = await layer.new_channel()
        try:
            await layer.group_add(group, channel)
            joined = time.monotonic()
            await self._reload()  # after joining: a post committed meanwhile arrives, never goes missing
            self.ready.set()
            while True:
                message = await layer.receive(channel)
                text = message.get("text")
                if message.get("type") == "room.post" and text:
                    self._remember(message.get("seq"), text, message.get("state") or "")
                    for number, viewer in enumerate(tuple(_rooms.get(self.interview_id, ())), 1):
                        viewer.push(text)
                        if number % PUSHES_BETWEEN_YIELDS == 0:
                            await asyncio.sleep(0)  # let connects and page requests in between
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


def _replay_limit() -> int:
    from interviews.services.live import REPLAY_LIMIT

    return REPLAY_LIMIT


def _room_state(interview_id: int) -> str | None:
    from interviews.models import InterviewPage

    return InterviewPage.objects.live().filter(pk=interview_id).values_list("room__state", flat=True).first()


def _room_snapshot(interview_id: int) -> tuple[str | None, list[tuple[int, str]]]:
    """The room's state and its last posts, oldest first (two queries)."""
    from django.db import close_old_connections

    from interviews.models import Post

    close_old_connections()
    try:
        rows = list(
            Post.objects.filter(interview_id=interview_id)
            .order_by("-sequence")
            .values_list("sequence", "payload")[: _replay_limit()]
        )
        rows.reverse()
        return _room_state(interview_id), rows
    finally:
        close_old_connections()


_relays: dict[int, _Relay] = {}


def _relay_for(interview_id: int) -> _Relay:
    relay = _relays.get(interview_id)
    if relay is None or not relay.is_running:
        relay = _relays[interview_id] = _Relay(interview_id)
    return relay


def _drop_room(interview_id: int) -> None:
    _rooms.pop(interview_id, None)
    _count_pushed_at.pop(interview_id, None)
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
            totals, states = await sync_to_async(_publish_counts, thread_sensitive=False)(local, joined)
        except Exception:  # a cache or database hiccup must not stop the counts for good
            logger.exception("viewer count tick failed")
            totals, states = {}, {}
        for interview_id, state in states.items():
            relay = _relays.get(interview_id)
            if relay is not None:
                relay.state = state  # unpublished meanwhile: new viewers are turned away
        for interview_id, total in totals.items():
            if not _count_due(interview_id, local.get(interview_id, 0), started):
                continue
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


_count_pushed_at: dict[int, float] = {}


def _count_due(interview_id: int, viewers: int, now: float) -> bool:
    """Whether this process sends the room's viewers the count now: once a second, and in a room
    bigger than COUNT_DELIVERIES_PER_SECOND viewers once every viewers/COUNT_DELIVERIES_PER_SECOND s."""
    interval = max(TICK_SECONDS, viewers / COUNT_DELIVERIES_PER_SECOND)
    if now - _count_pushed_at.get(interview_id, float("-inf")) < interval - 0.05:
        return False
    _count_pushed_at[interview_id] = now
    return True


def _publish_counts(local: dict[int, int], joined: dict[int, set[str]]) -> tuple[dict[int, int], dict]:
    from django.db import close_old_connections

    close_old_connections()
    try:
        totals = _count_and_record(local, joined)
        return totals, {interview_id: _room_state(interview_id) for interview_id in local}
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
