#!/usr/bin/env bash
# `make bench`: the load benchmark on SQLite and on PostgreSQL (figures into BENCHMARKS.md), then
# the fuzzing tests with many examples. Never part of `make test`; the other benchmarks under
# bench/ (outbox, attendance import, library search, reports) run on their own: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/apt-ensure.sh wrk postgresql
PY=.venv/bin/python
echo "=== load, SQLite"
$PY bench/load.py --write "$@"
PG_DIR=$(mktemp -d)
export PG_PORT=${BENCH_PG_PORT:-54339}
trap 'scripts/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$PG_DIR"' EXIT
scripts/postgres.sh start "$PG_DIR"
echo "=== load, PostgreSQL"
$PY bench/load.py --write --database-url "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" "$@"
echo "=== fuzzing (hypothesis profile 'bench': many examples)"
HYPOTHESIS_PROFILE=bench $PY -m pytest -q -p no:cacheprovider -m fuzz
