#!/usr/bin/env bash
# The image's entry point (Dockerfile): one process per container, chosen by the command.
# Each `exec`s node, so it is PID 1 and gets the orchestrator's SIGTERM directly (every role
# drains on it). The orchestrator restarts a crashed container; there is no launcher here.
set -euo pipefail
cd /app
role="${1:-web}"
[ $# -gt 0 ] && shift
# tsx as a module hook in the one node process, not the tsx CLI: that one SIGKILLs its child when
# it is slow to acknowledge SIGTERM (scripts/launcher/ts-process.ts).
tsx=(node --conditions=react-server --import tsx)
case "$role" in
  web)
    # Next's standalone server binds $HOSTNAME, which container runtimes set to the container's name.
    export HOSTNAME="${WEB_HOST:-0.0.0.0}"
    # SIGTERM drains instead of Next's immediate exit 143 (scripts/container/web-drain.mjs).
    export NEXT_MANUAL_SIG_HANDLE=1
    exec node --import ./scripts/web-preload.mjs --import ./scripts/container/web-drain.mjs server.js "$@" ;;
  worker) exec "${tsx[@]}" worker/main.ts "$@" ;;
  gateway) exec "${tsx[@]}" gateway/main.ts "$@" ;;
  # One-shot: apply pending migrations (compose runs it before everything else).
  migrate) exec node node_modules/prisma/build/index.js migrate deploy "$@" ;;
  seed) exec "${tsx[@]}" scripts/seed.ts "$@" ;;
  *) echo "usage: web | worker | gateway | migrate | seed  (got: $role)" >&2; exit 64 ;;
esac
