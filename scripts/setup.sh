#!/usr/bin/env bash
# Set up everything the app needs to run: Debian packages, virtualenv, Python packages,
# compiled translations. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/apt-ensure.sh gettext libfribidi0 libpango-1.0-0 libpangoft2-1.0-0 libicu-dev pkg-config g++

PY=""
for candidate in python3.14 python3.13 python3.12 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    PY=$(command -v "$candidate"); break
  fi
done
if [ -z "$PY" ]; then
  for p in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r); do PY=$p; break; done
fi
[ -n "$PY" ] || { echo "Hangouts needs Python 3.12 or newer (Django 6.1)." >&2; exit 1; }

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  rm -rf .venv
  "$PY" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
  touch .venv/.installed
fi

# Django will not start with LANGUAGE_CODE "lo" and no compiled catalogue: compile first,
# with msgfmt directly (manage.py compilemessages would itself need the catalogue).
for po in locale/*/LC_MESSAGES/*.po locale_django_lo/*/LC_MESSAGES/*.po; do
  mo="${po%.po}.mo"
  [ -f "$mo" ] && [ "$mo" -nt "$po" ] && continue
  msgfmt --check-format -o "$mo" "$po"
done
