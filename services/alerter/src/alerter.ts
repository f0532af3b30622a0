import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import cron from 'node-cron';
import { Counter, Gauge, type Registry } from 'prom-client';
import { ConfigStore, createElasticsearch, createLogger, ensureTemplates, indexNames, type AlertRule, type IndexNames, type Logger } from '@vigie/core';
import { createChannelSender, type ChannelOptions } from './channels/send.js';
import type { Locale } from './channels/i18n.js';
import { checkUrlSyntax, policyFromEnv, type OutboundPolicy } from './channels/url-guard.js';
import { runDigest } from './digest.js';
import { evaluateRule, type EvaluationContext, type RuleOutcome } from './evaluate.js';
import type { DeliveryDocument } from './messages.js';
import { Lease } from './state/lease.js';
import { DEFAULT_RETRY, Outbox, type RetryPolicy } from './state/outbox.js';

export interface AlerterOptions {
  es?: Client;
  /** Name prefix for indices (tests and isolated deployments); ignored when `names` is given. */
  prefix?: string;
  names?: IndexNames;
  /** When rules are evaluated (node-cron, seconds field allowed); null: only when `tick()` is called. Default: every minute. */
  cron?: string | null;
  /** How often due deliveries are retried, in ms. */
  outboxIntervalMs?: number;
  /** Clock of evaluations, lease and retries (tests move it forward). */
  now?: () => Date;
  instanceId?: string;
  leaseTtlMs?: number;
  configPollMs?: number;
  smtp?: ChannelOptions['smtp'];
  mailFrom?: string;
  policy?: OutboundPolicy;
  env?: NodeJS.ProcessEnv;
  grafanaUrl?: string;
  defaultLocale?: Locale;
  retry?: Partial<RetryPolicy>;
  registry?: Registry;
  log?: Logger;
  /** Called after every delivery attempt is recorded (benchmarks, tests). */
  onDelivery?: (delivery: DeliveryDocument) => void;
}

export interface TickReport {
  leader: boolean;
  outcomes: RuleOutcome[];
  digests: number;
  errors: { ruleId: string; error: string }[];
}

export interface Alerter {
  /** Evaluate every enabled rule once (if this instance holds the lease) and send what is due. */
  tick(): Promise<TickReport>;
  /** Send the deliveries that are due now; returns how many were attempted. */
  flushOutbox(): Promise<number>;
  readonly isLeader: boolean;
  stop(): Promise<void>;
}

function metricsOf(registry: Registry | undefined) {
  if (!registry) return undefined;
  return {
    evaluations: new Counter({ name: 'vigie_alerter_evaluations_total', help: 'Rule evaluations, by outcome', labelNames: ['outcome'], registers: [registry] }),
    notices: new Counter({ name: 'vigie_alerter_notices_total', help: 'Notices enqueued, by kind', labelNames: ['notice'], registers: [registry] }),
    deliveries: new Counter({ name: 'vigie_alerter_deliveries_total', help: 'Delivery attempts recorded, by channel and outcome', labelNames: ['channel', 'outcome'], registers: [registry] }),
    leader: new Gauge({ name: 'vigie_alerter_leader', help: '1 when this instance holds the evaluation lease', registers: [registry] }),
  };
}

/** Start the alerter: watch the alert rules, evaluate them on schedule under a lease, and drain the outbox. */
export async function startAlerter(options: AlerterOptions = {}): Promise<Alerter> {
  const log = options.log ?? createLogger('alerter');
  const es = options.es ?? createElasticsearch();
  const ownsClient = !options.es;
  const names = options.names ?? indexNames(options.prefix ?? '');
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const policy = options.policy ?? policyFromEnv(env);
  const metrics = metricsOf(options.registry);
  await ensureTemplates(es, names);

  const store = new ConfigStore(es, names.config);
  let rules: AlertRule[] = await store.list('alert_rule');
  const brandNames = new Map((await store.list('brand')).map((b) => [b.id, b.name]));
  const onError = (error: unknown) => log.warn({ err: error }, 'reading the configuration failed; keeping the last one');
  const stopRules = store.watch('alert_rule', (items) => {
    rules = items;
    checkChannels(items);
  }, { intervalMs: options.configPollMs, onError });
  const stopBrands = store.watch('brand', (items) => {
    for (const b of items) brandNames.set(b.id, b.name);
  }, { intervalMs: options.configPollMs, onError });

  function checkChannels(items: AlertRule[]) {
    for (const rule of items) {
      for (const channel of rule.channels) {
        if (channel.type === 'email') continue;
        try {
          checkUrlSyntax(channel.url, policy);
        } catch (error) {
          log.warn({ rule: rule.id, err: (error as Error).message }, 'alert rule channel refused; its deliveries will be recorded as failed');
        }
      }
    }
  }

  const sender = createChannelSender({
    smtp: options.smtp,
    mailFrom: options.mailFrom ?? env.VIGIE_ALERTS_FROM ?? 'Vigie <alerts@vigie.local>',
    policy,
    env,
    defaultLocale: options.defaultLocale ?? 'fr',
  });
  const outbox = new Outbox(es, names, sender, now, { ...DEFAULT_RETRY, ...options.retry }, log, {
    onOutcome: (delivery) => {
      metrics?.deliveries.inc({ channel: delivery.channel, outcome: delivery.outcome });
      options.onDelivery?.(delivery);
    },
  });
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const lease = new Lease(es, names, instanceId, options.leaseTtlMs ?? 30_000, now, log);
  const context: EvaluationContext = { es, names, brandName: (id) => brandNames.get(id) ?? id, grafanaUrl: options.grafanaUrl ?? env.VIGIE_GRAFANA_URL };

  let running: Promise<TickReport> | null = null;
  let draining: Promise<number> | null = null;
  let stopped = false;

  async function evaluateAll(): Promise<TickReport> {
    const report: TickReport = { leader: false, outcomes: [], digests: 0, errors: [] };
    report.leader = await lease.acquire();
    metrics?.leader.set(report.leader ? 1 : 0);
    if (!report.leader) return report;
    const at = now();
    for (const rule of rules.filter((r) => r.enabled)) {
      try {
        if (rule.type === 'digest') {
          if (await runDigest(context, rule, at)) report.digests++;
          continue;
        }
        const outcome = await evaluateRule(context, rule, at);
        report.outcomes.push(outcome);
        metrics?.evaluations.inc({ outcome: outcome.finding.firing ? 'firing' : 'ok' });
        for (const notice of outcome.notices) metrics?.notices.inc({ notice });
      } catch (error) {
        metrics?.evaluations.inc({ outcome: 'error' });
        report.errors.push({ ruleId: rule.id, error: (error as Error).message });
        log.error({ rule: rule.id, err: error }, 'evaluating the alert rule failed; other rules go on');
      }
    }
    await drain();
    return report;
  }

  function tick(): Promise<TickReport> {
    running ??= evaluateAll().finally(() => {
      running = null;
    });
    return running;
  }

  async function drainOnce(): Promise<number> {
    if (!(await lease.acquire())) return 0;
    let total = 0;
    for (let attempted = await outbox.processDue(); attempted > 0; attempted = await outbox.processDue()) {
      total += attempted;
      if (stopped) break;
    }
    return total;
  }

  function drain(): Promise<number> {
    draining ??= drainOnce().finally(() => {
      draining = null;
    });
    return draining;
  }

  const task = options.cron === null ? null : cron.schedule(options.cron ?? '0 * * * * *', () => tick().then(() => undefined), { name: `alerter-${instanceId}`, noOverlap: true });
  const outboxTimer = setInterval(() => {
    drain().catch((error: unknown) => log.warn({ err: error }, 'draining the alert outbox failed; retrying on the next cycle'));
  }, options.outboxIntervalMs ?? 5_000);
  outboxTimer.unref();

  return {
    tick,
    flushOutbox: drain,
    get isLeader() {
      return lease.isHeld;
    },
    async stop() {
      stopped = true;
      await task?.destroy();
      clearInterval(outboxTimer);
      stopRules();
      stopBrands();
      await Promise.allSettled([running, draining]);
      await lease.release().catch((error: unknown) => log.warn({ err: error }, 'releasing the alerter lease failed; it expires on its own'));
      sender.close();
      if (ownsClient) await es.close();
    },
  };
}
