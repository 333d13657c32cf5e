"""deploy/install.sh and upgrade.sh, run for real against a scratch directory.

No apt, no systemctl, the current user as the app's user: everything else is what a server
gets (a virtualenv with the pinned packages, migrations, collected static files, units,
Caddyfile). The first run takes about a minute (pip); the runs after it share its virtualenv.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = "hangouts.example.org"

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="independent of the test database: runs once, in the SQLite run",
    ),
    pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt"),
]


class Server:
    """A scratch "server" under `root`, and a way to run the deploy scripts against it."""

    def __init__(self, root: Path, source: Path) -> None:
        self.root = root
        self.source = source
        self.app = root / "opt/hangouts"
        self.env_file = root / "etc/hangouts/hangouts.env"
        self.data = root / "var/lib/hangouts"
        self.units = root / "etc/systemd/system"

    def run(
        self, script: str, *args: str, source: Path | None = None
    ) -> subprocess.CompletedProcess:
        source = source or self.source
        user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True)
        env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME") or str(self.root),
            "LANG": "C.UTF-8",
            "HANGOUTS_ROOT": str(self.root),
            "HANGOUTS_USER": user.stdout.strip(),
            "HANGOUTS_ADMIN_USER": user.stdout.strip(),
            "HANGOUTS_SOURCE": str(source),
            "HANGOUTS_DOMAIN": DOMAIN,
            "HANGOUTS_SMTP_URL": "smtp://hangouts:secret@mail.example.org:587",
            "SKIP_APT": "1",
            "SKIP_SYSTEMCTL": "1",
            "PYTHON": getattr(sys, "_base_executable", sys.executable),
        }
        for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CERT"):
            if name in os.environ:
                env[name] = os.environ[name]
        return subprocess.run(
            [str(source / "deploy" / script), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.root / "usr/local/bin/hangouts-manage"), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def current(self) -> str:
        return os.readlink(self.app / "current")

    def query(self, sql: str) -> list[tuple]:
        with closing(sqlite3.connect(self.data / "db.sqlite3")) as db:
            return db.execute(sql).fetchall()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    # A snapshot of the source: "run again changes nothing" must not see files edited meanwhile.
    source = tmp_path_factory.mktemp("source") / "hangouts"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "__pycache__",
            "*.sqlite3*",
            "staticfiles",
            "media",
            "backups",
            ".mypy_cache",
            ".ruff_cache",
            "test-results",
            ".coverage",
        ),
    )
    scratch = Server(tmp_path_factory.mktemp("server"), source)
    first = scratch.run("install.sh")
    assert first.returncode == 0, first.stdout + first.stderr
    scratch.first_output = first.stdout  # type: ignore[attr-defined]
    return scratch


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_install_sets_up_the_app_its_settings_and_its_services(server):
    assert "changed  settings" in server.first_output
    settings = server.env_file.read_text()
    assert mode(server.env_file) == "0o640"
    assert "DJANGO_SECRET_KEY=@" not in settings
    assert f"SITE_URL=https://{DOMAIN}" in settings
    assert f"DATABASE_URL=sqlite:///{server.data}/db.sqlite3" in settings
    assert mode(server.data / "backups") == "0o700"
    assert server.current().startswith("releases/")
    release = server.app / server.current()
    assert (release / "staticfiles/staticfiles.json").exists()  # collected, hashed (whitenoise)
    assert list((release / "locale").glob("*/LC_MESSAGES/django.mo"))
    assert ("ops", "0001_heartbeat") in server.query("SELECT app, name FROM django_migrations")

    web = (server.units / "hangouts-web.service").read_text()
    assert f"EnvironmentFile={server.env_file}" in web
    assert f"ReadWritePaths={server.data}" in web
    assert "ProtectSystem=strict" in web and "NoNewPrivileges=yes" in web
    assert "--access-logformat '%%(m)s %%(s)s %%(L)ss'" in web  # no paths, no query strings
    worker = (server.units / "hangouts-worker.service").read_text()
    assert "manage.py worker --queue-name '*'" in worker
    caddyfile = (server.root / "etc/caddy/Caddyfile").read_text()
    assert f"{DOMAIN} {{" in caddyfile
    assert "encode zstd gzip" in caddyfile and "reverse_proxy 127.0.0.1:8000" in caddyfile


def test_install_passes_the_deploy_check_with_its_settings_file(server):
    result = server.manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_install_run_again_changes_nothing(server):
    secret_before = server.env_file.read_text()

    again = server.run("install.sh")

    assert again.returncode == 0, again.stderr
    assert "changed" not in again.stdout.replace("0 changed", "")
    assert "0 changed" in again.stdout
    assert server.env_file.read_text() == secret_before


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze absent")
def test_installed_units_pass_systemd_analyze_verify(server):
    units = sorted(str(p) for p in server.units.iterdir())
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy absent")
def test_installed_caddyfile_is_valid(server):
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(server.root / "etc/caddy/Caddyfile")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert DOMAIN in result.stdout


def copy_release(server: Server, target: Path) -> Path:
    """The installed release's source, as a new version to upgrade to."""
    shutil.copytree(
        server.app / server.current(),
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns("venv", "staticfiles", ".complete", "*.mo", "__pycache__"),
    )
    return target


FAILING_MIGRATIONS = {
    "0002_probe.py": """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_heartbeat")]
    operations = [
        migrations.CreateModel(
            name="Probe", fields=[("id", models.BigAutoField(primary_key=True))]
        )
    ]
""",
    "0003_fails.py": """from django.db import migrations


def fail(apps, schema_editor):
    raise RuntimeError("this migration fails on purpose")


class Migration(migrations.Migration):
    dependencies = [("ops", "0002_probe")]
    operations = [migrations.RunPython(fail)]
""",
}


def test_a_failed_migration_restores_the_backup_and_keeps_the_old_release(server, tmp_path):
    before = server.current()
    created = server.manage("create_network", "before-upgrade", "--name", "Kept", "--country", "LA")
    assert created.returncode == 0, created.stderr
    new_version = copy_release(server, tmp_path / "new")
    for name, text in FAILING_MIGRATIONS.items():
        (new_version / "hangouts/ops/migrations" / name).write_text(text)

    result = server.run("install.sh", source=new_version)

    assert result.returncode != 0
    assert "a migration failed: the database is as it was" in result.stderr
    assert "backup before the upgrade" in result.stdout
    assert server.current() == before
    assert len(list((server.app / "releases").iterdir())) == 1  # the failed one is gone
    tables = {row[0] for row in server.query("SELECT name FROM sqlite_master")}
    assert "ops_probe" not in tables  # 0002 had worked: the restore took it back out
    assert server.query("SELECT name FROM network_network WHERE slug = 'before-upgrade'")
    assert server.manage("check").returncode == 0
    assert "0 changed" in server.run("install.sh").stdout


def test_upgrade_from_a_release_archive_switches_and_keeps_the_data(server, tmp_path):
    before = server.current()
    new_version = copy_release(server, tmp_path / "hangouts-0.2.0")
    (new_version / "docs/NEW").write_text("a new version\n")
    archive = tmp_path / "hangouts-0.2.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(new_version, arcname="hangouts-0.2.0")

    result = server.run("upgrade.sh", str(archive))

    assert result.returncode == 0, result.stdout + result.stderr
    assert server.current() != before
    assert (server.app / server.current() / "docs/NEW").exists()
    assert "changed  backup before the upgrade" in result.stdout
    assert "ok       Python packages" in result.stdout  # same dependencies: nothing installed
    assert server.query("SELECT name FROM network_network WHERE slug = 'before-upgrade'")
