"""The interview room across server processes: two Daphne processes on production settings (pub/sub
channel layer on Redis, PostgreSQL) — a post made in one process reaches viewers of both, and a viewer
that reconnects to the other process gets what it missed."""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from websockets.sync.client import connect

from interviews.services import live
from tests.integration.test_production_stack import daphne_pair  # noqa: F401 — the fixture
from tests.interviews.builders import make_interview, staff_for

pytestmark = pytest.mark.integration


def _viewer(port: int, interview_id: int, since: int):
    return connect(
        f"ws://127.0.0.1:{port}/ws/interviews/{interview_id}/?since={since}",
        open_timeout=20,
        additional_headers={"Origin": f"http://localhost:{port}"},
    )


def _next_post(sock) -> dict:
    while True:
        message = json.loads(sock.recv(timeout=10))
        if message["type"] == "post":
            return message


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_post_reaches_viewers_of_every_process_and_a_reconnect_replays(site_group, daphne_pair):  # noqa: F811
    interview = make_interview(site_group["a"].organisation)
    people = staff_for(interview, site_group["users"]["admin"])
    live.start(interview, people["director"])
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(_viewer(port, interview.pk, 1)) for port in daphne_pair]
        time.sleep(0.5)  # both relays subscribed
        live.post(interview, people["host"], text="两个进程的观众都收到")
        for sock in sockets:
            post = _next_post(sock)
            assert post["seq"] == 2 and post["text"] == "两个进程的观众都收到"
    question = live.submit_question(interview, text="断线期间通过的问题", client="10.2.0.1")
    live.approve_question(question, people["director"])
    with _viewer(daphne_pair[1], interview.pk, 2) as again:
        post = _next_post(again)
        assert post["seq"] == 3 and post["question"]["text"] == "断线期间通过的问题"
