"""ASGI entry point: Daphne serves HTTP through Django and WebSockets through Channels."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Each route brings its own middleware: staff consoles load the session and user and check the
        # second factor (sitegroup.auth_middleware.staff_websocket), the
        # interview room's anonymous viewers skip that work (ten thousand of them join at once).
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)

# Thousands of open sockets make CPython's cyclic collector walk the same long-lived objects again and
# again (measured: 60% of a busy interview room's CPU). Everything loaded so far lives as long as the
# process: move it out of the collector's sight, and collect the young generation less often.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 20)
