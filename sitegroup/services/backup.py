"""Backup and restore of an installation: one directory holding a consistent snapshot of the
database (SQLite's online backup API, or `pg_dump -Fc` on an exported snapshot), the uploaded files,
the embedded search index and a manifest (versions, checksums). See docs/security.md.

Consistency: the database snapshot is the point in time; the files referenced by the snapshot's rows
are listed from the snapshot itself and checked against the copy. The search index is derived data:
restore copies it back and then brings it level with the restored database (`search_check --fix`),
which for Elasticsearch means indexing everything from the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command, get_commands
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
INDEX_FILE = "search-index.sqlite3"
FILES_DIR = "files"

Progress = Callable[[str], None]


class BackupError(Exception):
    """Why a backup or a restore cannot go ahead, in words for the operator."""


# -- where things are --------------------------------------------------------------------------------


def file_storages() -> dict[str, Path]:
    """Storage alias → directory, for every file-system storage but the collected static files."""
    found = {}
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        location = getattr(storages[alias], "location", None)
        if location:
            found[alias] = Path(location)
    return found


def _file_columns() -> list[tuple[str, str, str]]:
    """(table, column, storage alias) of every file field of every installed model."""
    locations = {str(path): alias for alias, path in file_storages().items()}
    columns = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                alias = locations.get(str(Path(getattr(field.storage, "location", "") or ".")), "default")
                columns.append((model._meta.db_table, field.column, alias))
    return columns


def _embedded_index_path() -> Path | None:
    backend = settings.SEARCH_BACKEND
    if backend.get("BACKEND", "").endswith("EmbeddedBackend") and backend.get("PATH"):
        return Path(backend["PATH"])
    return None


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("内存数据库无法备份：请使用文件数据库。")
    return Path(name)


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    database = settings.DATABASES["default"]
    arguments = ["-h", str(database.get("HOST") or "localhost"), "-p", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        arguments += ["-U", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return [*arguments, "-d", database["NAME"]], env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具（postgresql-client）。")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while other connections keep writing."""
    source_db = sqlite3.connect(source, timeout=60)
    target_db = sqlite3.connect(target)
    try:
        with target_db:
            source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


# -- backup ------------------------------------------------------------------------------------------


def _referenced_files_sqlite(snapshot: Path) -> dict[str, set[str]]:
    referenced: dict[str, set[str]] = {}
    database = sqlite3.connect(snapshot)
    try:
        for table, column, alias in _file_columns():
            rows = database.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608
            referenced.setdefault(alias, set()).update(name for (name,) in rows if name)
    finally:
        database.close()
    return referenced


def _snapshot_postgresql(target: Path) -> dict[str, set[str]]:
    """pg_dump on a snapshot exported from a repeatable-read transaction, in which the referenced
    files are listed too: the dump and the list see the same committed rows."""
    referenced: dict[str, set[str]] = {}
    arguments, env = _pg_arguments()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [_pg_tool("pg_dump"), "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target), *arguments],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[-500:]}")
        for table, column, alias in _file_columns():
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
            referenced.setdefault(alias, set()).update(name for (name,) in cursor.fetchall() if name)
    return referenced


def _versions() -> dict:
    import django
    import wagtail

    try:
        commit = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    migrations: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        migrations[app] = name
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "commit": commit,
        "migrations": migrations,
    }


def backup(output: Path, progress: Progress = lambda line: None) -> Path:
    """Write a snapshot directory under `output`; returns its path."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = output / f"sitegroup-backup-{stamp}"
    suffix = 1
    while target.exists():
        suffix += 1
        target = output / f"sitegroup-backup-{stamp}-{suffix}"
    target.mkdir()
    vendor = connection.vendor
    taken_at = timezone.now()
    if vendor == "sqlite":
        _sqlite_copy(_sqlite_path(), target / SQLITE_FILE)
        referenced = _referenced_files_sqlite(target / SQLITE_FILE)
        database_file = SQLITE_FILE
    elif vendor == "postgresql":
        referenced = _snapshot_postgresql(target / PG_FILE)
        database_file = PG_FILE
    else:
        raise BackupError(f"不支持的数据库：{vendor}")
    progress(f"数据库快照：{database_file}")

    index = _embedded_index_path()
    index_file = ""
    if index is not None and index.exists():
        _sqlite_copy(index, target / INDEX_FILE)
        index_file = INDEX_FILE
        progress("搜索索引：已复制")
    else:
        progress("搜索索引：外部服务（Elasticsearch），恢复时从数据库重建")

    missing = []
    for alias, location in file_storages().items():
        copied = 0
        destination = target / FILES_DIR / alias
        destination.mkdir(parents=True, exist_ok=True)
        if location.exists():
            for path in sorted(location.rglob("*")):
                if path.is_file():
                    relative = path.relative_to(location)
                    (destination / relative).parent.mkdir(parents=True, exist_ok=True)
                    try:
                        shutil.copy2(path, destination / relative)
                    except FileNotFoundError:
                        continue  # deleted while we copied; checked against the snapshot below
                    copied += 1
        missing += [
            f"{alias}/{name}" for name in sorted(referenced.get(alias, ())) if not (destination / name).is_file()
        ]
        progress(f"文件（{alias}）：{copied} 个")

    checksums = {str(path.relative_to(target)): _sha256(path) for path in sorted(target.rglob("*")) if path.is_file()}
    manifest = {
        "format": FORMAT,
        "taken_at": taken_at.isoformat(),
        "database": {"vendor": vendor, "file": database_file},
        "search_index": index_file,
        "storages": sorted(file_storages()),
        "referenced_files": sum(len(names) for names in referenced.values()),
        "missing_files": missing,
        "versions": _versions(),
        "checksums": checksums,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    if missing:
        progress(f"警告：{len(missing)} 个被引用的文件在复制时已不存在（见 manifest.json 的 missing_files）")
    return target


# -- restore -----------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} 不是备份目录（没有 {MANIFEST}）。")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（本版本为 {FORMAT}）。")
    return manifest


def verify(source: Path, manifest: dict) -> None:
    """Every file of the backup is there with the checksum it was written with."""
    for name, expected in manifest["checksums"].items():
        path = Path(source) / name
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少 {name}。")
        if _sha256(path) != expected:
            raise BackupError(f"备份已损坏：{name} 的校验和不符。")


def is_empty_installation() -> bool:
    if connection.introspection.table_names():
        return False
    return not any(
        path.is_file() for location in file_storages().values() if location.exists() for path in location.rglob("*")
    )


def restore(source: Path, *, force: bool = False, progress: Progress = lambda line: None) -> dict:
    """Bring a backup back into this installation (empty, unless `force`); returns the manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    verify(source, manifest)
    progress("校验和：全部一致")
    if not force and not is_empty_installation():
        raise BackupError("目标安装不是空的（已有数据表或上传文件）：请在新安装上恢复，或加 --force 覆盖。")
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"备份来自 {vendor} 数据库，本安装使用 {connection.vendor}。")
    locations = file_storages()
    unknown = set(manifest["storages"]) - set(locations)
    if unknown:
        raise BackupError(f"本安装没有这些文件存储：{', '.join(sorted(unknown))}。")

    snapshot = source / manifest["database"]["file"]
    if vendor == "sqlite":
        connection.close()
        target = _sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(snapshot, target)
    else:
        arguments, env = _pg_arguments()
        command = [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error"]
        if force:
            command += ["--clean", "--if-exists"]
        connection.close()
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [*command, *arguments, str(snapshot)], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()[-500:]}")
    progress("数据库：已恢复")

    for alias in manifest["storages"]:
        copied = source / FILES_DIR / alias
        if copied.is_dir():
            shutil.copytree(copied, locations[alias], dirs_exist_ok=True)
        progress(f"文件（{alias}）：已恢复")

    index = _embedded_index_path()
    if index is not None and manifest.get("search_index"):
        index.parent.mkdir(parents=True, exist_ok=True)
        for stale in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
            stale.unlink(missing_ok=True)
        _sqlite_copy(source / manifest["search_index"], index)
        progress("搜索索引：已恢复")
    if "search_check" in get_commands():
        # The index is derived data: bring it level with the restored database (all of it for a
        # fresh Elasticsearch).
        call_command("search_check", "--fix", "--show", "0", stdout=_Discard())
        progress("搜索索引：已与数据库核对")
    return manifest


class _Discard:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
