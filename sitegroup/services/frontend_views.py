"""Page views of the pages nginx answered from its own cache, which Python never sees.

nginx writes one line per cache hit to its page-view log (deploy/nginx: `sitegroup_views`):
`<time ISO 8601>\\t<page id>\\t<user agent>`. The periodic job `count_nginx_page_views` reads what was
added since its last run and adds the views to the same daily counters as pages rendered here, skipping
crawlers as sitegroup.services.pageviews does. Its position in the log is kept in the application's own
folder (VAR_DIR: nginx's log folder is not the application's to write), written in the same transaction
as the counts, under a lock, so a line is counted once even when runs overlap or one fails; a rotated or
truncated log is read from its start.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections import Counter
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sitegroup.services import pageviews

MAX_BYTES_PER_RUN = 64 * 1024 * 1024


def log_path() -> Path | None:
    path = getattr(settings, "PAGE_CACHE_FRONTEND_VIEW_LOG", "")
    return Path(path) if path else None


def count_new_views() -> int:
    """Add the views logged since the last run; returns how many were counted."""
    path = log_path()
    if path is None or not path.exists():
        return 0
    log_id = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    position_file = Path(settings.VAR_DIR) / f"nginx-page-views-{log_id}.pos"
    position_file.parent.mkdir(parents=True, exist_ok=True)
    with open(position_file.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        inode, offset = _read_position(position_file)
        stat = path.stat()
        if stat.st_ino != inode or stat.st_size < offset:
            offset = 0  # rotated or truncated: a new log
        with path.open("rb") as log:
            log.seek(offset)
            chunk = log.read(MAX_BYTES_PER_RUN)
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a line nginx is still writing waits for the next run
        counts = parse(complete.decode("utf-8", "replace"))
        with transaction.atomic():
            counted = pageviews.add_counts(counts) if counts else 0
            _write_position(position_file, stat.st_ino, offset + len(complete))  # fails: nothing counted
        return counted


def parse(text: str) -> Counter:
    """(page id, local day) → views, from complete log lines; crawlers and malformed lines are skipped."""
    counts: Counter = Counter()
    for line in text.splitlines():
        fields = line.split("\t", 2)
        if len(fields) != 3 or not fields[1].isdigit():
            continue
        if pageviews.is_bot(fields[2]):
            continue
        try:
            when = datetime.fromisoformat(fields[0])
        except ValueError:
            continue
        counts[(int(fields[1]), timezone.localdate(when))] += 1
    return counts


def _read_position(position_file: Path) -> tuple[int, int]:
    try:
        data = json.loads(position_file.read_text())
        return int(data["inode"]), int(data["offset"])
    except (OSError, ValueError, KeyError, TypeError):
        return -1, 0


def _write_position(position_file: Path, inode: int, offset: int) -> None:
    temporary = position_file.with_name(position_file.name + ".tmp")
    temporary.write_text(json.dumps({"inode": inode, "offset": offset}))
    os.replace(temporary, position_file)
