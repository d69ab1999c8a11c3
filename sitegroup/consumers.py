"""Live publication feed: every publication, pushed to the admin users who may see it.

Protocol and group membership only; the broadcast comes from the publish signal after commit.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

FEED_GROUP = "publications"


class PublicationFeedConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if not user or not user.is_authenticated or not await self._may_watch(user):
            await self.close(code=4403)
            return
        self.site_ids = await self._visible_site_ids(user)
        await self.channel_layer.group_add(FEED_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(FEED_GROUP, self.channel_name)

    async def publication(self, event):
        if self.site_ids is None or event.get("site_id") in self.site_ids:
            await self.send_json({"type": "publication", **{k: v for k, v in event.items() if k != "type"}})

    @database_sync_to_async
    def _may_watch(self, user):
        return user.has_perm("wagtailadmin.access_admin")

    @database_sync_to_async
    def _visible_site_ids(self, user):
        from sitegroup.permissions import organisations_for, user_sees_every_organisation

        if user_sees_every_organisation(user):
            return None
        return set(organisations_for(user).exclude(site__isnull=True).values_list("site_id", flat=True))
