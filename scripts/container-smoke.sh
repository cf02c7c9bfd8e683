#!/usr/bin/env bash
# Builds the container image on a locally made base and smoke-tests the compose set with podman
# (scripts/container/smoke.ts says what is checked). For CI machines that cannot pull public
# images: the base (node + npm on Debian bookworm) and the PostgreSQL/Redis stand-ins are built
# from Debian packages with mmdebstrap (scripts/container/build-base.sh, build-services.sh).
# Needs root, network access to the Debian mirror and the npm registry. CI runs it (.ci/run,
# "container smoke"); each phase prints its duration ("::: phase <name>: <s>s").
# With --prepare it only installs the tools and makes the base and service images, which need
# the network and the disk but little CPU: CI starts that early, in the background.
set -euo pipefail
prepare_only=false
[ "${1:-}" = --prepare ] && prepare_only=true
cd "$(dirname "$0")/.."
. scripts/node.sh
export DEBIAN_FRONTEND=noninteractive
phase() {
  local name="$1" start=$SECONDS
  shift
  "$@"
  echo "::: phase $name: $((SECONDS - start))s"
}
need=()
for tool in podman buildah mmdebstrap podman-compose runc; do command -v "$tool" >/dev/null || need+=("$tool"); done
install_tools() { apt-get update -q && apt-get install -y -q podman buildah mmdebstrap podman-compose runc; }
if [ ${#need[@]} -gt 0 ]; then phase "install tools" install_tools; fi
# This VM's limits and cgroup layout need two podman settings (see the file); nothing system-wide changes.
export CONTAINERS_CONF="$PWD/scripts/container/containers.conf"
BASE_IMAGE=localhost/agentruntime-base:24-bookworm-essential
# The service images (mostly downloads) are made while the base and the image build (mostly CPU).
services_log="$(mktemp)"
trap 'rm -f "$services_log"' EXIT
phase "service images (in the background)" bash scripts/container/build-services.sh localhost/agentruntime-postgres:standin localhost/agentruntime-redis:standin >"$services_log" 2>&1 &
services=$!
phase "base image" bash scripts/container/build-base.sh "$BASE_IMAGE"
services_ready() {
  wait "$services" || { cat "$services_log" >&2; echo "container-smoke.sh: the service images failed" >&2; exit 1; }
  cat "$services_log"
}
if $prepare_only; then services_ready; exit 0; fi
# The host's CA bundle as a build secret: npm inside the build then trusts a TLS-inspecting proxy.
ca=()
[ -s /etc/ssl/certs/ca-certificates.crt ] && ca=(--secret id=ca,src=/etc/ssl/certs/ca-certificates.crt)
# --format docker keeps HEALTHCHECK (OCI images have no such field).
phase "image build" podman build --format docker --network host --build-arg BASE_IMAGE="$BASE_IMAGE" "${ca[@]}" -t localhost/agentruntime:smoke .
podman image inspect localhost/agentruntime:smoke --format 'image size: {{.Size}} bytes'
services_ready
export AGENTRUNTIME_IMAGE=localhost/agentruntime:smoke
export POSTGRES_IMAGE=localhost/agentruntime-postgres:standin REDIS_IMAGE=localhost/agentruntime-redis:standin
phase "compose up and smoke" node --conditions=react-server --import tsx scripts/container/smoke.ts
