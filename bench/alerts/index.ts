/**
 * Detection delay: from the onset of a negative spike (first mention indexed) to the Slack notification
 * received, with rules evaluated every minute by the alerter's cron. Baseline (same run): a manual tick
 * on an already-visible spike, i.e. the evaluation + delivery cost without waiting for the schedule.
 * Prints progress on stderr and ONE JSON line on stdout.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { ConfigStore, createElasticsearch, ensureTemplates, indexNames, type AlertRule } from '@vigie/core';
import { startAlerter } from '@vigie/alerter';
import { mentionDocument, seedMentions, type SeedMention } from '../../tests/alerter/seed.js';
import { TestHttpReceiver } from '../../tests/alerter/receivers.js';

const TRIALS = Number(process.env.BENCH_ALERTS_TRIALS ?? 3);
const SPIKE_INTERVAL_MS = 2_000; // one negative mention every 2 s: a bad buzz at 30 mentions a minute
const ZONE = 'Europe/Paris';
const prefix = `bench-alerts-${randomBytes(3).toString('hex')}-`;
const names = indexNames(prefix);
const es = createElasticsearch();
const store = new ConfigStore(es, names.config);
const receiver = new TestHttpReceiver();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (message: string) => console.error(`[bench:alerts] ${message}`);

function background(brand: string): SeedMention[] {
  const now = DateTime.now().setZone(ZONE);
  const seeds: SeedMention[] = [];
  for (const week of [0, 1, 2]) {
    const around = now.minus({ weeks: week });
    for (let minute = -180; minute < (week === 0 ? 0 : 180); minute += 30) {
      seeds.push({ brand, publishedAt: around.plus({ minutes: minute }).toJSDate(), label: 'negative' });
      seeds.push({ brand, publishedAt: around.plus({ minutes: minute + 15 }).toJSDate(), label: 'neutral' });
    }
  }
  return seeds;
}

function rule(brand: string): AlertRule {
  return {
    id: `${brand}-spike`, name: `${brand} negative spike`, type: 'negative_spike', brand, enabled: true, filters: {},
    params: { windowMinutes: 60, minCount: 10, threshold: 4, baselineWeeks: 2, neighbourHours: 1 },
    channels: [{ type: 'slack', url: receiver.url(`/slack/${brand}`) }], cooldownMinutes: 60, timezone: ZONE,
  };
}

async function indexNow(brand: string, i: number): Promise<void> {
  const doc = mentionDocument({ brand, publishedAt: new Date(), label: 'negative', text: `${brand} service en panne ${i}`, aspects: ['service'] });
  await es.index({ index: names.mentionsFor(doc.publishedAt), id: doc.id, document: doc });
}

function notified(brand: string): Promise<number> {
  return new Promise((resolve) => {
    const previous = receiver.onRequest;
    receiver.onRequest = (request) => {
      previous?.(request);
      if (request.path === `/slack/${brand}`) resolve(Date.now());
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

await receiver.start();
await ensureTemplates(es, names);
const brands = [...Array.from({ length: TRIALS }, (_, i) => `trial${i}`), 'baseline'];
progress(`seeding two weeks of background for ${brands.length} brands in ${prefix}*`);
await seedMentions(es, names, brands.flatMap(background));
for (const brand of brands) await store.put('alert_rule', rule(brand));
const alerter = await startAlerter({ es, names, cron: '0 * * * * *', policy: { allowPrivate: true } });

try {
  // Baseline: the spike is already visible, one manual evaluation; measures evaluation + delivery only.
  for (let i = 0; i < 12; i++) await indexNow('baseline', i);
  await es.indices.refresh({ index: names.mentionsPattern });
  const baselineReceived = notified('baseline');
  const tickStart = Date.now();
  await alerter.tick();
  const baselineMs = (await baselineReceived) - tickStart;
  progress(`baseline: manual tick to Slack notification ${baselineMs} ms`);

  const delays: number[] = [];
  for (const [n, brand] of brands.slice(0, TRIALS).entries()) {
    await sleep(Math.floor(Math.random() * 60_000)); // onset at a random phase of the minute
    const received = notified(brand);
    const onset = Date.now();
    let done = false;
    void received.then(() => {
      done = true;
    });
    for (let i = 0; !done && i < 120; i++) {
      await indexNow(brand, i);
      await sleep(SPIKE_INTERVAL_MS);
    }
    const delay = (await received) - onset;
    delays.push(delay);
    progress(`trial ${n + 1}/${TRIALS}: spike onset to Slack notification ${(delay / 1000).toFixed(1)} s`);
  }

  const result = {
    bench: 'alerts',
    evaluationEverySeconds: 60,
    spikeRatePerMinute: 60_000 / SPIKE_INTERVAL_MS,
    minCount: 10,
    trials: TRIALS,
    detectionDelaySeconds: { median: median(delays) / 1000, max: Math.max(...delays) / 1000, values: delays.map((d) => d / 1000) },
    baselineTickToNotificationMs: baselineMs,
    targetSeconds: 60,
    withinTarget: Math.max(...delays) <= 60_000,
  };
  console.log(JSON.stringify(result));
} finally {
  await alerter.stop();
  await receiver.stop();
  await es.indices.delete({ index: `${prefix}*`, allow_no_indices: true, ignore_unavailable: true });
  await es.close();
}
