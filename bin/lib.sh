# Shared set-up steps for bin/run and bin/test. Idempotent: safe to run any number of times.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${JM_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

find_python() {
  # Django 6 needs Python >= 3.12. Prefer an explicit JM_PYTHON, then PATH, then pyenv's versions.
  local candidates=()
  [[ -n "${JM_PYTHON:-}" ]] && candidates+=("$JM_PYTHON")
  candidates+=(python3.13 python3.12 python3.14 python3)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root="$(pyenv root)"
    for p in "$root"/versions/3.13.*/bin/python3.13 "$root"/versions/3.12.*/bin/python3.12; do
      [[ -x "$p" ]] && candidates+=("$p")
    done
  fi
  for p in /root/.pyenv/versions/3.13.*/bin/python3.13 /root/.pyenv/versions/3.12.*/bin/python3.12; do
    [[ -x "$p" ]] && candidates+=("$p")
  done
  for c in "${candidates[@]}"; do
    local path; path="$(command -v "$c" 2>/dev/null || true)"
    [[ -z "$path" ]] && continue
    if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$path"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  if [[ ! -x "$PY" ]] || ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    local base
    base="$(find_python)" || die "JobMentis needs Python 3.12 or newer and none was found. Install it (e.g. 'pyenv install 3.13') or set JM_PYTHON=/path/to/python3.13."
    say "Creating virtualenv with $base ($("$base" --version))"
    rm -rf "$VENV"
    "$base" -m venv "$VENV"
  fi
  local stamp="$VENV/.jm-installed" want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    say "Installing Python dependencies from pyproject.toml"
    "$PY" -m pip install -q --upgrade pip
    # Non-editable: the project itself is run from the checkout; this installs its dependencies.
    "$PY" -m pip install -q "$ROOT[dev]"
    echo "$want" > "$stamp"
  fi
}

ensure_services() {
  if ! pg_isready -q -h "${DATABASE_HOST:-127.0.0.1}" -p "${DATABASE_PORT:-5432}" 2>/dev/null; then
    say "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start \
      || die "PostgreSQL is not running and could not be started."
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "Starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log \
      || die "Redis is not running and could not be started."
    for _ in $(seq 1 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

ensure_system_packages() {
  # gettext for compilemessages; Debian's Chromium for the browser tests (Playwright's own
  # browser download cannot work on this network).
  local missing=()
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
  if [[ "${1:-}" == "--browser" ]] && [[ ! -x /usr/bin/chromium ]]; then missing+=(chromium fonts-dejavu-core); fi
  if (( ${#missing[@]} )); then
    say "Installing system packages: ${missing[*]}"
    if [[ "$(id -u)" == "0" ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
  fi
}

manage() { "$PY" "$ROOT/manage.py" "$@"; }

compile_translations() {
  if compgen -G "$ROOT/locale/*/LC_MESSAGES/*.po" >/dev/null; then
    (cd "$ROOT" && manage compilemessages -v 0 --ignore=.venv --ignore=var >/dev/null)
  fi
}

prepare_app() {
  say "Provisioning database roles and database"
  manage db_provision
  say "Applying migrations (as the owner role)"
  manage migrate --database owner --noinput -v 0
  compile_translations
  manage collectstatic --noinput -v 0
}
