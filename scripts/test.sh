#!/usr/bin/env bash
# npm test: installs what the tests need, type-checks, builds the app, runs the suite.
# Needs PostgreSQL on 127.0.0.1:5432 (TEST_POSTGRES_URL to change); each run creates and
# drops its own database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

node scripts/ensure-install.mjs
# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
npm run --silent typecheck
echo "Building the app for the tests…"
NEXT_DIST_DIR=.next-test npx next build > .next-build.log 2>&1 || { cat .next-build.log; exit 1; }
rm -f .next-build.log
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line, whatever the reporter above printed.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit "$status"
