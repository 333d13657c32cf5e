#!/usr/bin/env bash
# Upgrade Hangouts to a new version (docs/install.md, "Upgrades"):
#
#   sudo /opt/hangouts/src/deploy/upgrade.sh                  # the newest commit of the branch
#   sudo /opt/hangouts/src/deploy/upgrade.sh v1.2.0           # a tag (or branch, or commit)
#   sudo /opt/hangouts/src/deploy/upgrade.sh hangouts-1.2.0.tar.gz   # a release archive
#
# It fetches the new version, then runs the new version's install.sh, which builds it in a new
# release directory, backs up the database, migrates, and only then switches and restarts.
# If a migration fails, the backup is restored and the old version keeps running.
set -euo pipefail
SRC=$(cd "${HANGOUTS_SOURCE:-$(dirname "$0")/..}" && pwd)
target=${1:-}

case "$target" in
  *.tar.gz | *.tgz)
    unpacked=$(mktemp -d)
    trap 'rm -rf "$unpacked"' EXIT
    tar -xzf "$target" -C "$unpacked"
    # The archive holds the tree itself, or one folder with it.
    new=$unpacked
    [ -f "$new/manage.py" ] || new=$(dirname "$(find "$unpacked" -maxdepth 2 -name manage.py | head -1)")
    [ -f "$new/deploy/install.sh" ] || { echo "upgrade.sh: $target is not a Hangouts release." >&2; exit 1; }
    ;;
  "")
    [ -d "$SRC/.git" ] || [ -f "$SRC/.git" ] \
      || { echo "upgrade.sh: $SRC is not a git checkout: name a release archive." >&2; exit 1; }
    git -C "$SRC" pull --ff-only
    new=$SRC
    ;;
  *)
    git -C "$SRC" fetch --tags origin
    git -C "$SRC" checkout -q "$target"
    new=$SRC
    ;;
esac
HANGOUTS_SOURCE=$new "$new/deploy/install.sh"
