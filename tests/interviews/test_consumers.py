"""The interview room over WebSocket: replay by sequence, moderation before broadcast, slow viewers,
the viewer count, and who may open a staff console."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.asgi import application
from interviews import consumers
from interviews.services import live
from sitegroup.models import OrganisationKind
from tests.builders import make_organisation, make_user, verified_websocket_session
from tests.interviews.builders import make_interview, staff_for

HEADERS = [(b"host", b"localhost"), (b"origin", b"http://localhost")]


@database_sync_to_async
def _world(start=True):
    portal = make_organisation("测试县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    interview = make_interview(portal.organisation)
    admin = make_user("iv_admin", is_superuser=True, is_staff=True)
    people = staff_for(interview, admin)
    if start:
        live.start(interview, people["director"])
    return interview, people


def _viewer(interview, since=None):
    path = f"/ws/interviews/{interview.pk}/" + (f"?since={since}" if since is not None else "")
    communicator = WebsocketCommunicator(application, path, headers=HEADERS)
    communicator.scope["user"] = AnonymousUser()
    return communicator


def _console(interview, user):
    communicator = WebsocketCommunicator(application, f"/ws/interviews/{interview.pk}/console/", headers=HEADERS)
    communicator.scope["user"] = user
    communicator.scope["session"] = verified_websocket_session(user)  # passed the second factor
    return communicator


async def _posts(communicator, number, timeout=3):
    """The next `number` feed posts (viewer counts skipped)."""
    found = []
    while len(found) < number:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["type"] == "post":
            found.append(message)
    return found


async def _no_post(communicator, wait=0.5):
    """Nothing but viewer counts arrives for `wait` seconds."""
    while not await communicator.receive_nothing(timeout=wait):
        message = json.loads(await communicator.receive_from())
        assert message["type"] == "viewers", message
    return True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestViewerRoom:
    async def test_viewer_gets_what_it_missed_then_the_live_feed(self):
        interview, people = await _world()
        for text in ("各位网友大家好。", "今天的嘉宾是县教育局局长。"):
            await database_sync_to_async(live.post)(interview, people["host"], text=text)
        viewer = _viewer(interview, since=1)
        connected, _ = await viewer.connect()
        assert connected
        missed = await _posts(viewer, 2)
        assert [post["seq"] for post in missed] == [2, 3]
        assert missed[0]["text"] == "各位网友大家好。"
        await database_sync_to_async(live.post)(interview, people["host"], text="首先请局长介绍招生政策。")
        [fresh] = await _posts(viewer, 1)
        assert fresh["seq"] == 4 and fresh["text"] == "首先请局长介绍招生政策。"
        await viewer.disconnect()

    async def test_reconnect_with_the_last_sequence_gets_exactly_the_missed_posts(self):
        interview, people = await _world()
        first = _viewer(interview, since=0)
        assert (await first.connect())[0]
        [started] = await _posts(first, 1)
        await first.disconnect()
        for number in range(3):
            await database_sync_to_async(live.post)(interview, people["host"], text=f"断线期间第{number + 1}条")
        again = _viewer(interview, since=started["seq"])
        assert (await again.connect())[0]
        missed = await _posts(again, 3)
        assert [post["text"] for post in missed] == ["断线期间第1条", "断线期间第2条", "断线期间第3条"]
        # Nothing new follows. A post whose broadcast was still on its way when the viewer joined may come
        # a second time ("twice, never zero times"): the page ignores a sequence it has.
        later = []
        while not await again.receive_nothing(timeout=0.3):
            message = json.loads(await again.receive_from())
            if message["type"] == "post":
                later.append(message["seq"])
        assert set(later) <= {post["seq"] for post in missed}
        await again.disconnect()

    async def test_questions_reach_viewers_only_after_approval(self):
        interview, people = await _world()
        viewer = _viewer(interview, since=1)
        director = _console(interview, people["director"])
        assert (await viewer.connect())[0] and (await director.connect())[0]
        question = await database_sync_to_async(live.submit_question)(
            interview, text="随迁子女怎么报名？", nickname="外地家长", client="10.1.1.1"
        )
        event = json.loads(await director.receive_from(timeout=3))
        assert event["type"] == "question" and event["event"] == "new" and event["text"] == "随迁子女怎么报名？"
        assert await _no_post(viewer)
        await database_sync_to_async(live.approve_question)(question, people["director"])
        [post] = await _posts(viewer, 1)
        assert post["kind"] == "question" and post["question"]["text"] == "随迁子女怎么报名？"
        assert post["question"]["name"] == "外地家长"
        await viewer.disconnect()
        await director.disconnect()

    async def test_rejected_question_is_never_broadcast(self):
        interview, people = await _world()
        viewer = _viewer(interview, since=1)
        assert (await viewer.connect())[0]
        question = await database_sync_to_async(live.submit_question)(interview, text="无关的广告", client="10.1.1.2")
        await database_sync_to_async(live.reject_question)(question, people["reviewer"])
        assert await _no_post(viewer)
        await viewer.disconnect()

    async def test_viewer_that_does_not_drain_is_dropped(self, monkeypatch):
        monkeypatch.setattr(consumers, "OUTBOX_LIMIT", 20)
        interview, _people = await _world()
        viewer = _viewer(interview, since=1)
        viewer._output_queue = asyncio.Queue(maxsize=3)  # a socket whose buffer is full: sends wait
        assert (await viewer.connect())[0]
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        for number in range(60):
            text = json.dumps({"type": "post", "seq": 100 + number, "kind": "host", "text": "x"})
            await layer.group_send(
                f"interview.{interview.pk}", {"type": "room.post", "text": text, "seq": 100 + number}
            )
        await asyncio.sleep(0.2)
        received, closed = 0, None
        while closed is None:
            output = await viewer.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                closed = output.get("code")
            elif output["type"] == "websocket.send":
                received += 1
        assert closed == consumers.SLOW_VIEWER_CLOSE_CODE
        assert received < 60  # the rest were not queued for it: it reconnects with `since`

    async def test_a_post_goes_into_idle_viewers_sockets_without_a_task_per_viewer(self, monkeypatch):
        interview, _people = await _world()
        viewers = [_viewer(interview, since=1) for _ in range(5)]
        for viewer in viewers:
            assert (await viewer.connect())[0]
        await asyncio.sleep(0.1)  # the writers are waiting for work
        created, sending_tasks = [], []
        real_ensure_future = asyncio.ensure_future
        monkeypatch.setattr(
            consumers.asyncio, "ensure_future", lambda *a, **k: created.append(a) or real_ensure_future(*a, **k)
        )
        real_send = consumers.RoomConsumer._deliver

        def send(consumer, *args, **kwargs):
            sending_tasks.append(asyncio.current_task())
            return real_send(consumer, *args, **kwargs)

        monkeypatch.setattr(consumers.RoomConsumer, "_deliver", send)
        from channels.layers import get_channel_layer

        text = json.dumps({"type": "post", "seq": 100, "kind": "host", "text": "直接送达"})
        await get_channel_layer().group_send(
            f"interview.{interview.pk}", {"type": "room.post", "text": text, "seq": 100}
        )
        for viewer in viewers:
            [post] = await _posts(viewer, 1)
            assert post["text"] == "直接送达"
        assert len(sending_tasks) == 5 and len(set(sending_tasks)) == 1  # all from the relay's task
        assert created == []
        for viewer in viewers:
            await viewer.disconnect()

    async def test_one_viewers_failing_send_closes_that_viewer_and_not_the_room(self, monkeypatch):
        interview, _people = await _world()
        viewers = [_viewer(interview, since=1) for _ in range(3)]
        for viewer in viewers:
            assert (await viewer.connect())[0]
        await asyncio.sleep(0.1)
        real_send = consumers.RoomConsumer._deliver
        failing = []

        async def send(consumer, *args, **kwargs):
            if not failing:
                failing.append(consumer)
            if consumer is failing[0]:
                raise ValueError("a broken socket")
            await real_send(consumer, *args, **kwargs)

        monkeypatch.setattr(consumers.RoomConsumer, "_deliver", send)
        from channels.layers import get_channel_layer

        text = json.dumps({"type": "post", "seq": 100, "kind": "host", "text": "照常送达"})
        message = {"type": "room.post", "text": text, "seq": 100}
        await get_channel_layer().group_send(f"interview.{interview.pk}", message)
        outcomes = []
        for viewer in viewers:
            while True:  # the first post or close, viewer counts skipped
                output = await viewer.receive_output(timeout=3)
                if output["type"] == "websocket.close":
                    outcomes.append(output.get("code"))
                    break
                if (data := json.loads(output["text"]))["type"] == "post":
                    outcomes.append(data)
                    break
        closed = [outcome for outcome in outcomes if not isinstance(outcome, dict)]
        assert closed == [consumers.SLOW_VIEWER_CLOSE_CODE]  # it reconnects and replays
        assert [outcome["text"] for outcome in outcomes if isinstance(outcome, dict)] == ["照常送达"] * 2
        for viewer in viewers:
            await viewer.disconnect()

    async def test_a_viewer_whose_socket_waits_gets_every_post_in_order(self):
        interview, _people = await _world()
        viewer = _viewer(interview, since=1)
        viewer._output_queue = asyncio.Queue(maxsize=2)  # sends wait once two are unread
        assert (await viewer.connect())[0]
        await asyncio.sleep(0.1)
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        for number in range(12):
            text = json.dumps({"type": "post", "seq": 100 + number, "kind": "host", "text": str(number)})
            await layer.group_send(
                f"interview.{interview.pk}", {"type": "room.post", "text": text, "seq": 100 + number}
            )
        posts = await _posts(viewer, 12)
        assert [post["seq"] for post in posts] == list(range(100, 112))
        await viewer.disconnect()

    async def test_viewer_count_is_pushed_to_viewers(self):
        interview, _people = await _world()
        viewers = [_viewer(interview, since=1) for _ in range(2)]
        for viewer in viewers:
            assert (await viewer.connect())[0]
        counts = []
        while 2 not in counts:
            message = json.loads(await viewers[0].receive_from(timeout=3))
            if message["type"] == "viewers":
                counts.append(message["count"])
        for viewer in viewers:
            await viewer.disconnect()
        room = await database_sync_to_async(lambda: type(interview.room).objects.get(interview=interview))()
        assert room.peak_viewers == 2

    async def test_the_room_of_an_announced_interview_is_closed(self):
        from channels.layers import get_channel_layer

        interview, _people = await _world(start=False)
        viewer = _viewer(interview)
        connected, code = await viewer.connect()
        assert not connected and code == consumers.NOT_LIVE_CLOSE_CODE
        await asyncio.sleep(0.1)
        assert not get_channel_layer().groups.get(f"interview.{interview.pk}")  # no relay left behind

    async def test_a_broadcast_is_one_layer_message_per_process_not_per_viewer(self):
        from channels.layers import get_channel_layer

        interview, people = await _world()
        viewers = [_viewer(interview, since=1) for _ in range(5)]
        for viewer in viewers:
            assert (await viewer.connect())[0]
        assert consumers._relays[interview.pk].is_running  # this process's one member of the room's group
        groups = getattr(get_channel_layer(), "groups", None)
        if isinstance(groups, dict) and f"interview.{interview.pk}" in groups:  # the in-memory layer
            assert len(groups[f"interview.{interview.pk}"]) == 1
        await database_sync_to_async(live.post)(interview, people["host"], text="五位观众都收到")
        for viewer in viewers:
            [post] = await _posts(viewer, 1)
            assert post["text"] == "五位观众都收到"
            await viewer.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestRelayMemory:
    """Viewers joining are answered from the relay's memory of the room, not one query each."""

    async def test_joining_viewers_read_no_database_while_the_relay_remembers(self, monkeypatch):
        interview, people = await _world()
        for number in range(3):
            await database_sync_to_async(live.post)(interview, people["host"], text=f"第{number + 1}条")
        first = _viewer(interview, since=4)
        assert (await first.connect())[0]  # the relay joins the group and loads the room once
        reads = []
        monkeypatch.setattr(consumers, "_open_room", lambda *args: reads.append(args) or [])
        await database_sync_to_async(live.post)(interview, people["host"], text="第4条")
        await _posts(first, 1)
        late = _viewer(interview, since=2)
        assert (await late.connect())[0]
        missed = await _posts(late, 3)
        assert [post["text"] for post in missed] == ["第2条", "第3条", "第4条"]
        assert reads == []
        for viewer in (first, late):
            await viewer.disconnect()

    async def test_a_viewer_further_behind_than_memory_reads_the_database(self, monkeypatch):
        monkeypatch.setattr(live, "REPLAY_LIMIT", 2)
        interview, people = await _world()
        for number in range(4):
            await database_sync_to_async(live.post)(interview, people["host"], text=f"第{number + 1}条")
        viewer = _viewer(interview, since=1)
        assert (await viewer.connect())[0]
        missed = await _posts(viewer, 4)
        assert [post["text"] for post in missed] == ["第1条", "第2条", "第3条", "第4条"]
        assert len(consumers._relays[interview.pk].recent) == 2
        await viewer.disconnect()

    async def test_a_lost_broadcast_makes_the_relay_read_the_room_again(self, monkeypatch):
        from interviews.services import broadcast

        interview, people = await _world()
        viewer = _viewer(interview, since=1)
        assert (await viewer.connect())[0]
        relay = consumers._relays[interview.pk]
        sent = broadcast._send
        monkeypatch.setattr(broadcast, "_send", lambda *args, **kwargs: None)  # Redis drops one broadcast
        lost = await database_sync_to_async(live.post)(interview, people["host"], text="广播丢失")
        monkeypatch.setattr(broadcast, "_send", sent)
        await database_sync_to_async(live.post)(interview, people["host"], text="下一条")
        await _posts(viewer, 1)
        for _ in range(50):  # the relay saw the gap and read the room again
            if relay.in_sync and relay.last_sequence == lost.sequence + 1:
                break
            await asyncio.sleep(0.05)
        assert relay.in_sync and relay.last_sequence == lost.sequence + 1
        late = _viewer(interview, since=lost.sequence - 1)
        assert (await late.connect())[0]
        texts = [message["text"] for message in await _posts(late, 2)]
        assert texts == ["广播丢失", "下一条"]
        await viewer.disconnect()
        await late.disconnect()

    async def test_a_room_unpublished_meanwhile_turns_new_viewers_away(self):
        interview, _people = await _world()
        viewer = _viewer(interview, since=1)
        assert (await viewer.connect())[0]
        await database_sync_to_async(interview.unpublish)()
        relay = consumers._relays[interview.pk]
        for _ in range(60):  # the once-a-second tick reads the room's state
            if not relay.is_open:
                break
            await asyncio.sleep(0.05)
        assert not relay.is_open
        late = _viewer(interview, since=1)
        connected, code = await late.connect()
        assert not connected and code == consumers.NOT_LIVE_CLOSE_CODE
        await viewer.disconnect()


class TestViewerCountPace:
    def test_a_small_room_gets_the_count_once_a_second(self):
        consumers._count_pushed_at.clear()
        assert consumers._count_due(1, 50, 100.0)
        assert not consumers._count_due(1, 50, 100.5)
        assert consumers._count_due(1, 50, 101.0)

    def test_a_big_room_gets_it_less_often_to_bound_the_deliveries(self):
        consumers._count_pushed_at.clear()
        viewers = consumers.COUNT_DELIVERIES_PER_SECOND * 5
        assert consumers._count_due(2, viewers, 100.0)
        assert not consumers._count_due(2, viewers, 103.0)
        assert consumers._count_due(2, viewers, 105.0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConsole:
    async def test_only_the_interviews_staff_open_the_console(self):
        interview, people = await _world()
        outsider = _console(interview, people["outsider"])
        assert not (await outsider.connect())[0]
        anonymous = _console(interview, AnonymousUser())
        assert not (await anonymous.connect())[0]
        for role in ("director", "reviewer", "guest", "host"):
            console = _console(interview, people[role])
            assert (await console.connect())[0], role
            await console.disconnect()

    async def test_console_hears_the_feed_and_the_queue(self):
        interview, people = await _world()
        guest = _console(interview, people["guest"])
        assert (await guest.connect())[0]
        question = await database_sync_to_async(live.submit_question)(interview, text="学位够不够？", client="10.1.1.3")
        assert json.loads(await guest.receive_from(timeout=3))["event"] == "new"
        guest_row = await database_sync_to_async(lambda: interview.guests.get())()
        await database_sync_to_async(live.pick_question)(question, people["director"], guest=guest_row)
        kinds = set()
        while "picked" not in kinds:
            message = json.loads(await guest.receive_from(timeout=3))
            kinds.add(message.get("event") or message["kind"])
        assert "question" in kinds  # the approved question's post came too
        await guest.disconnect()
