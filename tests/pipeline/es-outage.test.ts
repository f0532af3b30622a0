import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { startAnalyzer, type RunningAnalyzer } from '@vigie/analyzer';
import { startIndexer, type RunningIndexer } from '@vigie/indexer';
import { startElasticsearch, stopElasticsearch } from '@vigie/cli/stack';
import { isolate } from '../setup/isolation.js';
import { cleanup, countDocs, demoMentions, exactlyOnce, groupLag, groups, prepare, produceRaw, waitFor } from './helpers.js';

const TOTAL = 10_000;
const OUTAGE_MS = 30_000;
const iso = isolate('pipeline-es-outage');
let kafka: Kafka;
let es: Client;
let analyzer: RunningAnalyzer | undefined;
let indexer: RunningIndexer | undefined;

beforeAll(async () => {
  ({ kafka, es } = await prepare(iso));
  analyzer = await startAnalyzer({ prefix: iso.prefix });
  indexer = await startIndexer({ prefix: iso.prefix, metricsPort: 0 });
});

afterAll(async () => {
  await startElasticsearch(); // whatever happened, the shared Elasticsearch is up again for everyone else
  await analyzer?.stop();
  await indexer?.stop();
  await cleanup(iso, kafka, es);
});

async function indexerErrors(): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${indexer!.metricsPort}/metrics`).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith('vigie_stage_errors_total') && l.includes('kind="elasticsearch_unavailable"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

it('Elasticsearch stopped for 30 s mid-stream: the indexer pauses, then catches up without losing anything', async () => {
  const mentions = demoMentions(TOTAL, 4);
  await produceRaw(kafka, iso.topics.raw, mentions.slice(0, TOTAL / 2));
  await waitFor('documents flowing', () => countDocs(es, iso.indices.mentions), (n) => n > 0, 240_000, 500);

  try {
    await stopElasticsearch();
    // The stream keeps coming while Elasticsearch is away.
    await produceRaw(kafka, iso.topics.raw, mentions.slice(TOTAL / 2));
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    expect(await indexerErrors()).toBeGreaterThan(0);
  } finally {
    await startElasticsearch();
  }

  await waitFor('every mention indexed', () => countDocs(es, iso.indices.mentions), (n) => n >= TOTAL, 480_000, 3_000);
  await waitFor('the indexer to commit everything', () => groupLag(kafka, groups(iso.prefix).indexer, iso.topics.enriched), (lag) => lag === 0);
  expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: TOTAL, duplicated: 0 });
}, 900_000);
