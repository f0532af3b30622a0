import type { FastifyInstance } from 'fastify';
import { buildApi } from './app.js';
import type { ApiOptions } from './options.js';

export { buildApi } from './app.js';
export { readApiEnv, type ApiEnv, type ApiOptions } from './options.js';
export { createApiKey, listApiKeys, revokeApiKey, type NewKey, type PublicKey } from './auth/manage.js';
export { hashSecret } from './auth/keys.js';
export { checkBrandQuery } from './config/routes.js';
export { normalizeSimpleQuery } from './mentions/simple-query.js';
export { buildFilterQuery, type MentionFilter } from './mentions/filters.js';
export { searchBody as mentionSearchBody } from './mentions/search.js';

export interface RunningApi {
  app: FastifyInstance;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Build and listen; port 0 picks a free port. `stop()` finishes in-flight requests and closes. */
export async function startApi(options: ApiOptions & { port?: number; host?: string }): Promise<RunningApi> {
  const app = await buildApi(options);
  await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 8080;
  return { app, port, url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}
