"""Settings for `make run`: the embedded default on one machine."""

import os  # noqa: E402

from .base import *  # noqa: F403
from .base import VAR_DIR

# DEBUG on by default for the demo; benchmarks turn it off (DJANGO_DEBUG=0) to measure what production does.
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105
# Sub-sites live on hostnames under localhost, which browsers resolve to loopback.
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
