#!/usr/bin/env bash
# Production run (= make prod): PostgreSQL + Redis, DEBUG off, several uvicorn
# workers. See docs/OPERATIONS.md.
#
# Required: DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY.
# Usually:  DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS, ARENA_SITE_URL,
#           ARENA_ORGANISER_USERNAME / ARENA_ORGANISER_PASSWORD [/ ARENA_ORGANISER_EMAIL].
# Optional: HOST (127.0.0.1), PORT (8000), WEB_CONCURRENCY (2),
#           FORWARDED_ALLOW_IPS (uvicorn's; 127.0.0.1 by default).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'prod: %s\n' "$*"; }

missing=()
for name in DATABASE_URL REDIS_URL DJANGO_SECRET_KEY; do
    [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
    printf 'prod: ERROR: missing required environment variable(s): %s\n' "${missing[*]}" >&2
    printf 'prod: see docs/OPERATIONS.md ("Production profile").\n' >&2
    exit 2
fi

export DJANGO_DEBUG=0
export DJANGO_SETTINGS_MODULE=arena.settings
py=.venv/bin/python

ARENA_PRODUCTION_INSTALL=1 scripts/bootstrap.sh
say "collectstatic"
"$py" manage.py collectstatic --noinput --verbosity 0
say "migrate"
"$py" manage.py migrate --noinput
say "check --deploy"
"$py" manage.py check --deploy --fail-level WARNING
if [ -n "${ARENA_ORGANISER_USERNAME:-}" ]; then
    "$py" manage.py ensure_organiser
else
    say "WARNING: ARENA_ORGANISER_USERNAME is not set; no organiser account was created or updated."
fi

host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
workers="${WEB_CONCURRENCY:-2}"
say "serving on http://$host:$port/ with $workers worker(s)"
# Background work (the arena report PDF) runs in Django's tasks framework; one
# worker process takes it from the database queue. It gets the same signals as
# the server (one process group) and stops with it.
.venv/bin/python manage.py db_worker --no-startup-delay &
exec .venv/bin/uvicorn arena.asgi:application --host "$host" --port "$port" \
    --workers "$workers" --proxy-headers \
    --ws-per-message-deflate false --loop uvloop --http httptools
