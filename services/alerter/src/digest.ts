import type { AlertRule } from '@vigie/core';
import { netSentiment } from './detection/detect.js';
import { dueDigest, type DigestPeriod } from './detection/digest-schedule.js';
import type { ExampleMention } from './elastic/collect.js';
import { MISSING_OK, ruleFilters, SENTIMENT_AGGS } from './elastic/query.js';
import type { EvaluationContext } from './evaluate.js';
import { dashboardLink, type DeliveryDocument, type DigestMessage, type PeriodStats } from './messages.js';
import { detectionParams, digestParams } from './params.js';
import { deliveryId, writeAlert } from './state/alerts.js';

interface CountBucket {
  doc_count: number;
  negative: { doc_count: number };
  positive: { doc_count: number };
}

function periodStats(bucket: CountBucket | undefined): PeriodStats {
  const stats = { total: bucket?.doc_count ?? 0, negative: bucket?.negative.doc_count ?? 0, positive: bucket?.positive.doc_count ?? 0 };
  return { ...stats, netSentiment: netSentiment(stats) };
}

async function digestMessage(context: EvaluationContext, rule: AlertRule, id: string, frequency: 'daily' | 'weekly', period: DigestPeriod): Promise<DigestMessage> {
  const filters = ruleFilters({ ...rule, type: 'volume_spike' }, detectionParams({ ...rule, type: 'volume_spike', params: {} }));
  const range = (from: Date, to: Date) => ({ range: { publishedAt: { gte: from.toISOString(), lt: to.toISOString() } } });
  const result = await context.es.search({
    index: context.names.mentions,
    ...MISSING_OK,
    size: 0,
    query: { bool: { filter: [...filters, range(period.previousFrom, period.to)] } },
    aggs: {
      periods: { filters: { filters: { current: range(period.from, period.to), previous: range(period.previousFrom, period.from) } }, aggs: SENTIMENT_AGGS },
      current: {
        filter: range(period.from, period.to),
        aggs: {
          topics: { terms: { field: 'topics', size: 5 } },
          aspects: { terms: { field: 'negativeAspects', size: 5 } },
          negative: {
            filter: { term: { 'sentiment.label': 'negative' } },
            aggs: { top: { top_hits: { size: 3, sort: [{ reach: 'desc' }], _source: ['url', 'text', 'author.handle', 'reach', 'publishedAt', 'source', 'sentiment'] } } },
          },
        },
      },
    },
  });
  const aggs = result.aggregations as Record<string, unknown> | undefined;
  const periods = (aggs?.periods as { buckets: Record<string, CountBucket> } | undefined)?.buckets;
  const current = aggs?.current as
    | { topics: { buckets: { key: string; doc_count: number }[] }; aspects: { buckets: { key: string; doc_count: number }[] }; negative: { top: { hits: { hits: { _id: string; _source: Record<string, unknown> }[] } } } }
    | undefined;
  const terms = (buckets: { key: string; doc_count: number }[] | undefined) => (buckets ?? []).map((b) => ({ name: b.key, count: b.doc_count }));
  const topNegative: ExampleMention[] = (current?.negative.top.hits.hits ?? []).map((hit) => {
    const s = hit._source as { url?: string; text?: string; author?: { handle?: string }; reach?: number; publishedAt: string; source: string; sentiment?: { label: string; score: number } };
    const text = (s.text ?? '').replace(/\s+/g, ' ').trim();
    return { id: hit._id, url: s.url, text: text.length > 280 ? `${text.slice(0, 279)}…` : text, author: s.author?.handle, reach: s.reach ?? 0, publishedAt: s.publishedAt, source: s.source, sentiment: s.sentiment };
  });
  return {
    type: 'digest',
    alertId: id,
    rule: { id: rule.id, name: rule.name },
    brand: { id: rule.brand, name: context.brandName(rule.brand) },
    frequency,
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    current: periodStats(periods?.current),
    previous: periodStats(periods?.previous),
    topics: terms(current?.topics.buckets),
    aspects: terms(current?.aspects.buckets),
    topNegative,
    timezone: rule.timezone,
    dashboardUrl: dashboardLink(context.grafanaUrl, rule.brand, period.from.toISOString(), period.to.toISOString()),
  };
}

/** Enqueue the digest of a `digest` rule if one is due and not yet sent; returns whether it enqueued one. */
export async function runDigest(context: EvaluationContext, rule: AlertRule, now: Date): Promise<boolean> {
  const params = digestParams(rule);
  const period = dueDigest(now, rule.timezone, params);
  if (!period) return false;
  const id = `digest.${rule.id}.${period.scheduledAt.getTime()}`;
  if (await context.es.exists({ index: context.names.alerts, id })) return false;
  const message = await digestMessage(context, rule, id, params.frequency, period);
  const at = now.toISOString();
  const record = {
    kind: 'digest',
    id,
    ruleId: rule.id,
    ruleName: rule.name,
    ruleType: rule.type,
    brand: rule.brand,
    title: `${params.frequency} digest ${rule.brand}`,
    startedAt: message.period.from,
    updatedAt: at,
    observed: message.current.total,
    expected: message.previous.total,
    '@timestamp': message.period.to,
    digest: message,
  };
  const deliveries = rule.channels.map((target, index) => ({
    id: deliveryId(id, 'digest', 0, index),
    doc: {
      kind: 'delivery', alertId: id, ruleId: rule.id, brand: rule.brand, notice: 'digest', channel: target.type, target, message,
      outcome: 'pending', attempts: 0, nextAttemptAt: at, attemptLog: [], '@timestamp': at, updatedAt: at,
    } satisfies DeliveryDocument,
  }));
  await writeAlert(context.es, context.names, record, deliveries);
  return true;
}
