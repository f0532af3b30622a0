import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Scheduler } from './scheduler/scheduler.js';
import { ingestRoutes, type IngestOptions } from './ingest/routes.js';

export interface ServerOptions {
  registry: Registry;
  scheduler: Scheduler;
  ready: () => Promise<void>;
  /** Mount `POST /v1/ingest` when given. */
  ingest?: IngestOptions;
}

/** The collector's own HTTP port: webhook ingest, `/healthz` with per-source state, `/readyz`, `/metrics`. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => {
    const sources = options.scheduler.health();
    const failing = sources.filter((s) => s.consecutiveFailures > 0).map((s) => s.source);
    return { status: failing.length === 0 ? 'ok' : 'degraded', failing, sources };
  });
  app.get('/readyz', async (_request, reply) => {
    try {
      await options.ready();
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ status: 'not ready', reason: (error as Error).message });
    }
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', options.registry.contentType);
    return options.registry.metrics();
  });
  if (options.ingest) await app.register(ingestRoutes, options.ingest);
  return app;
}
