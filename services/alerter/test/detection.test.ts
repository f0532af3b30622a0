import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@vigie/core';
import { backtest, type CountSeries } from '../src/detection/backtest.js';
import { detectBaselined, detectImmediate, isWorse, type WindowStats } from '../src/detection/detect.js';
import { dueDigest } from '../src/detection/digest-schedule.js';
import { detectEmerging, emergingTerms } from '../src/detection/emerging.js';
import { decide, owedResolution } from '../src/detection/episode.js';
import { inQuietHours } from '../src/detection/quiet-hours.js';
import { median, medianAbsoluteDeviation, robustBaseline } from '../src/detection/stats.js';
import { seasonalWindows } from '../src/detection/windows.js';
import { detectionParams, digestParams } from '../src/params.js';

const rule: AlertRule = {
  id: 'r', name: 'R', type: 'negative_spike', brand: 'b', enabled: true, filters: {},
  params: { windowMinutes: 60, baselineWeeks: 2, neighbourHours: 1 }, channels: [], cooldownMinutes: 60, timezone: 'Europe/Paris',
};
const params = detectionParams(rule);
const stats = (negative: number, total = negative * 3, positive = 0): WindowStats => ({ total, negative, positive });

describe('robust statistics', () => {
  it('median and MAD ignore outliers', () => {
    expect(median([1, 2, 3, 100])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
  });

  it('floors the scale of counts with their Poisson variance', () => {
    expect(robustBaseline([0, 0, 0, 0], { counts: true, minScale: 1 })).toEqual({ expected: 0, scale: 1, samples: 4 });
    expect(robustBaseline([9, 9, 9], { counts: true, minScale: 1 }).scale).toBe(3);
  });

  it('takes the exact hour of the week as the level at the edge of a recurring peak', () => {
    expect(robustBaseline([1, 6, 6, 1, 6, 7], { counts: true, minScale: 1, sameHour: [6, 7] }).expected).toBe(6.5);
  });
});

describe('seasonal windows', () => {
  it('compares with the same local hour of past weeks across a DST change', () => {
    const at = new Date('2026-03-30T07:00:00Z'); // Monday 09:00 in Paris (CEST)
    const windows = seasonalWindows(at, { windowMinutes: 60, weeks: 2, neighbourHours: 1, timezone: 'Europe/Paris' });
    expect(windows.current.from.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(windows.history).toHaveLength(6);
    expect(windows.history[1]!.to.toISOString()).toBe('2026-03-23T08:00:00.000Z'); // Monday 09:00 CET
  });
});

describe('detection', () => {
  it('fires on a significant negative spike above the minimum count', () => {
    const finding = detectBaselined('negative_spike', stats(32), Array.from({ length: 6 }, () => stats(2)), params);
    expect(finding).toMatchObject({ firing: true, observed: 32, expected: 2, severity: 'critical' });
  });

  it('does not fire below the minimum count however unusual', () => {
    expect(detectBaselined('negative_spike', stats(8), [stats(0), stats(0)], params).firing).toBe(false);
  });

  it('detects a drop of net sentiment against the baseline', () => {
    const history = Array.from({ length: 6 }, () => ({ total: 40, negative: 4, positive: 20 }));
    const finding = detectBaselined('sentiment_drop', { total: 40, negative: 30, positive: 2 }, history, { ...params, minCount: 20 });
    expect(finding.firing).toBe(true);
    expect(finding.expected).toBeCloseTo(0.4);
    expect(finding.observed).toBeCloseTo(-0.7);
  });

  it('fires keyword rules immediately', () => {
    expect(detectImmediate('keyword', 1, { ...params, minCount: 1 })).toMatchObject({ firing: true, expected: 0 });
  });

  it('finds emerging terms by lift', () => {
    const terms = emergingTerms([{ term: 'panne', windowCount: 12, historyCount: 2 }, { term: 'service', windowCount: 20, historyCount: 900 }], 40, 1000, { ...params, minCount: 5, minLift: 5 });
    expect(terms.map((t) => t.term)).toEqual(['panne']);
    expect(detectEmerging(terms, 40, 1000, params)).toMatchObject({ firing: true, observed: 12 });
  });

  it('judges worse by severity or growth', () => {
    const finding = detectBaselined('negative_spike', stats(32), [stats(2)], params);
    expect(isWorse(finding, { observed: 30, severity: 'critical' }, 0.5)).toBe(false);
    expect(isWorse(finding, { observed: 20, severity: 'critical' }, 0.5)).toBe(true);
    expect(isWorse(finding, { observed: 30, severity: 'warning' }, 0.5)).toBe(true);
  });
});

describe('episode lifecycle', () => {
  const firing = detectBaselined('negative_spike', stats(32), [stats(2)], params);
  const calm = detectBaselined('negative_spike', stats(2), [stats(2)], params);
  const context = (minute: number, quiet = false) => ({ ruleId: 'r', brand: 'b', now: new Date(Date.UTC(2026, 0, 1, 12, minute)), cooldownMinutes: 60, worseRatio: 0.5, quiet });

  it('notifies once, re-notifies only after the cooldown when worse, then resolves', () => {
    const opened = decide(null, firing, context(0));
    expect(opened.notice).toBe('firing');
    const same = decide(opened.episode, firing, context(1));
    expect(same.notice).toBeNull();
    const worse = { ...firing, observed: 60 };
    expect(decide(same.episode, worse, context(30)).notice).toBeNull();
    const escalated = decide(same.episode, worse, context(61));
    expect(escalated.notice).toBe('escalation');
    const resolved = decide(escalated.episode, calm, context(90));
    expect(resolved).toMatchObject({ notice: 'resolved', episode: { state: 'resolved' } });
  });

  it('holds notices during quiet hours and sends them after', () => {
    const opened = decide(null, firing, context(0, true));
    expect(opened.notice).toBeNull();
    expect(decide(opened.episode, firing, context(5, false)).notice).toBe('firing');
    const silent = decide(opened.episode, calm, context(6, true));
    expect(silent.notice).toBeNull(); // never announced: nothing owed
    const announced = decide(opened.episode, firing, context(5)).episode!;
    const quietEnd = decide(announced, calm, context(7, true));
    expect(quietEnd.notice).toBeNull();
    expect(owedResolution(quietEnd.episode!, false).notice).toBe('resolved');
  });

  it('reads quiet hours in the rule timezone, across midnight', () => {
    const quiet = { start: '22:00', end: '07:00' };
    expect(inQuietHours(new Date('2026-01-10T22:30:00Z'), 'Europe/Paris', quiet)).toBe(true); // 23:30 Paris
    expect(inQuietHours(new Date('2026-01-10T06:30:00Z'), 'Europe/Paris', quiet)).toBe(false); // 07:30 Paris
  });
});

describe('backtest', () => {
  it('replays a series and returns its episodes', () => {
    const step = 15 * 60_000;
    const origin = Date.UTC(2026, 0, 1);
    const buckets = Array.from({ length: 4 * 7 * 96 }, () => ({ total: 3, negative: 1, positive: 1 }));
    const spikeAt = 3 * 7 * 96 + 40;
    for (let i = spikeAt; i < spikeAt + 2; i++) buckets[i] = { total: 30, negative: 20, positive: 0 };
    const series: CountSeries = { origin, stepMs: step, buckets };
    const result = backtest(rule, params, series, new Date(origin + 21 * 86_400_000), new Date(origin + 27 * 86_400_000));
    expect(result.episodes).toHaveLength(1);
    expect(Date.parse(result.episodes[0]!.startedAt)).toBe(origin + (spikeAt + 1) * step);
  });
});

describe('digest schedule', () => {
  it('is due after the local time, once per period, within the grace', () => {
    const daily = digestParams({ ...rule, type: 'digest', params: { frequency: 'daily', at: '09:00' } });
    expect(dueDigest(new Date('2026-01-10T07:59:00Z'), 'Europe/Paris', daily)).toBeNull(); // yesterday's is past the 6 h grace
    expect(dueDigest(new Date('2026-01-09T13:00:00Z'), 'Europe/Paris', daily)?.scheduledAt.toISOString()).toBe('2026-01-09T08:00:00.000Z');
    expect(dueDigest(new Date('2026-01-10T08:01:00Z'), 'Europe/Paris', daily)?.scheduledAt.toISOString()).toBe('2026-01-10T08:00:00.000Z');
    const weekly = digestParams({ ...rule, type: 'digest', params: { frequency: 'weekly', at: '09:00', weekday: 1, graceHours: 2 } });
    expect(dueDigest(new Date('2026-01-12T08:30:00Z'), 'Europe/Paris', weekly)?.from.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(dueDigest(new Date('2026-01-13T08:30:00Z'), 'Europe/Paris', weekly)).toBeNull();
  });
});
