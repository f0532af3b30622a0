# One image for every Vigie service; docker-compose.yml picks the service with `command`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/nlp/package.json packages/nlp/
COPY packages/cli/package.json packages/cli/
COPY services/collector/package.json services/collector/
COPY services/analyzer/package.json services/analyzer/
COPY services/indexer/package.json services/indexer/
COPY services/api/package.json services/api/
COPY services/alerter/package.json services/alerter/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages ./packages
COPY services ./services
USER node
ENTRYPOINT ["npx", "tsx"]
CMD ["packages/cli/src/main.ts", "--help"]
