"""Periodic jobs — scheduled publishing, page-view flush and the apps' reminders — run without a cron.

Apps contribute jobs through the Wagtail hook ``register_periodic_jobs`` (a function returning
``PeriodicJob``s). ``manage.py serve`` runs them in a background thread of the server process, the
embedded default; in production ``manage.py run_periodic_jobs`` runs them from cron or a systemd timer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections
from wagtail import hooks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    label: str  # what the job does, in Chinese, for logs and `run_periodic_jobs --list`
    every: float  # seconds between runs
    run: Callable[[], object]


def registered_jobs() -> list[PeriodicJob]:
    """Every app's jobs, with intervals overridden by ``settings.PERIODIC_JOB_SECONDS`` (name → seconds)."""
    overrides = getattr(settings, "PERIODIC_JOB_SECONDS", {})
    jobs = []
    for hook in hooks.get_hooks("register_periodic_jobs"):
        for job in hook():
            every = overrides.get(job.name, overrides.get("*", job.every))
            jobs.append(PeriodicJob(job.name, job.label, float(every), job.run))
    return jobs


class JobRunner:
    """Runs each job when it is due; a failing job is logged and tried again at its next turn."""

    def __init__(self, jobs: list[PeriodicJob], clock: Callable[[], float] = time.monotonic):
        self.jobs = jobs
        self.clock = clock
        self.next_due = {job.name: clock() for job in jobs}
        self._stop = threading.Event()

    def run_due(self) -> list[str]:
        """Run the jobs that are due now; returns their names."""
        ran = []
        for job in self.jobs:
            now = self.clock()
            if now < self.next_due[job.name]:
                continue
            self.next_due[job.name] = now + job.every
            close_old_connections()
            try:
                job.run()
            except Exception:  # noqa: BLE001 - one broken job must not stop the others or the server
                logger.exception("周期任务 %s（%s）失败", job.name, job.label)
            finally:
                close_old_connections()
            ran.append(job.name)
        return ran

    def seconds_to_next(self) -> float:
        if not self.jobs:
            return 60.0
        return max(0.0, min(self.next_due.values()) - self.clock())

    def run_forever(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            self._stop.wait(min(self.seconds_to_next(), 5.0))

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="periodic-jobs", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
