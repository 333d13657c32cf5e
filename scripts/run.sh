#!/usr/bin/env bash
# Serve the app at http://127.0.0.1:8000 with its task worker, on SQLite with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo
$PY manage.py worker --queue-name '*' &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "Hangouts: http://127.0.0.1:${PORT:-8000}/sun-csa-lao/  (stop with Ctrl-C)"
.venv/bin/gunicorn hangouts.wsgi:application -w 2 --threads 4 -b "127.0.0.1:${PORT:-8000}" \
  --no-control-socket --access-logfile - --access-logformat '%(m)s %(s)s %(L)ss'
