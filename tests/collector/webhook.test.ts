import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionId } from '@vigie/core';
import { ingestRoutes, signIngestBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, type IngestResponse } from '@vigie/collector';
import { createHarness, type Harness } from './helpers.js';

const SECRET = 'whsec_test_3f9a1c';
let h: Harness;
let app: FastifyInstance;

beforeAll(async () => {
  h = await createHarness('webhook');
  // Mounted the way the API service mounts it: a plain Fastify app registering the plugin.
  app = Fastify();
  await app.register(ingestRoutes, { producer: h.producer, topic: h.iso.topics.raw, secrets: ['old-secret', SECRET] });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await h?.close();
});

function post(body: string, options: { secret?: string; timestamp?: number; signature?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return app.inject({
    method: 'POST',
    url: '/v1/ingest',
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: options.signature ?? signIngestBody(options.secret ?? SECRET, timestamp, body),
    },
    payload: body,
  });
}

const valid = (n: number) => ({ sourceId: `n8n-${n}`, text: `Acme customer email #${n}: the blender is great`, publishedAt: '2026-11-20T10:00:00Z', url: `https://crm.example.com/tickets/${n}`, author: { name: 'Jane' } });

describe('POST /v1/ingest', () => {
  it('accepts the valid items of a batch and rejects the schema-invalid ones with reasons', async () => {
    const body = JSON.stringify({
      items: [valid(1), { sourceId: 'n8n-bad-date', text: 'x', publishedAt: 'yesterday' }, valid(2), { text: 'no id', publishedAt: '2026-11-20T10:00:00Z' }, { ...valid(3), likes: 4 }],
    });
    const response = await post(body);
    expect(response.statusCode).toBe(202);
    const result = response.json<IngestResponse>();
    expect(result).toMatchObject({ accepted: 2, rejected: 3 });
    expect(result.items.map((i) => i.status)).toEqual(['accepted', 'rejected', 'accepted', 'rejected', 'rejected']);
    expect(result.items[1]).toMatchObject({ errors: [{ field: '/publishedAt' }] });
    expect(result.items[3]).toMatchObject({ errors: [{ field: '/sourceId' }] });
    expect(result.items[4]).toMatchObject({ errors: [{ field: '/likes', message: 'is not an allowed field' }] });

    const mentions = await h.mentions();
    expect(mentions.map((m) => m.id).sort()).toEqual([mentionId('webhook', 'n8n-1'), mentionId('webhook', 'n8n-2')].sort());
    expect(mentions[0]).toMatchObject({ source: 'webhook', collectedAt: expect.any(String) });
  });

  it('refuses a bad signature', async () => {
    const body = JSON.stringify([valid(4)]);
    const response = await post(body, { secret: 'wrong-secret' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('does not match') });
    expect((await post(body, { signature: 'abc' })).statusCode).toBe(401);
  });

  it('refuses a replay older than 5 minutes even when correctly signed', async () => {
    const response = await post(JSON.stringify([valid(5)]), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/outside the 300 s window/);
  });

  it('refuses a body over 5 MiB', async () => {
    const big = JSON.stringify({ items: [{ ...valid(6), text: 'a'.repeat(5 * 1024 * 1024) }] });
    const response = await post(big);
    expect(response.statusCode).toBe(413);
  });

  it('answers 400 to a signed body that is not JSON or not a list', async () => {
    expect((await post('{"items": [')).statusCode).toBe(400);
    expect((await post('{"foo": 1}')).statusCode).toBe(400);
    const mentions = await h.mentions();
    expect(mentions).toHaveLength(2);
  });
});
