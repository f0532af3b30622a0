import { compileQuery, normalizeForSearch } from '@vigie/nlp';
import type { Connector, ConnectorContext, MentionDraft } from '../types.js';
import { requireParam } from '../types.js';
import { datePosition, newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { isoDate } from '../text.js';
import { socketBatches } from '../websocket.js';

/** `app.bsky.feed.post` record. */
interface PostRecord {
  $type?: string;
  text: string;
  createdAt: string;
  langs?: string[];
  reply?: { parent: { uri: string }; root: { uri: string } };
}

/** `app.bsky.feed.defs#postView`, as `app.bsky.feed.searchPosts` returns it. */
interface PostView {
  uri: string;
  cid: string;
  author: { did: string; handle: string; displayName?: string };
  record: PostRecord;
  replyCount?: number;
  repostCount?: number;
  likeCount?: number;
  quoteCount?: number;
  indexedAt: string;
}

/** A Jetstream event (`/subscribe`), commit kind. */
interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: 'commit' | 'identity' | 'account';
  commit?: { operation: 'create' | 'update' | 'delete'; collection: string; rkey: string; cid?: string; record?: PostRecord };
}

function draft(uri: string, did: string, handle: string | undefined, record: PostRecord, extra: Partial<MentionDraft> = {}): MentionDraft | undefined {
  if (!record.text) return undefined;
  const rkey = uri.split('/').pop()!;
  const lang = record.langs?.[0]?.slice(0, 2).toLowerCase();
  return {
    sourceId: uri,
    url: `https://bsky.app/profile/${handle ?? did}/post/${rkey}`,
    text: record.text,
    ...(lang && /^[a-z]{2}$/.test(lang) ? { lang } : {}),
    publishedAt: isoDate(record.createdAt)!,
    ...(record.reply ? { parentId: record.reply.parent.uri } : {}),
    ...extra,
    author: { id: did, ...(handle ? { handle } : {}), ...extra.author },
  };
}

/**
 * Bluesky search: `app.bsky.feed.searchPosts` (`sort=latest`, `cursor` paging, `since` bound).
 * params: `query`, `baseUrl` (default https://api.bsky.app). secrets: `access_token` (app password session JWT).
 */
export const blueskyConnector: Connector<NewestFirstCursor> = {
  type: 'bluesky',
  mode: 'poll',
  async *run(ctx, cursor) {
    const query = requireParam(ctx.source, 'query');
    const base = (ctx.source.params.baseUrl as string | undefined) ?? 'https://api.bsky.app';
    const token = ctx.secret('access_token');
    yield* newestFirst<PostView>({
      cursor,
      now: ctx.now(),
      position: (post) => datePosition(post.record.createdAt),
      toDraft: (post) =>
        draft(post.uri, post.author.did, post.author.handle, post.record, {
          author: { id: post.author.did, handle: post.author.handle, ...(post.author.displayName ? { name: post.author.displayName } : {}) },
          metrics: { likes: post.likeCount ?? 0, shares: (post.repostCount ?? 0) + (post.quoteCount ?? 0), comments: post.replyCount ?? 0 },
        }),
      fetch: async (next, since) => {
        const params = new URLSearchParams({ q: query, sort: 'latest', limit: '100', ...(next ? { cursor: next } : {}), ...(since ? { since: new Date(Number(since)).toISOString() } : {}) });
        const body = await ctx.http.json<{ cursor?: string; posts: PostView[] }>(`${base}/xrpc/app.bsky.feed.searchPosts?${params}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        if (!Array.isArray(body.posts)) throw new Error('searchPosts answered without a posts array');
        return { items: body.posts, next: body.cursor };
      },
    });
  },
};

/**
 * The firehose filter: `params.query`, a brand query in the same language as brands' (`acme OR "acme corp" NOT job*`,
 * case-, accent- and elision-insensitive), or `params.keywords` as a shorthand for `"k1" OR "k2"`.
 */
function matcher(ctx: ConnectorContext): (text: string, langs: readonly string[]) => boolean {
  const { query, keywords } = ctx.source.params;
  const source = typeof query === 'string' && query.trim() !== '' ? query
    : Array.isArray(keywords) && keywords.length > 0 ? keywords.map((k) => `"${String(k).replaceAll('"', '')}"`).join(' OR ')
    : undefined;
  if (!source) throw new Error(`source '${ctx.source.id}' (bluesky jetstream) needs params.query, a brand query such as acme OR "acme corp", to keep posts by`);
  const matches = compileQuery(source);
  return (text, langs) => matches(normalizeForSearch(text).split(' '), { lang: langs, source: ['bluesky'], author: [] });
}

/**
 * Bluesky Jetstream firehose (`/subscribe?wantedCollections=app.bsky.feed.post&cursor=<time_us>`), keeping new posts
 * that match `params.query` (or `params.keywords`). The cursor is the `time_us` of the last event processed, so a reconnection
 * replays from there. params: `query` or `keywords`, `url` (default wss://jetstream2.us-east.bsky.network).
 */
export const jetstreamConnector: Connector<{ timeUs?: number }> = {
  type: 'bluesky',
  mode: 'stream',
  async *run(ctx, cursor) {
    const matches = matcher(ctx);
    const base = (ctx.source.params.url as string | undefined) ?? 'wss://jetstream2.us-east.bsky.network';
    const params = new URLSearchParams({ wantedCollections: 'app.bsky.feed.post', ...(cursor?.timeUs ? { cursor: String(cursor.timeUs) } : {}) });
    let timeUs = cursor?.timeUs;
    let lastYield = Date.now();
    for await (const messages of socketBatches(ctx, `${base}/subscribe?${params}`)) {
      const mentions: MentionDraft[] = [];
      let skipped = 0;
      for (const message of messages) {
        let event: JetstreamEvent;
        try {
          event = JSON.parse(message) as JetstreamEvent;
        } catch {
          ctx.log.warn('unreadable Jetstream event skipped');
          continue;
        }
        if (timeUs !== undefined && event.time_us <= timeUs) {
          skipped += 1;
          continue;
        }
        timeUs = event.time_us;
        const commit = event.commit;
        if (event.kind !== 'commit' || commit?.operation !== 'create' || commit.collection !== 'app.bsky.feed.post' || !commit.record) continue;
        if (!matches(commit.record.text ?? '', (commit.record.langs ?? []).map((l) => l.slice(0, 2).toLowerCase()))) continue;
        const item = draft(`at://${event.did}/app.bsky.feed.post/${commit.rkey}`, event.did, undefined, commit.record);
        if (item) mentions.push(item);
      }
      // Checkpoint on every match, and every few seconds while nothing matches so a reconnection does not replay much.
      if (mentions.length > 0 || skipped > 0 || (timeUs !== undefined && Date.now() - lastYield > 5_000)) {
        lastYield = Date.now();
        yield { mentions, skipped, cursor: { timeUs } };
      }
    }
  },
};
