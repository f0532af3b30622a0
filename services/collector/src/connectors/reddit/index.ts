import type { Connector, ConnectorContext, MentionDraft } from '../types.js';
import { newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { isoDate } from '../text.js';

/** A `t3` (post) or `t1` (comment) thing as Reddit's JSON API returns it inside a Listing. */
interface RedditThing {
  kind: 't1' | 't3' | string;
  data: {
    id: string;
    name: string;
    author: string;
    author_fullname?: string;
    created_utc: number;
    permalink: string;
    score?: number;
    num_comments?: number;
    title?: string;
    selftext?: string;
    url?: string;
    body?: string;
    link_id?: string;
    parent_id?: string;
    link_title?: string;
    subreddit: string;
  };
}

interface RedditListing {
  kind: 'Listing';
  data: { after: string | null; before: string | null; children: RedditThing[] };
}

interface RedditCursor {
  posts?: NewestFirstCursor;
  comments?: NewestFirstCursor;
}

function toDraft(thing: RedditThing): MentionDraft | undefined {
  const d = thing.data;
  const isPost = thing.kind === 't3';
  const text = (isPost ? [d.title, d.selftext].filter(Boolean).join('\n\n') : d.body) ?? '';
  if (!text || text === '[deleted]' || text === '[removed]') return undefined;
  return {
    sourceId: d.name,
    url: `https://www.reddit.com${d.permalink}`,
    ...(isPost && d.title ? { title: d.title } : d.link_title ? { title: d.link_title } : {}),
    text,
    publishedAt: isoDate(d.created_utc)!,
    author: { handle: d.author, ...(d.author_fullname ? { id: d.author_fullname } : {}), url: `https://www.reddit.com/user/${d.author}` },
    metrics: { ...(typeof d.score === 'number' ? { score: d.score } : {}), ...(typeof d.num_comments === 'number' ? { comments: d.num_comments } : {}) },
    ...(!isPost && d.parent_id ? { parentId: d.parent_id } : {}),
  };
}

/** Application-only OAuth (client credentials) when `client_id`/`client_secret` secrets are configured. */
async function bearerToken(ctx: ConnectorContext, authBase: string): Promise<string | undefined> {
  const id = ctx.secret('client_id');
  const secret = ctx.secret('client_secret');
  if (!id || !secret) return undefined;
  const token = await ctx.http.json<{ access_token: string }>(`${authBase}/api/v1/access_token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return token.access_token;
}

/**
 * Reddit posts (search or a subreddit's `new` listing) and, with `params.comments`, a subreddit's new comments,
 * paged with `after`. params: `query` and/or `subreddit`, `comments` (boolean), `baseUrl`, `authUrl`.
 * secrets: `client_id`, `client_secret` (OAuth client credentials; without them the public JSON API is used).
 */
export const redditConnector: Connector<RedditCursor> = {
  type: 'reddit',
  mode: 'poll',
  async *run(ctx, cursor) {
    const { query, subreddit } = ctx.source.params as { query?: string; subreddit?: string };
    if (!query && !subreddit) throw new Error(`source '${ctx.source.id}' (reddit) needs params.query or params.subreddit`);
    const token = await bearerToken(ctx, (ctx.source.params.authUrl as string | undefined) ?? 'https://www.reddit.com');
    const base = (ctx.source.params.baseUrl as string | undefined) ?? (token ? 'https://oauth.reddit.com' : 'https://www.reddit.com');
    const headers: Record<string, string> = token ? { authorization: `bearer ${token}` } : {};
    const listing = (path: string, extra: Record<string, string>) => async (next: string | undefined) => {
      const url = new URL(path, base);
      url.search = new URLSearchParams({ ...extra, limit: '100', raw_json: '1', ...(next ? { after: next } : {}) }).toString();
      const body = await ctx.http.json<RedditListing>(url.toString(), { headers });
      if (body?.kind !== 'Listing' || !Array.isArray(body.data?.children)) throw new Error(`Reddit answered something other than a Listing for ${url}`);
      return { items: body.data.children, next: body.data.after ?? undefined };
    };
    const position = (thing: RedditThing) => BigInt(Math.round(thing.data.created_utc * 1000)) * 1_000n + BigInt(parseInt(thing.data.id, 36) % 1000);
    const state: RedditCursor = { ...cursor };
    const postsPath = query ? (subreddit ? `/r/${subreddit}/search.json` : '/search.json') : `/r/${subreddit}/new.json`;
    const postsParams = query ? { q: query, sort: 'new', type: 'link', ...(subreddit ? { restrict_sr: 'on' } : {}) } : {};
    for await (const page of newestFirst({ cursor: state.posts, now: ctx.now(), fetch: listing(postsPath, postsParams), position, toDraft })) {
      state.posts = page.cursor;
      yield { ...page, cursor: { ...state } };
    }
    if (ctx.source.params.comments && subreddit) {
      for await (const page of newestFirst({ cursor: state.comments, now: ctx.now(), fetch: listing(`/r/${subreddit}/comments.json`, {}), position, toDraft })) {
        state.comments = page.cursor;
        yield { ...page, cursor: { ...state } };
      }
    }
  },
};
