import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { ConfigStore, createElasticsearch, ensureTemplates, type AlertRule } from '@vigie/core';
import { alertRoutes, startAlerter, type DeliveryDocument } from '@vigie/alerter';
import { isolate } from '../setup/isolation.js';
import { dropIndices, seedMentions } from './seed.js';
import { TestHttpReceiver, TestSmtpServer } from './receivers.js';

const iso = isolate('alert-delivery');
const es = createElasticsearch();
const store = new ConfigStore(es, iso.indices.config);
const smtp = new TestSmtpServer();
const receiver = new TestHttpReceiver();
const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);

function keywordRule(id: string, brand: string, channels: AlertRule['channels']): AlertRule {
  return {
    id, name: `Crisis words for ${brand}`, type: 'keyword', brand, enabled: true, filters: {},
    params: { query: 'boycott OR arnaque OR "bad buzz"' }, channels, cooldownMinutes: 60, timezone: 'Europe/Paris',
  };
}

async function deliveries(ruleId: string): Promise<DeliveryDocument[]> {
  await es.indices.refresh({ index: iso.indices.alerts });
  const result = await es.search<DeliveryDocument>({ index: iso.indices.alerts, size: 50, query: { bool: { filter: [{ term: { kind: 'delivery' } }, { term: { ruleId } }] } } });
  return result.hits.hits.map((h) => h._source as DeliveryDocument);
}

describe('deliveries: durable outbox and outbound URL guard', () => {
  beforeAll(async () => {
    await Promise.all([smtp.start(), receiver.start()]);
    await ensureTemplates(es, iso.indices);
    await seedMentions(es, iso.indices, [
      { brand: 'shop', publishedAt: new Date(t0.getTime() - 5 * 60_000), label: 'negative', text: "C'est une ARNAQUE, boycott de Shop !", url: 'https://social.example/arnaque' },
      { brand: 'guarded', publishedAt: new Date(t0.getTime() - 5 * 60_000), label: 'negative', text: 'Boycott Guarded' },
      { brand: 'shop', publishedAt: new Date(t0.getTime() - 4 * 60_000), label: 'positive', text: 'Shop est super' },
    ]);
  });

  afterAll(async () => {
    await Promise.all([smtp.stop(), receiver.stop()]);
    await dropIndices(es, iso.prefix);
    await es.close();
  });

  it('an e-mail enqueued while the SMTP server is down for 2 minutes arrives once it is back', async () => {
    await store.put('alert_rule', keywordRule('shop-crisis', 'shop', [{ type: 'email', to: ['cm@shop.test'], locale: 'fr' }]));
    let clock = t0;
    const port = smtp.port;
    await smtp.stop(); // really down: connections to the port are refused
    const alerter = await startAlerter({
      es, names: iso.indices, cron: null, outboxIntervalMs: 3_600_000, now: () => clock,
      smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2_000 },
      retry: { delaysMs: [20_000, 40_000], maxAgeMs: 3_600_000 },
    });
    try {
      const report = await alerter.tick();
      expect(report.outcomes[0]?.notices).toEqual(['firing']);
      let [delivery] = await deliveries('shop-crisis');
      expect(delivery).toMatchObject({ outcome: 'pending', attempts: 1 });
      expect(delivery!.lastError).toMatch(/ECONNREFUSED/);

      // Two minutes of the alerter's clock pass while the server stays down: every due retry really fails.
      for (let second = 20; second <= 120; second += 20) {
        clock = new Date(t0.getTime() + second * 1000);
        await alerter.flushOutbox();
      }
      [delivery] = await deliveries('shop-crisis');
      expect(delivery!.outcome).toBe('pending');
      expect(delivery!.attempts).toBeGreaterThanOrEqual(3);
      expect(smtp.messages).toHaveLength(0);

      await smtp.start(port);
      clock = new Date(t0.getTime() + 200_000);
      await alerter.flushOutbox();
      [delivery] = await deliveries('shop-crisis');
      expect(delivery!.outcome).toBe('sent');
      expect(delivery!.attemptLog.filter((a) => a.error).length).toBe(delivery!.attempts - 1);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.subject).toContain('Alerte : Crisis words for shop'.replace(' :', ':'));
      expect(smtp.messages[0]!.text).toContain('Observé: 1 mentions correspondantes');
      expect(smtp.messages[0]!.html).toContain('href="https://social.example/arnaque"');

      clock = new Date(t0.getTime() + 260_000);
      await alerter.tick();
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await alerter.stop();
    }
  });

  it('refuses rule channels aimed at loopback, link-local and private addresses, and records why', async () => {
    const targets = ['http://127.0.0.1:PORT/a', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:PORT/b', 'https://10.1.2.3/c', 'https://192.168.0.10/d', 'https://172.16.5.4/e', 'https://127.0.0.1:PORT/f']
      .map((url) => url.replace('PORT', String(receiver.port)));
    await store.put('alert_rule', keywordRule('guarded-crisis', 'guarded', targets.map((url, i) => (i % 2 === 0 ? { type: 'slack' as const, url } : { type: 'webhook' as const, url }))));
    const alerter = await startAlerter({ es, names: iso.indices, cron: null, outboxIntervalMs: 3_600_000, env: { VIGIE_ALERTS_WEBHOOK_SECRET: 'x' }, policy: { allowPrivate: false } });
    try {
      await alerter.tick();
    } finally {
      await alerter.stop();
    }
    const recorded = await deliveries('guarded-crisis');
    expect(recorded).toHaveLength(targets.length);
    for (const delivery of recorded) {
      expect(delivery.outcome).toBe('failed');
      expect(delivery.attempts).toBe(1);
      expect(delivery.lastError).toMatch(/refused: (scheme http: is not https|.* is a (loopback|linkLocal|private) address)/);
    }
    expect(receiver.requests).toHaveLength(0);
  });

  it('lists alerts with their deliveries and acknowledges them through the API plugin', async () => {
    const app = Fastify();
    await app.register(alertRoutes, { es, names: iso.indices, store });
    try {
      const list = await app.inject({ method: 'GET', url: '/v1/alerts?brand=shop' });
      expect(list.statusCode).toBe(200);
      const body = list.json<{ total: number; items: { id: string; state: string; deliveries: { outcome: string; channel: string }[]; explanation: { examples: { url: string }[] } }[] }>();
      expect(body.total).toBe(1);
      expect(body.items[0]!.deliveries).toEqual([expect.objectContaining({ channel: 'email', outcome: 'sent' })]);
      expect(body.items[0]!.explanation.examples[0]!.url).toBe('https://social.example/arnaque');

      const ack = await app.inject({ method: 'POST', url: `/v1/alerts/${body.items[0]!.id}/acknowledge`, payload: { by: 'camille' } });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toMatchObject({ acknowledgedBy: 'camille' });
      const again = await app.inject({ method: 'GET', url: '/v1/alerts?brand=shop' });
      expect(again.json<{ items: { acknowledgedBy?: string }[] }>().items[0]!.acknowledgedBy).toBe('camille');
      expect((await app.inject({ method: 'POST', url: '/v1/alerts/nope/acknowledge', payload: {} })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
