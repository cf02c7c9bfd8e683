# One image for every AgentRuntime process; the command picks the role:
#   web (default) · worker · gateway · migrate · seed      (scripts/container/entrypoint.sh)
# Build:  docker build -t agentruntime .
# Where public registries cannot be pulled, build a stand-in base first
# (scripts/container/build-base.sh) and pass it: --build-arg BASE_IMAGE=localhost/agentruntime-base:24-bookworm-slim
# Behind a TLS-inspecting proxy, hand npm its CA bundle as a build secret (never a layer):
#   --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt
#
# The final stage holds no TypeScript sources, no tsx and no full node_modules: the web app is
# Next's standalone server (its traced node_modules), worker/gateway/seed are esbuild bundles,
# `migrate` a bundled Prisma CLI (scripts/container/bundle.mjs).
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- dependencies (dev included: the build needs them) ----
# Only the manifest and lockfile: this layer is rebuilt when dependencies change, not the code.
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# No install scripts: the Prisma client is generated below from the schema, and the CLI runs its
# WASM schema engine (prisma.config.ts), so neither the native engine download nor the embedded
# PostgreSQL is wanted. npm's cache is a build cache mount, never a layer.
RUN --mount=type=secret,id=ca --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; npm config set cafile /run/secrets/ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund && npm config delete cafile

# ---- the Prisma client (lib/generated), shared by the two builds below ----
FROM deps AS prisma-client
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma ./scripts/prisma
RUN node node_modules/prisma/build/index.js generate

# ---- web: Next.js standalone output ----
FROM prisma-client AS web-build
COPY tsconfig.json next.config.ts postcss.config.mjs proxy.ts instrumentation.ts ./
COPY app ./app
COPY components ./components
COPY lib ./lib
RUN NEXT_OUTPUT=standalone npx next build

# ---- worker, gateway, seed and the Prisma CLI bundled; the packages they load at run time ----
FROM prisma-client AS bundle
COPY tsconfig.json ./
COPY lib ./lib
COPY worker ./worker
COPY gateway ./gateway
COPY scripts ./scripts
RUN node scripts/container/bundle.mjs .image \
 && node scripts/container/copy-packages.mjs .image jsonata re2js @node-rs/argon2 @prisma/schema-engine-wasm @prisma/adapter-pg jiti

# ---- runtime ----
FROM ${BASE_IMAGE} AS runtime
WORKDIR /app
# Metrics listeners bind 127.0.0.1 inside the container unless *_METRICS_HOST says otherwise;
# the healthcheck reads the worker's.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    GATEWAY_PORT=3001 \
    WORKER_METRICS_PORT=9464 \
    GATEWAY_METRICS_PORT=9465
# Writable by the app user: .data and /tmp (where a worker builds a data export before storing
# it in PostgreSQL); nothing else is.
RUN mkdir -p /app/.data && chown -R 10001:10001 /app/.data \
 && (getent group app || groupadd --gid 10001 app) && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app
# Least often changed first. node_modules: the web server's traced packages, then the bundles'
# run-time packages and the bundled Prisma CLI on top.
COPY --from=web-build /app/.next/standalone/node_modules ./node_modules
COPY --from=bundle /app/.image/node_modules ./node_modules
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma/schema-engine.mjs ./scripts/prisma/
COPY scripts/web-preload.mjs ./scripts/
COPY scripts/lib/peer-address.mjs ./scripts/lib/
COPY scripts/container/entrypoint.sh scripts/container/healthcheck.mjs scripts/container/web-drain.mjs ./scripts/container/
# Expressions run in a child process that Node starts from this source (type stripping), in the
# web app (editor preview) and the worker (lib/workflows/evaluate-expression.ts).
COPY lib/workflows/expression-process.ts lib/workflows/safe-regex.ts ./lib/workflows/
COPY --from=web-build /app/.next/standalone/server.js ./server.js
COPY --from=web-build /app/.next/standalone/.next ./.next
COPY --from=web-build /app/.next/static ./.next/static
COPY --from=bundle /app/.image/dist ./dist
USER 10001:10001
EXPOSE 3000 3001
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/container/healthcheck.mjs"]
ENTRYPOINT ["bash", "scripts/container/entrypoint.sh"]
CMD ["web"]
