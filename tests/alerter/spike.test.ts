import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { ConfigStore, createElasticsearch, ensureTemplates, type AlertRule } from '@vigie/core';
import { signWebhook, startAlerter, type Alerter, type AlertDocument, type DeliveryDocument } from '@vigie/alerter';
import { isolate } from '../setup/isolation.js';
import { dropIndices, seedMentions, type SeedMention } from './seed.js';
import { TestHttpReceiver, TestSmtpServer } from './receivers.js';

const iso = isolate('alert-spike');
const es = createElasticsearch();
const store = new ConfigStore(es, iso.indices.config);
const smtp = new TestSmtpServer();
const receiver = new TestHttpReceiver();
const ZONE = 'Europe/Paris';
const SECRET = 'test-webhook-secret';

// Evaluations happen at t0 (a whole minute); the spike is 30 negative mentions in the 40–10 minutes before it.
const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
let clock = t0;
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

function background(around: DateTime): SeedMention[] {
  const seeds: SeedMention[] = [];
  // Two negative and two neutral mentions an hour, evenly spaced: every 60-minute window holds exactly 2 negatives.
  for (let minute = -180; minute < 180; minute += 15) {
    const at = around.plus({ minutes: minute }).toJSDate();
    seeds.push({ brand: 'acme', publishedAt: at, label: (minute / 15) % 2 === 0 ? 'negative' : 'neutral', aspects: ['prix'] });
  }
  return seeds;
}

function spike(): SeedMention[] {
  return Array.from({ length: 30 }, (_, i) => ({
    brand: 'acme',
    publishedAt: minutes(-40 + i),
    label: 'negative' as const,
    text: `Acme livraison en retard encore une fois ${i}`,
    aspects: ['livraison'],
    topics: ['retard'],
    reach: i < 3 ? 50_000 - i * 10_000 : 50 + i,
    url: `https://social.example/spike-${i}`,
    author: i < 3 ? `influencer${i}` : undefined,
  }));
}

const rule = (): AlertRule => ({
  id: 'acme-negative',
  name: 'Acme negative spike',
  type: 'negative_spike',
  brand: 'acme',
  enabled: true,
  filters: {},
  params: { windowMinutes: 60, minCount: 10, threshold: 4, baselineWeeks: 2, neighbourHours: 1 },
  channels: [
    { type: 'email', to: ['cm@acme.test'], locale: 'en' },
    { type: 'slack', url: receiver.url('/slack') },
    { type: 'webhook', url: receiver.url('/hook') },
  ],
  cooldownMinutes: 60,
  timezone: ZONE,
});

const running: Alerter[] = [];
async function alerter(instanceId: string): Promise<Alerter> {
  const instance = await startAlerter({
    es,
    names: iso.indices,
    cron: null,
    outboxIntervalMs: 3_600_000,
    now: () => clock,
    instanceId,
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
    policy: { allowPrivate: true },
    env: { VIGIE_ALERTS_WEBHOOK_SECRET: SECRET },
    grafanaUrl: 'https://grafana.example',
  });
  running.push(instance);
  return instance;
}

async function stored<T>(kind: string): Promise<T[]> {
  await es.indices.refresh({ index: iso.indices.alerts });
  const result = await es.search<T>({ index: iso.indices.alerts, size: 100, query: { term: { kind } } });
  return result.hits.hits.map((h) => h._source as T);
}

const counts = () => ({ email: smtp.messages.length, slack: receiver.on('/slack').length, webhook: receiver.on('/hook').length });

describe('negative spike alert, end to end', () => {
  beforeAll(async () => {
    await Promise.all([smtp.start(), receiver.start()]);
    await ensureTemplates(es, iso.indices);
    const start = DateTime.fromJSDate(t0, { zone: ZONE });
    await seedMentions(es, iso.indices, [...background(start), ...background(start.minus({ weeks: 1 })), ...background(start.minus({ weeks: 2 })), ...spike()]);
    await store.put('brand', { id: 'acme', name: 'Acme', query: 'acme', aspects: [], competitors: [] });
    await store.put('alert_rule', rule());
  });

  afterAll(async () => {
    for (const instance of running) await instance.stop();
    await Promise.all([smtp.stop(), receiver.stop()]);
    await dropIndices(es, iso.prefix);
    await es.close();
  });

  it('two instances: one evaluates, one notification per channel with the right numbers', async () => {
    const [a, b] = await Promise.all([alerter('instance-a'), alerter('instance-b')]);
    const reports = await Promise.all([a.tick(), b.tick()]);
    expect(reports.filter((r) => r.leader)).toHaveLength(1);
    expect(counts()).toEqual({ email: 1, slack: 1, webhook: 1 });

    const mail = smtp.messages[0]!;
    expect(mail.subject).toContain('Alert: Acme negative spike — Acme');
    expect(mail.text).toContain('Observed: 32 negative mentions');
    expect(mail.text).toContain('Expected: 2 negative mentions');
    expect(mail.text).toContain('livraison (30)');
    expect(mail.text).toContain('https://grafana.example/d/vigie-overview/vigie?var-brand=acme');
    expect(mail.html).toContain('href="https://social.example/spike-0"');
    expect(mail.html).toContain('Observed</th><td>32 negative mentions');

    const slack = JSON.parse(receiver.on('/slack')[0]!.body) as { blocks: { type: string; fields?: { text: string }[]; text?: { text: string } }[] };
    const fields = slack.blocks.find((block) => block.fields)?.fields?.map((f) => f.text) ?? [];
    expect(fields).toContain('*Observé*\n32 mentions négatives');
    expect(fields).toContain('*Attendu*\n2 mentions négatives');
    expect(slack.blocks.some((block) => block.text?.text.includes('<https://social.example/spike-0|'))).toBe(true);

    const hook = receiver.on('/hook')[0]!;
    const timestamp = hook.headers['x-vigie-timestamp'] as string;
    expect(hook.headers['x-vigie-signature']).toBe(signWebhook(SECRET, timestamp, hook.body));
    const payload = JSON.parse(hook.body) as { event: string; finding: { observed: number; expected: number } };
    expect(payload.event).toBe('alert.firing');
    expect(payload.finding).toMatchObject({ observed: 32, expected: 2 });
  });

  it('keeps firing without notifying again, across a restart', async () => {
    clock = minutes(1);
    await Promise.all(running.map((instance) => instance.tick()));
    expect(counts()).toEqual({ email: 1, slack: 1, webhook: 1 });

    const leader = running.find((instance) => instance.isLeader)!;
    await leader.stop();
    running.splice(running.indexOf(leader), 1);
    await alerter('instance-c');
    clock = minutes(2);
    const reports = await Promise.all(running.map((instance) => instance.tick()));
    expect(reports.filter((r) => r.leader)).toHaveLength(1);
    expect(counts()).toEqual({ email: 1, slack: 1, webhook: 1 });

    const alerts = await stored<AlertDocument>('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'firing', observed: 32, expected: 2, severity: 'critical' });
  });

  it('sends one resolution when the spike is over', async () => {
    clock = minutes(120);
    await Promise.all(running.map((instance) => instance.tick()));
    clock = minutes(121);
    await Promise.all(running.map((instance) => instance.tick()));
    expect(counts()).toEqual({ email: 2, slack: 2, webhook: 2 });
    expect(smtp.messages[1]!.subject).toContain('Resolved: Acme negative spike');
    expect(smtp.messages[1]!.text).toContain('Peak: 32 negative mentions');
    expect((JSON.parse(receiver.on('/hook')[1]!.body) as { event: string }).event).toBe('alert.resolved');

    const alerts = await stored<AlertDocument>('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'resolved', resolvedAt: minutes(120).toISOString() });
    const deliveries = await stored<DeliveryDocument>('delivery');
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((d) => d.outcome === 'sent' && d.attempts === 1)).toBe(true);
  });
});
