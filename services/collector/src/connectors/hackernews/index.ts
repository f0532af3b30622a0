import type { Connector, MentionDraft } from '../types.js';
import { requireParam } from '../types.js';
import { newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { htmlToText, isoDate } from '../text.js';

/** A hit of the Algolia HN Search API (`/api/v1/search_by_date`), stories and comments. */
interface HnHit {
  objectID: string;
  _tags: string[];
  author: string;
  created_at: string;
  created_at_i: number;
  title?: string | null;
  url?: string | null;
  story_text?: string | null;
  comment_text?: string | null;
  points?: number | null;
  num_comments?: number | null;
  parent_id?: number | null;
  story_id?: number | null;
  story_title?: string | null;
}

interface HnResponse {
  hits: HnHit[];
  page: number;
  nbPages: number;
}

function toDraft(hit: HnHit): MentionDraft | undefined {
  const isComment = hit._tags.includes('comment');
  const text = htmlToText(isComment ? hit.comment_text ?? '' : hit.story_text ?? '') || (hit.title ?? '');
  if (!text) return undefined;
  return {
    sourceId: hit.objectID,
    url: !isComment && hit.url ? hit.url : `https://news.ycombinator.com/item?id=${hit.objectID}`,
    ...(isComment ? (hit.story_title ? { title: hit.story_title } : {}) : hit.title ? { title: hit.title } : {}),
    text,
    publishedAt: isoDate(hit.created_at) ?? isoDate(hit.created_at_i)!,
    author: { handle: hit.author, url: `https://news.ycombinator.com/user?id=${encodeURIComponent(hit.author)}` },
    metrics: {
      ...(typeof hit.points === 'number' ? { score: hit.points } : {}),
      ...(typeof hit.num_comments === 'number' ? { comments: hit.num_comments } : {}),
    },
    ...(isComment && hit.parent_id ? { parentId: String(hit.parent_id) } : {}),
  };
}

/**
 * Hacker News through Algolia's `search_by_date`: stories and comments matching `params.query`, newest first,
 * with `numericFilters` on `created_at_i` (above the checkpoint, and pinned below the start of the pass so
 * pages do not shift while new items arrive). params: `query`, `tags` (default `(story,comment)`), `hitsPerPage` (default 100), `baseUrl`.
 */
export const hackerNewsConnector: Connector<NewestFirstCursor> = {
  type: 'hackernews',
  mode: 'poll',
  async *run(ctx, cursor) {
    const query = requireParam(ctx.source, 'query');
    const base = (ctx.source.params.baseUrl as string | undefined) ?? 'https://hn.algolia.com';
    const tags = (ctx.source.params.tags as string | undefined) ?? '(story,comment)';
    const hitsPerPage = String(ctx.source.params.hitsPerPage ?? 100);
    yield* newestFirst<HnHit>({
      cursor,
      now: ctx.now(),
      position: (hit) => BigInt(hit.created_at_i) * 1_000_000n + BigInt(hit.objectID.replace(/\D/g, '').slice(-6) || '0'),
      toDraft,
      fetch: async (next, since, startedAt) => {
        const filters = [`created_at_i<=${startedAt}`];
        if (since) filters.push(`created_at_i>=${BigInt(since) / 1_000_000n}`);
        const url = new URL('/api/v1/search_by_date', base);
        url.search = new URLSearchParams({ query, tags, hitsPerPage, page: next ?? '0', numericFilters: filters.join(',') }).toString();
        const body = await ctx.http.json<HnResponse>(url.toString());
        if (!Array.isArray(body.hits)) throw new Error(`Algolia answered without a hits array for ${url}`);
        return { items: body.hits, next: body.page + 1 < body.nbPages ? String(body.page + 1) : undefined };
      },
    });
  },
};
