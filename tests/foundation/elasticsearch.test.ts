import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@elastic/elasticsearch';
import { createElasticsearch, ensureTemplates, mentionId, type MentionDocument } from '@vigie/core';
import { normalizeForSearch } from '@vigie/nlp';
import { isolate } from '../setup/isolation.js';

const { indices } = isolate('foundation-es');
let es: Client;

function doc(sourceId: string, text: string, publishedAt: string): MentionDocument {
  return {
    id: mentionId('demo', sourceId),
    source: 'demo',
    sourceId,
    text,
    publishedAt,
    collectedAt: publishedAt,
    brands: ['hotelia'],
    brandMatches: [{ brand: 'hotelia', terms: ['hotelia'] }],
    language: { code: 'fr', confidence: 0.9, source: 'detected' },
    sentiment: { label: 'positive', score: 0.6, confidence: 0.8 },
    aspects: [],
    aspectNames: [],
    negativeAspects: [],
    topics: [],
    keywords: [],
    hashtags: [],
    handles: [],
    links: [],
    fingerprint: '0123456789abcdef',
    reach: 10,
    textNormalized: normalizeForSearch(text),
    analyzedAt: publishedAt,
    status: 'new',
    tags: [],
    indexedAt: publishedAt,
  };
}

const documents = [
  doc('a', "Séjour à L'Hôtel du Port : accueil parfait", '2026-10-03T10:00:00.000Z'),
  doc('b', "J'ai adoré l’hôtel, vraiment TRÈS propre", '2026-11-12T10:00:00.000Z'),
  doc('c', 'Le restaurant était bruyant', '2026-11-13T10:00:00.000Z'),
];

beforeAll(async () => {
  es = createElasticsearch();
});

afterAll(async () => {
  await es.indices.delete({ index: `${indices.mentionsPattern},${indices.alerts},${indices.config}`, ignore_unavailable: true });
  await es.indices.deleteIndexTemplate({ name: `${indices.mentions},${indices.alerts},${indices.config}` }, { ignore: [404] });
  await es.close();
});

describe('Elasticsearch foundation', () => {
  it('puts the templates idempotently', async () => {
    await ensureTemplates(es, indices);
    await ensureTemplates(es, indices);
    const { index_templates } = await es.indices.getIndexTemplate({ name: indices.mentions });
    expect(index_templates.map((t) => t.name)).toEqual([indices.mentions]);
    expect(await es.indices.exists({ index: indices.config })).toBe(true);
  });

  it('bulk-indexes into monthly indices behind the alias', async () => {
    const result = await es.bulk({
      refresh: 'wait_for',
      operations: documents.flatMap((d) => [{ index: { _index: indices.mentionsFor(d.publishedAt), _id: d.id } }, d]),
    });
    expect(result.errors).toBe(false);
    const aliases = await es.indices.getAlias({ name: indices.mentions });
    expect(Object.keys(aliases).sort()).toEqual([`${indices.mentions}-2026.10`, `${indices.mentions}-2026.11`]);
    expect((await es.count({ index: indices.mentions })).count).toBe(3);
  });

  it('the strict mapping refuses a field the contract does not have', async () => {
    const result = await es.bulk({
      operations: [{ index: { _index: indices.mentionsFor('2026-11-01'), _id: 'x' } }, { ...documents[0], mood: 'happy' }],
    });
    expect(result.items[0]?.index?.error?.type).toBe('strict_dynamic_mapping_exception');
  });

  it("finds l'hôtel by a French query without accents, case or elision", async () => {
    for (const query of ['hotel', 'HÔTEL', "l'hotel"]) {
      const result = await es.search<MentionDocument>({
        index: indices.mentions,
        query: { simple_query_string: { query: normalizeForSearch(query), fields: ['textNormalized'], default_operator: 'and' } },
      });
      expect(result.hits.hits.map((h) => h._source!.sourceId).sort()).toEqual(['a', 'b']);
    }
  });
});
