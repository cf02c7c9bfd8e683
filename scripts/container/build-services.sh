#!/usr/bin/env bash
# Stand-ins for the official postgres and redis images where public registries cannot be
# pulled: one minimal Debian bookworm root with PostgreSQL 15 and redis-server (mmdebstrap),
# imported into podman twice with each service's entry point. Compose picks them through
# POSTGRES_IMAGE and REDIS_IMAGE (scripts/container-smoke.sh sets both).
set -euo pipefail
PG_IMAGE="${1:-localhost/agentruntime-postgres:standin}"
REDIS_IMAGE="${2:-localhost/agentruntime-redis:standin}"
if podman image exists "$PG_IMAGE" && podman image exists "$REDIS_IMAGE"; then echo "service images exist"; exit 0; fi
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mmdebstrap --variant=minbase --include=postgresql-15,redis-server,ca-certificates --format=directory \
  --customize-hook="install -m 0755 '$here/standin-postgres.sh' \"\$1/usr/local/bin/standin-postgres\"" \
  --customize-hook='ln -s /usr/lib/postgresql/15/bin/pg_isready "$1/usr/local/bin/pg_isready"' \
  --customize-hook='rm -rf "$1"/var/lib/postgresql/15 "$1"/var/lib/apt/lists/* "$1"/usr/share/doc/* "$1"/usr/share/man/*' \
  bookworm "$work/rootfs" >"$work/mmdebstrap.log" 2>&1 || { cat "$work/mmdebstrap.log" >&2; exit 1; }
tar -C "$work/rootfs" -c . >"$work/rootfs.tar"
podman import --change 'CMD ["standin-postgres"]' --change 'EXPOSE 5432' "$work/rootfs.tar" "$PG_IMAGE" >/dev/null
podman import --change 'CMD ["redis-server", "--protected-mode", "no", "--save", ""]' --change 'EXPOSE 6379' "$work/rootfs.tar" "$REDIS_IMAGE" >/dev/null
echo "built $PG_IMAGE and $REDIS_IMAGE"
