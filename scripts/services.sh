#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 for the production-profile
# tests, starting them when installed but down, and that the PostgreSQL
# database exists. Prints the DATABASE_URL and REDIS_URL it checked.
#
# Exit codes: 0 = both up; 1 = a failure (and always when CI=true);
#             3 = not installed on this machine (outside CI only), so
#                 scripts/test.sh skips the production pass with a warning.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PGHOST_ADDR=127.0.0.1
PGPORT_NUM=5432
PG_DB=arena
REDIS_PORT=6379
DATABASE_URL="postgres://postgres@$PGHOST_ADDR:$PGPORT_NUM/$PG_DB"
REDIS_URL="redis://$PGHOST_ADDR:$REDIS_PORT/0"

say() { printf 'services: %s\n' "$*"; }
loud() {
    printf '\n' >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! services: %s\n' "$@" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

pg_up() { pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT_NUM" >/dev/null 2>&1; }
redis_up() { [ "$(redis-cli -h "$PGHOST_ADDR" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

wait_for() { # wait_for <seconds> <check-function>
    local i
    for ((i = 0; i < $1 * 4; i++)); do
        "$2" && return 0
        sleep 0.25
    done
    return 1
}

missing=()
if ! command -v pg_isready >/dev/null || ! command -v pg_ctlcluster >/dev/null \
    || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    missing+=("PostgreSQL (Debian: postgresql)")
fi
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    missing+=("Redis (Debian: redis-server)")
fi
if [ ${#missing[@]} -gt 0 ]; then
    loud "NOT INSTALLED on this machine: ${missing[*]}" \
        "The production profile (PostgreSQL + Redis) cannot be tested here."
    if [ "${CI:-}" = "true" ]; then
        exit 1
    fi
    exit 3
fi

if ! pg_up; then
    say "PostgreSQL is down; starting it"
    for version in $(ls /etc/postgresql); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    wait_for 30 pg_up || { loud "PostgreSQL did not come up on $PGHOST_ADDR:$PGPORT_NUM"; exit 1; }
fi

if ! redis_up; then
    say "Redis is down; starting it"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" \
        --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for 15 redis_up || { loud "Redis did not come up on $PGHOST_ADDR:$REDIS_PORT"; exit 1; }
fi

# The database the URL names (trust auth for postgres on this machine kind).
psql_admin() { psql -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if ! exists="$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")"; then
    loud "cannot connect to PostgreSQL as postgres on $PGHOST_ADDR:$PGPORT_NUM (trust auth expected)"
    exit 1
fi
if [ "$exists" != "1" ]; then
    say "creating database $PG_DB"
    psql_admin -c "CREATE DATABASE \"$PG_DB\"" >/dev/null
fi

say "PostgreSQL and Redis are up"
say "DATABASE_URL=$DATABASE_URL"
say "REDIS_URL=$REDIS_URL"
