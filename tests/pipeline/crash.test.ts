import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { isolate } from '../setup/isolation.js';
import {
  cleanup, exactlyOnce, countDocs, demoMentions, groupLag, groups, prepare, produceRaw, spawnService, topicEnd, waitFor, type ServiceProcess,
} from './helpers.js';

const TOTAL = 20_000;
const iso = isolate('pipeline-crash');
let kafka: Kafka;
let es: Client;
const running: ServiceProcess[] = [];
const start = (name: 'analyzer' | 'indexer') => {
  const service = spawnService(name, iso.prefix);
  running.push(service);
  return service;
};

beforeAll(async () => {
  ({ kafka, es } = await prepare(iso));
});

afterAll(async () => {
  for (const service of running) await service.kill('SIGKILL');
  await cleanup(iso, kafka, es);
});

it('kill -9 of an analyzer, then of an indexer, mid-stream: after restarts every mention is indexed exactly once', async () => {
  const mentions = demoMentions(TOTAL, 2);
  let analyzer = start('analyzer');
  let indexer = start('indexer');
  await produceRaw(kafka, iso.topics.raw, mentions.slice(0, TOTAL / 2));

  // The analyzer dies with work in flight: part of the raw topic analysed, offsets not all committed.
  await waitFor('the analyzer to be mid-stream', () => topicEnd(kafka, iso.topics.enriched), (n) => n >= 2_000, 240_000, 200);
  await analyzer.kill('SIGKILL');
  await produceRaw(kafka, iso.topics.raw, mentions.slice(TOTAL / 2));
  analyzer = start('analyzer');

  // Then the indexer dies the same way while documents are still arriving.
  const before = await countDocs(es, iso.indices.mentions);
  await waitFor('the indexer to be mid-stream', () => countDocs(es, iso.indices.mentions), (n) => n >= before + 2_000 && n < TOTAL, 240_000, 200);
  await indexer.kill('SIGKILL');
  indexer = start('indexer');

  await waitFor('every mention indexed', () => countDocs(es, iso.indices.mentions), (n) => n >= TOTAL, 480_000, 3_000);
  await waitFor('the analyzer to commit everything', () => groupLag(kafka, groups(iso.prefix).analyzer, iso.topics.raw), (lag) => lag === 0);
  await waitFor('the indexer to commit everything', () => groupLag(kafka, groups(iso.prefix).indexer, iso.topics.enriched), (lag) => lag === 0);

  expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: TOTAL, duplicated: 0 });
  // The crashes made stages redo uncommitted work: more enriched messages than mentions, still one document each.
  expect(await topicEnd(kafka, iso.topics.enriched)).toBeGreaterThanOrEqual(TOTAL);
  expect(analyzer.output() + indexer.output()).not.toMatch(/"level":(50|60)/);
}, 900_000);
