# hss-mock container image: `docker build -t hss-mock .`, then `docker run -p 8080:8080 hss-mock`.
# Stages share one base, pinned by tag; Node 24 is the current LTS line.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are not needed to compile, and skipping them keeps the build offline-safe.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src/ ./src/
# npm run build bundles the CLI into dist/main.js with this script after tsc.
COPY scripts/bundle-cli.mjs ./scripts/
RUN npm run build

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM node:24-slim
# Where the source lives is known only to whoever builds it: `--build-arg SOURCE_URL=https://…`.
ARG SOURCE_URL
LABEL org.opencontainers.image.title="hss-mock" \
      org.opencontainers.image.description="Mock server for Huawei Cloud HSS (BatchScanSwrImage) for integration tests" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY openapi/ ./openapi/
COPY fixtures/ ./fixtures/
USER node
EXPOSE 8080
# The image has no curl; a node script probes the health route where the environment says the server listens.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["node", "dist/healthcheck.js"]
STOPSIGNAL SIGTERM
# Flags pass straight through: `docker run hss-mock --help`.
ENTRYPOINT ["node", "dist/main.js"]
