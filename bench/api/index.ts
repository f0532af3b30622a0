/**
 * API throughput and latency with 1,000,000 mentions indexed: 20 concurrent clients on the 30-day
 * timeseries and on GET /v1/mentions, each beside the same query sent straight to Elasticsearch.
 * Each load follows an unmeasured 3 s warm-up with the same clients.
 * BENCH_API_DURATION (s, default 20), BENCH_API_KEEP=1 keeps the dataset for the next run.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ConfigStore, createElasticsearch, indexNames } from '@vigie/core';
import { buildFilterQuery, createApiKey, mentionSearchBody } from '@vigie/api';
import { SEED_BRANDS, dropPrefix, indexGenerated, makeMention, random } from '../../tests/api/seed.js';

const COUNT = 1_000_000;
const CONNECTIONS = 20;
const DURATION = Number(process.env.BENCH_API_DURATION ?? 20);
const WARMUP = 3;
const PREFIX = 'bench-api-';
const ADMIN_KEY = 'bench-admin-key-0123456789-abcdefghij';
const esUrl = process.env.VIGIE_ES_URL ?? 'http://127.0.0.1:9200';
const es = createElasticsearch(esUrl);
const names = indexNames(PREFIX);

async function seed(): Promise<void> {
  const existing = await es.count({ index: names.mentions }).then((r) => r.count, () => 0);
  if (existing === COUNT) return console.log(`reusing ${COUNT.toLocaleString('en')} mentions under ${PREFIX}`);
  await dropPrefix(es, PREFIX);
  const to = new Date();
  const options = { from: new Date(to.getTime() - 90 * 864e5), to, seed: 7 };
  const rand = random(7);
  const started = Date.now();
  await indexGenerated(es, names, COUNT, (i) => makeMention(i, rand, options), {
    onProgress: (done) => {
      if (done % 100_000 === 0) console.log(`seeded ${done.toLocaleString('en')} / ${COUNT.toLocaleString('en')} (${Math.round(done / ((Date.now() - started) / 1000))} docs/s)`);
    },
  });
}

interface Figures { rps: number; p50: number; p99: number; errors: number }

async function load(title: string, options: autocannon.Options): Promise<Figures> {
  process.stdout.write(`${title}: ${CONNECTIONS} clients for ${DURATION}s ... `);
  // The API process is started by this bench while Elasticsearch has long been running: the same unmeasured
  // warm-up for every target keeps JIT compilation of a fresh process out of the steady-state figures.
  await autocannon({ connections: CONNECTIONS, duration: WARMUP, ...options });
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const figures = { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
  console.log(`${figures.rps} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms${figures.errors ? `, ${figures.errors} errors` : ''}`);
  return figures;
}

async function main(): Promise<void> {
  await seed();
  const store = new ConfigStore(es, names.config);
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../tests/api/export-server.ts', import.meta.url))], {
    env: { ...process.env, VIGIE_PREFIX: PREFIX, VIGIE_ADMIN_KEY: ADMIN_KEY, VIGIE_LOG_LEVEL: 'warn', VIGIE_ES_URL: esUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { port } = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve))) as { port: number };
    for (const brand of SEED_BRANDS) await store.put('brand', brand);
    const key = await createApiKey(store, { name: 'bench', scopes: ['read'], rateLimitPerMinute: 100_000_000 });
    const api = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${key.token}` };
    const search = `${esUrl}/${names.mentions}/_search`;
    const json = { 'content-type': 'application/json' };

    // The same query the API sends: last 30 days of one brand, daily buckets split by sentiment.
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 864e5);
    const timeseriesBody = {
      size: 0, track_total_hits: true,
      query: buildFilterQuery({ brand: ['acme'], from: from.toISOString(), to: to.toISOString() }),
      aggs: { over_time: { date_histogram: { field: 'publishedAt', calendar_interval: 'day', time_zone: 'UTC', min_doc_count: 0, extended_bounds: { min: from.getTime(), max: to.getTime() - 1 } }, aggs: { sentiment: { terms: { field: 'sentiment.label', size: 3 } } } } },
    };
    // What the API sends for the first page of GET /v1/mentions?brand=acme&size=20.
    const mentionsBody = mentionSearchBody({ filter: { brand: ['acme'] }, sort: 'newest', size: 20, highlight: false });
    const timeseriesUrl = `${api}/v1/analytics/timeseries?brand=acme&from=${from.toISOString()}&to=${to.toISOString()}`;
    const probe = await fetch(timeseriesUrl, { headers });
    if (probe.status !== 200) throw new Error(`API answered ${probe.status}: ${await probe.text()}`);

    const results = {
      timeseries: await load('API GET /v1/analytics/timeseries (30 days)', { url: timeseriesUrl, headers }),
      timeseriesBaseline: await load('Elasticsearch _search, same aggregation', { url: search, method: 'POST', headers: json, body: JSON.stringify(timeseriesBody) }),
      mentions: await load('API GET /v1/mentions?brand=acme&size=20', { url: `${api}/v1/mentions?brand=acme&size=20`, headers }),
      mentionsBaseline: await load('Elasticsearch _search, same query', { url: search, method: 'POST', headers: json, body: JSON.stringify(mentionsBody) }),
    };
    const targetMet = results.timeseries.p99 <= 250 && results.mentions.p99 <= 250;
    console.log(`target p99 <= 250 ms: ${targetMet ? 'met' : 'NOT met'} on this machine`);
    console.log(JSON.stringify({ bench: 'api', dataset: COUNT, connections: CONNECTIONS, durationSeconds: DURATION, ...results, targetP99Met: targetMet }));
  } finally {
    server.kill('SIGTERM');
    if (!process.env.BENCH_API_KEEP) await dropPrefix(es, PREFIX);
    await es.close();
  }
}

await main();
