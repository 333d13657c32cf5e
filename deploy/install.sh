#!/usr/bin/env bash
# Install or upgrade Hangouts on one Debian 13 / Ubuntu 24.04 server (docs/install.md).
#
#   sudo HANGOUTS_DOMAIN=hangouts.example.org deploy/install.sh     # first time
#   sudo deploy/install.sh                                          # again: changes nothing
#
# Safe to run again: each step prints "ok" (nothing to do) or "changed". A new version is built
# in a new release directory; the database is backed up and migrated from there; only when that
# worked does /opt/hangouts/current switch to it and the services restart. If a migration
# fails, the backup is restored and the running version stays as it was.
#
# Every system path and command can be redirected, so that tests run it in a scratch directory:
#   HANGOUTS_ROOT=/tmp/x   prefix for every path (/tmp/x/opt/hangouts, /tmp/x/etc/hangouts, …)
#   HANGOUTS_USER, HANGOUTS_GROUP   the app's user (default hangouts), created unless SKIP_USER=1
#   HANGOUTS_ADMIN_USER    owner of code and settings (default root)
#   SKIP_APT=1, SKIP_SYSTEMCTL=1    do not install Debian packages / touch systemd and Caddy
#   PYTHON                 the Python (>= 3.12) for the virtualenv (default python3)
#   HANGOUTS_SOURCE        the source tree to install (default: the one holding this script)
#   First install only: HANGOUTS_DOMAIN (required), HANGOUTS_SMTP_URL, HANGOUTS_FROM_EMAIL
set -euo pipefail
# The last part of a pipeline runs in this shell, so that its "changed" counts.
shopt -s lastpipe
# The database and other files the app creates are not for other users.
umask 027

SRC=$(cd "${HANGOUTS_SOURCE:-$(dirname "$0")/..}" && pwd)
ROOT=${HANGOUTS_ROOT:-}
APP_USER=${HANGOUTS_USER:-hangouts}
APP_GROUP=${HANGOUTS_GROUP:-$APP_USER}
ADMIN=${HANGOUTS_ADMIN_USER:-root}
PYTHON=${PYTHON:-python3}
KEEP_RELEASES=${HANGOUTS_KEEP_RELEASES:-3}
SKIP_APT=${SKIP_APT:-0}
SKIP_SYSTEMCTL=${SKIP_SYSTEMCTL:-0}
SKIP_USER=${SKIP_USER:-0}

APP_DIR=$ROOT/opt/hangouts
ETC_DIR=$ROOT/etc/hangouts
ENV_FILE=$ETC_DIR/hangouts.env
DATA_DIR=$ROOT/var/lib/hangouts
UNIT_DIR=$ROOT/etc/systemd/system
CADDYFILE=$ROOT/etc/caddy/Caddyfile
BIN_DIR=$ROOT/usr/local/bin
SERVICES=(hangouts-web.service hangouts-worker.service)

CHANGED=0
ok() { printf '  ok       %s\n' "$*"; }
changed() { printf '  changed  %s\n' "$*"; CHANGED=$((CHANGED + 1)); }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
systemctl_() { if [ "$SKIP_SYSTEMCTL" = 1 ]; then return 0; fi; systemctl "$@"; }

# Write stdin to DEST with MODE/OWNER/GROUP, unless it is already so. Returns 1 if unchanged.
install_content() {  # DEST MODE OWNER GROUP DESCRIPTION
  local dest=$1 mode=$2 owner=$3 group=$4 what=$5 tmp
  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp "$dest.XXXXXX")
  cat >"$tmp"
  if [ -f "$dest" ] && cmp -s "$tmp" "$dest" \
    && [ "$(stat -c '%a %U %G' "$dest")" = "$mode $owner $group" ]; then
    rm -f "$tmp"; ok "$what"; return 1
  fi
  chown "$owner:$group" "$tmp"; chmod "$mode" "$tmp"; mv -f "$tmp" "$dest"
  changed "$what"
}

ensure_dir() {  # PATH MODE OWNER GROUP
  local path=$1 mode=$2 owner=$3 group=$4
  if [ -d "$path" ] && [ "$(stat -c '%a %U %G' "$path")" = "$mode $owner $group" ]; then
    ok "directory $path"; return
  fi
  mkdir -p "$path"; chown "$owner:$group" "$path"; chmod "$mode" "$path"
  changed "directory $path"
}

# Replace the default paths and user in a file from deploy/ with this installation's.
render() {  # FILE
  "$PYTHON" - "$1" "$APP_DIR" "$ETC_DIR" "$DATA_DIR" "$APP_USER" "$APP_GROUP" <<'PY'
import sys

path, app_dir, etc_dir, data_dir, user, group = sys.argv[1:]
text = open(path, encoding="utf-8").read()
for old, new in [
    ("/opt/hangouts", app_dir), ("/etc/hangouts", etc_dir), ("/var/lib/hangouts", data_dir),
    ("User=hangouts\n", f"User={user}\n"), ("Group=hangouts\n", f"Group={group}\n"),
    ('= "hangouts" ]', f'= "{user}" ]'), ("-u hangouts --", f"-u {user} --"),
]:
    text = text.replace(old, new)
sys.stdout.write(text)
PY
}

# Run manage.py of RELEASE as WHO with only the settings file's environment, as systemd does.
manage() {  # WHO RELEASE ARGS...
  local who=$1 release=$2 as=()
  shift 2
  [ "$who" = "$(id -un)" ] || as=(runuser -u "$who" --)
  (cd "$release" && env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$DATA_DIR" \
    sh -c 'set -a; . "$0"; set +a; exec "$@"' "$ENV_FILE" \
    "${as[@]}" ./venv/bin/python manage.py "$@")
}

env_value() {  # KEY: its value in the settings file, without quotes
  sed -n "s/^$1=//p" "$ENV_FILE" | tail -1 | sed 's/^"\(.*\)"$/\1/'
}

step_packages() {
  if [ "$SKIP_APT" = 1 ]; then ok "Debian packages (SKIP_APT=1)"; return; fi
  local wanted=(python3 python3-venv gettext libfribidi0 caddy sqlite3 ca-certificates) missing=()
  if [ -f "$ENV_FILE" ] && env_value DATABASE_URL | grep -q '^postgres'; then
    wanted+=(postgresql-client)
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then ok "Debian packages"; return; fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}"
  changed "Debian packages: installed ${missing[*]}"
}

step_python() {
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
    || fail "Hangouts needs Python 3.12 or newer; $PYTHON is $("$PYTHON" -V 2>&1)."
  ok "Python $("$PYTHON" -c 'import platform; print(platform.python_version())')"
}

step_user() {
  if getent passwd "$APP_USER" >/dev/null; then ok "system user $APP_USER"; return; fi
  [ "$SKIP_USER" = 1 ] && fail "user $APP_USER does not exist (SKIP_USER=1)."
  useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
    --shell /usr/sbin/nologin "$APP_USER"
  changed "system user $APP_USER"
}

step_directories() {
  ensure_dir "$APP_DIR" 755 "$ADMIN" "$ADMIN_GROUP"
  ensure_dir "$APP_DIR/releases" 755 "$ADMIN" "$ADMIN_GROUP"
  ensure_dir "$APP_DIR/venvs" 755 "$ADMIN" "$ADMIN_GROUP"
  ensure_dir "$ETC_DIR" 750 "$ADMIN" "$APP_GROUP"
  ensure_dir "$DATA_DIR" 750 "$APP_USER" "$APP_GROUP"
  ensure_dir "$DATA_DIR/media" 750 "$APP_USER" "$APP_GROUP"
  ensure_dir "$DATA_DIR/backups" 700 "$APP_USER" "$APP_GROUP"
}

step_settings() {
  if [ -f "$ENV_FILE" ]; then
    # Never rewritten: the secret key is made once and kept; only the file's mode is checked.
    install_content "$ENV_FILE" 640 "$ADMIN" "$APP_GROUP" "settings $ENV_FILE" <"$ENV_FILE" || true
    return
  fi
  [ -n "${HANGOUTS_DOMAIN:-}" ] \
    || fail "first install: set HANGOUTS_DOMAIN to the site's name, e.g. hangouts.example.org."
  local secret
  secret=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
  "$PYTHON" - "$SRC/deploy/hangouts.env.template" "$secret" "$HANGOUTS_DOMAIN" "$DATA_DIR" \
    "${HANGOUTS_SMTP_URL:-}" "${HANGOUTS_FROM_EMAIL:-Hangouts <hangouts@$HANGOUTS_DOMAIN>}" <<'PY' |
import sys

template, secret, domain, data_dir, smtp_url, from_email = sys.argv[1:]
text = open(template, encoding="utf-8").read()
for key, value in [("SECRET_KEY", secret), ("DOMAIN", domain), ("DATA_DIR", data_dir),
                   ("SMTP_URL", smtp_url), ("FROM_EMAIL", from_email)]:
    text = text.replace(f"@{key}@", value)
sys.stdout.write(text)
PY
    install_content "$ENV_FILE" 640 "$ADMIN" "$APP_GROUP" "settings $ENV_FILE (new secret key)"
  [ -n "${HANGOUTS_SMTP_URL:-}" ] \
    || echo "  note     no mail relay yet: set SMTP_URL in $ENV_FILE (docs/install.md)"
}

# The release: the source tree's files (a deterministic tar, so its hash names the release).
source_tar() {
  tar -C "$SRC" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    --exclude-vcs --exclude=.venv --exclude=__pycache__ --exclude='*.pyc' --exclude='*.mo' \
    --exclude=./staticfiles --exclude=./media --exclude='./db.sqlite3*' --exclude=./backups \
    --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.pytest_cache --exclude=.coverage \
    --exclude=./test-results --exclude=./build --exclude='*.egg-info' -cf - .
}

step_release() {
  local version
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$SRC/pyproject.toml" | head -1)
  RELEASE_ID="$version-$(source_tar | sha256sum | cut -c1-12)"
  RELEASE=$APP_DIR/releases/$RELEASE_ID
  if [ -f "$RELEASE/.complete" ] && [ -x "$RELEASE/venv/bin/python" ]; then
    ok "release $RELEASE_ID"; return
  fi
  rm -rf "$RELEASE"
  mkdir -p "$RELEASE"
  source_tar | tar -C "$RELEASE" -xmf -
  step_virtualenv
  for po in "$RELEASE"/locale/*/LC_MESSAGES/*.po "$RELEASE"/locale_django_lo/*/LC_MESSAGES/*.po; do
    [ -f "$po" ] && msgfmt --check-format -o "${po%.po}.mo" "$po"
  done
  manage "$(id -un)" "$RELEASE" collectstatic --noinput -v 0
  touch "$RELEASE/.complete"
  changed "release $RELEASE_ID (in $RELEASE)"
}

# One virtualenv per set of dependencies, shared by the releases that need the same set: an
# upgrade that changes no dependency installs nothing. The app's code runs from its release.
step_virtualenv() {
  local requirements name venv
  requirements=$("$PYTHON" -c 'import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))' \
    "$RELEASE/pyproject.toml")
  name="py$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  name="$name-$(printf '%s\n' "$requirements" | sha256sum | cut -c1-12)"
  venv=$APP_DIR/venvs/$name
  if [ -f "$venv/.complete" ]; then
    ok "Python packages (virtualenv $name)"
  else
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    printf '%s\n' "$requirements" >"$venv/requirements.txt"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$venv/requirements.txt"
    touch "$venv/.complete"
    changed "Python packages (virtualenv $name)"
  fi
  ln -sfn "../../venvs/$name" "$RELEASE/venv"
}

step_database() {
  local current_target backup=""
  current_target=$(readlink "$APP_DIR/current" 2>/dev/null || true)
  if [ -n "$current_target" ] && [ "$current_target" != "releases/$RELEASE_ID" ] \
    && [ -d "$APP_DIR/current/" ]; then
    # Every change of release is preceded by a backup, taken by the running release.
    backup=$(manage "$APP_USER" "$APP_DIR/current" backup \
      | sed -n 's/^Backed up the database to \(.*\) (.*/\1/p') || true
    [ -n "$backup" ] || fail "the backup failed (see above): nothing was changed."
    changed "backup before the upgrade: $backup"
  fi
  if manage "$APP_USER" "$RELEASE" migrate --check >/dev/null 2>&1; then
    ok "database schema"
  elif manage "$APP_USER" "$RELEASE" migrate --noinput -v 0; then
    changed "database schema (migrated)"
  else
    if [ -n "$backup" ]; then
      manage "$APP_USER" "$APP_DIR/current" restore "$backup" --yes \
        || fail "a migration failed and so did the restore: run hangouts-manage restore $backup"
    fi
    rm -rf "$RELEASE"
    fail "a migration failed: the database is as it was and ${current_target:-nothing} keeps running."
  fi
}

step_switch() {
  if [ "$(readlink "$APP_DIR/current" 2>/dev/null)" = "releases/$RELEASE_ID" ]; then
    ok "current release $RELEASE_ID"; return
  fi
  ln -sfn "releases/$RELEASE_ID" "$APP_DIR/current.new"
  mv -Tf "$APP_DIR/current.new" "$APP_DIR/current"
  RESTART=1
  changed "current release -> $RELEASE_ID"
}

step_system_files() {
  local unit units_changed=0
  for unit in "$RELEASE"/deploy/systemd/*.service "$RELEASE"/deploy/systemd/*.timer; do
    if render "$unit" | install_content "$UNIT_DIR/$(basename "$unit")" 644 "$ADMIN" \
      "$ADMIN_GROUP" "systemd unit $(basename "$unit")"; then
      units_changed=1
    fi
  done
  render "$RELEASE/deploy/hangouts-manage" | install_content "$BIN_DIR/hangouts-manage" 755 \
    "$ADMIN" "$ADMIN_GROUP" "command $BIN_DIR/hangouts-manage" || true
  local domain caddy_changed=0
  domain=$(env_value SITE_URL | sed -E 's#^https?://##; s#/.*##')
  [ -n "$domain" ] || fail "SITE_URL is not set in $ENV_FILE."
  if [ -f "$CADDYFILE" ] && ! grep -q "install.sh from deploy/Caddyfile" "$CADDYFILE" \
    && [ ! -f "$CADDYFILE.before-hangouts" ]; then
    cp -p "$CADDYFILE" "$CADDYFILE.before-hangouts"
    echo "  note     kept the previous Caddyfile as $CADDYFILE.before-hangouts"
  fi
  if sed "s/^hangouts\.example\.org {/$domain {/" "$RELEASE/deploy/Caddyfile" \
    | install_content "$CADDYFILE" 644 "$ADMIN" "$ADMIN_GROUP" "Caddyfile for $domain"; then
    caddy_changed=1
  fi
  if [ "$SKIP_SYSTEMCTL" = 1 ]; then
    ok "services (SKIP_SYSTEMCTL=1)"; return
  fi
  [ "$units_changed" = 1 ] && systemctl daemon-reload
  for unit in "${SERVICES[@]}" hangouts-backup.timer; do
    if systemctl is-enabled -q "$unit" 2>/dev/null; then ok "enabled $unit"; else
      systemctl enable -q "$unit"; changed "enabled $unit"
    fi
  done
  local stopped=0
  for unit in "${SERVICES[@]}"; do systemctl is-active -q "$unit" || stopped=1; done
  if [ "${RESTART:-0}" = 1 ] || [ "$units_changed" = 1 ] || [ "$stopped" = 1 ]; then
    systemctl restart "${SERVICES[@]}"; changed "restarted ${SERVICES[*]}"
  else
    ok "running ${SERVICES[*]}"
  fi
  systemctl is-active -q hangouts-backup.timer || { systemctl start hangouts-backup.timer; changed "started hangouts-backup.timer"; }
  if [ "$caddy_changed" = 1 ]; then
    systemctl reload-or-restart caddy; changed "reloaded caddy"
  fi
}

# Keep the current release and the newest others, up to KEEP_RELEASES; then unused virtualenvs.
step_cleanup() {
  local release removed=0 venv
  while read -r release; do
    [ "releases/$(basename "$release")" = "$(readlink "$APP_DIR/current")" ] && continue
    rm -rf "$release"; removed=$((removed + 1))
  done < <(ls -1dt "$APP_DIR"/releases/*/ 2>/dev/null | sed 's#/$##' | tail -n +"$((KEEP_RELEASES + 1))")
  for venv in "$APP_DIR"/venvs/*/; do
    venv=$(basename "$venv")
    [ "$venv" = "*" ] && continue
    if ! readlink "$APP_DIR"/releases/*/venv | grep -qx "../../venvs/$venv"; then
      rm -rf "${APP_DIR:?}/venvs/$venv"; removed=$((removed + 1))
    fi
  done
  if [ "$removed" = 0 ]; then ok "old releases"; else changed "removed $removed old releases/virtualenvs"; fi
}

[ -n "$ROOT" ] || [ "$(id -u)" -eq 0 ] || fail "run as root (sudo), or set HANGOUTS_ROOT for a trial."
ADMIN_GROUP=$(id -gn "$ADMIN")
STARTED=$SECONDS
echo "Hangouts: installing $SRC into $APP_DIR"
step_packages
step_python
step_user
step_directories
# One run at a time.
exec 9>"$APP_DIR/.install.lock"
flock -n 9 || fail "another install.sh or upgrade.sh is running."
step_settings
step_release
step_database
step_switch
step_system_files
step_cleanup
echo "Done in $((SECONDS - STARTED)) s: $CHANGED changed. Health: curl -s $(env_value SITE_URL)/healthz"
