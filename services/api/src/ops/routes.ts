import type { FastifyPluginAsync } from 'fastify';
import type { Client } from '@elastic/elasticsearch';
import type { Admin } from 'kafkajs';
import type { Registry } from 'prom-client';
import { createKafka } from '@vigie/core';

export interface OpsOptions {
  es: Client;
  registry: Registry;
  kafkaBrokers?: string[];
}

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `/healthz` (the process answers), `/readyz` (Elasticsearch and Kafka reachable), `/metrics` (Prometheus). */
export const opsRoutes: FastifyPluginAsync<OpsOptions> = async (app, { es, registry, kafkaBrokers }) => {
  let admin: Admin | undefined;
  app.addHook('onClose', async () => {
    await admin?.disconnect().catch(() => undefined);
  });

  const hide = { hide: true };
  app.get('/healthz', { schema: hide }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: hide }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await withTimeout('Elasticsearch', es.cluster.health({}, { requestTimeout: CHECK_TIMEOUT_MS, maxRetries: 0 }));
      checks.elasticsearch = 'ok';
    } catch (error) {
      checks.elasticsearch = (error as Error).message;
    }
    if (kafkaBrokers?.length) {
      try {
        admin ??= createKafka('vigie-api-readiness', { brokers: kafkaBrokers, retry: { retries: 0 }, connectionTimeout: CHECK_TIMEOUT_MS }).admin();
        await withTimeout('Kafka', admin.connect().then(() => admin!.describeCluster()));
        checks.kafka = 'ok';
      } catch (error) {
        checks.kafka = (error as Error).message;
        await admin?.disconnect().catch(() => undefined);
        admin = undefined;
      }
    }
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', { schema: hide }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
};
