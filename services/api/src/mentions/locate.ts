import type { estypes } from '@elastic/elasticsearch';
import type { MentionDocument } from '@vigie/core';
import type { ApiContext } from '../context.js';

export interface StoredMention {
  index: string;
  id: string;
  seqNo: number;
  primaryTerm: number;
  source: MentionDocument;
}

/**
 * Find mentions by id. The alias spans monthly indices, so a search finds each one's index; a realtime
 * multi-get then reads the current version (a search could return a version an update already replaced).
 */
export async function locateMentions(context: ApiContext, ids: readonly string[]): Promise<Map<string, StoredMention>> {
  const found = new Map<string, StoredMention>();
  if (ids.length === 0) return found;
  const located = await context.es.search({
    index: context.names.mentions,
    size: ids.length,
    query: { ids: { values: [...ids] } },
    _source: false,
  });
  const docs = located.hits.hits.map((hit) => ({ _index: hit._index, _id: hit._id! }));
  if (docs.length === 0) return found;
  const current = await context.es.mget<MentionDocument>({ docs, realtime: true });
  for (const doc of current.docs as estypes.GetGetResult<MentionDocument>[]) {
    if (!doc.found || !doc._source) continue;
    found.set(doc._id, { index: doc._index, id: doc._id, seqNo: doc._seq_no!, primaryTerm: doc._primary_term!, source: doc._source });
  }
  return found;
}

export function toResponse(stored: StoredMention, highlight?: Record<string, string[]>) {
  return { ...stored.source, seqNo: stored.seqNo, primaryTerm: stored.primaryTerm, ...(highlight ? { highlight } : {}) };
}
