import type { AlertRuleType } from '@vigie/core';
import type { DetectionParams } from '../params.js';
import { robustBaseline } from './stats.js';

/** Mention counts of one window, restricted to the rule's brand and filters. */
export interface WindowStats {
  total: number;
  negative: number;
  positive: number;
}

export type Severity = 'warning' | 'critical';

/** The outcome of evaluating one rule for one window; it is what an alert explains. */
export interface Finding {
  /** The condition holds: open an episode, or keep it open. */
  firing: boolean;
  /** The condition is clearly over (below the resolve level): close an open episode. */
  clear: boolean;
  observed: number;
  expected: number;
  /** How unusual: a robust z-score for baselined rules, the count for immediate rules, the lift for topics. */
  score: number;
  severity: Severity;
  /** What `observed` and `expected` measure. */
  metric: 'negative mentions' | 'mentions' | 'net sentiment' | 'matching mentions' | 'influential negative mentions' | 'topic mentions';
  baselineSamples: number;
}

export type BaselinedType = 'negative_spike' | 'volume_spike' | 'sentiment_drop';
export type ImmediateType = 'keyword' | 'influencer';

/** Net sentiment of a window: (positive − negative) / total, in [-1, 1]. */
export function netSentiment(stats: WindowStats): number {
  return stats.total === 0 ? 0 : (stats.positive - stats.negative) / stats.total;
}

function severityOf(score: number, threshold: number): Severity {
  return score >= threshold * 2 ? 'critical' : 'warning';
}

/** History is laid out week by week, shifts −n…+n each: the middle of every group is the exact same hour. */
function sameHourSamples(samples: readonly number[], neighbourHours: number): number[] {
  const group = 2 * neighbourHours + 1;
  return samples.filter((_, i) => i % group === neighbourHours);
}

/** Count spikes (negative mentions or all mentions) against the seasonal median and MAD of the same hours of past weeks. */
function detectSpike(metric: 'negative' | 'total', current: WindowStats, history: readonly WindowStats[], params: DetectionParams): Finding {
  const observed = current[metric];
  const samples = history.map((w) => w[metric]);
  const baseline = robustBaseline(samples, { counts: true, minScale: 1, sameHour: sameHourSamples(samples, params.neighbourHours) });
  const score = (observed - baseline.expected) / baseline.scale;
  return {
    firing: observed >= params.minCount && score >= params.threshold,
    clear: observed < params.minCount || score < params.threshold * params.resolveRatio,
    observed,
    expected: baseline.expected,
    score,
    severity: severityOf(score, params.threshold),
    metric: metric === 'negative' ? 'negative mentions' : 'mentions',
    baselineSamples: baseline.samples,
  };
}

/** Net sentiment falling below what the same hours of past weeks predict; windows without mentions say nothing and are skipped. */
function detectSentimentDrop(current: WindowStats, history: readonly WindowStats[], params: DetectionParams): Finding {
  const observed = netSentiment(current);
  const samples = history.filter((w) => w.total > 0).map(netSentiment);
  const baseline = robustBaseline(samples, { counts: false, minScale: 0.05 });
  const drop = baseline.expected - observed;
  const score = samples.length === 0 ? 0 : drop / baseline.scale;
  const enough = current.total >= params.minCount && samples.length > 0;
  return {
    firing: enough && score >= params.threshold && drop >= params.minDrop,
    clear: !enough || score < params.threshold * params.resolveRatio || drop < params.minDrop / 2,
    observed,
    expected: baseline.expected,
    score,
    severity: severityOf(score, params.threshold),
    metric: 'net sentiment',
    baselineSamples: baseline.samples,
  };
}

export function detectBaselined(type: BaselinedType, current: WindowStats, history: readonly WindowStats[], params: DetectionParams): Finding {
  if (type === 'sentiment_drop') return detectSentimentDrop(current, history, params);
  return detectSpike(type === 'negative_spike' ? 'negative' : 'total', current, history, params);
}

/** Keyword and influencer rules fire as soon as enough matching mentions are in the window; no baseline. */
export function detectImmediate(type: ImmediateType, matching: number, params: DetectionParams): Finding {
  return {
    firing: matching >= params.minCount,
    clear: matching < params.minCount,
    observed: matching,
    expected: 0,
    score: matching,
    severity: matching >= params.minCount * 5 ? 'critical' : 'warning',
    metric: type === 'keyword' ? 'matching mentions' : 'influential negative mentions',
    baselineSamples: 0,
  };
}

export function isBaselined(type: AlertRuleType): type is BaselinedType {
  return type === 'negative_spike' || type === 'volume_spike' || type === 'sentiment_drop';
}

export function isImmediate(type: AlertRuleType): type is ImmediateType {
  return type === 'keyword' || type === 'influencer';
}

/** Worth a new notification: severity rose, or the observed value grew by `worseRatio` since the last one. */
export function isWorse(finding: Finding, lastNotified: { observed: number; severity: Severity }, worseRatio: number): boolean {
  if (finding.severity === 'critical' && lastNotified.severity === 'warning') return true;
  if (finding.metric === 'net sentiment') return lastNotified.observed - finding.observed >= worseRatio * Math.max(Math.abs(lastNotified.observed), 0.1);
  return finding.observed >= lastNotified.observed * (1 + worseRatio) && finding.observed > lastNotified.observed;
}
