# One image, a target per process. TypeScript runs through tsx, as in development, so what
# ops run is exactly what the tests exercised.
# Node 24, the current LTS line, at the version the test command runs the unit tests under
# (scripts/node-lts.sh; infra/dockerfile.test.ts keeps them equal).
FROM node:24.22.3-bookworm-slim AS base
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    NODE_ENV=production
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/cli/package.json apps/cli/
COPY apps/console/package.json apps/console/
COPY apps/provisioner/package.json apps/provisioner/
COPY apps/simulator/package.json apps/simulator/
COPY packages/api-client/package.json packages/api-client/
COPY packages/bidding/package.json packages/bidding/
COPY packages/config/package.json packages/config/
COPY packages/ec2-gateway/package.json packages/ec2-gateway/
COPY packages/launch-spec/package.json packages/launch-spec/
COPY packages/model/package.json packages/model/
COPY packages/planner/package.json packages/planner/
COPY packages/testing/package.json packages/testing/
COPY infra/package.json infra/
# tsx (a root devDependency) is the runtime, so the install keeps devDependencies.
RUN corepack pnpm install --frozen-lockfile --prod=false
COPY . .
# The console's static files, served by the API at /console/.
RUN corepack pnpm --filter @spot-provisioner/console build
USER node

# One-shot: creates the tables (idempotent) and exits.
FROM base AS tables
CMD ["node", "node_modules/tsx/dist/cli.mjs", "infra/local/create-tables-cli.ts"]

FROM base AS api
ENV HOST=0.0.0.0 PORT=5557
EXPOSE 5557
CMD ["node", "node_modules/tsx/dist/cli.mjs", "apps/api/src/main.ts"]

FROM base AS provisioner
ENV METRICS_HOST=0.0.0.0 METRICS_PORT=5558
EXPOSE 5558
CMD ["node", "node_modules/tsx/dist/cli.mjs", "apps/provisioner/src/main.ts"]

# Development aid only: the stand-in for the Taskcluster queue's pending-tasks endpoint.
FROM base AS queue-stand-in
ENV QUEUE_STAND_IN_HOST=0.0.0.0 QUEUE_STAND_IN_PORT=5559
EXPOSE 5559
CMD ["node", "node_modules/tsx/dist/cli.mjs", "apps/provisioner/src/dev/queue-stand-in.ts"]
