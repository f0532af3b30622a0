import type { DetectionParams } from '../params.js';
import type { Finding } from './detect.js';

/** A term's count in the window and in the brand's history (Elasticsearch significant_terms buckets). */
export interface TermCounts {
  term: string;
  windowCount: number;
  historyCount: number;
}

export interface EmergingTerm extends TermCounts {
  /** Share in the window ÷ share in the history (history share floored at one mention). */
  lift: number;
}

/** Terms at least `minCount` times in the window and `minLift` times more frequent there than in the history. */
export function emergingTerms(terms: readonly TermCounts[], windowTotal: number, historyTotal: number, params: DetectionParams): EmergingTerm[] {
  if (windowTotal === 0) return [];
  const historyDenominator = Math.max(historyTotal, 1);
  return terms
    .map((t) => ({ ...t, lift: t.windowCount / windowTotal / (Math.max(t.historyCount, 1) / historyDenominator) }))
    .filter((t) => t.windowCount >= params.minCount && t.lift >= params.minLift)
    .sort((a, b) => b.lift * b.windowCount - a.lift * a.windowCount);
}

export function detectEmerging(emerging: readonly EmergingTerm[], windowTotal: number, historyTotal: number, params: DetectionParams): Finding {
  const top = emerging[0];
  const expected = top ? (Math.max(top.historyCount, 0) / Math.max(historyTotal, 1)) * windowTotal : 0;
  return {
    firing: top !== undefined,
    clear: top === undefined,
    observed: top?.windowCount ?? 0,
    expected,
    score: top?.lift ?? 0,
    severity: top && top.lift >= params.minLift * 4 ? 'critical' : 'warning',
    metric: 'topic mentions',
    baselineSamples: historyTotal,
  };
}
