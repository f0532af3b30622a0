import type { estypes } from '@elastic/elasticsearch';
import type { MentionDocument } from '@vigie/core';
import type { ApiContext } from '../context.js';

export const EXPORT_PAGE_SIZE = 2_000;

/**
 * Every mention matching a query, page by page, in a point-in-time so the export is one consistent
 * snapshot. Pages are fetched only when the consumer asks for more, so memory stays at one page.
 */
export async function* exportPages(
  context: ApiContext,
  query: estypes.QueryDslQueryContainer,
  fields: string[],
  signal: AbortSignal,
): AsyncGenerator<MentionDocument[]> {
  let pit = (await context.es.openPointInTime({ index: context.names.mentions, keep_alive: '2m' })).id;
  try {
    let after: estypes.SortResults | undefined;
    while (!signal.aborted) {
      const page = await context.es.search<MentionDocument>({
        pit: { id: pit, keep_alive: '2m' },
        query,
        sort: [{ _shard_doc: 'asc' }],
        size: EXPORT_PAGE_SIZE,
        search_after: after,
        track_total_hits: false,
        _source: { includes: fields },
      });
      pit = page.pit_id ?? pit;
      const hits = page.hits.hits;
      if (hits.length === 0) return;
      yield hits.map((hit) => hit._source!);
      if (hits.length < EXPORT_PAGE_SIZE) return;
      after = hits.at(-1)!.sort;
    }
  } finally {
    await context.es.closePointInTime({ id: pit }).catch(() => undefined);
  }
}
