"""Backup and restore on PostgreSQL: `pg_dump -Fc` on an exported snapshot taken while another process
writes; `pg_restore` into an empty database finds every record committed before it, its files and
its search hits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.sitegroup.test_backup import CHECK, DATA_KEY, ROOT, _committed

pytestmark = pytest.mark.integration


def _url(name: str) -> str:
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"


def _env(var_dir: Path, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _url(database),
        "ALLOWED_HOSTS": "localhost,.localhost",
        "SITEGROUP_VAR_DIR": str(var_dir),
        "SITEGROUP_DATA_KEYS": DATA_KEY,
        "MEDIA_ROOT": str(var_dir / "media"),
        "PRIVATE_MEDIA_ROOT": str(var_dir / "private"),
        "SEARCH_INDEX_PATH": str(var_dir / "search-index.sqlite3"),
    }


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Serialized rollback like the other transactional integration tests: the flush after this test then
# leaves the tables empty for the next one to load its serialized rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pg_dump_taken_during_writes_restores_every_committed_record(tmp_path, empty_database):
    assert connection.vendor == "postgresql"
    source = _env(tmp_path / "source", connection.settings_dict["NAME"])
    log, stop = tmp_path / "committed.log", tmp_path / "stop"
    output = (tmp_path / "writer-output.log").open("wb")  # a file, not a pipe nobody reads: a full pipe blocks
    writer = subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "tests/sitegroup/backup_writer.py"), str(log), str(stop), "400"],
        cwd=ROOT,
        env=source,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 300
        while len(_committed(log)) < 3:
            assert writer.poll() is None, (tmp_path / "writer-output.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the writer committed nothing"
            time.sleep(0.2)
        before_snapshot = _committed(log)
        _manage(source, "backup", "--output", str(tmp_path / "backups"))
        assert writer.poll() is None, "the writer must still be writing while the backup runs"
    finally:
        stop.touch()
        writer.wait(timeout=300)
        output.close()
    (snapshot,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((snapshot / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.pgdump"}
    assert manifest["missing_files"] == []

    target = _env(tmp_path / "fresh", empty_database)
    assert "恢复完成" in _manage(target, "restore", str(snapshot)).stdout
    committed = tmp_path / "before-snapshot.log"
    committed.write_text("\n".join(before_snapshot))
    checked = _manage(target, "shell", "-c", CHECK.replace("sys.argv[-1]", repr(str(committed))))
    found = json.loads(checked.stdout.strip().splitlines()[-1])
    assert len(found) == len(before_snapshot) >= 3
    for row in found:
        assert row["page"] and row["file"] and row["search"], row
        assert row["phone"] == f"1380000{row['number']:04d}"
