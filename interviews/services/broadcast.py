"""What goes over the channel layer: group names and the payload of a post, rendered once.

Viewers receive each post as one pre-rendered JSON string: the consumer forwards the text and never
touches the database. Moderation traffic (new and changed questions) goes to a separate, small group
that only the consoles of the people running the interview join.
"""

from __future__ import annotations

import json
import logging
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def room_group(interview_id: int) -> str:
    return f"interview.{int(interview_id)}"


def staff_group(interview_id: int) -> str:
    return f"interview.{int(interview_id)}.staff"


def _local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def render_post(post, *, image_url: str = "", state: str = "") -> str:
    """The JSON text of one feed item. Citizen and staff text go out as text: the page inserts it
    with textContent, never as HTML."""
    data = {
        "type": "post",
        "seq": post.sequence,
        "kind": post.kind,
        "speaker": post.speaker,
        "text": post.text,
        "time": _local_time(post.created_at),
        "at": round(time.time(), 4),
    }
    if image_url:
        data["image"] = image_url
    question = post.question
    if question is not None:
        data["question"] = {"id": question.pk, "name": question.display_name, "text": question.public_text}
    if state:
        data["state"] = state
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def render_question_event(question, event: str) -> str:
    guest = question.guest
    return json.dumps(
        {
            "type": "question",
            "event": event,
            "id": question.pk,
            "state": question.state,
            "state_label": question.get_state_display(),
            "name": question.display_name,
            "text": question.text,
            "edited_text": question.edited_text,
            "needs_review": question.needs_review,
            "guest": str(guest) if guest else "",
            "guest_id": guest.pk if guest else None,
            "time": _local_time(question.created_at),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _send(group: str, message_type: str, text: str, **extra) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": message_type, "text": text, **extra})
    except Exception:  # a broadcast failure must not undo what was committed; viewers catch up by sequence
        logger.exception("interview broadcast to %s failed", group)


def after_commit_to_room(interview_id: int, text: str, sequence: int, state: str = "") -> None:
    """After commit, one layer message per process: the text, its sequence number (relays keep their
    memory of the room contiguous by it) and the room's new state when the post changes it."""
    transaction.on_commit(lambda: _send(room_group(interview_id), "room.post", text, seq=sequence, state=state))


def after_commit_to_staff(interview_id: int, text: str) -> None:
    transaction.on_commit(lambda: _send(staff_group(interview_id), "staff.event", text))
