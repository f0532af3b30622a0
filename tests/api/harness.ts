import type { Client, estypes } from '@elastic/elasticsearch';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createElasticsearch } from '@vigie/core';
import { buildApi, type ApiOptions } from '@vigie/api';
import { isolate, type Isolation } from '../setup/isolation.js';
import { SEED_BRANDS, dropPrefix } from './seed.js';

export const ADMIN_KEY = 'test-admin-key-0123456789-abcdefghij';

export interface Harness {
  es: Client;
  iso: Isolation;
  app: FastifyInstance;
  request(method: string, url: string, options?: { key?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Direct count in Elasticsearch, the reference every API answer is checked against. */
  count(query: estypes.QueryDslQueryContainer): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(label: string, options: Partial<ApiOptions> = {}): Promise<Harness> {
  const es = createElasticsearch();
  const iso = isolate(label);
  const app = await buildApi({ es, prefix: iso.prefix, adminKey: ADMIN_KEY, kafkaBrokers: process.env.VIGIE_KAFKA_BROKERS?.split(','), ...options });
  const harness: Harness = {
    es,
    iso,
    app,
    request: (method, url, { key = ADMIN_KEY, body, headers = {} } = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
    count: async (query) => (await es.count({ index: iso.indices.mentions, query })).count,
    close: async () => {
      await app.close();
      await dropPrefix(es, iso.prefix);
      await es.close();
    },
  };
  return harness;
}

/** A new key's secret; fails loudly rather than letting a test fall back to the admin key. */
export async function createKey(harness: Harness, body: { name: string; scopes: string[]; rateLimitPerMinute?: number }): Promise<string> {
  const response = await harness.request('POST', '/v1/keys', { body });
  if (response.statusCode !== 201) throw new Error(`could not create key ${body.name}: ${response.body}`);
  return (JSON.parse(response.body) as { token: string }).token;
}

export async function createSeedBrands(harness: Harness): Promise<void> {
  for (const brand of SEED_BRANDS) {
    const response = await harness.request('PUT', `/v1/brands/${brand.id}`, { body: brand });
    if (response.statusCode !== 200) throw new Error(`could not create brand ${brand.id}: ${response.body}`);
  }
}
