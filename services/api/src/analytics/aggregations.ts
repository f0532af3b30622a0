import type { estypes } from '@elastic/elasticsearch';

export const SENTIMENT_AGG = { terms: { field: 'sentiment.label', size: 3 } } satisfies estypes.AggregationsAggregationContainer;

export interface SentimentCounts {
  negative: number;
  neutral: number;
  positive: number;
  /** (positive − negative) / total × 100, null without mentions. */
  netSentiment: number | null;
}

interface Bucket { key: string | number; doc_count: number }

export function sentimentCounts(total: number, agg: { buckets: Bucket[] } | undefined): SentimentCounts {
  const count = (label: string) => agg?.buckets.find((b) => b.key === label)?.doc_count ?? 0;
  const negative = count('negative');
  const positive = count('positive');
  return { negative, neutral: count('neutral'), positive, netSentiment: netScore(total, positive, negative) };
}

export function netScore(total: number, positive: number, negative: number): number | null {
  return total === 0 ? null : Math.round(((positive - negative) / total) * 10_000) / 100;
}

export function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 10_000) / 100;
}
