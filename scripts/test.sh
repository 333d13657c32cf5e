#!/usr/bin/env bash
# Lint, type check and every test on SQLite and on PostgreSQL, printing each stage's time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
TIMES=()
stage() {  # stage NAME COMMAND...
  local name=$1; shift
  local start=$SECONDS
  echo "=== $name"
  "$@"
  TIMES+=("$name: $((SECONDS - start)) s")
  echo "=== $name done in $((SECONDS - start)) s"
}

stage "setup" scripts/setup.sh
stage "test packages (Chromium, Lao fonts, PostgreSQL, systemd-analyze, Caddy)" \
  scripts/apt-ensure.sh chromium fonts-noto-core fonts-lao postgresql systemd caddy
stage "ruff format" ruff format --check --quiet .
stage "ruff lint" ruff check --quiet .
stage "mypy" mypy hangouts
stage "migrations are up to date" python manage.py makemigrations --check --dry-run -v 0
REPORTS=$(mktemp -d)
# A file database, so that concurrency tests can share it across threads.
export SQLITE_TEST_PATH="$REPORTS/test.sqlite3"
stage "tests on SQLite" python -m pytest -q --cov --cov-report=term:skip-covered \
  --junitxml="$REPORTS/sqlite.xml" "$@"
PG_DIR=$(mktemp -d)
trap 'scripts/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$PG_DIR" "$REPORTS"' EXIT
stage "start PostgreSQL" scripts/postgres.sh start "$PG_DIR"
stage "tests on PostgreSQL" env DATABASE_URL="postgresql://postgres@127.0.0.1:${PG_PORT:-54329}/postgres" \
  python -m pytest -q --junitxml="$REPORTS/postgresql.xml" "$@"

echo; echo "Stage times:"; printf '  %s\n' "${TIMES[@]}"
# One closing line for both databases.
python - "$REPORTS"/*.xml <<'PY'
import sys
import xml.etree.ElementTree as ET

total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sys.argv[1:]:
    suite = ET.parse(path).getroot().find("testsuite")
    for key in total:
        total[key] += int(suite.get(key, 0))
failed = total["failures"] + total["errors"]
passed = total["tests"] - failed - total["skipped"]
print(f"total: {passed} passed, {failed} failed, {total['skipped']} skipped")
PY
