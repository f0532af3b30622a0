import type { Client } from '@elastic/elasticsearch';
import type { AlertRule, IndexNames } from '@vigie/core';
import { detectBaselined, detectImmediate, isBaselined, isImmediate, type Finding } from './detection/detect.js';
import { detectEmerging, emergingTerms, type EmergingTerm } from './detection/emerging.js';
import { decide, owedResolution, type Decision, type Episode, type NoticeKind } from './detection/episode.js';
import { inQuietHours } from './detection/quiet-hours.js';
import { seasonalWindows, type TimeWindow } from './detection/windows.js';
import { explain, significantTerms, windowStats, type Explanation } from './elastic/collect.js';
import { ruleFilters } from './elastic/query.js';
import { dashboardLink, type AlertMessage, type DeliveryDocument } from './messages.js';
import { detectionParams, type DetectionParams } from './params.js';
import { deliveryId, loadEpisodes, writeAlert, type AlertDocument } from './state/alerts.js';

export interface EvaluationContext {
  es: Client;
  names: IndexNames;
  brandName: (id: string) => string;
  grafanaUrl?: string;
}

export interface RuleOutcome {
  ruleId: string;
  finding: Finding;
  notices: NoticeKind[];
}

/** What the rule sees at `now`: a finding, plus the emerging terms for topic rules. */
export async function findingNow(context: EvaluationContext, rule: AlertRule, params: DetectionParams, now: Date): Promise<{ finding: Finding; current: TimeWindow; emerging?: EmergingTerm[] }> {
  const sample = seasonalWindows(now, { windowMinutes: params.windowMinutes, weeks: params.baselineWeeks, neighbourHours: params.neighbourHours, timezone: rule.timezone });
  const filters = ruleFilters(rule, params);
  if (isBaselined(rule.type)) {
    const [current, ...history] = await windowStats(context.es, context.names, filters, [sample.current, ...sample.history]);
    return { finding: detectBaselined(rule.type, current as NonNullable<typeof current>, history, params), current: sample.current };
  }
  if (isImmediate(rule.type)) {
    const [current] = await windowStats(context.es, context.names, filters, [sample.current]);
    return { finding: detectImmediate(rule.type, current?.total ?? 0, params), current: sample.current };
  }
  const history = { from: new Date(now.getTime() - params.baselineWeeks * 7 * 86_400_000), to: sample.current.from };
  const counts = await significantTerms(context.es, context.names, rule, params, sample.current, history);
  const emerging = emergingTerms(counts.terms, counts.windowTotal, counts.historyTotal, params).slice(0, 5);
  return { finding: detectEmerging(emerging, counts.windowTotal, counts.historyTotal, params), current: sample.current, emerging };
}

function title(rule: AlertRule, brand: string, finding: Finding): string {
  return `${rule.name} — ${brand}: ${Math.round(finding.observed * 100) / 100} ${finding.metric} (expected ${Math.round(finding.expected * 100) / 100})`;
}

/** Evaluate one rule at `now`: detect, run the lifecycle, persist the alert and enqueue its notices atomically. */
export async function evaluateRule(context: EvaluationContext, rule: AlertRule, now: Date): Promise<RuleOutcome> {
  const params = detectionParams(rule);
  const { finding, current, emerging } = await findingNow(context, rule, params, now);
  const stored = await loadEpisodes(context.es, context.names, rule.id, rule.brand);
  const quiet = inQuietHours(now, rule.timezone, rule.quietHours);
  const lifecycle = { ruleId: rule.id, brand: rule.brand, now, cooldownMinutes: rule.cooldownMinutes, worseRatio: params.worseRatio, quiet };
  const notices: NoticeKind[] = [];
  const open = stored.find((doc) => doc.state === 'firing') ?? null;
  for (const owing of stored.filter((doc) => doc.state === 'resolved')) {
    const decision = owedResolution(owing.episode, quiet);
    if (decision.notice) notices.push(decision.notice);
    await persist(context, rule, params, decision, owing, now, current);
  }
  const decision = decide(open?.episode ?? null, finding, lifecycle);
  if (decision.notice) notices.push(decision.notice);
  await persist(context, rule, params, decision, open, now, current, emerging);
  return { ruleId: rule.id, finding, notices };
}

async function persist(context: EvaluationContext, rule: AlertRule, params: DetectionParams, decision: Decision, previous: AlertDocument | null, now: Date, window: TimeWindow, emerging?: EmergingTerm[]): Promise<void> {
  const episode = decision.episode;
  if (!episode) return;
  const brandName = context.brandName(rule.brand);
  const announcing = decision.notice === 'firing' || decision.notice === 'escalation';
  const explanation: Explanation | undefined = announcing ? await explain(context.es, context.names, rule, params, window) : previous?.explanation;
  const shown = episode.state === 'resolved' ? episode.peak : episode.last;
  const alert: AlertDocument = {
    kind: 'alert',
    id: episode.id,
    ruleId: rule.id,
    ruleName: rule.name,
    ruleType: rule.type,
    brand: rule.brand,
    state: episode.state,
    severity: episode.peak.severity,
    title: title(rule, brandName, shown),
    summary: explanation ? [...explanation.aspects, ...explanation.topics].map((d) => d.name).join(', ') : '',
    startedAt: episode.startedAt,
    updatedAt: episode.updatedAt,
    resolvedAt: episode.resolvedAt,
    acknowledgedAt: previous?.acknowledgedAt,
    acknowledgedBy: previous?.acknowledgedBy,
    observed: shown.observed,
    expected: shown.expected,
    score: shown.score,
    '@timestamp': episode.startedAt,
    episode,
    explanation,
    emerging: announcing ? emerging : previous?.emerging,
  };
  const deliveries = decision.notice ? deliveriesFor(context, rule, params, alert, episode, decision.notice, now) : [];
  await writeAlert(context.es, context.names, alert, deliveries);
}

function deliveriesFor(context: EvaluationContext, rule: AlertRule, params: DetectionParams, alert: AlertDocument, episode: Episode, notice: NoticeKind, now: Date): { id: string; doc: DeliveryDocument }[] {
  const message: AlertMessage = {
    type: 'alert',
    notice,
    alertId: alert.id,
    rule: { id: rule.id, name: rule.name, type: rule.type, windowMinutes: params.windowMinutes },
    brand: { id: rule.brand, name: context.brandName(rule.brand) },
    severity: episode.peak.severity,
    finding: episode.last,
    peak: episode.peak,
    startedAt: episode.startedAt,
    resolvedAt: episode.resolvedAt,
    explanation: alert.explanation,
    emerging: alert.emerging,
    timezone: rule.timezone,
    dashboardUrl: dashboardLink(context.grafanaUrl, rule.brand, new Date(Date.parse(episode.startedAt) - 6 * 3_600_000).toISOString(), now.toISOString()),
  };
  const sequence = notice === 'resolved' ? 0 : episode.notices;
  return rule.channels.map((target, index) => ({
    id: deliveryId(alert.id, notice, sequence, index),
    doc: {
      kind: 'delivery',
      alertId: alert.id,
      ruleId: rule.id,
      brand: rule.brand,
      notice,
      channel: target.type,
      target,
      message,
      outcome: 'pending',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      attemptLog: [],
      '@timestamp': now.toISOString(),
      updatedAt: now.toISOString(),
    },
  }));
}
