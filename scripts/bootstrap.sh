#!/usr/bin/env bash
# Prepare the project for running or testing. Idempotent and fast when nothing
# changed: finds Python (the version in .python-version), makes .venv, installs
# requirements-dev.lock, or requirements.lock for production (skipped while a stamp records the lock's hash), makes sure
# gettext's msgfmt is there, and compiles translations that changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: ERROR: %s\n' "$*" >&2; exit 1; }

# Install Debian packages; refresh the package lists once if the first try fails.
apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $*"
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
    say "apt-get install $*"
    if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null; then
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null
    fi
}

want="$(tr -d '[:space:]' < .python-version 2>/dev/null || true)"
want="${want:-3.12}"
want_minor="$(printf '%s' "$want" | cut -d. -f1,2)"

venv_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true; }

find_python() {
    local candidate prefix
    if command -v pyenv >/dev/null 2>&1; then
        prefix="$(pyenv prefix "$want" 2>/dev/null || true)"
        candidate="$prefix/bin/python$want_minor"
        if [ -n "$prefix" ] && [ -x "$candidate" ]; then
            printf '%s\n' "$candidate"
            return
        fi
    fi
    for candidate in "python$want_minor" python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && [ "$(venv_version "$(command -v "$candidate")")" = "$want_minor" ]; then
            command -v "$candidate"
            return
        fi
    done
    return 1
}

# --- virtual environment ------------------------------------------------------
if [ -x .venv/bin/python ] && [ "$(venv_version .venv/bin/python)" = "$want_minor" ]; then
    :
else
    python="$(find_python)" || die "Python $want_minor not found. Install it (pyenv install $want_minor) or put python$want_minor on PATH. The default python3 is $(python3 --version 2>&1 || echo missing) and will not do."
    if [ -e .venv ]; then
        say "removing .venv built with another Python ($(venv_version .venv/bin/python || true))"
        rm -rf .venv
    fi
    say "creating .venv with $python"
    "$python" -m venv .venv
fi

# --- dependencies -------------------------------------------------------------
# requirements.lock holds what the app runs on, nothing more; requirements-dev.lock
# adds the test and lint tools. `make prod` (ARENA_PRODUCTION_INSTALL=1) installs
# the first only, so a production machine carries no dev tools.
lock=requirements-dev.lock
[ "${ARENA_PRODUCTION_INSTALL:-0}" = 1 ] && lock=requirements.lock
stamp=.venv/.requirements.lock.sha256
lock_hash="$(cat "$lock" .python-version 2>/dev/null | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_hash" ]; then
    say "installing $lock into .venv"
    # (this machine's pip config names file:// indexes that may be absent: hide that noise)
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$lock" 2>&1 \
        | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
    printf '%s\n' "$lock_hash" > "$stamp"
fi

# --- gettext and translations -------------------------------------------------
command -v msgfmt >/dev/null 2>&1 || apt_install gettext
command -v msgfmt >/dev/null 2>&1 || die "msgfmt still missing after installing gettext"

# --- HarfBuzz's subsetter: WeasyPrint subsets the report's fonts with it (with
# fontTools instead, writing the PDF takes ~0.3 s longer and logs a warning).
# Optional: the report still renders without it.
if ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so'; then
    apt_install libharfbuzz-subset0 || say "WARNING: libharfbuzz-subset0 not installed (fonts subset with fontTools)"
fi

stale=0
while IFS= read -r -d '' po; do
    if [ ! -e "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then
        stale=1
        break
    fi
done < <(find . \( -path ./.venv -o -path ./node_modules -o -path ./.git -o -path ./static \
    -o -path ./staticfiles -o -path ./var -o -path ./test-artifacts \) -prune \
    -o -path '*/locale/*' -name '*.po' -print0)
if [ "$stale" = 1 ]; then
    say "compiling translations"
    .venv/bin/python manage.py compilemessages --verbosity 0 \
        --ignore=.venv --ignore=node_modules --ignore=.git --ignore=static \
        --ignore=staticfiles --ignore=var --ignore=test-artifacts
fi

mkdir -p "${ARENA_DATA_DIR:-var}"
