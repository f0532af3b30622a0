import type { Client, estypes } from '@elastic/elasticsearch';
import type { AlertRule, IndexNames } from '@vigie/core';
import type { WindowStats } from '../detection/detect.js';
import type { TermCounts } from '../detection/emerging.js';
import type { CountSeries } from '../detection/backtest.js';
import type { TimeWindow } from '../detection/windows.js';
import type { DetectionParams } from '../params.js';
import { inWindow, metricFilter, MISSING_OK, ruleFilters, SENTIMENT_AGGS } from './query.js';

type Query = estypes.QueryDslQueryContainer;
interface CountBucket {
  doc_count: number;
  negative: { doc_count: number };
  positive: { doc_count: number };
}

function statsOf(bucket: CountBucket | undefined): WindowStats {
  return { total: bucket?.doc_count ?? 0, negative: bucket?.negative.doc_count ?? 0, positive: bucket?.positive.doc_count ?? 0 };
}

/** Counts of several windows in one request (a `filters` aggregation, windowed by publishedAt so late mentions land where they belong). */
export async function windowStats(es: Client, names: IndexNames, filters: Query[], windows: readonly TimeWindow[]): Promise<WindowStats[]> {
  const result = await es.search({
    index: names.mentions,
    ...MISSING_OK,
    size: 0,
    query: { bool: { filter: filters } },
    aggs: { windows: { filters: { filters: Object.fromEntries(windows.map((w, i) => [`w${i}`, inWindow(w)])) }, aggs: SENTIMENT_AGGS } },
  });
  const buckets = (result.aggregations?.windows as { buckets?: Record<string, CountBucket> } | undefined)?.buckets ?? {};
  return windows.map((_, i) => statsOf(buckets[`w${i}`]));
}

/** Per-bucket counts over [from, to) for backtests; `stepMinutes` must divide an hour. */
export async function countSeries(es: Client, names: IndexNames, filters: Query[], from: Date, to: Date, stepMinutes: number): Promise<CountSeries> {
  const stepMs = stepMinutes * 60_000;
  const origin = Math.floor(from.getTime() / stepMs) * stepMs;
  const end = Math.ceil(to.getTime() / stepMs) * stepMs;
  const result = await es.search({
    index: names.mentions,
    ...MISSING_OK,
    size: 0,
    query: { bool: { filter: [...filters, { range: { publishedAt: { gte: new Date(origin).toISOString(), lt: new Date(end).toISOString() } } }] } },
    aggs: {
      series: {
        date_histogram: { field: 'publishedAt', fixed_interval: `${stepMinutes}m`, min_doc_count: 0, extended_bounds: { min: origin, max: end - stepMs } },
        aggs: SENTIMENT_AGGS,
      },
    },
  });
  const buckets = ((result.aggregations?.series as { buckets?: (CountBucket & { key: number })[] } | undefined)?.buckets ?? []);
  const counts: WindowStats[] = Array.from({ length: (end - origin) / stepMs }, () => ({ total: 0, negative: 0, positive: 0 }));
  for (const bucket of buckets) {
    const index = (bucket.key - origin) / stepMs;
    if (index >= 0 && index < counts.length) counts[index] = statsOf(bucket);
  }
  return { origin, stepMs, buckets: counts };
}

/** Terms of `topics` and `keywords` significantly more frequent in the window than in the brand's history. */
export async function significantTerms(es: Client, names: IndexNames, rule: AlertRule, params: DetectionParams, window: TimeWindow, history: TimeWindow): Promise<{ terms: TermCounts[]; windowTotal: number; historyTotal: number }> {
  const filters = ruleFilters(rule, params);
  const significant = (field: string) => ({
    significant_terms: { field, size: 10, min_doc_count: params.minCount, background_filter: { bool: { filter: [...filters, inWindow(history)] } } },
  });
  const result = await es.search({
    index: names.mentions,
    ...MISSING_OK,
    size: 0,
    track_total_hits: true,
    query: { bool: { filter: [...filters, inWindow(window)] } },
    aggs: { topics: significant('topics'), keywords: significant('keywords') },
  });
  const windowTotal = typeof result.hits.total === 'number' ? result.hits.total : (result.hits.total?.value ?? 0);
  let historyTotal = 0;
  const terms = new Map<string, TermCounts>();
  for (const field of ['topics', 'keywords'] as const) {
    const agg = result.aggregations?.[field] as { bg_count?: number; buckets?: { key: string; doc_count: number; bg_count: number }[] } | undefined;
    historyTotal = Math.max(historyTotal, agg?.bg_count ?? 0);
    for (const bucket of agg?.buckets ?? []) {
      if (!terms.has(bucket.key)) terms.set(bucket.key, { term: bucket.key, windowCount: bucket.doc_count, historyCount: bucket.bg_count });
    }
  }
  return { terms: [...terms.values()], windowTotal, historyTotal };
}

export interface ExampleMention {
  id: string;
  url?: string;
  text: string;
  author?: string;
  reach: number;
  publishedAt: string;
  source: string;
  sentiment?: { label: string; score: number };
}

export interface Explanation {
  window: { from: string; to: string };
  aspects: { name: string; count: number }[];
  topics: { name: string; count: number }[];
  examples: ExampleMention[];
}

interface ExampleSource {
  url?: string;
  text?: string;
  title?: string;
  author?: { handle?: string; name?: string };
  reach?: number;
  publishedAt: string;
  source: string;
  sentiment?: { label: string; score: number };
}

const EXCERPT_CHARS = 280;

/** What drives an alert: the aspects and topics most present in the window's mentions, and the most-read examples. */
export async function explain(es: Client, names: IndexNames, rule: AlertRule, params: DetectionParams, window: TimeWindow, examples = 3): Promise<Explanation> {
  const negative = metricFilter(rule).length > 0 || rule.type === 'influencer';
  const result = await es.search<ExampleSource>({
    index: names.mentions,
    ...MISSING_OK,
    size: examples,
    query: { bool: { filter: [...ruleFilters(rule, params), ...metricFilter(rule), inWindow(window)] } },
    sort: [{ reach: 'desc' }, { publishedAt: 'desc' }],
    _source: ['url', 'text', 'title', 'author.handle', 'author.name', 'reach', 'publishedAt', 'source', 'sentiment.label', 'sentiment.score'],
    aggs: {
      aspects: { terms: { field: negative ? 'negativeAspects' : 'aspectNames', size: 5 } },
      topics: { terms: { field: 'topics', size: 5 } },
    },
  });
  const termsOf = (name: string) =>
    ((result.aggregations?.[name] as { buckets?: { key: string; doc_count: number }[] } | undefined)?.buckets ?? []).map((b) => ({ name: b.key, count: b.doc_count }));
  return {
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    aspects: termsOf('aspects'),
    topics: termsOf('topics'),
    examples: result.hits.hits.map((hit) => {
      const s = hit._source as ExampleSource;
      const text = (s.title ? `${s.title} — ${s.text ?? ''}` : (s.text ?? '')).replace(/\s+/g, ' ').trim();
      return {
        id: hit._id ?? '',
        url: s.url,
        text: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text,
        author: s.author?.handle ?? s.author?.name,
        reach: s.reach ?? 0,
        publishedAt: s.publishedAt,
        source: s.source,
        sentiment: s.sentiment,
      };
    }),
  };
}
