/**
 * Translate Grafana Elasticsearch-datasource queries into the search requests Grafana sends.
 * Mirrors Grafana 11/12: the frontend interpolates variables (Lucene format in query strings) and computes the
 * interval from the time range, the panel's max data points and its min interval; the backend
 * (pkg/tsdb/elasticsearch) builds a `size: 0` search with a time range filter, a query_string filter and the
 * bucket aggregations nested in order, metrics innermost. Only the aggregations Vigie's dashboards use are handled.
 */
import type { Annotation, BucketAgg, MetricAgg, Target, Variable } from './grafana.js';

export interface TimeRange {
  from: number;
  to: number;
}

/** Selected variable values; `['$__all']` selects All. */
export type Selection = Record<string, string[]>;

export interface RequestContext {
  range: TimeRange;
  variables: Variable[];
  selection: Selection;
  /** Datasource `timeField` (each target also carries it). */
  timeField: string;
  /** Panel min interval, else the datasource's `timeInterval`. */
  minInterval: string;
  maxDataPoints: number;
}

export interface SearchRequest {
  index?: string;
  body: Record<string, unknown>;
}

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };

export function intervalToMs(interval: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|M|y)$/.exec(interval);
  if (!match) throw new Error(`"${interval}" is not a Grafana interval (expected e.g. 1h, 30m, 7d)`);
  return Number(match[1]) * (UNITS_MS[match[2] as string] as number);
}

/** Grafana's rangeutil.roundInterval: snap a raw interval to a readable one. */
export function roundInterval(ms: number): number {
  const steps: [number, number][] = [
    [10, 1], [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000], [7500, 5000],
    [12_500, 10_000], [17_500, 15_000], [25_000, 20_000], [45_000, 30_000], [90_000, 60_000], [210_000, 120_000],
    [450_000, 300_000], [750_000, 600_000], [1_050_000, 900_000], [1_500_000, 1_200_000], [2_700_000, 1_800_000],
    [5_400_000, 3_600_000], [9_000_000, 7_200_000], [16_200_000, 10_800_000], [32_400_000, 21_600_000],
    [86_400_000, 43_200_000], [172_800_000, 86_400_000], [604_800_000, 86_400_000], [1_814_400_000, 604_800_000],
  ];
  for (const [limit, value] of steps) if (ms <= limit) return value;
  return ms < 3_628_800_000 ? 2_592_000_000 : 31_536_000_000;
}

/** rangeutil.calculateInterval: the `$__interval_ms` a panel query runs with. */
export function calculateIntervalMs(range: TimeRange, maxDataPoints: number, minInterval: string): number {
  return Math.max(roundInterval((range.to - range.from) / maxDataPoints), intervalToMs(minInterval));
}

function luceneEscape(value: string): string {
  if (!Number.isNaN(Number(value))) return value;
  return value.replace(/([!*+\-=<>\s&|()[\]{}^~?:\\/"])/g, '\\$1');
}

/** Grafana's `lucene` variable format; a custom all value (`*`) is inserted as is. */
function formatLucene(values: string[]): string {
  if (values.length === 1) return luceneEscape(values[0] as string);
  return `(${values.map((value) => `"${luceneEscape(value)}"`).join(' OR ')})`;
}

function selected(name: string, context: Pick<RequestContext, 'variables' | 'selection'>): { all: string | undefined; values: string[] } | undefined {
  const variable = context.variables.find((candidate) => candidate.name === name);
  if (!variable) return undefined;
  const values = context.selection[name];
  if (!values) throw new Error(`the test gives no value for variable $${name}`);
  if (values.length === 1 && values[0] === '$__all') {
    if (variable.allValue === undefined) throw new Error(`variable $${name} has no custom all value; Grafana would expand every term`);
    return { all: variable.allValue, values: [] };
  }
  return { all: undefined, values };
}

/** Replace `$name` / `${name}` like Grafana's template service; `lucene` for query strings, plain for the rest. */
export function interpolate(text: string, context: Pick<RequestContext, 'variables' | 'selection'>, format: 'lucene' | 'plain'): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    const value = selected(name, context);
    if (!value) return whole;
    if (value.all !== undefined) return value.all;
    return format === 'lucene' ? formatLucene(value.values) : value.values.join(',');
  });
}

function timeRangeFilter(field: string, range: TimeRange): Record<string, unknown> {
  return { range: { [field]: { gte: range.from, lte: range.to, format: 'epoch_millis' } } };
}

function baseQuery(target: Target, context: RequestContext): Record<string, unknown> {
  const filter: Record<string, unknown>[] = [timeRangeFilter(context.timeField, context.range)];
  const queryString = interpolate(target.query ?? '', context, 'lucene').trim();
  if (queryString) filter.push({ query_string: { analyze_wildcard: true, query: queryString } });
  return { bool: { filter } };
}

function intSetting(settings: Record<string, unknown> | undefined, name: string, fallback: number): number {
  const value = Number(settings?.[name] ?? fallback);
  return Number.isFinite(value) && value !== 0 ? value : fallback;
}

function bucketAggregation(agg: BucketAgg, target: Target, context: RequestContext): Record<string, unknown> {
  const settings = agg.settings ?? {};
  switch (agg.type) {
    case 'date_histogram': {
      const configured = String(settings.interval ?? 'auto');
      const intervalMs = configured === 'auto'
        ? calculateIntervalMs(context.range, context.maxDataPoints, context.minInterval)
        : intervalToMs(interpolate(configured, context, 'plain'));
      return {
        date_histogram: {
          field: agg.field || context.timeField,
          fixed_interval: `${intervalMs}ms`,
          min_doc_count: Number(settings.min_doc_count ?? 0),
          extended_bounds: { min: context.range.from, max: context.range.to },
          format: 'epoch_millis',
        },
      };
    }
    case 'terms': {
      const orderBy = String(settings.orderBy ?? '_count');
      const metric = (target.metrics ?? []).find((candidate) => candidate.id === orderBy);
      const order = { [metric?.type === 'count' ? '_count' : orderBy]: String(settings.order ?? 'desc') };
      return {
        terms: { field: agg.field, size: intSetting(settings, 'size', 500), order, min_doc_count: Number(settings.min_doc_count ?? 1) },
      };
    }
    case 'filters': {
      const filters = (settings.filters as { query: string; label?: string }[]).map((filter) => [
        filter.label || filter.query,
        { query_string: { query: interpolate(filter.query, context, 'lucene') || '*', analyze_wildcard: true } },
      ]);
      return { filters: { filters: Object.fromEntries(filters) } };
    }
    default:
      throw new Error(`bucket aggregation "${agg.type}" is not used by Vigie's dashboards; extend the translator before using it`);
  }
}

function metricAggregation(metric: MetricAgg): Record<string, unknown> {
  if (!['avg', 'sum', 'min', 'max', 'cardinality'].includes(metric.type)) {
    throw new Error(`metric "${metric.type}" is not used by Vigie's dashboards; extend the translator before using it`);
  }
  return { [metric.type]: { field: metric.field } };
}

export function isDocumentQuery(target: Target): boolean {
  return ['raw_data', 'raw_document', 'logs'].includes(target.metrics?.[0]?.type ?? '');
}

/** The search Grafana sends for one Elasticsearch target of a panel. */
export function translateTarget(target: Target, context: RequestContext): SearchRequest {
  const metrics = target.metrics ?? [];
  const first = metrics[0];
  if (!first) throw new Error(`query ${target.refId} has no metric`);
  const query = baseQuery(target, context);
  if (isDocumentQuery(target)) {
    return {
      body: {
        size: intSetting(first.settings, first.type === 'logs' ? 'limit' : 'size', 500),
        query,
        sort: [{ [context.timeField]: { order: 'desc', unmapped_type: 'boolean' } }, { _doc: { order: 'desc' } }],
        docvalue_fields: [context.timeField],
        script_fields: {},
      },
    };
  }
  const buckets = target.bucketAggs ?? [];
  if (buckets.length === 0) throw new Error(`query ${target.refId}: Grafana rejects metric queries without a bucket aggregation`);
  const leafMetrics: Record<string, unknown> = {};
  for (const metric of metrics) if (metric.type !== 'count') leafMetrics[metric.id] = metricAggregation(metric);
  let aggs: Record<string, unknown> | undefined = Object.keys(leafMetrics).length ? leafMetrics : undefined;
  for (const agg of [...buckets].reverse()) {
    aggs = { [agg.id]: { ...bucketAggregation(agg, target, context), ...(aggs ? { aggs } : {}) } };
  }
  return { body: { size: 0, query, aggs } };
}

/** The terms request behind a `{"find": "terms", "field": ...}` query variable. */
export function translateVariable(variable: Variable, context: Pick<RequestContext, 'range' | 'timeField' | 'variables' | 'selection'>): SearchRequest {
  const definition = JSON.parse(variable.query) as { find: string; field: string; query?: string; size?: number };
  if (definition.find !== 'terms') throw new Error(`variable $${variable.name}: only "terms" variables are translated`);
  const filter: Record<string, unknown>[] = [timeRangeFilter(context.timeField, context.range)];
  if (definition.query) filter.push({ query_string: { analyze_wildcard: true, query: interpolate(definition.query, context, 'lucene') } });
  return {
    body: {
      size: 0,
      query: { bool: { filter } },
      aggs: { 1: { terms: { field: definition.field, size: definition.size ?? 500, order: { _key: 'asc' } } } },
    },
  };
}

/** The search behind an Elasticsearch annotation: events starting or ending in the range. */
export function translateAnnotation(annotation: Annotation, context: Pick<RequestContext, 'range' | 'timeField' | 'variables' | 'selection'>): SearchRequest {
  const timeField = annotation.timeField || context.timeField;
  const ranges = [timeField, annotation.timeEndField].filter((field): field is string => Boolean(field))
    .map((field) => ({ range: { [field]: { from: context.range.from, to: context.range.to, format: 'epoch_millis' } } }));
  const filter: Record<string, unknown>[] = [{ bool: { should: ranges, minimum_should_match: 1 } }];
  const queryString = interpolate(annotation.target?.query ?? '', context, 'lucene');
  if (queryString) filter.push({ query_string: { query: queryString } });
  return { body: { query: { bool: { filter } }, size: 10_000 } };
}
