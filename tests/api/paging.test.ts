import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSeedBrands, startHarness, type Harness } from './harness.js';
import { indexMentions, makeMentions } from './seed.js';

const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2026-03-01T00:00:00Z');
let h: Harness;

beforeAll(async () => {
  h = await startHarness('paging');
  await indexMentions(h.es, h.iso.indices, makeMentions(10_000, { from: FROM, to: TO, seed: 1 }));
  await createSeedBrands(h);
});
afterAll(async () => h?.close());

it('pages through 10,000 mentions while 2,000 new ones are indexed: each pre-existing one seen exactly once', async () => {
  const preexisting = new Set(makeMentions(10_000, { from: FROM, to: TO, seed: 1 }).map((m) => m.id));
  // The newcomers' dates interleave with the existing ones, so they land on pages not yet read.
  const newcomers = makeMentions(2_000, { from: FROM, to: TO, seed: 2, offset: 1_000_000 });
  const seen = new Map<string, number>();
  let url = '/v1/mentions?size=100&sort=newest';
  let pages = 0;
  let indexing: Promise<void> | undefined;
  for (;;) {
    const response = await h.request('GET', url);
    expect(response.statusCode, response.body).toBe(200);
    const page = JSON.parse(response.body) as { items: { id: string }[]; nextCursor: string | null };
    for (const item of page.items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
    pages++;
    if (pages === 1) {
      indexing = (async () => {
        for (let i = 0; i < newcomers.length; i += 100) await indexMentions(h.es, h.iso.indices, newcomers.slice(i, i + 100));
      })();
    }
    if (!page.nextCursor) break;
    url = `/v1/mentions?cursor=${page.nextCursor}`;
  }
  await indexing;
  expect(await h.count({ match_all: {} })).toBe(12_000);
  const missing = [...preexisting].filter((id) => !seen.has(id));
  const repeated = [...seen].filter(([, n]) => n > 1);
  expect(missing).toEqual([]);
  expect(repeated).toEqual([]);
  expect(pages).toBeGreaterThanOrEqual(100);
});

it('counts past 10,000 only when asked (an exact total defeats early termination of sorted pages)', async () => {
  const bounded = JSON.parse((await h.request('GET', '/v1/mentions?size=1')).body) as { total: { value: number; relation: string } };
  expect(bounded.total).toEqual({ value: 10_000, relation: 'gte' });
  const exact = JSON.parse((await h.request('GET', '/v1/mentions?size=1&exactTotal=true')).body) as { total: { value: number; relation: string } };
  expect(exact.total).toEqual({ value: await h.count({ match_all: {} }), relation: 'eq' });
});
