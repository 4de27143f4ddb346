# Certificate gateway. Two targets:
#   docker build -t certificate-gateway .                    production (the default, last stage): SANDBOX=0
#   docker build --target demo -t certificate-gateway:demo .  the sandbox: simulated upstreams, seeded data
# Run:  docker run -p 4000:4000 -e FOURHSE_BASE_URL=… -e FOURHSE_ACCESS_TOKEN_FILE=/run/secrets/… certificate-gateway
#       docker run -p 4000:4000 certificate-gateway:demo
# The production image has no simulators, no bench, no dev dependencies (GraphiQL is a static bundle in
# dist/graphiql). Started with no source configured it stays up, logs "no source configured …" once and
# answers 503 on /readyz instead of serving simulated data. See compose.yaml for two replicas with Redis.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: compile TypeScript and the GraphiQL bundle into dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# release/: what production ships of dist/ (scripts/release.ts): the gateway without the simulators and the
# GraphiQL bundle; not dist/scripts (bench, emit-schema, the builders).
RUN npm run build && node dist/scripts/release.js release

# ---- prod-deps: runtime dependencies only ----
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# ---- demo: the sandbox, for trying it out (simulators in the process, seeded data) ----
FROM ${NODE_IMAGE} AS demo
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    SANDBOX=1
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/graphiql ./dist/graphiql
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]

# ---- production (default) ----
FROM ${NODE_IMAGE} AS production
# SANDBOX=0: an unconfigured container must not serve simulated data (it fails readiness instead).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    SANDBOX=0
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/release ./dist
# Files stay owned by root (read-only for the app); the process runs unprivileged.
USER node
EXPOSE 4000
# Liveness only (/healthz): /readyz also fails while every upstream is down, which a restart would not fix.
# No curl in slim images: node's own fetch checks it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# node directly (not npm start, which would rebuild): signals reach the process. On SIGTERM /readyz turns 503
# for SHUTDOWN_DELAY_S (5) while it still serves, then it drains within SHUTDOWN_GRACE_S (25): give the
# orchestrator a stop timeout of at least their sum (docker stop -t 30, Kubernetes terminationGracePeriodSeconds: 30).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
