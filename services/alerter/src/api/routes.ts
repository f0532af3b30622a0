import type { Client, estypes } from '@elastic/elasticsearch';
import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError, ValidationError, type ConfigStore, type IndexNames } from '@vigie/core';
import { backtestRule } from '../backtest-run.js';
import type { DeliveryDocument } from '../messages.js';
import type { AlertDocument } from '../state/alerts.js';

export interface AlertRoutesOptions {
  es: Client;
  names: IndexNames;
  store: ConfigStore;
}

export interface AlertListQuery {
  brand?: string;
  ruleId?: string;
  state?: 'firing' | 'resolved';
  from?: string;
  to?: string;
  size?: number;
  searchAfter?: string;
}

/** Alerts newest first, each with its deliveries (channel, notice, outcome, attempts). */
export async function listAlerts(es: Client, names: IndexNames, query: AlertListQuery) {
  const filter: estypes.QueryDslQueryContainer[] = [{ term: { kind: 'alert' } }];
  if (query.brand) filter.push({ term: { brand: query.brand } });
  if (query.ruleId) filter.push({ term: { ruleId: query.ruleId } });
  if (query.state) filter.push({ term: { state: query.state } });
  if (query.from || query.to) filter.push({ range: { startedAt: { gte: query.from, lt: query.to } } });
  const result = await es.search<AlertDocument>({
    index: names.alerts,
    size: query.size ?? 50,
    track_total_hits: true,
    query: { bool: { filter } },
    sort: [{ startedAt: 'desc' }, { ruleId: 'asc' }],
    ...(query.searchAfter ? { search_after: JSON.parse(Buffer.from(query.searchAfter, 'base64url').toString('utf8')) as estypes.SortResults } : {}),
  });
  const hits = result.hits.hits;
  const ids = hits.map((h) => h._id as string);
  const deliveries = ids.length
    ? await es.search<DeliveryDocument>({ index: names.alerts, size: 1000, query: { bool: { filter: [{ term: { kind: 'delivery' } }, { terms: { alertId: ids } }] } }, sort: [{ '@timestamp': 'asc' }] })
    : null;
  const byAlert = new Map<string, unknown[]>();
  for (const hit of deliveries?.hits.hits ?? []) {
    const d = hit._source as DeliveryDocument;
    const list = byAlert.get(d.alertId) ?? [];
    list.push({ id: hit._id, notice: d.notice, channel: d.channel, outcome: d.outcome, attempts: d.attempts, sentAt: d.sentAt, lastError: d.lastError, nextAttemptAt: d.outcome === 'pending' ? d.nextAttemptAt : undefined });
    byAlert.set(d.alertId, list);
  }
  const last = hits[hits.length - 1];
  return {
    total: typeof result.hits.total === 'number' ? result.hits.total : (result.hits.total?.value ?? 0),
    items: hits.map((hit) => {
      const a = hit._source as AlertDocument;
      return {
        id: a.id, ruleId: a.ruleId, ruleName: a.ruleName, ruleType: a.ruleType, brand: a.brand, state: a.state, severity: a.severity, title: a.title,
        startedAt: a.startedAt, updatedAt: a.updatedAt, resolvedAt: a.resolvedAt, acknowledgedAt: a.acknowledgedAt, acknowledgedBy: a.acknowledgedBy,
        observed: a.observed, expected: a.expected, score: a.score, metric: a.episode.last.metric, peak: a.episode.peak,
        explanation: a.explanation, emerging: a.emerging, deliveries: byAlert.get(a.id) ?? [],
      };
    }),
    next: last?.sort && hits.length === (query.size ?? 50) ? Buffer.from(JSON.stringify(last.sort)).toString('base64url') : undefined,
  };
}

export async function acknowledgeAlert(es: Client, names: IndexNames, id: string, by: string | undefined, at = new Date()) {
  const current = await es.get<AlertDocument>({ index: names.alerts, id }, { ignore: [404] });
  if (!current.found || current._source?.kind !== 'alert') throw new NotFoundError(`alert '${id}'`);
  const acknowledged = { ...current._source, acknowledgedAt: current._source.acknowledgedAt ?? at.toISOString(), acknowledgedBy: current._source.acknowledgedBy ?? by };
  await es.index({ index: names.alerts, id, document: acknowledged, if_seq_no: current._seq_no, if_primary_term: current._primary_term, refresh: 'wait_for' });
  return { id, acknowledgedAt: acknowledged.acknowledgedAt, acknowledgedBy: acknowledged.acknowledgedBy };
}

const ID = { type: 'string', minLength: 1, maxLength: 300 } as const;
const DATE = { type: 'string', format: 'date-time' } as const;

function errorBody(error: unknown): { status: number; body: { error: { code: string; message: string; issues?: unknown } } } | null {
  if (error instanceof NotFoundError) return { status: 404, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof ValidationError) return { status: 400, body: { error: { code: error.code, message: error.message, issues: error.issues } } };
  return null;
}

/**
 * `GET /v1/alerts`, `POST /v1/alerts/:id/acknowledge`, `POST /v1/alert-rules/:id/backtest`.
 * Authentication is the host API's job; this plugin only needs Elasticsearch, the index names and the config store.
 */
export const alertRoutes: FastifyPluginAsync<AlertRoutesOptions> = async (app, options) => {
  const { es, names, store } = options;

  app.get<{ Querystring: AlertListQuery }>('/v1/alerts', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { brand: ID, ruleId: ID, state: { type: 'string', enum: ['firing', 'resolved'] }, from: DATE, to: DATE, size: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, searchAfter: { type: 'string', maxLength: 2000 } },
      },
    },
  }, async (request) => listAlerts(es, names, request.query));

  app.post<{ Params: { id: string }; Body: { by?: string } | undefined }>('/v1/alerts/:id/acknowledge', {
    schema: { params: { type: 'object', properties: { id: ID }, required: ['id'] }, body: { type: 'object', additionalProperties: false, properties: { by: { type: 'string', maxLength: 200 } } } },
  }, async (request, reply) => {
    try {
      return await acknowledgeAlert(es, names, request.params.id, request.body?.by);
    } catch (error) {
      const mapped = errorBody(error);
      if (!mapped) throw error;
      return reply.code(mapped.status).send(mapped.body);
    }
  });

  app.post<{ Params: { id: string }; Body: { from: string; to: string; stepMinutes?: number } }>('/v1/alert-rules/:id/backtest', {
    schema: {
      params: { type: 'object', properties: { id: ID }, required: ['id'] },
      body: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: DATE, to: DATE, stepMinutes: { type: 'integer', enum: [1, 5, 10, 15, 30, 60] } } },
    },
  }, async (request, reply) => {
    try {
      const rule = await store.get('alert_rule', request.params.id);
      return await backtestRule(es, names, rule, new Date(request.body.from), new Date(request.body.to), request.body.stepMinutes);
    } catch (error) {
      const mapped = errorBody(error);
      if (!mapped) throw error;
      return reply.code(mapped.status).send(mapped.body);
    }
  });
};
