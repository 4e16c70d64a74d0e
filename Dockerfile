# patient-service container image.
#
#   docker build -t patient-service .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://user:password@host:5432/patients \
#     -e OIDC_ISSUER=https://idp.example/realms/patients -e LIST_CURSOR_KEY patient-service
#
# The image runs with NODE_ENV=production, which refuses to start without OIDC_ISSUER and
# LIST_CURSOR_KEY (32 random bytes, base64url, the same for every replica; README,
# Configuration); `-e LIST_CURSOR_KEY` without a value passes it from the caller's environment,
# so the secret stays out of the command line.
#
# Two stages: `build` compiles TypeScript with the dev dependencies; `runtime` gets only the
# production dependencies, the compiled dist/ and the contract files the service reads at run
# time (src/file-locations.ts: they sit two levels above dist/src). test/deploy/ checks this file and
# replays its build and start steps without Docker: keep the two in step.
#
# Base image: an exact Node 24 LTS release on Debian bookworm, slim variant (no compilers, no
# curl). Pin it by digest too (node:24.22.3-bookworm-slim@sha256:...) once the digest can be
# looked up: this file was written on a machine without access to a container registry.
#
# npm: no install script is needed here (the build is plain tsc, the runtime needs no native
# addon), and whether the image's npm honours package.json#allowScripts depends on its version;
# without it every install script would run, @scarf/scarf's telemetry included. Hence
# --ignore-scripts. The npm cache is a BuildKit cache mount: it speeds up rebuilds and stays out
# of the layers.

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
# patches/: fixes to dependencies not released upstream yet, applied as npm's postinstall does.
RUN npm run postinstall
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY generated ./generated
RUN npm run build

FROM node:24.22.3-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Production dependencies only. --omit=optional drops the embedded PostgreSQL binaries (the
# @embedded-postgres/* packages, ~60 MB): the container always gets DATABASE_URL and without it
# the service stops at startup saying that those binaries are missing.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund
# The patched packages from the build stage (patch-package is a dev dependency): the same versions, by the lockfile.
COPY --from=build /app/node_modules/express-openapi-validator ./node_modules/express-openapi-validator
COPY --from=build /app/node_modules/pg ./node_modules/pg
COPY --from=build /app/node_modules/kafkajs ./node_modules/kafkajs
COPY --from=build /app/dist ./dist
COPY openapi.yaml asyncapi.yaml ./
# Everything above is owned by root and only readable by the service: it cannot change its code.
# 1000:1000 is the image's `node` user; numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# 3000: the API; 9464: /metrics (METRICS_PORT) for Prometheus inside the platform network, never routed by the gateway.
EXPOSE 3000 9464
# Liveness: the process answers HTTP. node itself makes the request (the slim image has no curl).
# The compose file adds a readiness check on /health/ready for services that depend on this one.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live', { signal: AbortSignal.timeout(4000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
# Applies pending database migrations, then serves HTTP; SIGTERM shuts down cleanly (exit 0).
# Heap flags as in `npm start` (a test keeps them equal): an old-space cap (the live heap is
# ~25 MB), 16 MB semi-spaces and a 64 MB initial old space, each the measured trade between CPU
# per request and memory on Node 24 (README, Run in production and Performance).
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=16", "--initial-old-space-size=64", "dist/src/server.js"]
