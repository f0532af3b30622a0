import type { Client } from '@elastic/elasticsearch';
import type { FastifyPluginAsync } from 'fastify';
import type { MountedPlugin } from './options.js';
import { ingestRoutes } from '@vigie/collector';
import { createKafka, createProducer, topicNames, type Logger } from '@vigie/core';

export interface MountedPlugins {
  plugins: MountedPlugin[];
  close(): Promise<void>;
}

/**
 * Routes other services own that need more than the API has: `POST /v1/ingest` (collector, HMAC-signed)
 * when `VIGIE_INGEST_SECRET` is set, producing to the raw topic. The alert routes need nothing more and
 * are always mounted by `buildApi`.
 */
export async function mountedPlugins(_es: Client, prefix: string, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<MountedPlugins> {
  const plugins: MountedPlugins['plugins'] = [];
  const closers: (() => Promise<void>)[] = [];
  const secrets = (env.VIGIE_INGEST_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (secrets.length > 0) {
    const producer = createProducer(createKafka('vigie-api-ingest'));
    await producer.connect();
    closers.push(() => producer.disconnect());
    plugins.push({ plugin: ingestRoutes as unknown as FastifyPluginAsync<Record<string, unknown>>, options: { producer, topic: topicNames(prefix).raw, secrets }, auth: 'own' });
  } else {
    log.info('POST /v1/ingest not mounted: set VIGIE_INGEST_SECRET to accept signed webhook batches');
  }
  return { plugins, close: async () => { for (const close of closers) await close(); } };
}
