import type { Client } from '@elastic/elasticsearch';
import { ValidationError, type AlertRule, type IndexNames } from '@vigie/core';
import { backtest, type BacktestResult } from './detection/backtest.js';
import { historyStart } from './detection/windows.js';
import { countSeries } from './elastic/collect.js';
import { ruleFilters } from './elastic/query.js';
import { detectionParams } from './params.js';

const MAX_BUCKETS = 40_000;
const MAX_RANGE_DAYS = 366;

/** Pick the evaluation step: the finest of 5, 10, 15, 30 or 60 minutes that divides the window and keeps the series small. */
function stepFor(windowMinutes: number, spanMs: number, requested?: number): number {
  if (requested !== undefined) {
    if (![1, 5, 10, 15, 30, 60].includes(requested) || windowMinutes % requested !== 0) {
      throw new ValidationError([{ field: '/stepMinutes', message: `must be 1, 5, 10, 15, 30 or 60 and divide the rule's window (${windowMinutes} min)` }], 'backtest request');
    }
    return requested;
  }
  const step = [5, 10, 15, 30, 60].find((s) => windowMinutes % s === 0 && spanMs / (s * 60_000) <= MAX_BUCKETS);
  return step ?? 60;
}

/** The alerts a rule would have fired between `from` and `to`, replayed over the stored mentions. */
export async function backtestRule(es: Client, names: IndexNames, rule: AlertRule, from: Date, to: Date, stepMinutes?: number): Promise<BacktestResult> {
  if (!(from < to)) throw new ValidationError([{ field: '/from', message: 'must be before `to`' }], 'backtest request');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new ValidationError([{ field: '/to', message: `range must be at most ${MAX_RANGE_DAYS} days` }], 'backtest request');
  }
  if (rule.type === 'digest' || rule.type === 'emerging_topic') {
    throw new ValidationError([{ field: '/type', message: `${rule.type} rules cannot be backtested: only negative_spike, volume_spike, sentiment_drop, keyword and influencer rules can` }], 'backtest request');
  }
  const params = detectionParams(rule);
  const start = historyStart(from, { windowMinutes: params.windowMinutes, weeks: params.baselineWeeks, neighbourHours: params.neighbourHours, timezone: rule.timezone });
  const step = stepFor(params.windowMinutes, to.getTime() - start.getTime(), stepMinutes);
  const series = await countSeries(es, names, ruleFilters(rule, params), start, new Date(to.getTime() + step * 60_000), step);
  return backtest(rule, params, series, from, to);
}
