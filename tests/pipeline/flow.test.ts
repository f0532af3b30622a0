import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { startAnalyzer, type RunningAnalyzer } from '@vigie/analyzer';
import { startIndexer, type RunningIndexer } from '@vigie/indexer';
import { isolate } from '../setup/isolation.js';
import { cleanup, exactlyOnce, countDocs, demoMentions, groupLag, groups, prepare, produceRaw, topicEnd, waitFor } from './helpers.js';

const TOTAL = 50_000;
const iso = isolate('pipeline-flow');
let kafka: Kafka;
let es: Client;
let analyzer: RunningAnalyzer | undefined;
let indexer: RunningIndexer | undefined;

beforeAll(async () => {
  ({ kafka, es } = await prepare(iso));
  analyzer = await startAnalyzer({ prefix: iso.prefix });
  indexer = await startIndexer({ prefix: iso.prefix });
});

afterAll(async () => {
  await analyzer?.stop();
  await indexer?.stop();
  await cleanup(iso, kafka, es);
});

describe('collector → analyzer → indexer', () => {
  it('indexes 50,000 mentions exactly once, with their analysis', async () => {
    await produceRaw(kafka, iso.topics.raw, demoMentions(TOTAL, 1));
    await waitFor('50,000 documents', () => countDocs(es, iso.indices.mentions), (n) => n >= TOTAL, 480_000, 3_000);
    await waitFor('the indexer to commit everything', () => groupLag(kafka, groups(iso.prefix).indexer, iso.topics.enriched), (lag) => lag === 0);

    expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: TOTAL, duplicated: 0 });
    for (const field of ['sentiment.label', 'language.code', 'brands', 'fingerprint', 'textNormalized', 'analyzedAt', 'indexedAt', 'status']) {
      expect(await countDocs(es, iso.indices.mentions, { exists: { field } }), field).toBe(TOTAL);
    }
    expect(await countDocs(es, iso.indices.mentions, { exists: { field: 'duplicateOf' } })).toBeGreaterThan(0);
    expect(await countDocs(es, iso.indices.mentions, { term: { status: 'new' } })).toBe(TOTAL);
  }, 900_000);

  it('replaying the raw topic from offset 0 changes no count and keeps the workflow fields', async () => {
    const picked = await es.search<{ id: string; publishedAt: string }>({ index: iso.indices.mentions, size: 20, sort: [{ id: 'asc' }], _source: ['id', 'publishedAt'] });
    const workflow = { status: 'handled', assignee: 'camille', tags: ['crise', 'réseau'], notes: 'rappelée le 12' };
    for (const hit of picked.hits.hits) {
      await es.update({ index: hit._index, id: hit._id!, doc: workflow }); // what the API does when someone triages a mention
    }
    const enrichedBefore = await topicEnd(kafka, iso.topics.enriched);

    await analyzer?.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: groups(iso.prefix).analyzer, topic: iso.topics.raw, earliest: true });
    await admin.disconnect();
    analyzer = await startAnalyzer({ prefix: iso.prefix });

    await waitFor('the replay to be re-analysed', () => topicEnd(kafka, iso.topics.enriched), (end) => end >= enrichedBefore + TOTAL, 480_000, 3_000);
    await waitFor('the indexer to catch up', () => groupLag(kafka, groups(iso.prefix).indexer, iso.topics.enriched), (lag) => lag === 0, 480_000, 3_000);

    expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: TOTAL, duplicated: 0 });
    expect(await countDocs(es, iso.indices.mentions, { term: { status: 'handled' } })).toBe(picked.hits.hits.length);
    const after = await es.search<Record<string, unknown>>({ index: iso.indices.mentions, size: 20, query: { ids: { values: picked.hits.hits.map((h) => h._id!) } } });
    for (const hit of after.hits.hits) {
      expect(hit._source).toMatchObject(workflow);
      expect(hit._source?.sentiment).toBeDefined();
    }
  }, 900_000);
});
