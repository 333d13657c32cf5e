"""Backups of the database and the uploaded files: take one, keep the last N, restore one.

SQLite is copied with its online backup API (consistent while the app writes, no downtime) and
gzipped; PostgreSQL with `pg_dump --format=custom`. Each backup is written under a temporary
name and renamed when complete, so a half-written file is never taken for a backup.
Uploaded files (MEDIA_ROOT), when there are any, go into a tar.gz of the same name.
"""

from __future__ import annotations

import glob
import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

PREFIX = "hangouts-"
DATABASE_SUFFIXES = (".sqlite3.gz", ".sqlite3", ".pgdump")
MEDIA_SUFFIX = ".media.tar.gz"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


@dataclass
class Backup:
    database: Path
    media: Path | None = None
    removed: list[Path] = field(default_factory=list)


def database_settings() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def is_postgresql() -> bool:
    return bool(database_settings()["ENGINE"] == "django.db.backends.postgresql")


def new_stem(directory: Path, when: datetime | None = None) -> str:
    """hangouts-20260131-023000Z, with -2, -3… if that second is already taken."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%d-%H%M%SZ")
    stem, number = f"{PREFIX}{stamp}", 1
    while any(directory.glob(f"{stem}.*")):
        number += 1
        stem = f"{PREFIX}{stamp}-{number}"
    return stem


def list_backups(directory: Path) -> list[Path]:
    """The database backups in `directory`, oldest first."""
    if not directory.is_dir():
        return []
    found = [
        path
        for path in directory.iterdir()
        if path.name.startswith(PREFIX) and path.name.endswith(DATABASE_SUFFIXES)
    ]
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def stem_of(path: Path) -> str:
    for suffix in DATABASE_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name.removesuffix(suffix)
    return path.name


def rotate(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (and their uploaded files); return them."""
    removed: list[Path] = []
    backups = list_backups(directory)
    for old in backups[: max(len(backups) - max(keep, 1), 0)]:
        media = directory / f"{stem_of(old)}{MEDIA_SUFFIX}"
        for path in (old, media):
            if path.exists():
                path.unlink()
                removed.append(path)
    return removed


def take_backup(*, directory: Path, keep: int, compress: bool = True, media: bool = True) -> Backup:
    """Back up the database (and MEDIA_ROOT's files) into `directory`, then rotate.

    Side effects: creates `directory` (mode 0700) and writes one or two files there; deletes
    backups beyond the newest `keep`.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = new_stem(directory)
    if is_postgresql():
        target = directory / f"{stem}.pgdump"
        write_atomically(target, dump_postgresql)
    else:
        target = directory / (f"{stem}.sqlite3.gz" if compress else f"{stem}.sqlite3")
        write_atomically(target, lambda partial: backup_sqlite(partial, compress=compress))
    result = Backup(database=target)
    media_root = Path(settings.MEDIA_ROOT)
    if media and media_root.is_dir() and any(media_root.iterdir()):
        result.media = directory / f"{stem}{MEDIA_SUFFIX}"
        write_atomically(result.media, lambda partial: archive_media(media_root, partial))
    result.removed = rotate(directory, keep)
    return result


def write_atomically(target: Path, write: Any) -> None:
    partial = target.with_name(f".{target.name}.partial")
    try:
        write(partial)
        partial.chmod(0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def sqlite_path() -> Path:
    name = str(database_settings()["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return Path(name)


def backup_sqlite(target: Path, *, compress: bool) -> None:
    source_path = sqlite_path()
    if not source_path.exists():
        raise BackupError(f"No database at {source_path}.")
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        copy = Path(scratch) / "copy.sqlite3"
        with (
            closing(sqlite3.connect(source_path, timeout=30)) as source,
            closing(sqlite3.connect(copy)) as destination,
        ):
            source.backup(destination)
            # One self-contained file: no -wal or -shm beside it.
            destination.execute("PRAGMA journal_mode=DELETE")
        if compress:
            with copy.open("rb") as raw, gzip.open(target, "wb", compresslevel=6) as packed:
                shutil.copyfileobj(raw, packed, 1024 * 1024)
        else:
            shutil.move(copy, target)


def archive_media(media_root: Path, target: Path) -> None:
    with tarfile.open(target, "w:gz") as archive:
        archive.add(media_root, arcname=".")


def pg_tool(name: str) -> str:
    """pg_dump, pg_restore or psql: on the PATH, else Debian's newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path))

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if not candidates:
        raise BackupError(f"{name} not found: install the postgresql-client package.")
    return candidates[-1]


def pg_environment() -> dict[str, str]:
    """libpq variables for the configured database (the password never on a command line)."""
    db = database_settings()
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def run_pg(args: list[str], *, input: bytes | None = None) -> bytes:
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
        args, input=input, env=pg_environment(), capture_output=True, check=False
    )
    if result.returncode != 0:
        error = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(args[0]).name} failed: {error}")
    return result.stdout


def dump_postgresql(target: Path) -> None:
    run_pg(
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)]
    )


def resolve(name: str, directory: Path) -> Path:
    """A path, a file name in the backup folder, or "latest"."""
    if name == "latest":
        backups = list_backups(directory)
        if not backups:
            raise BackupError(f"No backups in {directory}.")
        return backups[-1]
    for path in (Path(name), directory / name):
        if path.is_file():
            return path
    raise BackupError(f"No backup file {name!r} (looked in {directory} too).")


def restore_backup(path: Path) -> None:
    """Replace the live database's contents with the backup at `path`.

    Side effects: every table of the database is replaced; open connections of this process
    are closed. Running web and worker processes see the restored data on their next query.
    """
    if path.name.endswith(".pgdump") != is_postgresql():
        kind = "PostgreSQL" if is_postgresql() else "SQLite"
        raise BackupError(f"{path.name} is not a backup of a {kind} database.")
    connections.close_all()
    if is_postgresql():
        restore_postgresql(path)
    else:
        restore_sqlite(path)


def restore_sqlite(path: Path) -> None:
    live = sqlite_path()
    with tempfile.TemporaryDirectory(dir=live.parent) as scratch:
        copy = Path(scratch) / "restore.sqlite3"
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as packed, copy.open("wb") as raw:
                shutil.copyfileobj(packed, raw, 1024 * 1024)
        else:
            shutil.copyfile(path, copy)
        with closing(sqlite3.connect(copy)) as source:
            try:
                check = source.execute("PRAGMA quick_check").fetchone()[0]
                tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            except sqlite3.DatabaseError as error:
                raise BackupError(f"{path.name} is not a SQLite database: {error}") from None
            if check != "ok" or "django_migrations" not in tables:
                raise BackupError(f"{path.name} is damaged or not a Hangouts database.")
            with closing(sqlite3.connect(live, timeout=30)) as destination:
                source.backup(destination)


def restore_postgresql(path: Path) -> None:
    """Drop every table, then load the dump, in one transaction: all or nothing.

    Dropping first (rather than pg_restore --clean alone) also removes tables that a newer
    release's migrations added after the backup was taken.
    """
    script = run_pg([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "-f", "-", str(path)])
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [row[0] for row in cursor.fetchall()]
        quote = connections["default"].ops.quote_name
    connections.close_all()
    drop = f"DROP TABLE IF EXISTS {', '.join(map(quote, tables))} CASCADE;\n" if tables else ""
    run_pg(
        [pg_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"],
        input=drop.encode() + script,
    )
