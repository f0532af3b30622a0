import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hackerNewsConnector } from '@vigie/collector';
import { readDeadLetter } from '@vigie/core';
import { createHarness, duplicates, readMessages, fixtureJson, sendJson, sourceConfig, startFixtureServer, type FixtureServer, type Harness } from './helpers.js';

interface Hit { objectID: string; created_at_i: number; created_at: string; [key: string]: unknown }
type Fault = '429' | '500' | 'timeout' | 'truncated' | 'malformed' | 'ok';

const recorded = fixtureJson<{ hits: Hit[] }>('hackernews/search_by_date.json');
let h: Harness;
let server: FixtureServer;
let hits: Hit[] = [];
let faults: Fault[] = [];
/** Requests the API still answers before it goes down (Infinity: it stays up). */
let answersBeforeDown = Number.POSITIVE_INFINITY;
let retryNotBefore = 0;
let earlyRetries = 0;

/** Algolia's search_by_date over the recorded hits: numericFilters on created_at_i, newest first, page/hitsPerPage. */
function answer(res: ServerResponse, url: URL): void {
  const filters = (url.searchParams.get('numericFilters') ?? '').split(',').filter(Boolean);
  const kept = hits.filter((hit) => filters.every((f) => {
    const [, op, value] = /^created_at_i(<=|>=|<|>)(\d+)$/.exec(f) ?? [];
    const n = Number(value);
    return op === '<=' ? hit.created_at_i <= n : op === '>=' ? hit.created_at_i >= n : op === '<' ? hit.created_at_i < n : op === '>' ? hit.created_at_i > n : true;
  })).sort((a, b) => b.created_at_i - a.created_at_i);
  const perPage = Number(url.searchParams.get('hitsPerPage') ?? 20);
  const page = Number(url.searchParams.get('page') ?? 0);
  sendJson(res, { hits: kept.slice(page * perPage, (page + 1) * perPage), hitsPerPage: perPage, nbHits: kept.length, nbPages: Math.ceil(kept.length / perPage), page, query: url.searchParams.get('query'), params: url.search.slice(1), processingTimeMS: 1 });
}

beforeAll(async () => {
  h = await createHarness('resilience');
  server = await startFixtureServer((req, res, url) => {
    if (Date.now() < retryNotBefore) earlyRetries += 1;
    if (answersBeforeDown <= 0) return sendJson(res, { message: 'Internal error' }, 500);
    answersBeforeDown -= 1;
    const fault = faults.shift();
    if (fault === '429') {
      retryNotBefore = Date.now() + 1_000;
      return sendJson(res, { message: 'Too many requests' }, 429, { 'retry-after': '1' });
    }
    if (fault === '500') return sendJson(res, { message: 'Internal error' }, 500);
    if (fault === 'timeout') return void setTimeout(() => !res.writableEnded && answer(res, url), 3_000).unref();
    if (fault === 'truncated') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"hits":[{"objectID":');
      return void setTimeout(() => res.destroy(), 20);
    }
    if (fault === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"hits": [ {"objectID": "1", }');
    answer(res, url);
  });
});

afterAll(async () => {
  await server?.close();
  await h?.close();
});

const source = () => sourceConfig({ id: 'hn', type: 'hackernews', params: { query: 'acme', hitsPerPage: 2, baseUrl: server.url } });

function newHit(id: number, secondsAfterNewest: number): Hit {
  const newest = Math.max(...recorded.hits.map((x) => x.created_at_i));
  const at = newest + secondsAfterNewest;
  return { ...recorded.hits[1]!, objectID: String(id), created_at_i: at, created_at: new Date(at * 1000).toISOString().replace('.000', ''), comment_text: `Acme follow-up comment ${id}` };
}

describe('polite HTTP + checkpoints (Hacker News connector, real Kafka)', () => {
  it('pages to the end through 429 + Retry-After, 500s, a timeout, a truncated and a malformed body, losing nothing', async () => {
    hits = [...recorded.hits];
    // Each page absorbs at most 2 faults (3 retries allowed): 429 and 500, then a truncated body and a timeout, then malformed JSON.
    faults = ['429', '500', 'ok', 'truncated', 'timeout', 'ok', 'malformed'];
    const runner = h.runner(source(), hackerNewsConnector);
    const result = await runner.runOnce();
    expect(result.produced).toBe(5);
    expect(faults).toEqual([]);
    expect(earlyRetries).toBe(0);
    const metrics = await h.registry.getSingleMetricAsString('vigie_collector_http_retries_total');
    expect(metrics).toMatch(/vigie_collector_http_retries_total\{source="hn"\} 5/);
    const mentions = await h.mentions();
    expect(mentions).toHaveLength(5);
    expect(duplicates(mentions)).toEqual([]);
    expect(mentions.find((m) => m.sourceId === '41230017')).toMatchObject({
      source: 'hackernews',
      url: 'https://news.ycombinator.com/item?id=41230017',
      title: 'Acme recalls 40,000 blenders',
      parentId: '41230001',
      author: { handle: 'jdoe' },
      publishedAt: '2026-11-20T09:20:11.000Z',
    });
    expect(mentions.find((m) => m.sourceId === '41230001')).toMatchObject({ url: 'https://news.example.com/2026/11/acme-recall', metrics: { score: 57, comments: 2 } });
  });

  it('an incremental poll after a restart yields only the new items', async () => {
    hits.push(newHit(41230100, 60), newHit(41230101, 61), newHit(41230102, 62));
    const restarted = h.runner(source(), hackerNewsConnector);
    expect(await restarted.runOnce()).toMatchObject({ produced: 3 });
    expect(await restarted.runOnce()).toMatchObject({ produced: 0 });
    const mentions = await h.mentions();
    expect(mentions).toHaveLength(8);
    expect(duplicates(mentions)).toEqual([]);
  });

  it('a source that keeps failing reports the error, keeps its checkpoint, and loses nothing once it recovers', async () => {
    const before = await h.checkpoints.load(source());
    hits.push(newHit(41230200, 120), newHit(41230201, 121), newHit(41230202, 122));
    // First page answers, then the API goes down mid-pass: the committed page stays, the rest waits.
    const runner = h.runner(source(), hackerNewsConnector);
    faults = [];
    answersBeforeDown = 1;
    await expect(runner.runOnce()).rejects.toThrow(/answered 500/);
    expect(runner.health).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/500/) });
    expect(await h.registry.getSingleMetricAsString('vigie_collector_errors_total')).toMatch(/source="hn".*\} 1/);
    const stored = await h.checkpoints.load<{ since?: string; run?: unknown }>(source());
    expect(stored?.since).toBe((before as { since?: string }).since);

    answersBeforeDown = Number.POSITIVE_INFINITY;
    const recovered = h.runner(source(), hackerNewsConnector);
    await recovered.runOnce();
    const mentions = await h.mentions();
    expect(mentions).toHaveLength(11);
    expect(duplicates(mentions)).toEqual([]);
  });

  it('an item the mention schema refuses goes to the DLQ with its reason; the rest of the page is produced', async () => {
    const before = (await h.mentions()).length;
    const broken = { ...newHit(41230300, 200), _tags: ['story'], title: 'Acme launch', story_text: 'Acme ships it', url: 'not a url' };
    hits.push(broken, newHit(41230301, 201));
    const result = await h.runner(source(), hackerNewsConnector).runOnce();
    expect(result).toMatchObject({ produced: 1, invalid: 1 });
    expect(await h.mentions()).toHaveLength(before + 1);
    const letters = (await readMessages(h.kafka, h.iso.topics.dlq)).map(readDeadLetter);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ stage: 'collector', reason: expect.stringMatching(/source 'hn'.*\/url/) });
    expect(JSON.parse(letters[0]!.value!.toString())).toMatchObject({ sourceId: '41230300', url: 'not a url' });
  });
});
