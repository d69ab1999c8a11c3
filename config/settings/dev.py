"""Settings for `make run`: the embedded default on one machine, served as a deployment would (DEBUG off).

Developers switch debugging on with DJANGO_DEBUG=1 (`make dev`); citizens never see a debug page.
"""

import os  # noqa: E402

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105
# Sub-sites live on hostnames under localhost, which browsers resolve to loopback.
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
# One process serves static files (WhiteNoise) and uploaded media; production leaves media to nginx.
SERVE_MEDIA = True
# Journey tests shorten every periodic job's interval (seconds) to see scheduled publishing fire quickly.
if os.environ.get("SITEGROUP_PERIODIC_SECONDS"):
    PERIODIC_JOB_SECONDS = {"*": float(os.environ["SITEGROUP_PERIODIC_SECONDS"])}
VAR_DIR.mkdir(parents=True, exist_ok=True)
# The demo's harvest source is the recorded feed this server itself serves under /harvest-demo/.
HARVEST_ALLOW_PRIVATE_ADDRESSES = True
HARVEST_DEMO_PAGES = True
HARVEST_HOST_DELAY_SECONDS = 0.2
