import type { AlertRule } from '@vigie/core';
import type { DetectionParams } from '../params.js';
import { detectBaselined, detectImmediate, isBaselined, isImmediate, type Finding, type Severity, type WindowStats } from './detect.js';
import { decide, type Episode } from './episode.js';
import { inQuietHours } from './quiet-hours.js';
import { seasonalWindows, type SampleWindows, type TimeWindow } from './windows.js';

/** Contiguous per-bucket counts starting at `origin`, `stepMs` apart (an Elasticsearch date histogram). */
export interface CountSeries {
  origin: number;
  stepMs: number;
  buckets: readonly WindowStats[];
}

/** Sums over any bucket-aligned window in O(1). */
export class SeriesWindows {
  private readonly prefix: WindowStats[];

  constructor(private readonly series: CountSeries) {
    const prefix: WindowStats[] = [{ total: 0, negative: 0, positive: 0 }];
    for (const bucket of series.buckets) {
      const last = prefix[prefix.length - 1] as WindowStats;
      prefix.push({ total: last.total + bucket.total, negative: last.negative + bucket.negative, positive: last.positive + bucket.positive });
    }
    this.prefix = prefix;
  }

  private at(time: number): WindowStats {
    const index = Math.min(Math.max(Math.round((time - this.series.origin) / this.series.stepMs), 0), this.prefix.length - 1);
    return this.prefix[index] as WindowStats;
  }

  stats(window: TimeWindow): WindowStats {
    const end = this.at(window.to.getTime());
    const start = this.at(window.from.getTime());
    return { total: end.total - start.total, negative: end.negative - start.negative, positive: end.positive - start.positive };
  }
}

export interface BacktestEpisode {
  startedAt: string;
  /** Absent when the episode was still open at the end of the range. */
  resolvedAt?: string;
  peak: Pick<Finding, 'observed' | 'expected' | 'score' | 'metric'>;
  severity: Severity;
  /** Notices that would have been sent (firing, escalations, resolution), quiet hours and cooldown applied. */
  notifications: number;
}

export interface BacktestResult {
  ruleId: string;
  from: string;
  to: string;
  stepMinutes: number;
  evaluations: number;
  episodes: BacktestEpisode[];
}

const HOUR_MS = 3_600_000;

/**
 * Seasonal windows for many evaluation times. Offsets between local and UTC time only change on whole
 * UTC hours (true of the zones brands use), so the windows of one hour are computed once and shifted.
 */
function windowsCache(rule: AlertRule, params: DetectionParams): (at: Date) => SampleWindows {
  const options = { windowMinutes: params.windowMinutes, weeks: params.baselineWeeks, neighbourHours: params.neighbourHours, timezone: rule.timezone };
  const cache = new Map<number, SampleWindows>();
  const shift = (w: TimeWindow, by: number): TimeWindow => ({ from: new Date(w.from.getTime() + by), to: new Date(w.to.getTime() + by) });
  return (at) => {
    const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    let base = cache.get(hour);
    if (!base) {
      base = seasonalWindows(new Date(hour), options);
      cache.set(hour, base);
    }
    const by = at.getTime() - hour;
    return { current: shift(base.current, by), history: base.history.map((w) => shift(w, by)) };
  };
}

/** The finding a rule would have produced from stored counts, given its windows at that time. */
export function findingFrom(rule: AlertRule, params: DetectionParams, windows: SeriesWindows, sample: SampleWindows): Finding {
  const current = windows.stats(sample.current);
  if (isImmediate(rule.type)) return detectImmediate(rule.type, current.total, params);
  if (!isBaselined(rule.type)) throw new Error(`backtesting ${rule.type} rules is not supported; it needs significant terms per window`);
  return detectBaselined(rule.type, current, sample.history.map((w) => windows.stats(w)), params);
}

/**
 * Replay a rule over stored history, evaluating every `stepMs` (the series step) from `from` to `to`,
 * through the same detection and lifecycle code the live alerter runs.
 */
export function backtest(rule: AlertRule, params: DetectionParams, series: CountSeries, from: Date, to: Date): BacktestResult {
  const windows = new SeriesWindows(series);
  const windowsAt = windowsCache(rule, params);
  const episodes: BacktestEpisode[] = [];
  let open: Episode | null = null;
  let current: BacktestEpisode | null = null;
  let evaluations = 0;
  const first = Math.ceil(from.getTime() / series.stepMs) * series.stepMs;
  for (let time = first; time <= to.getTime(); time += series.stepMs) {
    const now = new Date(time);
    evaluations++;
    const finding = findingFrom(rule, params, windows, windowsAt(now));
    const quiet = inQuietHours(now, rule.timezone, rule.quietHours);
    const decision = decide(open, finding, { ruleId: rule.id, brand: rule.brand, now, cooldownMinutes: rule.cooldownMinutes, worseRatio: params.worseRatio, quiet });
    if (!decision.episode) continue;
    const episode: Episode = decision.episode;
    if (!open) {
      current = { startedAt: episode.startedAt, peak: pick(episode.peak), severity: episode.peak.severity, notifications: 0 };
      episodes.push(current);
    }
    if (current) {
      if (decision.notice) current.notifications++;
      current.peak = pick(episode.peak);
      if (episode.peak.severity === 'critical') current.severity = 'critical';
      if (episode.state === 'resolved') {
        current.resolvedAt = episode.resolvedAt;
        if (!episode.resolutionNoticed) current.notifications++; // owed, sent when quiet hours end
      }
    }
    open = episode.state === 'firing' ? episode : null;
    if (!open) current = null;
  }
  return { ruleId: rule.id, from: from.toISOString(), to: to.toISOString(), stepMinutes: series.stepMs / 60_000, evaluations, episodes };
}

function pick(finding: Finding): BacktestEpisode['peak'] {
  return { observed: finding.observed, expected: finding.expected, score: finding.score, metric: finding.metric };
}
