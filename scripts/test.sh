#!/usr/bin/env bash
# Everything CI checks (= make test, = .ci/run):
#   bootstrap, chromium, ruff check, makemigrations --check, manage.py check,
#   pytest pass 1 on the embedded default (SQLite + in-memory channel layer),
#   pytest pass 2 on the production profile (PostgreSQL + Redis).
# Both passes run ALL tests, browser tests included. Extra arguments go to
# both pytest runs (e.g. scripts/test.sh -x -k smoke).
# Exit code: 0 only if every step passed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PASS_TIMEOUT="${ARENA_TEST_PASS_TIMEOUT:-1200}" # seconds per pytest pass
RUN_ID="$(date +%s)$$"
ARTIFACTS=test-artifacts
START=$SECONDS
declare -a SUMMARY=() PASS_LINES=()
FAILED=0
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0

banner() { printf '\n==== %s ====\n' "$*"; }
record() { # record <status> <text>
    SUMMARY+=("$(printf '%-5s %s' "$1" "$2")")
    [ "$1" = "ok" ] || [ "$1" = "WARN" ] || FAILED=1
}
step() { # step <name> <command...>: run, time and record a check
    local name="$1" t0=$SECONDS
    shift
    banner "$name"
    if "$@"; then
        record ok "$name ($((SECONDS - t0)) s)"
    else
        record FAIL "$name ($((SECONDS - t0)) s)"
    fi
}

# --- set-up (a failure here stops the run) --------------------------------------
banner "bootstrap"
if ! scripts/bootstrap.sh; then
    echo "test: bootstrap failed" >&2
    exit 1
fi
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=arena.settings
export PYTHONDONTWRITEBYTECODE=1

if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then
    banner "installing Debian chromium and poppler-utils (pdftoppm)"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y -q chromium poppler-utils >/dev/null \
        || { "${sudo[@]}" apt-get update -q >/dev/null \
            && "${sudo[@]}" apt-get install -y -q chromium poppler-utils >/dev/null; } \
        || echo "test: WARNING: could not install chromium/poppler-utils" >&2
fi

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
MEDIA_TMP="$(mktemp -d -t arena-test-media-XXXXXX)"
trap 'rm -rf "$MEDIA_TMP"' EXIT

# --- static checks (recorded; the tests still run) ---------------------------
step "ruff check" .venv/bin/ruff check .
step "makemigrations --check" "$PY" manage.py makemigrations --check --dry-run
step "manage.py check" "$PY" manage.py check

# --- pytest passes ---------------------------------------------------------------
# counts <junit.xml>: prints "passed failed skipped" (failed includes errors)
counts() {
    "$PY" - "$1" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - failed - skipped, failed, skipped)
EOF
}

pytest_pass() { # pytest_pass <label> [env -u NAME | NAME=value ...] -- [pytest args...]
    local label="$1" t0=$SECONDS rc junit="$ARTIFACTS/junit-$1.xml" envargs=()
    shift
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envargs+=("$1")
        shift
    done
    shift
    banner "pytest: $label"
    timeout --foreground --kill-after=30 "$PASS_TIMEOUT" env "${envargs[@]}" \
        .venv/bin/pytest -p no:cacheprovider --junitxml="$junit" "$@"
    rc=$?
    local secs=$((SECONDS - t0)) passed=0 failed=0 skipped=0
    if [ -s "$junit" ]; then
        read -r passed failed skipped < <(counts "$junit")
    fi
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
    PASS_LINES+=("$label: $passed passed, $failed failed, $skipped skipped")
    local result="$passed passed, $failed failed, $skipped skipped"
    case $rc in
        0) record ok "pytest $label: $result ($secs s)" ;;
        5) record FAIL "pytest $label: NO TESTS COLLECTED (exit 5)" ;;
        124 | 137) record FAIL "pytest $label: TIMED OUT after $PASS_TIMEOUT s; $result" ;;
        *) record FAIL "pytest $label: exit $rc; $result ($secs s)" ;;
    esac
}

# Pass 1: the embedded default (SQLite file test database, in-memory layer).
pytest_pass embedded \
    -u DATABASE_URL -u REDIS_URL -u ARENA_SQLITE_PATH -u ARENA_TEST_SQLITE_PATH \
    ARENA_MEDIA_ROOT="$MEDIA_TMP/embedded" -- "$@"

# Pass 2: the production profile (PostgreSQL + Redis).
banner "services (PostgreSQL + Redis)"
scripts/services.sh
services_rc=$?
if [ $services_rc -eq 0 ]; then
    pytest_pass production \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/arena \
        REDIS_URL=redis://127.0.0.1:6379/0 \
        ARENA_CHANNEL_PREFIX="arenatest$RUN_ID" \
        ARENA_TEST_DB_SUFFIX="$RUN_ID" \
        ARENA_MEDIA_ROOT="$MEDIA_TMP/production" -- "$@"
elif [ $services_rc -eq 3 ] && [ "${CI:-}" != "true" ]; then
    record WARN "pytest production: SKIPPED, PostgreSQL/Redis not installed here (CI would fail)"
    cat >&2 <<'EOF'

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! test: THE PRODUCTION PASS WAS SKIPPED: PostgreSQL/Redis are not
!!! installed on this machine. CI (CI=true) fails in this case.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
EOF
else
    record FAIL "services: PostgreSQL/Redis not available (exit $services_rc); production pass not run"
fi

# --- summary -----------------------------------------------------------------------
banner "summary ($((SECONDS - START)) s)"
printf '%s\n' "${SUMMARY[@]}"
printf '%s\n' "${PASS_LINES[@]}"
if [ $FAILED -ne 0 ]; then
    echo "RESULT: FAILED"
else
    echo "RESULT: OK"
fi
echo "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
exit $FAILED
