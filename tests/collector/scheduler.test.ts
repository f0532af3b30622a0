import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore, createElasticsearch, createKafka, ensureTemplates } from '@vigie/core';
import { startCollector, type RunningCollector } from '@vigie/collector';
import { deleteIndices, FAST_HTTP, fixture, readTopic, startFixtureServer, type FixtureServer } from './helpers.js';
import { isolate } from '../setup/isolation.js';

const iso = isolate('scheduler');
const es = createElasticsearch();
const kafka = createKafka('test-scheduler');
const config = new ConfigStore(es, iso.indices.config);
let server: FixtureServer;
let streaming: WebSocketServer;
let collector: RunningCollector;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  await ensureTemplates(es, iso.indices);
  server = await startFixtureServer((_req, res, url) => {
    if (url.pathname === '/feed') {
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(fixture('rss/google-alerts.atom.xml'));
    } else if (url.pathname === '/api/v1/timelines/tag/acme') {
      // Mastodon pages with max_id; everything fits on one page here, the second page is empty.
      const body = url.searchParams.has('max_id') ? '[]' : fixture('mastodon/tag-timeline.json').toString();
      res.writeHead(200, { 'content-type': 'application/json', link: `<${'http://127.0.0.1'}/api/v1/timelines/tag/acme?max_id=113512345678901100>; rel="next"` }).end(body);
    } else res.writeHead(404).end();
  });
  streaming = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => streaming.once('listening', resolve));
  streaming.on('connection', (socket, request) => {
    if (!request.url?.startsWith('/api/v1/streaming?stream=hashtag&tag=acme')) socket.close(1008, 'unexpected stream');
    sockets.push(socket);
  });
  collector = await startCollector({ prefix: iso.prefix, port: 0, configPollMs: 200, http: FAST_HTTP, es, kafka });
});

afterAll(async () => {
  await collector?.stop();
  streaming?.close();
  await server?.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(iso.topics) }).catch(() => undefined);
  await admin.disconnect();
  await deleteIndices(es, iso.prefix);
  await es.indices.deleteIndexTemplate({ name: [iso.indices.mentions, iso.indices.alerts, iso.indices.config].join(',') }, { ignore: [404] });
  await es.close();
});

const health = async () => (await fetch(`http://127.0.0.1:${collector.port}/healthz`)).json() as Promise<{ status: string; sources: { source: string; produced: number; mode: string }[] }>;
const bySource = async (name: string) => (await readTopic(kafka, iso.topics.raw)).filter((m) => m.sourceName === name);

describe('collector service: sources from the config index, applied without restart', () => {
  it('starts a source added through the config store and reports it in /healthz and /metrics', async () => {
    await config.put('source', { id: 'alerts', type: 'rss', name: 'alerts', schedule: '*/5 * * * *', params: { url: `${server.url}/feed` }, secrets: {}, brands: ['acme'], enabled: true });
    await expect.poll(async () => (await bySource('alerts')).length, { timeout: 20_000, interval: 300 }).toBe(2);
    // the run counts what it produced once the send is acknowledged, which can come just after a consumer sees the messages
    await expect.poll(async () => (await health()).sources, { timeout: 10_000, interval: 100 }).toEqual([expect.objectContaining({ source: 'alerts', produced: 2, mode: 'poll' })]);
    const metrics = await (await fetch(`http://127.0.0.1:${collector.port}/metrics`)).text();
    expect(metrics).toMatch(/vigie_collector_produced_total\{source="alerts",service="collector"\} 2/);
    expect(metrics).toMatch(/vigie_collector_last_success_timestamp_seconds\{source="alerts"/);
  });

  it('runs a streaming Mastodon source: the REST timeline first, then updates pushed over the WebSocket', async () => {
    const port = (streaming.address() as AddressInfo).port;
    await config.put('source', {
      id: 'masto', type: 'mastodon', name: 'masto', schedule: '* * * * *', enabled: true, secrets: {}, brands: [],
      params: { instance: server.url, hashtag: 'acme', streaming: true, streamingUrl: `ws://127.0.0.1:${port}` },
    });
    await expect.poll(async () => (await bySource('masto')).length, { timeout: 20_000, interval: 300 }).toBe(2);
    await expect.poll(() => sockets.length, { timeout: 20_000 }).toBeGreaterThan(0);
    sockets.at(-1)!.send(fixture('mastodon/streaming-update.json').toString());
    await expect.poll(async () => (await bySource('masto')).length, { timeout: 20_000, interval: 300 }).toBe(3);
    const mentions = await bySource('masto');
    expect(mentions.find((m) => m.sourceId.endsWith('113512345678901240'))).toMatchObject({
      source: 'mastodon', lang: 'fr', text: 'Mon blender #Acme a encore surchauffé. Franchement déçue.',
      author: { handle: 'claire', name: 'Claire D.', followers: 312 }, metrics: { likes: 11, shares: 5, comments: 2 },
    });
    expect(mentions.find((m) => m.sourceId.endsWith('113512345678901100'))).toMatchObject({ parentId: '113512345678900900', author: { handle: 'bob@social.example.org' } });
    expect((await health()).sources.find((s) => s.source === 'masto')).toMatchObject({ mode: 'stream', produced: 3 });
  });

  it('stops a source that is disabled, without touching the others', async () => {
    await config.put('source', { id: 'alerts', type: 'rss', name: 'alerts', schedule: '*/5 * * * *', params: { url: `${server.url}/feed` }, secrets: {}, brands: ['acme'], enabled: false });
    await expect.poll(async () => (await health()).sources.map((s) => s.source), { timeout: 20_000, interval: 300 }).toEqual(['masto']);
  });
});
