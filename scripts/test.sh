#!/usr/bin/env bash
# Everything CI checks (= make test, = .ci/run):
#   bootstrap, chromium, ruff check, the import contract (lint-imports),
#   django-upgrade (check only), djLint on templates/, makemigrations --check,
#   manage.py check,
#   pytest pass 1 on the embedded default (SQLite + in-memory channel layer),
#   pytest pass 2 on the production profile (PostgreSQL + Redis).
# Both passes run ALL tests, browser tests included. Extra arguments go to
# both pytest runs (e.g. scripts/test.sh -x -k smoke).
# Exit code: 0 only if every step passed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Seconds per pytest pass: on a slow day of the 2-core machine the production
# pass took 22 min (2026-12-01), the embedded one 14; both stay inside 90 min.
PASS_TIMEOUT="${ARENA_TEST_PASS_TIMEOUT:-1800}"
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

apt_get() {
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null \
        || { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >/dev/null \
            && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null; } \
        || echo "test: WARNING: could not install $*" >&2
}
if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then
    banner "installing Debian chromium and poppler-utils (pdftoppm)"
    apt_get chromium poppler-utils
fi
# The Word report is converted to PDF in a test, as a reader's Word would open it.
if ! command -v soffice >/dev/null; then
    banner "installing Debian libreoffice-writer-nogui (soffice)"
    apt_get --no-install-recommends libreoffice-writer-nogui
fi

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
MEDIA_TMP="$(mktemp -d -t arena-test-media-XXXXXX)"
trap 'rm -rf "$MEDIA_TMP"' EXIT

# --- static checks (recorded; the tests still run) ---------------------------
DJANGO_TARGET=6.1 # django-upgrade's --target-version: the Django we run

# django_upgrade_check: django-upgrade on a COPY of the app code (arena,
# sessions, proposals, reports, manage.py; migrations aside); prints the diff
# of what it would rewrite and fails if there is any. Nothing here is changed.
# A file that tokenize-rt does not round-trip exactly (Python 3.12.1's
# tokenizer, multi-line strings with non-ASCII text) is compared with its
# round-tripped text, so only django-upgrade's own rewrites count.
django_upgrade_check() {
    "$PY" - "$DJANGO_TARGET" <<'EOF'
import difflib
import pathlib
import shutil
import subprocess
import sys
import tempfile

from tokenize_rt import src_to_tokens, tokens_to_src

target = sys.argv[1]
files = [pathlib.Path("manage.py")] + sorted(
    path
    for app in ("arena", "sessions", "proposals", "reports")
    for path in pathlib.Path(app).rglob("*.py")
    if "migrations" not in path.parts and "__pycache__" not in path.parts
)
tmp = pathlib.Path(tempfile.mkdtemp(prefix="arena-django-upgrade-"))
try:
    for path in files:
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tmp / path)
    subprocess.run(
        [str(pathlib.Path(".venv/bin/django-upgrade").absolute()), "--target-version", target, *map(str, files)],
        cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    changed = 0
    for path in files:
        original = path.read_text(encoding="utf-8")
        baseline = tokens_to_src(src_to_tokens(original))
        upgraded = (tmp / path).read_text(encoding="utf-8")
        if upgraded not in (original, baseline):
            changed += 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    baseline.splitlines(keepends=True), upgraded.splitlines(keepends=True),
                    f"a/{path}", f"b/{path}",
                )
            )  # fmt: skip
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"django-upgrade --target-version {target}: {len(files)} files, {changed} to change")
sys.exit(1 if changed else 0)
EOF
}

# djlint_check: djLint's linter on templates/ ([tool.djlint] in pyproject.toml
# says which rule a file breaks on purpose); fails on any finding and ends
# with a count per rule and file.
djlint_check() {
    local out rc
    out="$(.venv/bin/djlint templates --lint --profile=django 2>&1)"
    rc=$?
    printf '%s\n' "$out"
    if [ $rc -ne 0 ]; then
        echo "djLint findings per rule and file:"
        printf '%s\n' "$out" | awk '
            /^templates\// { file = $1; next }
            file && /^[A-Z][0-9][0-9][0-9] / { n[$1 "  " file]++ }
            END { for (k in n) printf "  %3d  %s\n", n[k], k }' | sort -k2
    fi
    return $rc
}

step "ruff check" .venv/bin/ruff check .
step "import contract (lint-imports)" .venv/bin/lint-imports
step "django-upgrade --target-version $DJANGO_TARGET (check only)" django_upgrade_check
step "djLint (templates/)" djlint_check
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
