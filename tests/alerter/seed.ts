import type { Client } from '@elastic/elasticsearch';
import { compileValidator, ensureTemplates, mentionId, MentionDocumentSchema, type IndexNames, type MentionDocument, type SentimentLabel } from '@vigie/core';
import { normalizeForSearch } from '@vigie/nlp';

export { seededRandom as random } from '@vigie/core';

const validate = compileValidator(MentionDocumentSchema, 'seeded mention');

export interface SeedMention {
  brand: string;
  publishedAt: Date;
  label: SentimentLabel;
  text?: string;
  aspects?: string[];
  topics?: string[];
  keywords?: string[];
  reach?: number;
  author?: string;
  url?: string;
}

let counter = 0;

/** A mention document valid against the strict mention template, as the indexer would write it. */
export function mentionDocument(seed: SeedMention): MentionDocument {
  counter++;
  const sourceId = `seed-${seed.publishedAt.getTime()}-${counter}`;
  const text = seed.text ?? `${seed.brand} mention ${counter} (${seed.label})`;
  const score = seed.label === 'negative' ? -0.7 : seed.label === 'positive' ? 0.7 : 0;
  const aspects = seed.aspects ?? [];
  const doc = {
    id: mentionId('demo', sourceId),
    source: 'demo',
    sourceId,
    url: seed.url ?? `https://social.example/${sourceId}`,
    text,
    publishedAt: seed.publishedAt.toISOString(),
    collectedAt: seed.publishedAt.toISOString(),
    author: { handle: seed.author ?? `user${counter % 97}`, followers: seed.reach ?? 100 },
    brands: [seed.brand],
    brandMatches: [{ brand: seed.brand, terms: [seed.brand] }],
    language: { code: 'fr', confidence: 0.99, source: 'detected' },
    sentiment: { label: seed.label, score, confidence: 0.9 },
    aspects: aspects.map((name) => ({ name, brand: seed.brand, label: seed.label, score })),
    aspectNames: aspects,
    negativeAspects: seed.label === 'negative' ? aspects : [],
    topics: seed.topics ?? [],
    keywords: seed.keywords ?? [],
    hashtags: [],
    handles: [],
    links: [],
    fingerprint: counter.toString(16).padStart(16, '0'),
    reach: seed.reach ?? 100,
    textNormalized: normalizeForSearch(text),
    analyzedAt: seed.publishedAt.toISOString(),
    status: 'new',
    tags: [],
    indexedAt: new Date().toISOString(),
  };
  return validate(doc) as MentionDocument;
}

/** Bulk-index mentions into their monthly indices (through the template), then refresh. */
export async function seedMentions(es: Client, names: IndexNames, seeds: SeedMention[]): Promise<void> {
  await ensureTemplates(es, names);
  for (let start = 0; start < seeds.length; start += 2000) {
    const operations = seeds.slice(start, start + 2000).flatMap((seed) => {
      const doc = mentionDocument(seed);
      return [{ index: { _index: names.mentionsFor(doc.publishedAt), _id: doc.id } }, doc];
    });
    const result = await es.bulk({ operations });
    if (result.errors) {
      const first = result.items.find((item) => item.index?.error)?.index?.error;
      throw new Error(`seeding mentions failed: ${first?.reason ?? 'unknown'}`);
    }
  }
  await es.indices.refresh({ index: names.mentionsPattern });
}

export async function dropIndices(es: Client, prefix: string): Promise<void> {
  await es.indices.delete({ index: `${prefix}*`, allow_no_indices: true, ignore_unavailable: true, expand_wildcards: 'all' });
}


/** Poisson draw (Knuth), fine for the small means used here. */
export function poisson(rand: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > limit);
  return k - 1;
}
