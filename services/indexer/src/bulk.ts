import type { Client } from '@elastic/elasticsearch';
import type { EnrichedMention, IndexNames } from '@vigie/core';

/** A mention to write, with the Kafka offset it came from. */
export interface IndexItem {
  offset: string;
  mention: EnrichedMention;
  /** The mention as one line of JSON: the consumed bytes when they are that already, so they are not serialised again. */
  json: string;
}

export type ItemResult = { ok: true } | { ok: false; retriable: boolean; reason: string };

/**
 * The JSON text of a validated mention for a bulk body. The consumed text is reused when it is a single-line
 * object; anything else (pretty-printed) is serialised again.
 */
export function mentionJson(consumed: string, mention: EnrichedMention): string {
  const text = consumed.trim();
  const singleLineObject = text.startsWith('{') && text.endsWith('}') && !text.includes('\n') && !text.includes('\r');
  return singleLineObject ? text : JSON.stringify(mention);
}

/**
 * Bulk lines that create each mention with the initial workflow state. A new mention (the common case) costs
 * Elasticsearch one write; one that already exists answers 409 and goes through `updateLines`.
 */
export function createLines(items: readonly Pick<IndexItem, 'mention' | 'json'>[], names: IndexNames, indexedAt: string): string[] {
  const lines: string[] = [];
  for (const { mention, json } of items) {
    lines.push(JSON.stringify({ create: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id } }));
    lines.push(`${withoutClosingBrace(json)},"indexedAt":${JSON.stringify(indexedAt)},"status":"new","tags":[]}`);
  }
  return lines;
}

/**
 * One bulk `update` per mention: `doc` replaces the analysis fields of an existing document and leaves the
 * workflow fields (status, assignee, tags, notes) alone; `upsert` creates it if it was deleted meanwhile. Core
 * Elasticsearch only: no script. The mention schema has none of the fields added here, so appending them to the
 * mention's JSON object cannot repeat a key.
 */
export function updateLines(items: readonly Pick<IndexItem, 'mention' | 'json'>[], names: IndexNames, indexedAt: string): string[] {
  const stamp = `,"indexedAt":${JSON.stringify(indexedAt)}`;
  const lines: string[] = [];
  for (const { mention, json } of items) {
    const fields = withoutClosingBrace(json);
    lines.push(JSON.stringify({ update: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id, retry_on_conflict: 3 } }));
    lines.push(`{"doc":${fields}${stamp}},"upsert":${fields}${stamp},"status":"new","tags":[]}}`);
  }
  return lines;
}

const withoutClosingBrace = (json: string): string => json.slice(0, -1);

interface BulkItemResponse {
  status?: number;
  error?: { type?: string; reason?: string };
}

/** 429 and 5xx are Elasticsearch being busy or partly down (409: a concurrent write): retry. Anything else is the document's fault. */
function isRetriable(status: number): boolean {
  return status === 429 || status === 409 || status >= 500;
}

/** Item statuses of one bulk request; throws when Elasticsearch does not answer or rejects the whole request. */
async function sendBulk(es: Client, operations: string[]): Promise<(BulkItemResponse | undefined)[] | undefined> {
  const response = await es.bulk<string>(
    { operations, filter_path: ['errors', 'items.*.status', 'items.*.error.type', 'items.*.error.reason'] },
    { maxRetries: 0 },
  );
  return response.errors ? response.items.map((item) => Object.values(item)[0] as BulkItemResponse | undefined) : undefined;
}

function itemResult(item: BulkItemResponse | undefined): ItemResult {
  const status = item?.status ?? 500;
  if (status < 300) return { ok: true };
  const reason = `Elasticsearch rejected the document (${status} ${item?.error?.type ?? 'unknown'}): ${item?.error?.reason ?? 'no reason given'}`;
  return { ok: false, retriable: isRetriable(status), reason };
}

/**
 * Create the mentions; those that already exist (a replay, a re-analysis) are updated in a second request,
 * so re-indexing refreshes the analysis and keeps what people set through the API.
 */
export async function bulkIndex(es: Client, items: readonly IndexItem[], names: IndexNames): Promise<ItemResult[]> {
  const indexedAt = new Date().toISOString();
  const created = await sendBulk(es, createLines(items, names, indexedAt));
  if (!created) return items.map(() => ({ ok: true }));
  const results = created.map(itemResult);
  const existing = created.flatMap((item, index) => (item?.error?.type === 'version_conflict_engine_exception' ? [index] : []));
  if (existing.length === 0) return results;
  const updated = await sendBulk(es, updateLines(existing.map((index) => items[index]!), names, indexedAt));
  existing.forEach((index, position) => {
    results[index] = updated ? itemResult(updated[position]) : { ok: true };
  });
  return results;
}
