"""The operations settings read the environment (backups, trusted proxies)."""

from hangouts.tests.test_settings import PRODUCTION, manage

PRINT = (
    "from django.conf import settings as s; print(s.BACKUP_DIR, s.BACKUP_KEEP, s.TRUSTED_PROXIES)"
)


def test_backups_go_next_to_the_sqlite_database_by_default():
    env = {**PRODUCTION, "DATABASE_URL": "sqlite:////var/lib/hangouts/db.sqlite3"}
    result = manage("shell", "--no-imports", "-c", PRINT, env=env)
    assert (
        result.stdout.strip().splitlines()[-1]
        == "/var/lib/hangouts/backups 14 ['127.0.0.1', '::1']"
    )


def test_backup_settings_come_from_the_environment():
    env = {
        **PRODUCTION,
        "BACKUP_DIR": "/srv/backups",
        "BACKUP_KEEP": "30",
        "TRUSTED_PROXIES": "10.0.0.2",
    }
    result = manage("shell", "--no-imports", "-c", PRINT, env=env)
    assert result.stdout.strip().splitlines()[-1] == "/srv/backups 30 ['10.0.0.2']"


def test_a_bad_backup_setting_names_the_variable():
    result = manage("check", env={**PRODUCTION, "BACKUP_KEEP": "a week"})
    assert result.returncode != 0
    assert "BACKUP_KEEP" in result.stderr
