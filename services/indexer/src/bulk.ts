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
 * The JSON text of a validated mention for a bulk body. The payload's own text is reused when it is a single-line
 * object; anything else (pretty-printed, a byte-order mark) is serialised again.
 */
export function mentionJson(payload: Buffer, mention: EnrichedMention): string {
  const text = payload.toString('utf8').trim();
  const singleLineObject = text.startsWith('{') && text.endsWith('}') && !text.includes('\n') && !text.includes('\r');
  return singleLineObject ? text : JSON.stringify(mention);
}

/**
 * One bulk `update` per mention, as NDJSON lines: `doc` replaces the analysis fields of an existing document
 * and leaves the workflow fields (status, assignee, tags, notes) alone; `upsert` creates a new one with the
 * initial workflow state. Core Elasticsearch only: no script. The mention schema has none of the fields added
 * here, so appending them to the mention's JSON object cannot repeat a key.
 */
export function bulkLines(items: readonly Pick<IndexItem, 'mention' | 'json'>[], names: IndexNames, indexedAt: string): string[] {
  const stamp = `,"indexedAt":${JSON.stringify(indexedAt)}`;
  const lines: string[] = [];
  for (const { mention, json } of items) {
    const fields = json.slice(0, -1); // the object without its closing brace
    lines.push(JSON.stringify({ update: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id, retry_on_conflict: 3 } }));
    lines.push(`{"doc":${fields}${stamp}},"upsert":${fields}${stamp},"status":"new","tags":[]}}`);
  }
  return lines;
}

interface BulkItemResponse {
  status?: number;
  error?: { type?: string; reason?: string };
}

/** 429 and 5xx are Elasticsearch being busy or partly down: retry. Anything else is the document's fault. */
function isRetriable(status: number): boolean {
  return status === 429 || status === 409 || status >= 500;
}

/** Send one bulk request; throws when Elasticsearch does not answer or rejects the whole request. */
export async function bulkIndex(es: Client, items: readonly IndexItem[], names: IndexNames): Promise<ItemResult[]> {
  const response = await es.bulk<string>(
    { operations: bulkLines(items, names, new Date().toISOString()), filter_path: ['errors', 'items.*.status', 'items.*.error.type', 'items.*.error.reason'] },
    { maxRetries: 0 },
  );
  if (!response.errors) return items.map(() => ({ ok: true }));
  return items.map((_, index) => {
    const item = Object.values(response.items[index] ?? {})[0] as BulkItemResponse | undefined;
    const status = item?.status ?? 500;
    if (status < 300) return { ok: true };
    const reason = `Elasticsearch rejected the document (${status} ${item?.error?.type ?? 'unknown'}): ${item?.error?.reason ?? 'no reason given'}`;
    return { ok: false, retriable: isRetriable(status), reason };
  });
}
