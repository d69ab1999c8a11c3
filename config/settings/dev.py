"""Settings for `make run`: the embedded default on one machine."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105
# Sub-sites live on hostnames under localhost, which browsers resolve to loopback.
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
