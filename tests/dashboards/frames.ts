/**
 * Read Elasticsearch responses the way Grafana's datasource does (series when the innermost bucket aggregation is a
 * date histogram, table rows otherwise, flattened documents for raw data), then apply what Vigie's panels do on top:
 * server-side expressions (reduce, math) and the field transformations the alert panels use.
 */
import { Parser } from 'expr-eval-fork';
import type { Target, Transformation } from './grafana.js';

export interface Series {
  /** Keys of the enclosing terms/filters buckets, by field (or `filters`). */
  labels: Record<string, string>;
  metric: string;
  points: [number, number | null][];
}

export interface Row {
  keys: Record<string, string>;
  values: Record<string, number | null>;
}

export type QueryResult =
  | { kind: 'series'; series: Series[] }
  | { kind: 'table'; rows: Row[] }
  | { kind: 'documents'; docs: Record<string, unknown>[] }
  | { kind: 'number'; value: number };

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
  [agg: string]: unknown;
}

function bucketsOf(aggregation: unknown): [string, Bucket][] {
  const buckets = (aggregation as { buckets: Bucket[] | Record<string, Bucket> }).buckets;
  if (Array.isArray(buckets)) return buckets.map((bucket) => [String(bucket.key), bucket]);
  return Object.entries(buckets);
}

function metricValue(bucket: Bucket, metric: { id: string; type: string }): number | null {
  if (metric.type === 'count') return bucket.doc_count;
  return (bucket[metric.id] as { value: number | null }).value;
}

/** Grafana's names for metric columns: `Count`, `Average sentiment.score`, `Unique Count author.handle`... */
export function metricColumnName(metric: { type: string; field?: string }): string {
  const labels: Record<string, string> = { count: 'Count', avg: 'Average', sum: 'Sum', min: 'Min', max: 'Max', cardinality: 'Unique Count' };
  const label = labels[metric.type];
  if (!label) throw new Error(`no column name known for metric ${metric.type}`);
  return metric.type === 'count' ? label : `${label} ${metric.field}`;
}

function flatten(source: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, `${prefix}${key}.`, into);
    else into[`${prefix}${key}`] = value;
  }
  return into;
}

export function parseResponse(target: Target, response: { hits: { hits: { _source?: unknown }[] }; aggregations?: Record<string, unknown> }): QueryResult {
  const metrics = target.metrics ?? [];
  if (['raw_data', 'raw_document', 'logs'].includes(metrics[0]?.type ?? '')) {
    return { kind: 'documents', docs: response.hits.hits.map((hit) => flatten(hit._source as Record<string, unknown>)) };
  }
  const aggs = target.bucketAggs ?? [];
  const last = aggs[aggs.length - 1];
  const series: Series[] = [];
  const rows: Row[] = [];
  const walk = (container: Record<string, unknown>, depth: number, labels: Record<string, string>): void => {
    const agg = aggs[depth];
    if (!agg) return;
    const buckets = bucketsOf(container[agg.id]);
    const labelName = agg.type === 'filters' ? 'filters' : (agg.field as string);
    if (agg === last && agg.type === 'date_histogram') {
      for (const metric of metrics) {
        series.push({ labels, metric: metricColumnName(metric), points: buckets.map(([, bucket]) => [Number(bucket.key), metricValue(bucket, metric)]) });
      }
      return;
    }
    for (const [key, bucket] of buckets) {
      const keys = { ...labels, [labelName]: key };
      if (agg === last) rows.push({ keys, values: Object.fromEntries(metrics.map((metric) => [metricColumnName(metric), metricValue(bucket, metric)])) });
      else walk(bucket as Record<string, unknown>, depth + 1, keys);
    }
  };
  walk(response.aggregations ?? {}, 0, {});
  return last?.type === 'date_histogram' ? { kind: 'series', series } : { kind: 'table', rows };
}

const parser = new Parser();

function singleSeries(result: QueryResult, refId: string): Series {
  if (result.kind !== 'series' || result.series.length !== 1) throw new Error(`expression input ${refId} must be a single time series`);
  return result.series[0] as Series;
}

/** Server-side expressions: `reduce` (sum, dropping NaN/null) and `math` over numbers or per-timestamp series. */
export function evaluateExpression(target: Target, results: Map<string, QueryResult>): QueryResult {
  if (target.type === 'reduce') {
    if (target.reducer !== 'sum') throw new Error(`reducer ${target.reducer} is not translated`);
    const input = results.get(target.expression as string);
    if (!input) throw new Error(`reduce ${target.refId} reads unknown query ${target.expression}`);
    const values = singleSeries(input, target.expression as string).points.map(([, value]) => value).filter((value): value is number => value !== null && !Number.isNaN(value));
    return { kind: 'number', value: values.reduce((sum, value) => sum + value, 0) };
  }
  if (target.type !== 'math') throw new Error(`expression type ${target.type} is not translated`);
  const expression = parser.parse(target.expression as string);
  const inputs = expression.variables().map((name) => {
    const result = results.get(name.slice(1));
    if (!name.startsWith('$') || !result) throw new Error(`math ${target.refId} reads unknown query ${name}`);
    return [name, result] as const;
  });
  const seriesInputs = inputs.filter(([, result]) => result.kind === 'series');
  if (seriesInputs.length === 0) {
    return { kind: 'number', value: expression.evaluate(Object.fromEntries(inputs.map(([name, result]) => [name, (result as { value: number }).value]))) as number };
  }
  const timeline = singleSeries(seriesInputs[0]?.[1] as QueryResult, 'math').points.map(([time]) => time);
  const points = timeline.map((time): [number, number | null] => {
    const scope: Record<string, number> = {};
    for (const [name, result] of inputs) {
      if (result.kind === 'number') scope[name] = result.value;
      else scope[name] = singleSeries(result, name).points.find(([at]) => at === time)?.[1] ?? Number.NaN;
    }
    const value = expression.evaluate(scope) as number;
    return [time, Number.isFinite(value) ? value : null];
  });
  return { kind: 'series', series: [{ labels: {}, metric: target.refId, points }] };
}

/** The data transformations the dashboards use on documents: convertFieldType to time, binary calculateField, organize. */
export function transformDocuments(docs: Record<string, unknown>[], transformations: Transformation[]): Record<string, unknown>[] {
  let rows = docs.map((doc) => ({ ...doc }));
  for (const { id, options } of transformations) {
    if (id === 'convertFieldType') {
      const conversions = options.conversions as { targetField: string; destinationType: string }[];
      rows = rows.map((row) => {
        const next = { ...row };
        for (const { targetField, destinationType } of conversions) {
          if (destinationType !== 'time') throw new Error(`conversion to ${destinationType} is not translated`);
          const value = row[targetField];
          next[targetField] = typeof value === 'string' ? Date.parse(value) : value ?? null;
        }
        return next;
      });
    } else if (id === 'calculateField') {
      const { mode, binary, alias } = options as { mode: string; binary: { left: string; operator: string; right: string }; alias: string };
      if (mode !== 'binary') throw new Error(`calculateField mode ${mode} is not translated`);
      const operate: Record<string, (left: number, right: number) => number> = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b };
      const operation = operate[binary.operator];
      if (!operation) throw new Error(`operator ${binary.operator} is not translated`);
      rows = rows.map((row) => ({ ...row, [alias]: operation(Number(row[binary.left]), Number(row[binary.right])) }));
    } else if (id !== 'organize') {
      throw new Error(`transformation ${id} is not translated`);
    }
  }
  return rows;
}
