"""Backup and restore: a snapshot taken while another process writes comes back, into an empty
installation, with every record committed before it, their files and their search hits."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from sitegroup.lib import sealing

ROOT = Path(__file__).resolve().parents[2]
DATA_KEY = sealing.new_key()

CHECK = """
import json, sys
from pathlib import Path
from disclosure.models import DisclosureRequest
from search.services import matching_keys
from sitegroup.models import ArticlePage
from wagtail.documents.models import Document
found = []
for line in Path(sys.argv[-1]).read_text().splitlines():
    number, article, document, name, application = line.split()
    page = ArticlePage.objects.filter(pk=article, title=f"备份演练稿件第{number}号", live=True).first()
    doc = Document.objects.filter(pk=document).first()
    content = doc.file.open("rb").read().decode() if doc and Path(doc.file.path).is_file() else ""
    request = DisclosureRequest.objects.filter(pk=application).first()
    found.append({
        "number": int(number),
        "page": page is not None,
        "file": content == f"附件内容{number}",
        "search": f"article:{article}" in matching_keys(f"备份演练稿件第{number}号"),
        "phone": request.phone if request else "",
    })
print(json.dumps(found))
"""


def _env(var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        SITEGROUP_VAR_DIR=str(var_dir),
        SITEGROUP_DATA_KEYS=DATA_KEY,  # the key travels apart from the backup, as in production
    )
    return env


def _manage(var_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_env(var_dir), capture_output=True, text=True, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


@pytest.fixture
def installation(tmp_path):
    """A migrated installation on disk: the test database copied into a var dir. The tests run outside a
    transaction (SQLite's backup of a connection in a write transaction waits for it forever), with the
    migrations' rows (root page, root collection) restored first (serialized rollback)."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite stage; tests/integration/test_backup_postgresql.py covers PostgreSQL")
    var_dir = tmp_path / "source"
    var_dir.mkdir()
    connection.ensure_connection()
    target = sqlite3.connect(var_dir / "db.sqlite3")
    connection.connection.backup(target)
    target.close()
    return var_dir


def _committed(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_taken_during_writes_restores_every_committed_record(tmp_path, installation):
    log, stop = tmp_path / "committed.log", tmp_path / "stop"
    output = (tmp_path / "writer-output.log").open("wb")  # a file, not a pipe nobody reads: a full pipe blocks
    writer = subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "tests/sitegroup/backup_writer.py"), str(log), str(stop), "400"],
        cwd=ROOT,
        env=_env(installation),
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
        result = _manage(installation, "backup", "--output", str(tmp_path / "backups"))
        assert writer.poll() is None, "the writer must still be writing while the backup runs"
        during = len(_committed(log)) - len(before_snapshot)
    finally:
        stop.touch()
        writer.wait(timeout=300)
        output.close()
    (snapshot,) = (tmp_path / "backups").iterdir()
    assert "备份完成" in result.stdout
    manifest = json.loads((snapshot / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "sqlite" and manifest["search_index"]
    assert manifest["missing_files"] == [] and manifest["versions"]["migrations"]["sitegroup"]
    assert all(name in manifest["checksums"] for name in ("database.sqlite3", "search-index.sqlite3"))

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    restored = _manage(fresh, "restore", str(snapshot))
    assert "恢复完成" in restored.stdout
    committed = tmp_path / "before-snapshot.log"
    committed.write_text("\n".join(before_snapshot))
    checked = _manage(fresh, "shell", "-c", CHECK.replace("sys.argv[-1]", repr(str(committed))))
    found = json.loads(checked.stdout.strip().splitlines()[-1])
    assert len(found) == len(before_snapshot) >= 3, during
    for row in found:
        assert row["page"] and row["file"] and row["search"], row
        assert row["phone"] == f"1380000{row['number']:04d}"  # sealed data opens with the same key

    # A second restore into the now non-empty installation is refused without --force.
    again = _manage(fresh, "restore", str(snapshot), check=False)
    assert again.returncode != 0 and "目标安装不是空的" in again.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_backup_is_refused(tmp_path, installation):
    _manage(installation, "backup", "--output", str(tmp_path / "backups"))
    (snapshot,) = (tmp_path / "backups").iterdir()
    with open(snapshot / "database.sqlite3", "ab") as handle:
        handle.write(b"tampered")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = _manage(fresh, "restore", str(snapshot), check=False)
    assert result.returncode != 0 and "校验和不符" in result.stderr
    assert not (fresh / "db.sqlite3").exists() or (fresh / "db.sqlite3").stat().st_size == 0
