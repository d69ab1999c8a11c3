"""The journey suite's demo database, built once per code version and kept under `var/journey-template/`.

Built by `migrate` + `collectstatic` + `load_demo` + `search_check --fix`, exactly as `make run` builds it.
`make test` starts `python -m tests.journeys.demo_template` in the background while the SQLite stage runs
(it is single-process, so the second core is otherwise idle); the journey stage then finds the template
ready, or waits on the same file lock until it is. The template is reused while the code it was built
from is unchanged (JOURNEY_REUSE_DEMO=1 reuses it anyway while only templates or tests change).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
TEMPLATE = VAR / "journey-template"
CODE_DIRS = ("config", "sitegroup", "themes", "search", "disclosure", "services_column", "interaction", "interviews")
ARTICLES_PER_COLUMN = 4
BUILD_STEPS = (
    ("migrate", "--noinput", "-v0"),
    ("collectstatic", "--noinput", "-v0"),
    ("load_demo", "--articles-per-column", str(ARTICLES_PER_COLUMN)),
    ("search_check", "--fix", "--show", "0"),
)


class DemoBuildError(RuntimeError):
    """A build step failed; the message names it and carries the end of its output."""


def code_fingerprint() -> str:
    """A hash of the Python code the demo database is built from (migrations and demo loaders included)."""
    digest = hashlib.sha256()
    for directory in CODE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def environment(var_dir: Path, port: int | None = None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        SITEGROUP_VAR_DIR=str(var_dir),
        SITEGROUP_PERIODIC_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    if port:
        env["WAGTAILADMIN_BASE_URL"] = f"http://localhost:{port}"
    return env


def manage(var_dir: Path, *args: str, port: int | None = None, timeout: float = 1800) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment(var_dir, port),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_template() -> Path:
    """Build (or reuse) the demo database, under a file lock so parallel builders build it once."""
    VAR.mkdir(exist_ok=True)
    fingerprint = code_fingerprint()
    with open(VAR / "journey-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = TEMPLATE / "fingerprint"
        if stamp.exists() and (stamp.read_text() == fingerprint or os.environ.get("JOURNEY_REUSE_DEMO") == "1"):
            return TEMPLATE
        building = VAR / "journey-template.building"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        for args in BUILD_STEPS:
            result = manage(building, *args)
            if result.returncode:
                raise DemoBuildError(
                    f"演示数据构建失败：manage.py {' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
                )
        (building / "fingerprint").write_text(fingerprint)
        shutil.rmtree(TEMPLATE, ignore_errors=True)
        building.rename(TEMPLATE)
        return TEMPLATE


if __name__ == "__main__":
    started = time.monotonic()
    try:
        build_template()
    except DemoBuildError as error:
        # The journey stage tries again and reports the failure in its own output.
        sys.stderr.write(f"{error}\n")
        sys.exit(1)
    sys.stdout.write(f"journey demo template ready in {time.monotonic() - started:.0f} s\n")
