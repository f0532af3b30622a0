import { errors as esErrors, type estypes } from '@elastic/elasticsearch';
import type { MentionDocument } from '@vigie/core';
import type { ApiContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.js';
import { buildFilterQuery, textQuery, type MentionFilter } from './filters.js';
import type { SORTS } from './schemas.js';

const PIT_KEEP_ALIVE = '2m';
/** Larger than any `_shard_doc` value: the first PIT page resumes strictly after the last mention shown. */
const AFTER_EVERY_SHARD_DOC = Number.MAX_SAFE_INTEGER;

const SORT_CLAUSES: Record<(typeof SORTS)[number], estypes.SortCombinations[]> = {
  newest: [{ publishedAt: 'desc' }, { id: 'asc' }],
  oldest: [{ publishedAt: 'asc' }, { id: 'asc' }],
  reach: [{ reach: { order: 'desc', missing: '_last' } }, { publishedAt: 'desc' }, { id: 'asc' }],
  relevance: [{ _score: { order: 'desc' } }, { publishedAt: 'desc' }, { id: 'asc' }],
};

export interface SearchPage {
  total: { value: number; relation: 'eq' | 'gte' };
  items: (MentionDocument & { seqNo: number; primaryTerm: number; highlight?: Record<string, string[]> })[];
  nextCursor: string | null;
}

export interface SearchRequest {
  filter: MentionFilter;
  sort: (typeof SORTS)[number];
  size: number;
  highlight: boolean;
  exactTotal?: boolean;
}

/** Counting every match defeats the early termination of sorted queries; past this the total is a lower bound. */
const TOTAL_UP_TO = 10_000;

/**
 * One page of mentions. Sorts end with the unique `id`, so `search_after` gives a total order; from the
 * second page on, requests run in a point-in-time opened then, so mentions indexed meanwhile do not shift
 * the pages (and each mention already there is seen exactly once).
 */
export async function searchMentions(context: ApiContext, request: SearchRequest, cursorText?: string): Promise<SearchPage> {
  const cursor = cursorText ? decodeCursor(cursorText) : undefined;
  const { filter, sort, size, highlight, exactTotal = false } = cursor ?? request;
  if (!cursor) await context.requireBrands('brand', filter.brand);
  let pit = cursor?.pit;
  let after = cursor?.after;
  if (cursor && !pit) {
    pit = (await context.es.openPointInTime({ index: context.names.mentions, keep_alive: PIT_KEEP_ALIVE })).id;
    after = [...cursor.after, AFTER_EVERY_SHARD_DOC];
  }
  let response: estypes.SearchResponse<MentionDocument>;
  try {
    response = await context.es.search<MentionDocument>({
      ...(pit ? { pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } } : { index: context.names.mentions }),
      ...searchBody({ filter, sort, size, highlight, exactTotal }),
      search_after: after as estypes.SortResults | undefined,
    });
  } catch (error) {
    if (pit && error instanceof esErrors.ResponseError && error.statusCode === 404) {
      throw new HttpProblem(410, 'Gone', 'the cursor expired (pages must be fetched within 2 minutes of each other); start again without cursor', [{ field: 'cursor', message: 'has expired' }]);
    }
    throw error;
  }
  const hits = response.hits.hits;
  const last = hits.at(-1);
  let nextCursor: string | null = null;
  if (hits.length === size && last?.sort) {
    const next: Cursor = { filter, sort, size, highlight, exactTotal, after: last.sort as Cursor['after'], ...(pit ? { pit: response.pit_id ?? pit } : {}) };
    nextCursor = encodeCursor(next);
  } else if (pit) {
    await context.es.closePointInTime({ id: response.pit_id ?? pit }).catch(() => undefined);
  }
  const total = response.hits.total as estypes.SearchTotalHits;
  return {
    total: { value: total.value, relation: total.relation },
    items: hits.map((hit) => ({ ...hit._source!, seqNo: hit._seq_no!, primaryTerm: hit._primary_term!, ...(hit.highlight ? { highlight: hit.highlight } : {}) })),
    nextCursor,
  };
}

/** The search a page sends, before its point-in-time and `search_after` (the bench sends it straight to Elasticsearch). */
export function searchBody({ filter, sort, size, highlight, exactTotal = false }: SearchRequest) {
  return {
    query: buildFilterQuery(filter),
    sort: SORT_CLAUSES[sort],
    size,
    track_total_hits: exactTotal ? true : TOTAL_UP_TO,
    seq_no_primary_term: true,
    _source: { excludes: ['textNormalized'] },
    ...(highlight && filter.q ? { highlight: highlightFor(filter.q) } : {}),
  } satisfies estypes.SearchRequest;
}

/** Highlights come from the original text; the user's words are matched there as typed. */
function highlightFor(q: string): estypes.SearchHighlight {
  return {
    pre_tags: ['<mark>'],
    post_tags: ['</mark>'],
    encoder: 'html',
    fields: { text: { number_of_fragments: 3, fragment_size: 160 }, title: { number_of_fragments: 0 } },
    highlight_query: { simple_query_string: textQuery(q.replace(/~\d*/g, ''), ['text', 'title']) },
    max_analyzed_offset: 100_000,
  };
}
