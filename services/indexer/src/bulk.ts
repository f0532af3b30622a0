import type { Client } from '@elastic/elasticsearch';
import type { EnrichedMention, IndexNames } from '@vigie/core';

/** A mention to write, with the Kafka offset it came from. */
export interface IndexItem {
  offset: string;
  mention: EnrichedMention;
}

export type ItemResult = { ok: true } | { ok: false; retriable: boolean; reason: string };

/**
 * One bulk `update` per mention: `doc` replaces the analysis fields of an existing document and
 * leaves the workflow fields (status, assignee, tags, notes) alone; `upsert` creates a new one
 * with the initial workflow state. Core Elasticsearch only: no script.
 */
export function bulkOperations(items: readonly IndexItem[], names: IndexNames, indexedAt: string): object[] {
  return items.flatMap(({ mention }) => [
    { update: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id, retry_on_conflict: 3 } },
    { doc: { ...mention, indexedAt }, upsert: { ...mention, indexedAt, status: 'new', tags: [] } },
  ]);
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
  const response = await es.bulk(
    { operations: bulkOperations(items, names, new Date().toISOString()), filter_path: ['errors', 'items.*.status', 'items.*.error.type', 'items.*.error.reason'] },
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
