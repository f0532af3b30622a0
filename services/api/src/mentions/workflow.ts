import type { Static } from 'typebox';
import type { MentionDocument } from '@vigie/core';
import type { ApiContext } from '../context.js';
import { locateMentions, type StoredMention } from './locate.js';
import type { WorkflowChanges } from './schemas.js';

export type Changes = Static<typeof WorkflowChanges>;

export interface UpdateRequest {
  id: string;
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
}

export interface UpdateResult {
  id: string;
  status: 200 | 404 | 409;
  seqNo?: number;
  primaryTerm?: number;
  error?: string;
  mention?: MentionDocument;
}

const MAX_ROUNDS = 3;

/** The partial document an update writes: workflow fields only, tags merged against the current list. */
function workflowDoc(current: MentionDocument, changes: Changes): Partial<MentionDocument> & Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (changes.status) doc.status = changes.status;
  if (changes.assignee !== undefined) doc.assignee = changes.assignee;
  if (changes.notes !== undefined) doc.notes = changes.notes;
  if (changes.tags || changes.addTags || changes.removeTags) {
    const tags = new Set(changes.tags ?? current.tags ?? []);
    for (const tag of changes.addTags ?? []) tags.add(tag);
    for (const tag of changes.removeTags ?? []) tags.delete(tag);
    doc.tags = [...tags].slice(0, 50);
  }
  if (!current.status && !doc.status) doc.status = 'new';
  return doc;
}

const hasPrecondition = (request: UpdateRequest) => request.ifSeqNo !== undefined || request.ifPrimaryTerm !== undefined;

/**
 * Apply workflow changes with optimistic concurrency. A request with `ifSeqNo`/`ifPrimaryTerm` updates only
 * that version (else 409). One without is applied to the version just read, and re-read and retried when
 * another writer got there first, so concurrent tag additions are never lost.
 */
export async function applyChanges(context: ApiContext, requests: readonly UpdateRequest[], changes: Changes, refresh: boolean): Promise<UpdateResult[]> {
  const results = new Map<string, UpdateResult>();
  let pending = [...new Map(requests.map((r) => [r.id, r])).values()];
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const stored = await locateMentions(context, pending.map((r) => r.id));
    const operations: object[] = [];
    const attempted: { request: UpdateRequest; current: StoredMention; doc: Record<string, unknown> }[] = [];
    for (const request of pending) {
      const current = stored.get(request.id);
      if (!current) {
        results.set(request.id, { id: request.id, status: 404, error: `no mention '${request.id}'` });
        continue;
      }
      const seqNo = request.ifSeqNo ?? current.seqNo;
      const primaryTerm = request.ifPrimaryTerm ?? current.primaryTerm;
      if (seqNo !== current.seqNo || primaryTerm !== current.primaryTerm) {
        results.set(request.id, staleResult(current));
        continue;
      }
      const doc = workflowDoc(current.source, changes);
      operations.push({ update: { _index: current.index, _id: current.id, if_seq_no: seqNo, if_primary_term: primaryTerm } }, { doc });
      attempted.push({ request, current, doc });
    }
    if (operations.length === 0) break;
    const response = await context.es.bulk({ operations, refresh: refresh ? 'wait_for' : false });
    const retry: UpdateRequest[] = [];
    response.items.forEach((item, i) => {
      const outcome = item.update!;
      const { request, current, doc } = attempted[i]!;
      if (outcome.status === 200) {
        results.set(request.id, { id: request.id, status: 200, seqNo: outcome._seq_no, primaryTerm: outcome._primary_term, mention: { ...current.source, ...doc } as MentionDocument });
      } else if (outcome.status === 409 && !hasPrecondition(request)) {
        retry.push(request);
      } else if (outcome.status === 409) {
        results.set(request.id, staleResult(current));
      } else if (outcome.status === 404) {
        results.set(request.id, { id: request.id, status: 404, error: `no mention '${request.id}'` });
      } else {
        throw new Error(`Elasticsearch refused the update of ${request.id}: ${outcome.error?.reason ?? outcome.status}`);
      }
    });
    pending = retry;
  }
  for (const request of pending) {
    if (!results.has(request.id)) results.set(request.id, { id: request.id, status: 409, error: 'kept changing while being updated; retry' });
  }
  return requests.map((r) => results.get(r.id)!).filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i);
}

function staleResult(current: StoredMention): UpdateResult {
  return {
    id: current.id,
    status: 409,
    seqNo: current.seqNo,
    primaryTerm: current.primaryTerm,
    error: `mention '${current.id}' is now at seqNo ${current.seqNo}/primaryTerm ${current.primaryTerm}; read it again and retry`,
  };
}
