#!/usr/bin/env bash
# Re-vendor Arena's front-end assets from the npm registry.
#
# Versions are pinned exactly in package.json / package-lock.json. This script
# installs them into node_modules/ (git-ignored) and copies only the minified
# files the app serves into static/vendor/<pkg>/ (with each LICENSE), plus
# axe-core for the browser accessibility tests. The copied files are committed:
# the app never needs npm or a CDN at run time.
#
# Usage: scripts/vendor-static.sh          (npm ci from package-lock.json)
#        scripts/vendor-static.sh --install (npm install, e.g. after a bump)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
NM=$ROOT/node_modules
OUT=$ROOT/static/vendor

if [[ "${1:-}" == "--install" || ! -f package-lock.json ]]; then
  npm install --no-audit --no-fund --save-exact
else
  npm ci --no-audit --no-fund
fi

version() { node -p "require('$NM/$1/package.json').version"; }

rm -rf "$OUT"
mkdir -p "$OUT/htmx.org" "$OUT/htmx-ext-ws" "$OUT/idiomorph" "$OUT/designsystemet-css" "$ROOT/tests/browser/vendor"

# htmx 2 (NOT htmx 4: htmx-ext-ws 2.x needs htmx 2).
cp "$NM/htmx.org/dist/htmx.min.js" "$NM/htmx.org/LICENSE" "$OUT/htmx.org/"
# WebSocket extension for htmx 2.
cp "$NM/htmx-ext-ws/dist/ws.min.js" "$NM/htmx-ext-ws/LICENSE" "$OUT/htmx-ext-ws/"
# idiomorph: the DOM morph and its htmx extension in one file (hx-ext="morph",
# hx-swap="morph"), for live swaps that must keep focus, values and open <details>.
cp "$NM/idiomorph/dist/idiomorph-ext.min.js" "$NM/idiomorph/LICENSE" "$OUT/idiomorph/"

# Designsystemet (Digdir): the default theme (design tokens: colours, sizes,
# typography; the separate @digdir/designsystemet-theme package is deprecated)
# and a SUBSET of the component CSS. The full bundle (dist/src/index.css) is
# ~21 KB gzipped; the subset keeps only components Arena uses. To add one,
# append "file.css layer" below in the order of the package's src/index.css
# (import order = cascade order).
DS=$NM/@digdir/designsystemet-css
cp "$DS/dist/theme/designsystemet.css" "$OUT/designsystemet-css/theme.css"
cp "$DS/LICENSE" "$OUT/designsystemet-css/"
DS_VERSION=$(version @digdir/designsystemet-css)
DS_PARTS="
base.css ds.base
heading.css ds.base
label.css ds.base
paragraph.css ds.base
link.css ds.components
validation-message.css ds.base
data-size-workaround.css ds.components
button.css ds.components
input.css ds.components
field.css ds.components
fieldset.css ds.components
alert.css ds.components
skip-link.css ds.components
details.css ds.components
list.css ds.components
card.css ds.components
divider.css ds.components
tag.css ds.components
error-summary.css ds.components
spinner.css ds.components
table.css ds.components
badge.css ds.components
"
{
  printf '/*! @digdir/designsystemet-css %s (MIT, see LICENSE): subset built by scripts/vendor-static.sh */\n' "$DS_VERSION"
  printf '@layer ds.theme,ds.base,ds.components;\n'
  while read -r file layer; do
    [[ -z "$file" ]] && continue
    css=$DS/dist/src/$file
    [[ -f "$css" ]] || { echo "missing $css" >&2; exit 1; }
    printf '@layer %s{' "$layer"
    cat "$css"
    printf '}\n'
  done <<<"$DS_PARTS"
} >"$OUT/designsystemet-css/designsystemet-subset.css"

# axe-core: only for the browser accessibility tests, never served.
cp "$NM/axe-core/axe.min.js" "$ROOT/tests/browser/vendor/axe.min.js"

{
  echo "# Written by scripts/vendor-static.sh; versions pinned in package.json."
  for pkg in htmx.org htmx-ext-ws idiomorph @digdir/designsystemet-css axe-core; do
    echo "$pkg $(version "$pkg")"
  done
} >"$OUT/VERSIONS.txt"

echo "Vendored files (bytes, gzip -9 bytes):"
find "$OUT" "$ROOT/tests/browser/vendor" -type f \( -name '*.js' -o -name '*.css' \) | sort | while read -r f; do
  printf '  %-62s %8d %7d\n' "${f#"$ROOT"/}" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
