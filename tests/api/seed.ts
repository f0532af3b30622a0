import type { Client } from '@elastic/elasticsearch';
import { ensureTemplates, mentionId, type IndexNames, type MentionDocument, type SentimentLabel, type SourceType } from '@vigie/core';
import { normalizeForSearch } from '@vigie/nlp';

import { seededRandom as random } from '@vigie/core';

export { random };


const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

export const SEED_BRANDS = [
  { id: 'acme', name: 'Acme Hotels', query: '"acme hotels" OR acme', aspects: [{ name: 'price', terms: ['prix', 'price'] }, { name: 'service', terms: ['service', 'accueil'] }, { name: 'cleanliness', terms: ['propre', 'clean'] }], competitors: ['globex', 'initech'] },
  { id: 'globex', name: 'Globex Resorts', query: 'globex', aspects: [], competitors: ['acme'] },
  { id: 'initech', name: 'Initech Stays', query: 'initech', aspects: [], competitors: [] },
];

const SOURCES: readonly SourceType[] = ['rss', 'reddit', 'mastodon', 'bluesky', 'hackernews', 'youtube', 'x', 'appstore'];
const AUTHORS = Array.from({ length: 60 }, (_, i) => ({ id: `u${i}`, handle: `user${i}`, name: `User ${i}`, followers: Math.round(10 ** (1 + (i % 6)) * (1 + (i % 7))) }));

const TEXT: Record<'fr' | 'en', Record<SentimentLabel, string[]>> = {
  fr: {
    negative: ["Séjour décevant chez {brand} : l'accueil était froid et le prix exorbitant.", "{brand} m'a déçu, chambre pas propre et service lent #déception", "Plus jamais {brand}, l'hôtel était bruyant et très cher"],
    neutral: ["J'ai réservé chez {brand} pour le week-end prochain.", "{brand} ouvre un nouvel établissement à Lyon", "Quelqu'un connaît le wifi de {brand} ?"],
    positive: ["Super séjour chez {brand}, accueil chaleureux et chambre très propre !", "{brand} au top, le service était parfait #vacances", "Très bon rapport qualité prix chez {brand}"],
  },
  en: {
    negative: ['Terrible stay at {brand}, rude service and the price was outrageous.', '{brand} room was not clean at all, never again #fail', 'Waited two hours at {brand} check-in, awful service'],
    neutral: ['Booked {brand} for next month.', '{brand} announces a new resort in Lisbon', 'Does anyone know if {brand} has parking?'],
    positive: ['Loved my stay at {brand}, spotless room and friendly staff!', '{brand} service was amazing #travel', 'Great value for the price at {brand}'],
  },
};

const ASPECT_WORDS: Record<string, RegExp> = { price: /prix|price|cher|value/i, service: /accueil|service|staff|check-in/i, cleanliness: /propre|clean|spotless/i };
const KEYWORDS: Record<'fr' | 'en', string[]> = { fr: ['séjour', 'chambre', 'accueil', 'prix', 'wifi', 'lyon'], en: ['stay', 'room', 'service', 'price', 'parking', 'lisbon'] };

export interface SeedOptions {
  /** Publication dates are spread evenly over [from, to). */
  from: Date;
  to: Date;
  seed?: number;
  /** Offset of the first sourceId, so several batches do not collide. */
  offset?: number;
}

/** A realistic indexed mention: what the analyzer and indexer would have written, valid against the strict mapping. */
export function makeMention(i: number, rand: () => number, options: SeedOptions): MentionDocument {
  const lang = rand() < 0.6 ? 'fr' : 'en';
  const label = pick(rand, ['negative', 'negative', 'neutral', 'neutral', 'neutral', 'positive', 'positive'] as const);
  const brand = pick(rand, ['acme', 'acme', 'acme', 'globex', 'initech'] as const);
  const second = rand() < 0.15 ? pick(rand, SEED_BRANDS.map((b) => b.id).filter((b) => b !== brand)) : undefined;
  const brands = second ? [brand, second] : [brand];
  const brandName = SEED_BRANDS.find((b) => b.id === brand)!.name;
  const text = pick(rand, TEXT[lang][label]).replace('{brand}', brandName) + (second ? ` (vs ${second})` : '');
  const source = pick(rand, SOURCES);
  const sourceId = `seed-${(options.offset ?? 0) + i}`;
  const author = pick(rand, AUTHORS);
  const span = options.to.getTime() - options.from.getTime();
  const published = new Date(options.from.getTime() + Math.floor(rand() * span));
  const score = label === 'negative' ? -0.3 - rand() * 0.7 : label === 'positive' ? 0.3 + rand() * 0.7 : rand() * 0.4 - 0.2;
  const aspects = brand === 'acme'
    ? Object.entries(ASPECT_WORDS).filter(([, re]) => re.test(text)).map(([name]) => ({ name, brand, label, score: Math.round(score * 100) / 100 }))
    : [];
  const hashtags = [...text.matchAll(/#(\p{L}+)/gu)].map((m) => m[1]!.toLowerCase());
  const likes = Math.floor(rand() * 200);
  const status = pick(rand, ['new', 'new', 'new', 'open', 'handled', 'ignored'] as const);
  return {
    id: mentionId(source, sourceId),
    source,
    sourceName: `${source}-main`,
    sourceId,
    url: `https://example.com/${source}/${sourceId}`,
    ...(source === 'rss' ? { title: `Avis ${brandName}` } : {}),
    text,
    lang,
    publishedAt: published.toISOString(),
    collectedAt: new Date(published.getTime() + 60_000).toISOString(),
    author: { ...author, url: `https://example.com/@${author.handle}` },
    metrics: { likes, shares: Math.floor(likes / 5), comments: Math.floor(likes / 10) },
    brands,
    brandMatches: brands.map((b) => ({ brand: b, terms: [b] })),
    language: { code: lang, confidence: 0.9 + rand() * 0.1, source: 'detected' },
    sentiment: { label, score: Math.round(score * 1000) / 1000, confidence: 0.6 + rand() * 0.4 },
    aspects,
    aspectNames: aspects.map((a) => a.name),
    negativeAspects: aspects.filter((a) => a.label === 'negative').map((a) => a.name),
    topics: [pick(rand, ['hotel', 'travel', 'booking'])],
    keywords: KEYWORDS[lang].filter((k) => text.toLowerCase().includes(k)),
    hashtags,
    handles: [],
    links: [],
    fingerprint: Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0') + i.toString(16).padStart(8, '0').slice(-8),
    reach: Math.round(author.followers * (0.05 + rand() * 0.2)) + likes,
    textNormalized: normalizeForSearch(text),
    analyzedAt: new Date(published.getTime() + 120_000).toISOString(),
    status,
    tags: rand() < 0.2 ? [pick(rand, ['urgent', 'press', 'vip'])] : [],
    ...(status === 'open' || status === 'handled' ? { assignee: pick(rand, ['alice', 'bob']) } : {}),
    indexedAt: new Date(published.getTime() + 180_000).toISOString(),
  };
}

export function makeMentions(count: number, options: SeedOptions): MentionDocument[] {
  const rand = random(options.seed ?? 42);
  return Array.from({ length: count }, (_, i) => makeMention(i, rand, options));
}

/** Bulk-index mentions into their monthly indices (behind the read alias); throws on the first rejected document. */
export async function indexMentions(es: Client, names: IndexNames, mentions: Iterable<MentionDocument>, options: { refresh?: boolean; chunk?: number } = {}): Promise<number> {
  await ensureTemplates(es, names);
  const chunk = options.chunk ?? 5_000;
  let count = 0;
  let operations: object[] = [];
  const flush = async () => {
    if (operations.length === 0) return;
    const response = await es.bulk({ operations });
    if (response.errors) {
      const failed = response.items.find((item) => item.index?.error);
      throw new Error(`seed bulk rejected a mention: ${JSON.stringify(failed?.index?.error)}`);
    }
    operations = [];
  };
  for (const mention of mentions) {
    operations.push({ index: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id } }, mention);
    count++;
    if (operations.length >= chunk * 2) await flush();
  }
  await flush();
  if (options.refresh ?? true) await es.indices.refresh({ index: names.mentions });
  return count;
}

/** A lazily generated stream of mentions, for datasets too large to hold in memory. */
export function* generateMentions(count: number, options: SeedOptions): Generator<MentionDocument> {
  const rand = random(options.seed ?? 42);
  for (let i = 0; i < count; i++) yield makeMention(i, rand, options);
}

/** Delete every index of a test prefix. */
export async function dropPrefix(es: Client, prefix: string): Promise<void> {
  await es.indices.delete({ index: `${prefix}*`, expand_wildcards: 'all', ignore_unavailable: true, allow_no_indices: true });
  await es.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => undefined);
}

const COMPACT_TEXTS = ['Acme Hotels, accueil au top', 'Acme hotel room was dirty', 'Booked Acme for June', 'Le prix chez Acme est trop élevé'];
const COMPACT_LABELS = ['positive', 'negative', 'neutral', 'negative'] as const;

/** A small but valid mention, for datasets of millions where seeding time matters more than variety. */
export function makeCompactMention(i: number, from: Date, spanMs: number): MentionDocument {
  const variant = i % COMPACT_TEXTS.length;
  const text = COMPACT_TEXTS[variant]!;
  const publishedAt = new Date(from.getTime() + ((i * 7_919) % spanMs)).toISOString();
  const lang = variant === 3 || variant === 0 ? 'fr' : 'en';
  return {
    id: mentionId('import', `c${i}`),
    source: 'import',
    sourceId: `c${i}`,
    text,
    publishedAt,
    collectedAt: publishedAt,
    author: { handle: `user${i % 5_000}` },
    brands: ['acme'],
    brandMatches: [{ brand: 'acme', terms: ['acme'] }],
    language: { code: lang, confidence: 1, source: 'detected' },
    sentiment: { label: COMPACT_LABELS[variant]!, score: variant === 0 ? 0.8 : variant === 2 ? 0 : -0.7, confidence: 0.9 },
    aspects: [],
    aspectNames: [],
    negativeAspects: [],
    topics: [],
    keywords: [],
    hashtags: [],
    handles: [],
    links: [],
    fingerprint: (i >>> 0).toString(16).padStart(16, '0'),
    reach: i % 1_000,
    textNormalized: text.toLowerCase(),
    analyzedAt: publishedAt,
    status: 'new',
    tags: [],
    indexedAt: publishedAt,
  };
}

/** Seed `count` generated mentions with a few bulk requests in flight; returns when all are searchable. */
export async function indexGenerated(
  es: Client,
  names: IndexNames,
  count: number,
  make: (i: number) => MentionDocument,
  options: { onProgress?: (done: number) => void; parallel?: number; chunk?: number } = {},
): Promise<void> {
  await ensureTemplates(es, names);
  const chunk = options.chunk ?? 5_000;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      const end = Math.min(count, start + chunk);
      next = end;
      const operations: object[] = [];
      for (let i = start; i < end; i++) {
        const mention = make(i);
        operations.push({ index: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id } }, mention);
      }
      const response = await es.bulk({ operations }, { requestTimeout: 120_000 });
      if (response.errors) throw new Error(`seed bulk rejected a mention: ${JSON.stringify(response.items.find((item) => item.index?.error)?.index?.error)}`);
      done += end - start;
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 2 }, worker));
  await es.indices.refresh({ index: names.mentions });
}

/** Seed `count` compact mentions (see makeCompactMention). */
export async function indexCompactMentions(
  es: Client,
  names: IndexNames,
  count: number,
  options: { from: Date; to: Date; onProgress?: (done: number) => void; parallel?: number },
): Promise<void> {
  const span = options.to.getTime() - options.from.getTime();
  await indexGenerated(es, names, count, (i) => makeCompactMention(i, options.from, span), { ...options, chunk: 10_000 });
}
