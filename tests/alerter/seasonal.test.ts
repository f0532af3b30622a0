import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { DateTime } from 'luxon';
import { ConfigStore, createElasticsearch, ensureTemplates, type AlertRule, type SentimentLabel } from '@vigie/core';
import { alertRoutes, backtestRule, startAlerter, type BacktestResult } from '@vigie/alerter';
import { isolate } from '../setup/isolation.js';
import { dropIndices, poisson, random, seedMentions, type SeedMention } from './seed.js';
import { TestHttpReceiver } from './receivers.js';

const iso = isolate('alert-season');
const es = createElasticsearch();
const store = new ConfigStore(es, iso.indices.config);
const receiver = new TestHttpReceiver();
const ZONE = 'Europe/Paris';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Eight weeks of traffic ending at `end`: four weeks of history, then the month the backtest replays.
// A fixed, deterministic history that crosses the March DST change in Paris.
const end = new Date('2026-04-06T00:00:00Z');
const monthStart = new Date(end.getTime() - 28 * DAY);
const dataStart = new Date(end.getTime() - 56 * DAY);
// Three bad-buzz episodes in the month, none in its last week (the week checked live).
const spikes = [monthStart.getTime() + 3 * DAY + 14 * HOUR, monthStart.getTime() + 10 * DAY + 20 * HOUR, monthStart.getTime() + 17 * DAY + 10 * HOUR].map((t) => new Date(t));

/** Negative mentions per hour: quiet nights, busier days, and a Monday-morning peak four times the usual day. */
function negativeRate(local: DateTime): number {
  if (local.weekday === 1 && local.hour >= 8 && local.hour < 11) return 6;
  return local.hour < 7 ? 0.3 : 1.5;
}

function traffic(): SeedMention[] {
  const rand = random(42);
  const seeds: SeedMention[] = [];
  for (let hour = dataStart.getTime(); hour < end.getTime(); hour += HOUR) {
    const local = DateTime.fromMillis(hour, { zone: ZONE });
    const add = (label: SentimentLabel, mean: number) => {
      for (let n = poisson(rand, mean); n > 0; n--) seeds.push({ brand: 'acme', publishedAt: new Date(hour + Math.floor(rand() * HOUR)), label, topics: ['service'] });
    };
    add('negative', negativeRate(local));
    add('neutral', negativeRate(local) * 1.5);
    add('positive', negativeRate(local));
  }
  for (const onset of spikes) {
    for (let i = 0; i < 25; i++) seeds.push({ brand: 'acme', publishedAt: new Date(onset.getTime() + i * 72_000), label: 'negative', aspects: ['sav'], topics: ['panne'] });
  }
  return seeds;
}

const rule = (): AlertRule => ({
  id: 'acme-season',
  name: 'Acme negative spike',
  type: 'negative_spike',
  brand: 'acme',
  enabled: true,
  filters: {},
  params: { windowMinutes: 60, minCount: 10, threshold: 4, baselineWeeks: 4, neighbourHours: 1 },
  channels: [{ type: 'webhook', url: receiver.url('/hook') }],
  cooldownMinutes: 60,
  timezone: ZONE,
});

describe('seasonal traffic and backtesting', () => {
  beforeAll(async () => {
    await receiver.start();
    await ensureTemplates(es, iso.indices);
    await seedMentions(es, iso.indices, traffic());
    await store.put('alert_rule', rule());
  });

  afterAll(async () => {
    await receiver.stop();
    await dropIndices(es, iso.prefix);
    await es.close();
  });

  it('a week of noisy seasonal traffic with a Monday-morning peak fires nothing', async () => {
    let clock = new Date(end.getTime() - 7 * DAY);
    const alerter = await startAlerter({ es, names: iso.indices, cron: null, outboxIntervalMs: 3_600_000, now: () => clock, policy: { allowPrivate: true }, env: { VIGIE_ALERTS_WEBHOOK_SECRET: 'x' } });
    try {
      let evaluations = 0;
      for (; clock < end; clock = new Date(clock.getTime() + HOUR)) {
        const report = await alerter.tick();
        expect(report.errors).toEqual([]);
        evaluations += report.outcomes.length;
        expect(report.outcomes.every((o) => !o.finding.firing)).toBe(true);
      }
      expect(evaluations).toBe(168);
    } finally {
      await alerter.stop();
    }
    await es.indices.refresh({ index: iso.indices.alerts });
    const alerts = await es.count({ index: iso.indices.alerts, query: { terms: { kind: ['alert', 'delivery'] } } });
    expect(alerts.count).toBe(0);
    expect(receiver.requests).toHaveLength(0);

    const replay = await backtestRule(es, iso.indices, rule(), new Date(end.getTime() - 7 * DAY), end);
    expect(replay.evaluations).toBeGreaterThan(2000);
    expect(replay.episodes).toEqual([]);
  });

  it('a backtest over the month returns the seeded episodes, through the API too', async () => {
    const app = Fastify();
    await app.register(alertRoutes, { es, names: iso.indices, store });
    try {
      const response = await app.inject({ method: 'POST', url: '/v1/alert-rules/acme-season/backtest', payload: { from: monthStart.toISOString(), to: end.toISOString() } });
      expect(response.statusCode).toBe(200);
      const result = response.json<BacktestResult>();
      expect(result.episodes).toHaveLength(spikes.length);
      result.episodes.forEach((episode, i) => {
        const onset = spikes[i]!.getTime();
        expect(Date.parse(episode.startedAt)).toBeGreaterThanOrEqual(onset);
        expect(Date.parse(episode.startedAt)).toBeLessThanOrEqual(onset + 30 * 60_000);
        expect(Date.parse(episode.resolvedAt!)).toBeLessThanOrEqual(onset + 3 * HOUR);
        expect(episode.peak.observed).toBeGreaterThanOrEqual(25);
        expect(episode.notifications).toBeGreaterThanOrEqual(2); // firing + resolution (+ an escalation when it grew critical)
        expect(episode.notifications).toBeLessThanOrEqual(3);
      });

      const missing = await app.inject({ method: 'POST', url: '/v1/alert-rules/nope/backtest', payload: { from: monthStart.toISOString(), to: end.toISOString() } });
      expect(missing.statusCode).toBe(404);
      const backwards = await app.inject({ method: 'POST', url: '/v1/alert-rules/acme-season/backtest', payload: { from: end.toISOString(), to: monthStart.toISOString() } });
      expect(backwards.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
