#!/usr/bin/env bash
# CI check for the BPMN diagrams: installs the pinned tooling (npm ci), lints
# bpmn/*.bpmn with the root .bpmnlintrc and verifies that docs/diagrams/*.svg
# match a fresh rendering. Works from any directory, e.g. from the repo root:
#
#   bash tools/models/check.sh
#
# Needs Node >= 20 and npm, plus Debian's chromium (/usr/bin/chromium, or set
# CHROMIUM_PATH) and fonts-liberation (the renderings' text metrics come from
# Liberation Sans, which fontconfig substitutes for bpmn-js's Arial). When
# they are missing and this runs as root with apt-get, they are installed;
# otherwise the script stops and says what to install. Never downloads a
# browser of its own.
set -euo pipefail

# playwright-core never downloads browsers; make sure nothing else tries to.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

cd "$(dirname "${BASH_SOURCE[0]}")"

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
liberation_font=/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf

missing=()
[ -x "$chromium_path" ] || missing+=(chromium)
[ -f "$liberation_font" ] || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== models: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "models: missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

echo "== models: npm ci"
npm ci --no-audit --no-fund

echo "== models: lint"
npm run --silent lint

echo "== models: check renderings"
npm run --silent check

echo "== models: OK"
