/**
 * A small, deterministic dataset for the dashboard tests: schema-valid mention documents for a brand and two
 * competitors spread over the last 85 days (so several monthly indices sit behind the alias), and alert episodes.
 */
import type { Client } from '@elastic/elasticsearch';
import type { AlertDocument } from '@vigie/alerter';
import {
  compileValidator, mentionId, MentionDocumentSchema, seededRandom as random,
  type IndexNames, type MentionDocument, type SentimentLabel, type SourceType,
} from '@vigie/core';

export const BRANDS = ['lumiere', 'aurore', 'brio'] as const;
export const SOURCES: SourceType[] = ['rss', 'reddit', 'mastodon', 'bluesky'];
const LANGUAGES = ['fr', 'en'] as const;
const ASPECTS = ['prix', 'service', 'livraison', 'qualite'] as const;
const TOPICS = ['promo', 'rappel produit', 'nouvelle boutique', 'application', 'greve'] as const;
const DAY = 86_400_000;


const validateMention = compileValidator(MentionDocumentSchema, 'seeded mention');

export function makeMentions(count: number, now: number): MentionDocument[] {
  const next = random(42);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const mentions: MentionDocument[] = [];
  for (let i = 0; i < count; i += 1) {
    const source = pick(SOURCES);
    const sourceId = `post-${i}`;
    // Denser lately, as listening data is; half a minute off whole minutes so no date-math window edge (now-7d...) falls on a document.
    const ageMs = Math.floor(next() ** 1.6 * 85 * DAY / 60_000) * 60_000 + 5 * 60_000 + 30_000;
    const publishedAt = new Date(now - ageMs).toISOString();
    const brands = i % 10 === 0 ? [] : next() < 0.15 ? [pick(BRANDS), pick(BRANDS)].filter((b, k, all) => all.indexOf(b) === k) : [pick(BRANDS)];
    const roll = next();
    const label: SentimentLabel = roll < 0.3 ? 'negative' : roll < 0.65 ? 'neutral' : 'positive';
    const score = label === 'negative' ? -0.2 - next() * 0.8 : label === 'positive' ? 0.2 + next() * 0.8 : next() * 0.3 - 0.15;
    // At most one judgment per aspect name in a mention, as the analyzer writes them.
    const aspects = brands.flatMap((brand, k) => (next() < 0.6 ? [{ name: ASPECTS[(i + k) % ASPECTS.length] as string, brand, label, score }] : []));
    const language = pick(LANGUAGES);
    const followers = Math.floor(next() * 20_000);
    const handle = `user${Math.floor(next() * 60)}`;
    const text = `${language === 'fr' ? 'Avis' : 'Review'} #${i} about ${brands.join(' & ') || 'the shop'}`;
    const topics = next() < 0.7 ? [pick(TOPICS)] : [];
    mentions.push(validateMention({
      id: mentionId(source, sourceId),
      source,
      sourceName: `${source}-feed`,
      sourceId,
      url: `https://example.org/${source}/${i}`,
      text,
      publishedAt,
      collectedAt: new Date(now - ageMs + 60_000).toISOString(),
      author: { id: handle, handle, name: handle, followers },
      metrics: { likes: Math.floor(next() * 50), shares: Math.floor(next() * 10) },
      brands,
      brandMatches: brands.map((brand) => ({ brand, terms: [brand] })),
      language: { code: language, confidence: Math.round((0.6 + next() * 0.4) * 100) / 100, source: next() < 0.3 ? 'source' : 'detected' },
      sentiment: { label, score: Math.round(score * 1000) / 1000, confidence: 0.8 },
      aspects,
      aspectNames: [...new Set(aspects.map((aspect) => aspect.name))],
      negativeAspects: [...new Set(aspects.filter((aspect) => aspect.label === 'negative').map((aspect) => aspect.name))],
      topics,
      keywords: topics,
      hashtags: [],
      handles: [],
      links: [],
      fingerprint: i.toString(16).padStart(16, '0'),
      ...(i % 17 === 5 ? { duplicateOf: mentionId(source, `post-${i - 5}`) } : {}),
      reach: followers + 100,
      textNormalized: text.toLowerCase(),
      analyzedAt: new Date(now - ageMs + 120_000).toISOString(),
      status: 'new',
      tags: [],
      indexedAt: new Date(now - ageMs + 180_000).toISOString(),
    }));
  }
  return mentions;
}

/** The flat fields of the alerter's `kind: 'alert'` documents (one per rule and brand episode) that the dashboards read. */
export type AlertEpisode = Omit<AlertDocument, 'episode' | 'explanation'>;

const RULES = [
  { ruleId: 'lumiere-negative', ruleName: 'Lumière negative spike', ruleType: 'negative_spike', brand: 'lumiere' },
  { ruleId: 'lumiere-crisis', ruleName: 'Lumière crisis words', ruleType: 'keyword', brand: 'lumiere' },
  { ruleId: 'aurore-volume', ruleName: 'Aurore volume spike', ruleType: 'volume_spike', brand: 'aurore' },
] as const;

export function makeAlerts(now: number): { episodes: AlertEpisode[]; deliveries: Record<string, unknown>[] } {
  const episodes: AlertEpisode[] = [];
  for (let i = 0; i < 14; i += 1) {
    const rule = RULES[i % RULES.length] as (typeof RULES)[number];
    const started = now - (i * 1.9 + 0.3) * DAY;
    const acknowledged = i % 4 !== 3 ? started + (10 + i * 7) * 60_000 : undefined;
    const resolved = i > 1 ? started + 3 * 3_600_000 : undefined;
    episodes.push({
      kind: 'alert', id: `${rule.ruleId}-${i}`, ...rule,
      state: resolved ? 'resolved' : 'firing',
      severity: i % 4 === 0 ? 'critical' : 'warning',
      title: `${rule.ruleName} #${i}`,
      summary: `${20 + i} negative mentions in the last hour, 4 expected`,
      startedAt: new Date(started).toISOString(),
      updatedAt: new Date(resolved ?? started).toISOString(),
      ...(resolved ? { resolvedAt: new Date(resolved).toISOString() } : {}),
      ...(acknowledged ? { acknowledgedAt: new Date(acknowledged).toISOString(), acknowledgedBy: 'cm@example.org' } : {}),
      observed: 20 + i,
      expected: 4,
      score: 5.5,
      '@timestamp': new Date(started).toISOString(),
    });
  }
  // Deliveries share the index; the alert panels must count alerts (episodes) only.
  const deliveries = episodes.slice(0, 5).map((episode) => ({
    kind: 'delivery', alertId: episode.id, ruleId: episode.ruleId, brand: episode.brand, channel: 'email', outcome: 'delivered',
    startedAt: episode.startedAt, '@timestamp': episode.startedAt,
  }));
  return { episodes, deliveries };
}

export async function indexSeed(es: Client, names: IndexNames, mentions: MentionDocument[], alerts: Record<string, unknown>[]): Promise<void> {
  const operations = [
    ...mentions.flatMap((mention) => [{ index: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id } }, mention]),
    ...alerts.flatMap((alert) => [{ index: { _index: names.alerts } }, alert]),
  ];
  const result = await es.bulk({ operations, refresh: 'wait_for' });
  if (result.errors) {
    const failed = result.items.find((item) => item.index?.error);
    throw new Error(`seeding failed: ${JSON.stringify(failed?.index?.error)}`);
  }
}
