#!/usr/bin/env bash
# Builds the container image on a locally made base and smoke-tests the compose set with podman
# (scripts/container/smoke.ts says what is checked). For CI machines that cannot pull public
# images: the base (node + npm on Debian bookworm) and the PostgreSQL/Redis stand-ins are built
# from Debian packages with mmdebstrap (scripts/container/build-base.sh, build-services.sh).
# Needs root, network access to the Debian mirror and the npm registry. ~10 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node.sh
export DEBIAN_FRONTEND=noninteractive
need=()
for tool in podman buildah mmdebstrap podman-compose runc; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then apt-get update -q && apt-get install -y -q podman buildah mmdebstrap podman-compose runc; fi
# This VM's limits and cgroup layout need two podman settings (see the file); nothing system-wide changes.
export CONTAINERS_CONF="$PWD/scripts/container/containers.conf"
BASE_IMAGE=localhost/agentruntime-base:24-bookworm-slim
bash scripts/container/build-base.sh "$BASE_IMAGE"
bash scripts/container/build-services.sh localhost/agentruntime-postgres:standin localhost/agentruntime-redis:standin
# The host's CA bundle as a build secret: npm inside the build then trusts a TLS-inspecting proxy.
ca=()
[ -s /etc/ssl/certs/ca-certificates.crt ] && ca=(--secret id=ca,src=/etc/ssl/certs/ca-certificates.crt)
# --format docker keeps HEALTHCHECK (OCI images have no such field).
podman build --format docker --network host --build-arg BASE_IMAGE="$BASE_IMAGE" "${ca[@]}" -t localhost/agentruntime:smoke .
podman image inspect localhost/agentruntime:smoke --format 'image size: {{.Size}} bytes'
export AGENTRUNTIME_IMAGE=localhost/agentruntime:smoke
export POSTGRES_IMAGE=localhost/agentruntime-postgres:standin REDIS_IMAGE=localhost/agentruntime-redis:standin
exec node node_modules/tsx/dist/cli.mjs --conditions=react-server scripts/container/smoke.ts
