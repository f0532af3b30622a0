import { ValidationError, type AlertRule } from '@vigie/core';

/** Parameters of a detection rule, with the defaults documented in the alerter's README section. */
export interface DetectionParams {
  /** Length of the evaluated window, ending at the evaluation time. */
  windowMinutes: number;
  /** Surprise (robust z-score) needed to fire. */
  threshold: number;
  /** Fewer mentions than this in the window never fire (and resolve an open episode). */
  minCount: number;
  /** Weeks of the brand's own history the seasonal baseline reads. */
  baselineWeeks: number;
  /** Neighbouring hours of the same hour of the week added to the baseline samples. */
  neighbourHours: number;
  /** An episode resolves when the surprise falls below threshold × resolveRatio. */
  resolveRatio: number;
  /** sentiment_drop: smallest drop of net sentiment (in [-2, 2]) that counts. */
  minDrop: number;
  /** keyword: the crisis query. */
  query?: string;
  /** influencer: smallest estimated reach of a negative mention's author. */
  reachThreshold: number;
  /** emerging_topic: how many times more frequent than in the history a term must be. */
  minLift: number;
  /** Re-notify a firing episode only when the observed value grew by this ratio (or severity rose). */
  worseRatio: number;
}

export interface DigestParams {
  frequency: 'daily' | 'weekly';
  /** Local time of day, HH:MM in the rule's timezone. */
  at: string;
  /** Weekly digests: ISO weekday, 1 = Monday. */
  weekday: number;
  /** A digest missed (alerter down) is still sent if its scheduled time is at most this old. */
  graceHours: number;
}

const DEFAULTS: Record<string, Partial<DetectionParams>> = {
  negative_spike: { windowMinutes: 60, threshold: 4, minCount: 10 },
  volume_spike: { windowMinutes: 60, threshold: 4, minCount: 20 },
  sentiment_drop: { windowMinutes: 180, threshold: 4, minCount: 20 },
  keyword: { windowMinutes: 60, threshold: 0, minCount: 1 },
  influencer: { windowMinutes: 60, threshold: 0, minCount: 1 },
  emerging_topic: { windowMinutes: 180, threshold: 0, minCount: 5 },
};

function readNumber(params: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError([{ field: `/params/${name}`, message: `must be a number between ${min} and ${max}` }], 'alert rule');
  }
  return value;
}

export function detectionParams(rule: AlertRule): DetectionParams {
  const p = rule.params;
  const d = DEFAULTS[rule.type] ?? {};
  const query = p.query;
  if (rule.type === 'keyword' && (typeof query !== 'string' || query.trim() === '')) {
    throw new ValidationError([{ field: '/params/query', message: 'is required for keyword rules, e.g. boycott OR arnaque OR "bad buzz"' }], 'alert rule');
  }
  return {
    windowMinutes: readNumber(p, 'windowMinutes', d.windowMinutes ?? 60, 5, 7 * 24 * 60),
    threshold: readNumber(p, 'threshold', d.threshold ?? 4, 0, 100),
    minCount: readNumber(p, 'minCount', d.minCount ?? 10, 1, 1_000_000),
    baselineWeeks: readNumber(p, 'baselineWeeks', 4, 1, 12),
    neighbourHours: readNumber(p, 'neighbourHours', 2, 0, 6),
    resolveRatio: readNumber(p, 'resolveRatio', 0.5, 0, 1),
    minDrop: readNumber(p, 'minDrop', 0.2, 0, 2),
    query: typeof query === 'string' ? query : undefined,
    reachThreshold: readNumber(p, 'reachThreshold', 10_000, 0, Number.MAX_SAFE_INTEGER),
    minLift: readNumber(p, 'minLift', 5, 1, 1_000),
    worseRatio: readNumber(p, 'worseRatio', 0.5, 0, 100),
  };
}

export function digestParams(rule: AlertRule): DigestParams {
  const p = rule.params;
  const frequency = p.frequency ?? 'daily';
  if (frequency !== 'daily' && frequency !== 'weekly') {
    throw new ValidationError([{ field: '/params/frequency', message: "must be 'daily' or 'weekly'" }], 'alert rule');
  }
  const at = p.at ?? '09:00';
  if (typeof at !== 'string' || !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(at)) {
    throw new ValidationError([{ field: '/params/at', message: 'must be a local time HH:MM, e.g. 09:00' }], 'alert rule');
  }
  return {
    frequency,
    at,
    weekday: readNumber(p, 'weekday', 1, 1, 7),
    graceHours: readNumber(p, 'graceHours', 6, 0, 168),
  };
}
