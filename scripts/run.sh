#!/usr/bin/env bash
# Every npm script runs through this: `bash scripts/run.sh <command> [args…]` puts Node.js
# >= 22.12 on PATH (scripts/node.sh provisions Node 24 when the machine's is older, e.g. the
# Node 20 of Debian 12) and then runs the command under it. Binaries of node_modules/.bin
# start with `#!/usr/bin/env node`, so they pick up that Node too.
set -e
. "$(dirname "${BASH_SOURCE[0]}")/node.sh"
exec "$@"
