"""WhiteNoise, async-capable: static files for the embedded default (nginx serves them in production).

WhiteNoise 6 is sync-only; in an ASGI chain that forces a thread hop per request around everything after
it. The lookup is a dict read (or a file-system check with autorefresh in development), so the async path
does it on the event loop and only a hit is served, as WhiteNoise serves it.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware

from sitegroup.middleware import SyncAndAsyncMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    sync_capable = True
    async_capable = True

    def __init__(self, get_response=None):
        super().__init__(get_response)
        SyncAndAsyncMiddleware.__init__(self, get_response)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request):
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file, thread_sensitive=False)(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is not None:
            return self.serve(static_file, request)
        return await self.get_response(request)
