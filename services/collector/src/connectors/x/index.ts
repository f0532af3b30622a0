import type { Connector, MentionDraft } from '../types.js';
import { requireParam } from '../types.js';
import { newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { isoDate } from '../text.js';

/** X API v2 Tweet object with the fields requested below. */
interface Tweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  lang?: string;
  conversation_id?: string;
  referenced_tweets?: { type: 'replied_to' | 'quoted' | 'retweeted'; id: string }[];
  public_metrics?: { retweet_count: number; reply_count: number; like_count: number; quote_count: number; impression_count?: number };
}

interface User {
  id: string;
  name: string;
  username: string;
  public_metrics?: { followers_count: number };
}

interface RecentSearchResponse {
  data?: Tweet[];
  includes?: { users?: User[] };
  meta: { newest_id?: string; oldest_id?: string; result_count: number; next_token?: string };
  errors?: { title: string; detail?: string }[];
}

function toDraft(tweet: Tweet, users: Map<string, User>): MentionDraft {
  const user = users.get(tweet.author_id);
  const metrics = tweet.public_metrics;
  const parent = tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
  return {
    sourceId: tweet.id,
    url: `https://x.com/${user?.username ?? 'i/web'}/status/${tweet.id}`,
    text: tweet.text,
    ...(tweet.lang && /^[a-z]{2,3}$/.test(tweet.lang) ? { lang: tweet.lang } : {}),
    publishedAt: isoDate(tweet.created_at)!,
    author: {
      id: tweet.author_id,
      ...(user ? { handle: user.username, name: user.name, url: `https://x.com/${user.username}` } : {}),
      ...(user?.public_metrics ? { followers: user.public_metrics.followers_count } : {}),
    },
    ...(metrics
      ? { metrics: { likes: metrics.like_count, shares: metrics.retweet_count + metrics.quote_count, comments: metrics.reply_count, ...(metrics.impression_count !== undefined ? { views: metrics.impression_count } : {}) } }
      : {}),
    ...(parent ? { parentId: parent } : {}),
  };
}

/**
 * X API v2 recent search (`/2/tweets/search/recent`) with a bearer token: `since_id` from the checkpoint,
 * `next_token` paging, author expansion with public metrics; `x-rate-limit-*` headers are obeyed by the HTTP layer.
 * params: `query`, `baseUrl`. secrets: `bearer_token`.
 */
export const xConnector: Connector<NewestFirstCursor> = {
  type: 'x',
  mode: 'poll',
  async *run(ctx, cursor) {
    const query = requireParam(ctx.source, 'query');
    const token = ctx.secret('bearer_token');
    if (!token) throw new Error(`source '${ctx.source.id}' (x) needs secrets.bearer_token naming the environment variable that holds the bearer token`);
    const base = (ctx.source.params.baseUrl as string | undefined) ?? 'https://api.x.com';
    const users = new Map<string, User>();
    yield* newestFirst<Tweet>({
      cursor,
      now: ctx.now(),
      position: (tweet) => BigInt(tweet.id),
      toDraft: (tweet) => toDraft(tweet, users),
      fetch: async (next, since) => {
        const params = new URLSearchParams({
          query,
          max_results: '100',
          'tweet.fields': 'created_at,lang,author_id,conversation_id,public_metrics,referenced_tweets',
          expansions: 'author_id',
          'user.fields': 'username,name,public_metrics',
          ...(since ? { since_id: since } : {}),
          ...(next ? { next_token: next } : {}),
        });
        const body = await ctx.http.json<RecentSearchResponse>(`${base}/2/tweets/search/recent?${params}`, { headers: { authorization: `Bearer ${token}` } });
        if (!body.meta) throw new Error(`X recent search answered without meta: ${body.errors?.map((e) => e.detail ?? e.title).join('; ') ?? 'no detail'}`);
        for (const user of body.includes?.users ?? []) users.set(user.id, user);
        return { items: body.data ?? [], next: body.meta.next_token };
      },
    });
  },
};
