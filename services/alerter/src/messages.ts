import type { AlertChannel, AlertRuleType } from '@vigie/core';
import type { Finding, Severity } from './detection/detect.js';
import type { NoticeKind } from './detection/episode.js';
import type { EmergingTerm } from './detection/emerging.js';
import type { ExampleMention, Explanation } from './elastic/collect.js';

/** Everything a channel needs to render an alert notice; stored with the delivery so a retry renders the same message. */
export interface AlertMessage {
  type: 'alert';
  notice: NoticeKind;
  alertId: string;
  rule: { id: string; name: string; type: AlertRuleType; windowMinutes: number };
  brand: { id: string; name: string };
  severity: Severity;
  finding: Finding;
  peak: Finding;
  startedAt: string;
  resolvedAt?: string;
  explanation?: Explanation;
  emerging?: EmergingTerm[];
  timezone: string;
  dashboardUrl?: string;
}

export interface PeriodStats {
  total: number;
  negative: number;
  positive: number;
  netSentiment: number;
}

export interface DigestMessage {
  type: 'digest';
  alertId: string;
  rule: { id: string; name: string };
  brand: { id: string; name: string };
  frequency: 'daily' | 'weekly';
  period: { from: string; to: string };
  current: PeriodStats;
  previous: PeriodStats;
  topics: { name: string; count: number }[];
  aspects: { name: string; count: number }[];
  topNegative: ExampleMention[];
  timezone: string;
  dashboardUrl?: string;
}

export type Message = AlertMessage | DigestMessage;

export type DeliveryOutcome = 'pending' | 'sending' | 'sent' | 'failed';

/** One notice to one channel, kept in the alerts index (kind `delivery`): the durable outbox and its record. */
export interface DeliveryDocument {
  kind: 'delivery';
  alertId: string;
  ruleId: string;
  brand: string;
  notice: NoticeKind | 'digest';
  channel: AlertChannel['type'];
  target: AlertChannel;
  message: Message;
  outcome: DeliveryOutcome;
  attempts: number;
  nextAttemptAt: string;
  /** Until when a `sending` claim holds; past it, a crashed sender's delivery is tried again. */
  claimedUntil?: string;
  lastError?: string;
  attemptLog: { at: string; error?: string }[];
  sentAt?: string;
  '@timestamp': string;
  updatedAt: string;
}

export function dashboardLink(base: string | undefined, brand: string, from: string, to: string): string | undefined {
  if (!base) return undefined;
  const url = new URL(`${base.replace(/\/+$/, '')}/d/vigie-overview/vigie`);
  url.searchParams.set('var-brand', brand);
  url.searchParams.set('from', String(Date.parse(from)));
  url.searchParams.set('to', String(Date.parse(to)));
  return url.toString();
}

export type { ExampleMention };
