import type { Client, estypes } from '@elastic/elasticsearch';
import type { EnrichedMention, IndexNames } from '@vigie/core';

/** A mention to write, with the Kafka offset it came from. */
export interface IndexItem {
  offset: string;
  /**
   * Only what the bulk needs of the parsed mention: the rest is let go at once, so a batch waiting for its bulk
   * holds bytes rather than thousands of objects the garbage collector would copy (half the indexer's CPU per mention
   * in a parse-and-hold loop).
   */
  mention: Pick<EnrichedMention, 'id' | 'publishedAt'>;
  /** The mention as one line of JSON: the consumed bytes when they are that already, so they are not serialised again. */
  source: Buffer;
}

export type ItemResult = { ok: true } | { ok: false; retriable: boolean; reason: string };

const isBlank = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * The JSON of a validated mention for a bulk body: the consumed bytes when they hold a single-line object,
 * otherwise (pretty-printed) the mention serialised again.
 */
export function mentionSource(consumed: Buffer, mention: EnrichedMention): Buffer {
  let start = 0;
  let end = consumed.length;
  while (start < end && isBlank(consumed[start])) start++;
  while (end > start && isBlank(consumed[end - 1])) end--;
  const line = consumed.subarray(start, end);
  const singleLineObject = line[0] === 0x7b && line[line.length - 1] === 0x7d && !line.includes(0x0a) && !line.includes(0x0d);
  return singleLineObject ? line : Buffer.from(JSON.stringify(mention));
}

/** `{"<op>":{"_index":…,"_id":…}}` and a newline. */
function actionLine(op: 'create' | 'update', mention: IndexItem['mention'], names: IndexNames, extra = ''): Buffer {
  return Buffer.from(`{"${op}":{"_index":${JSON.stringify(names.mentionsFor(mention.publishedAt))},"_id":${JSON.stringify(mention.id)}${extra}}}\n`);
}

/** The mention's JSON without its closing brace, so fields can be appended. */
const openObject = (source: Buffer): Buffer => source.subarray(0, -1);

/**
 * The bulk body that creates each mention with the initial workflow state. A new mention (the common case) costs
 * Elasticsearch one write; one that already exists answers 409 and goes through `updateBody`. Built from the
 * mentions' bytes: the text is not decoded, joined and encoded again.
 */
export function createBody(items: readonly Pick<IndexItem, 'mention' | 'source'>[], names: IndexNames, indexedAt: string): Buffer {
  const workflow = Buffer.from(`,"indexedAt":${JSON.stringify(indexedAt)},"status":"new","tags":[]}\n`);
  return Buffer.concat(items.flatMap(({ mention, source }) => [actionLine('create', mention, names), openObject(source), workflow]));
}

/**
 * One bulk `update` per mention: `doc` replaces the analysis fields of an existing document and leaves the
 * workflow fields (status, assignee, tags, notes) alone; `upsert` creates it if it was deleted meanwhile. Core
 * Elasticsearch only: no script. The mention schema has none of the fields added here, so appending them to the
 * mention's JSON object cannot repeat a key.
 */
export function updateBody(items: readonly Pick<IndexItem, 'mention' | 'source'>[], names: IndexNames, indexedAt: string): Buffer {
  const stamp = `,"indexedAt":${JSON.stringify(indexedAt)}`;
  const [docStart, docEnd, upsertEnd] = ['{"doc":', `${stamp}},"upsert":`, `${stamp},"status":"new","tags":[]}}\n`].map((text) => Buffer.from(text));
  return Buffer.concat(items.flatMap(({ mention, source }) => {
    const fields = openObject(source);
    return [actionLine('update', mention, names, ',"retry_on_conflict":3'), docStart!, fields, docEnd!, fields, upsertEnd!];
  }));
}

type BulkResponse = estypes.BulkResponse;

interface BulkItemResponse {
  status?: number;
  error?: { type?: string; reason?: string };
}

/** 429 and 5xx are Elasticsearch being busy or partly down (409: a concurrent write): retry. Anything else is the document's fault. */
function isRetriable(status: number): boolean {
  return status === 429 || status === 409 || status >= 500;
}

/** Item statuses of one bulk request; throws when Elasticsearch does not answer or rejects the whole request. */
async function sendBulk(es: Client, body: Buffer): Promise<(BulkItemResponse | undefined)[] | undefined> {
  const response = await es.transport.request<BulkResponse>(
    { method: 'POST', path: '/_bulk', querystring: { filter_path: 'errors,items.*.status,items.*.error.type,items.*.error.reason' }, bulkBody: body },
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
  const created = await sendBulk(es, createBody(items, names, indexedAt));
  if (!created) return items.map(() => ({ ok: true }));
  const results = created.map(itemResult);
  const existing = created.flatMap((item, index) => (item?.error?.type === 'version_conflict_engine_exception' ? [index] : []));
  if (existing.length === 0) return results;
  const updated = await sendBulk(es, updateBody(existing.map((index) => items[index]!), names, indexedAt));
  existing.forEach((index, position) => {
    results[index] = updated ? itemResult(updated[position]) : { ok: true };
  });
  return results;
}
