"""Settings come from the environment; bad values stop the start and name the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 20 + "a-production-secret-key-of-sufficient-length-0123456789",
    "DJANGO_ALLOWED_HOSTS": "hangouts.example.org",
    "SITE_URL": "https://hangouts.example.org",
    "SMTP_URL": "smtp://hangouts:secret@mail.example.org:587",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_"))}
    clean.pop("DATABASE_URL", None)
    clean["DJANGO_SETTINGS_MODULE"] = "hangouts.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_settings_pass_the_deploy_check_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://somewhere/db"),
        ("DJANGO_DEBUG", "perhaps"),
        ("SMTP_URL", "mail.example.org"),
        ("SITE_URL", "hangouts.example.org"),
        ("DJANGO_HSTS_SECONDS", "a year"),
    ],
)
def test_settings_name_the_variable_whose_value_is_bad(variable, value):
    result = manage("check", env={**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_settings_refuse_production_without_a_secret_key():
    env = {**PRODUCTION, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""}
    result = manage("check", env=env)
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_settings_use_sqlite_with_wal_and_immediate_transactions():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 5000
    assert connection.transaction_mode == "IMMEDIATE"


def test_database_from_env_switches_to_postgresql_with_a_pool(monkeypatch):
    from hangouts.settings import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgresql://app:secret@db.example.org:5433/hangouts")
    config = database_from_env()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "hangouts")
    assert config["CONN_MAX_AGE"] == 0 and "pool" in config["OPTIONS"]


def test_database_from_env_reads_a_sqlite_path(monkeypatch):
    from hangouts.settings import database_from_env

    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/hangouts/db.sqlite3")
    config = database_from_env()
    assert config["NAME"] == "/srv/hangouts/db.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user:p%40ss@mail.example.org",
            {"host": "mail.example.org", "port": 587, "use_tls": True, "password": "p@ss"},
        ),
        ("smtps://user:pw@mail.example.org", {"port": 465, "use_ssl": True}),
        ("smtp://127.0.0.1:1025", {"host": "127.0.0.1", "port": 1025}),
    ],
)
def test_mailer_from_env_reads_smtp_urls(monkeypatch, url, expected):
    from hangouts.settings import mailer_from_env

    monkeypatch.setenv("SMTP_URL", url)
    options = mailer_from_env()["OPTIONS"]
    assert expected.items() <= options.items()
    if url.startswith("smtp://127"):
        assert "use_tls" not in options and "username" not in options


def test_mailer_from_env_prints_mail_when_unset(monkeypatch):
    from hangouts.settings import mailer_from_env

    monkeypatch.delenv("SMTP_URL", raising=False)
    assert mailer_from_env()["BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize(
    ("function", "name", "value"),
    [
        ("env_bool", "X_FLAG", "maybe"),
        ("env_int", "X_NUMBER", "ten"),
        ("mailer_from_env", "SMTP_URL", "smtp://host:port"),
    ],
)
def test_settings_helpers_name_the_variable(monkeypatch, function, name, value):
    from django.core.exceptions import ImproperlyConfigured

    import hangouts.settings as module

    monkeypatch.setenv(name, value)
    args = (name,) if function == "mailer_from_env" else (name, 1)
    with pytest.raises(ImproperlyConfigured, match=name):
        getattr(module, function)(*args)
