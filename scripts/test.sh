#!/usr/bin/env bash
# `npm test`: Vitest (unit + DB integration), then Playwright when e2e/ has specs.
# Both always run (a unit failure still shows the e2e picture); exit non-zero if either failed.
# Extra arguments go to Vitest (e.g. `npm test -- lib/auth`).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/node.sh

status=0
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=1
# One plain "N passed, N failed" line: CI reads it to tell a real run from one that ran nothing.
node -e '
  const fs = require("fs");
  let r = {};
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`vitest: ${r.numPassedTests ?? 0} passed, ${r.numFailedTests ?? 0} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report"

if [ -d e2e ] && [ -n "$(find e2e -type f \( -name '*.spec.ts' -o -name '*.test.ts' \) -print -quit)" ]; then
  node_modules/.bin/playwright test || status=1
else
  echo "playwright: no specs in e2e/, skipped"
fi

exit "$status"
