import type { Command } from 'commander';
import { ConfigStore, createElasticsearch, indexNames, readEnv, VigieError } from '@vigie/core';
import { backtestRule, listAlerts } from '@vigie/alerter';

/** `30d`, `12h`, `90m` before now, or an ISO date. */
function parseWhen(value: string, now = Date.now()): Date {
  const relative = /^(\d+)([dhm])$/.exec(value);
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return new Date(now - Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new VigieError('invalid_input', `'${value}' is not a date: use an ISO date (2026-03-01T00:00:00Z) or a duration before now (30d, 12h, 90m)`);
  return date;
}

function clients() {
  const env = readEnv();
  const es = createElasticsearch(env.esUrl);
  const names = indexNames(env.namePrefix);
  return { es, names, store: new ConfigStore(es, names.config) };
}

/** `vigie alerts list` and `vigie alerts backtest`, reading Elasticsearch directly (VIGIE_ES_URL, VIGIE_PREFIX). */
export function registerAlertsCommand(program: Command): void {
  const alerts = program.command('alerts').description('Alerts: list recent ones, backtest a rule over stored history');

  alerts
    .command('list')
    .description('List alerts, newest first, with their deliveries')
    .option('--brand <id>', 'only this brand')
    .option('--rule <id>', 'only this rule')
    .option('--state <state>', 'firing or resolved')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (options: { brand?: string; rule?: string; state?: string; limit: string; json?: boolean }) => {
      if (options.state && options.state !== 'firing' && options.state !== 'resolved') throw new VigieError('invalid_input', `--state must be firing or resolved, not '${options.state}'`);
      const { es, names } = clients();
      try {
        const page = await listAlerts(es, names, { brand: options.brand, ruleId: options.rule, state: options.state as 'firing' | 'resolved' | undefined, size: Number(options.limit) });
        if (options.json) return console.log(JSON.stringify(page, null, 2));
        console.log(`${page.total} alert(s)`);
        for (const alert of page.items) {
          const delivered = alert.deliveries.map((d) => `${(d as { channel: string }).channel}:${(d as { outcome: string }).outcome}`).join(' ');
          console.log(`${alert.startedAt}  ${alert.state.padEnd(8)} ${alert.severity.padEnd(8)} ${alert.title}${alert.acknowledgedAt ? '  [ack]' : ''}${delivered ? `  (${delivered})` : ''}`);
        }
      } finally {
        await es.close();
      }
    });

  alerts
    .command('backtest <ruleId>')
    .description('The alerts a stored rule would have fired over stored mentions')
    .option('--from <when>', 'start: ISO date or duration before now', '30d')
    .option('--to <when>', 'end: ISO date or duration before now (default now)')
    .option('--step <minutes>', 'evaluation step: 5, 10, 15, 30 or 60 (default: the finest that fits)')
    .option('--json', 'print JSON')
    .action(async (ruleId: string, options: { from: string; to?: string; step?: string; json?: boolean }) => {
      const { es, names, store } = clients();
      try {
        const rule = await store.get('alert_rule', ruleId);
        const from = parseWhen(options.from);
        const to = options.to ? parseWhen(options.to) : new Date();
        console.error(`backtesting ${rule.id} (${rule.type}, brand ${rule.brand}) from ${from.toISOString()} to ${to.toISOString()}…`);
        const result = await backtestRule(es, names, rule, from, to, options.step ? Number(options.step) : undefined);
        if (options.json) return console.log(JSON.stringify(result, null, 2));
        console.log(`${result.episodes.length} episode(s) over ${result.evaluations} evaluations every ${result.stepMinutes} min`);
        for (const e of result.episodes) {
          const peak = `${Math.round(e.peak.observed * 100) / 100} ${e.peak.metric} vs ${Math.round(e.peak.expected * 100) / 100} expected (score ${e.peak.score.toFixed(1)})`;
          console.log(`${e.startedAt} → ${e.resolvedAt ?? 'still open'}  ${e.severity.padEnd(8)} ${peak}, ${e.notifications} notification(s)`);
        }
      } finally {
        await es.close();
      }
    });
}
