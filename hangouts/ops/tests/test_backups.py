"""Backups: back up, change data, restore, and find the data as it was."""

import gzip
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hangouts.network.models import Member, Network
from hangouts.ops import backups


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_the_test_database(tmp_path, settings, make_member):
    """On the suite's own database: SQLite as a file (CI), or PostgreSQL with pg_dump."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite (set SQLITE_TEST_PATH); the file case is tested below")
    settings.MEDIA_ROOT = tmp_path / "media"
    member = make_member()
    call_command("backup", "--dir", str(tmp_path / "backups"), "--keep", "3")
    Member.objects.filter(pk=member.pk).update(name="changed after the backup")
    Network.objects.create(slug="after-the-backup", name="After", country="LA")
    with connection.cursor() as cursor:  # as a newer release's migration would
        cursor.execute("CREATE TABLE added_after_the_backup (id integer)")

    call_command("restore", str(backups.list_backups(tmp_path / "backups")[-1]), "--yes")

    assert Member.objects.get(pk=member.pk).name == member.name
    assert not Network.objects.filter(slug="after-the-backup").exists()
    assert "added_after_the_backup" not in connection.introspection.table_names()


@pytest.fixture
def sqlite_file(tmp_path, monkeypatch, settings):
    """A small SQLite database file standing in for the live one."""
    path = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO member (name) VALUES (?)", [("ນາງ ສຸກ",), ("Bounmy",)])
        db.commit()
    monkeypatch.setattr(
        backups,
        "database_settings",
        lambda: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
    )
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "no-media"
    return path


def names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT name FROM member ORDER BY id")]


@pytest.mark.parametrize("gzip_option", [[], ["--no-gzip"]])
def test_backup_and_restore_bring_back_a_sqlite_file(sqlite_file, settings, gzip_option):
    call_command("backup", *gzip_option)
    (backup,) = backups.list_backups(settings.BACKUP_DIR)
    with closing(sqlite3.connect(sqlite_file)) as db:
        db.execute("UPDATE member SET name = 'changed'")
        db.execute("INSERT INTO member (name) VALUES ('new')")
        db.commit()

    call_command("restore", backup.name, "--yes")

    assert names(sqlite_file) == ["ນາງ ສຸກ", "Bounmy"]
    assert backup.name.endswith(".sqlite3" if gzip_option else ".sqlite3.gz")
    assert oct(backup.stat().st_mode & 0o777) == "0o600"


def test_backup_keeps_the_newest_and_copies_uploaded_files(sqlite_file, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "slides").mkdir(parents=True)
    (settings.MEDIA_ROOT / "slides" / "talk.pdf").write_bytes(b"%PDF-1.7")

    for _ in range(4):
        call_command("backup", "--keep", "2")

    kept = backups.list_backups(settings.BACKUP_DIR)
    assert len(kept) == 2
    assert sorted(p.name for p in settings.BACKUP_DIR.iterdir()) == sorted(
        [p.name for p in kept] + [f"{backups.stem_of(p)}.media.tar.gz" for p in kept]
    )
    with tarfile.open(settings.BACKUP_DIR / f"{backups.stem_of(kept[-1])}.media.tar.gz") as tar:
        assert "./slides/talk.pdf" in tar.getnames()


def test_restore_latest_takes_the_newest_backup(sqlite_file):
    call_command("backup")
    with closing(sqlite3.connect(sqlite_file)) as db:
        db.execute("DELETE FROM member WHERE name = 'Bounmy'")
        db.commit()
    call_command("backup")
    with closing(sqlite3.connect(sqlite_file)) as db:
        db.execute("DELETE FROM member")
        db.commit()

    call_command("restore", "latest", "--yes")

    assert names(sqlite_file) == ["ນາງ ສຸກ"]


def test_restore_refuses_a_damaged_file_and_leaves_the_database(sqlite_file, tmp_path):
    damaged = tmp_path / "hangouts-20260101-000000Z.sqlite3.gz"
    damaged.write_bytes(gzip.compress(b"not a database" * 100))

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(damaged), "--yes")

    assert names(sqlite_file) == ["ນາງ ສຸກ", "Bounmy"]


def test_restore_refuses_a_postgresql_dump_on_sqlite(sqlite_file, tmp_path):
    dump = tmp_path / "hangouts-20260101-000000Z.pgdump"
    dump.write_bytes(b"PGDMP")

    with pytest.raises(CommandError, match="not a backup of a SQLite database"):
        call_command("restore", str(dump), "--yes")


def test_restore_asks_for_confirmation(sqlite_file, monkeypatch):
    call_command("backup")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", "latest")


def test_restore_without_a_terminal_needs_yes(sqlite_file, monkeypatch):
    call_command("backup")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", "latest")


def test_restore_names_a_missing_file(sqlite_file):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", "nowhere.sqlite3.gz", "--yes")
    with pytest.raises(CommandError, match="No backups"):
        call_command("restore", "latest", "--yes")


def test_backup_refuses_an_in_memory_database(monkeypatch, tmp_path):
    monkeypatch.setattr(
        backups,
        "database_settings",
        lambda: {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    )
    with pytest.raises(CommandError, match="in memory"):
        call_command("backup", "--dir", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_backup_names_never_collide(tmp_path):
    (tmp_path / "hangouts-20260131-023000Z.sqlite3.gz").touch()
    from datetime import UTC, datetime

    stem = backups.new_stem(tmp_path, datetime(2026, 1, 31, 2, 30, tzinfo=UTC))
    assert stem == "hangouts-20260131-023000Z-2"


def test_pg_tool_finds_debian_versioned_binaries(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    monkeypatch.setattr(
        backups.glob,
        "glob",
        lambda pattern: ["/usr/lib/postgresql/9/bin/pg_dump", "/usr/lib/postgresql/17/bin/pg_dump"],
    )
    assert backups.pg_tool("pg_dump") == "/usr/lib/postgresql/17/bin/pg_dump"


def test_pg_environment_passes_the_password_in_the_environment_only(monkeypatch):
    monkeypatch.setattr(
        backups,
        "database_settings",
        lambda: {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "hangouts",
            "USER": "app",
            "PASSWORD": "s3cret",
            "HOST": "db.example.org",
            "PORT": 5433,
        },
    )
    env = backups.pg_environment()
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.example.org",
        "5433",
        "app",
        "hangouts",
    )
    assert env["PGPASSWORD"] == "s3cret"


def test_a_failing_postgresql_tool_reports_its_error(monkeypatch):
    monkeypatch.setattr(backups, "database_settings", lambda: {"ENGINE": "x", "NAME": "hangouts"})
    with pytest.raises(backups.BackupError, match="sh failed: no such dump"):
        backups.run_pg(["sh", "-c", "echo no such dump >&2; exit 1"])
