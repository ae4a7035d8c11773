#!/usr/bin/env bash
# Embedded default (= make run): one process, SQLite in ./var, the in-memory
# channel layer, DEBUG off (DJANGO_DEBUG=1 to develop), a secret key made on
# first run in ./var/secret_key, static files served by WhiteNoise straight
# from static/ (no collectstatic). Loads the demo data and serves on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The embedded default ignores a production profile left in the shell.
unset DATABASE_URL REDIS_URL
export DJANGO_SETTINGS_MODULE=arena.settings
port="${PORT:-8000}"

scripts/bootstrap.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo

cat <<EOF

  Arena is starting: open http://127.0.0.1:$port/
  (the demo logins are listed above; stop with Ctrl+C)

EOF
# Background work (the arena report PDF) runs in Django's tasks framework; one
# worker process takes it from the database queue. It gets the same signals as
# the server (one process group) and stops with it.
.venv/bin/python manage.py db_worker --no-startup-delay &
exec .venv/bin/uvicorn arena.asgi:application --host 127.0.0.1 --port "$port" \
    --ws-per-message-deflate false --loop uvloop --http httptools
