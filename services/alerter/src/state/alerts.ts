import type { Client } from '@elastic/elasticsearch';
import type { AlertRule, IndexNames } from '@vigie/core';
import type { Episode, NoticeKind } from '../detection/episode.js';
import type { Explanation } from '../elastic/collect.js';
import type { EmergingTerm } from '../detection/emerging.js';
import type { DeliveryDocument } from '../messages.js';

/** An alert as stored (kind `alert`): one per rule+brand episode, flat fields for queries and Grafana annotations. */
export interface AlertDocument {
  kind: 'alert';
  id: string;
  ruleId: string;
  ruleName: string;
  ruleType: AlertRule['type'];
  brand: string;
  state: 'firing' | 'resolved';
  severity: 'warning' | 'critical';
  title: string;
  summary: string;
  startedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  observed: number;
  expected: number;
  score: number;
  '@timestamp': string;
  episode: Episode;
  explanation?: Explanation;
  emerging?: EmergingTerm[];
}

/** Open episodes, and resolved ones still owing their resolution notice, for a rule+brand. */
export async function loadEpisodes(es: Client, names: IndexNames, ruleId: string, brand: string): Promise<AlertDocument[]> {
  // The open episode, if any, is always the latest; the one before it may still owe a resolution notice.
  const result = await es.search<AlertDocument>({
    index: names.alerts,
    size: 3,
    query: { bool: { filter: [{ term: { kind: 'alert' } }, { term: { ruleId } }, { term: { brand } }] } },
    sort: [{ startedAt: 'desc' }],
  });
  return result.hits.hits.map((hit) => hit._source as AlertDocument).filter((doc) => doc.state === 'firing' || !doc.episode.resolutionNoticed);
}

export function deliveryId(alertId: string, notice: NoticeKind | 'digest', sequence: number, channelIndex: number): string {
  return `delivery.${alertId}.${notice}.${sequence}.${channelIndex}`;
}

/**
 * Persist the alert and create its deliveries in one bulk request. Deliveries use `create` with
 * deterministic ids, so replaying the same decision after a crash never enqueues a notice twice.
 */
export async function writeAlert(es: Client, names: IndexNames, alert: { id: string } | null, deliveries: { id: string; doc: DeliveryDocument }[]): Promise<void> {
  const operations: unknown[] = [];
  if (alert) operations.push({ index: { _index: names.alerts, _id: alert.id } }, alert);
  for (const delivery of deliveries) operations.push({ create: { _index: names.alerts, _id: delivery.id } }, delivery.doc);
  if (operations.length === 0) return;
  const result = await es.bulk({ operations, refresh: 'wait_for' });
  const failures = result.items
    .map((item) => item.index ?? item.create)
    .filter((item) => item?.error && item.status !== 409);
  if (failures.length > 0) {
    throw new Error(`writing alert ${alert?.id ?? ''} failed: ${failures.map((f) => f?.error?.reason ?? f?.error?.type).join('; ')}`);
  }
}
