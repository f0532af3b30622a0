import type { RawMention, SourceConfig, SourceType } from '@vigie/core';
import type { Logger } from 'pino';
import type { HttpClient } from '../http/client.js';

/**
 * What a connector returns for one item: a raw mention without the fields the runner fills in
 * (`id` from `mentionId(type, sourceId)`, `source`, `sourceName`, `sourceBrands`, `collectedAt`).
 */
export type MentionDraft = Omit<RawMention, 'id' | 'source' | 'sourceName' | 'sourceBrands' | 'collectedAt'>;

/**
 * One unit of progress. The runner produces `mentions` to Kafka, waits for the acks, and only then
 * stores `cursor` as the source's checkpoint; the next run (or a restart) starts from it.
 */
export interface Page<C> {
  mentions: MentionDraft[];
  cursor: C;
  /** Items the connector dropped because its cursor says they were already produced. */
  skipped?: number;
}

export interface ConnectorContext {
  /** The configured source: `params` carries the connector's own settings. */
  source: SourceConfig;
  /** Polite HTTP for this source: timeouts, rate limit, Retry-After, backoff with jitter. */
  http: HttpClient;
  /** Value of a secret by its name in `source.secrets` (read from the environment variable it names). */
  secret(name: string): string | undefined;
  log: Logger;
  /** Aborted when the collector stops or the source is removed. */
  signal: AbortSignal;
  now(): Date;
}

/**
 * A source connector. Two modes, one shape:
 * - `poll`: each scheduled run calls `run(ctx, cursor)`, which yields pages until it has caught up, then returns.
 * - `stream`: `run` is started once and yields batches until `ctx.signal` aborts; on failure the runner
 *   restarts it (with backoff) from the last stored cursor.
 * The cursor is any JSON value; `undefined` means "first run". A connector never writes to Kafka or to
 * the checkpoint store itself, so a crash can only replay the last unacknowledged page, never skip one.
 *
 * Minimal example (what a demo source needs):
 * ```ts
 * const demo: Connector<{ n: number }> = {
 *   type: 'demo', mode: 'poll',
 *   async *run(ctx, cursor) {
 *     const n = (cursor?.n ?? 0) + 1;
 *     yield { mentions: [{ sourceId: String(n), text: 'hello', publishedAt: ctx.now().toISOString() }], cursor: { n } };
 *   },
 * };
 * ```
 */
export interface Connector<C = unknown> {
  type: SourceType;
  mode: 'poll' | 'stream';
  run(ctx: ConnectorContext, cursor: C | undefined): AsyncIterable<Page<C>>;
}

/** Read a required string parameter, with an error that says which source and what to set. */
export function requireParam(source: SourceConfig, name: string): string {
  const value = source.params[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`source '${source.id}' (${source.type}) needs params.${name} (a non-empty string)`);
  }
  return value;
}

export function optionalParam<T>(source: SourceConfig, name: string, fallback: T): T {
  const value = source.params[name];
  return value === undefined ? fallback : (value as T);
}
