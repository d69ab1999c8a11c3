"""The live publication feed over WebSocket: who may listen, and what each listener receives."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.builders import verified_websocket_session


async def _connect(user):
    communicator = WebsocketCommunicator(
        application, "/ws/publications/", headers=[(b"host", b"localhost"), (b"origin", b"http://localhost")]
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = verified_websocket_session(user)  # passed the second factor
    return communicator


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestPublicationFeed:
    async def test_anonymous_visitors_are_refused(self):
        from django.contrib.auth.models import AnonymousUser

        communicator = await _connect(AnonymousUser())
        connected, _ = await communicator.connect()
        assert not connected

    async def test_editor_receives_own_organisation_publications_only(self, site_group):
        from channels.layers import get_channel_layer

        from sitegroup.consumers import FEED_GROUP

        editor = site_group["users"]["a_editor"]
        communicator = await _connect(editor)
        connected, _ = await communicator.connect()
        assert connected
        layer = get_channel_layer()
        for page_id, (title, key) in enumerate((("民政局稿件", "b"), ("教育局稿件", "a"))):
            event = {"type": "publication", "title": title, "site_id": site_group[key].site.pk, "page_id": page_id}
            await layer.group_send(FEED_GROUP, {**event, "url": "", "site": ""})
        message = await communicator.receive_json_from(timeout=3)
        assert message["title"] == "教育局稿件"
        assert await communicator.receive_nothing(timeout=0.2)
        await communicator.disconnect()

    async def test_publishing_a_page_reaches_the_supervision_office(self, site_group):
        from tests.builders import make_article

        communicator = await _connect(site_group["users"]["supervision"])
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(make_article)(site_group["columns"]["b"], "低保标准调整的通知")
        message = await communicator.receive_json_from(timeout=5)
        assert message["title"] == "低保标准调整的通知" and message["site_id"] == site_group["b"].site.pk
        await communicator.disconnect()
