# 督查督办 app server / worker image (see docs/deploy.md "Container").
#
# BASE_IMAGE must come from the site's own registry: public registries are not reachable from a government
# intranet. Use a Node 20 (or 22 LTS) image on Debian bookworm that your registry mirrors, e.g.
#   docker build --build-arg BASE_IMAGE=registry.example.gov.cn/library/node:20-bookworm-slim \
#                --build-arg NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="$(cat /etc/dcdb/server-actions.key)" -t dcdb:1.0 .
# npm packages come from the registry named in an .npmrc beside this file (your npm mirror), if any.
# The default names no real registry: the build fails at once unless BASE_IMAGE is given.
ARG BASE_IMAGE=registry.example.gov.cn/library/node:20-bookworm-slim
FROM ${BASE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc* ./
RUN npm ci --no-audit --no-fund
COPY . .
# Fixed at build time and identical for every server running this image: server actions of one build
# can then be answered by any server (docs/deploy.md "Several app servers").
ARG NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
RUN NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="${NEXT_SERVER_ACTIONS_ENCRYPTION_KEY}" npm run build

FROM ${BASE_IMAGE}
# pg_dump / pg_restore for `npm run db:backup` / `db:restore` on the PostgreSQL path. Debian bookworm ships
# version 15: it must be at least the server's major version (for a newer server install that version's
# postgresql-client from your apt mirror, or run backups from a host that has it).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 DATA_DIR=/var/lib/dcdb
# The whole built tree: `npm start` runs the migrations and the seed with tsx (a dev dependency) before serving.
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /var/lib/dcdb && chown node:node /var/lib/dcdb
USER node
VOLUME ["/var/lib/dcdb"]
EXPOSE 3000
# App server: migrate, bootstrap, serve. The worker runs the same image with `npm run worker`.
CMD ["npm", "start"]
