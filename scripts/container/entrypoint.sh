#!/usr/bin/env bash
# The image's entry point (Dockerfile): one process per container, chosen by the command.
# Each `exec`s node, so it is PID 1 and gets the orchestrator's SIGTERM directly (every role
# drains on it). The orchestrator restarts a crashed container; there is no launcher here.
set -euo pipefail
cd /app
role="${1:-web}"
[ $# -gt 0 ] && shift
# worker, gateway and seed are bundles of their TypeScript entries (scripts/container/bundle.mjs,
# built with the react-server condition that `npm run worker` passes to node).
case "$role" in
  web)
    # Next's standalone server binds $HOSTNAME, which container runtimes set to the container's name.
    export HOSTNAME="${WEB_HOST:-0.0.0.0}"
    # SIGTERM drains instead of Next's immediate exit 143 (scripts/container/web-drain.mjs).
    export NEXT_MANUAL_SIG_HANDLE=1
    exec node --import ./scripts/web-preload.mjs --import ./scripts/container/web-drain.mjs server.js "$@" ;;
  worker) exec node dist/worker.mjs "$@" ;;
  gateway) exec node dist/gateway.mjs "$@" ;;
  # One-shot: apply pending migrations (compose runs it before everything else). The CLI is
  # bundled (scripts/container/bundle.mjs) and runs Prisma's WASM schema engine (prisma.config.ts).
  migrate) exec node node_modules/prisma/build/index.js migrate deploy "$@" ;;
  seed) exec node dist/seed.mjs "$@" ;;
  *) echo "usage: web | worker | gateway | migrate | seed  (got: $role)" >&2; exit 64 ;;
esac
