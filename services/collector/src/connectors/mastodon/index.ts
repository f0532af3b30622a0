import type { Connector, ConnectorContext, MentionDraft, Page } from '../types.js';
import { requireParam } from '../types.js';
import { newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { htmlToText, isoDate } from '../text.js';
import { socketBatches } from '../websocket.js';

/** A Mastodon Status entity (REST API and streaming `update` payload). */
interface Status {
  id: string;
  uri: string;
  url: string | null;
  created_at: string;
  content: string;
  spoiler_text?: string;
  language: string | null;
  in_reply_to_id: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  reblog: Status | null;
  account: { id: string; username: string; acct: string; display_name: string; url: string; followers_count: number };
}

function toDraft(status: Status): MentionDraft | undefined {
  if (status.reblog) return undefined;
  const text = [status.spoiler_text, htmlToText(status.content)].filter(Boolean).join('\n\n');
  if (!text) return undefined;
  return {
    sourceId: status.uri,
    url: status.url ?? status.uri,
    text,
    ...(status.language && /^[a-z]{2,3}$/.test(status.language) ? { lang: status.language } : {}),
    publishedAt: isoDate(status.created_at)!,
    author: { id: status.account.id, handle: status.account.acct, name: status.account.display_name || status.account.username, followers: status.account.followers_count, url: status.account.url },
    metrics: { likes: status.favourites_count, shares: status.reblogs_count, comments: status.replies_count },
    ...(status.in_reply_to_id ? { parentId: status.in_reply_to_id } : {}),
  };
}

function settings(ctx: ConnectorContext) {
  const instance = requireParam(ctx.source, 'instance').replace(/\/$/, '');
  const hashtag = ctx.source.params.hashtag as string | undefined;
  const query = ctx.source.params.query as string | undefined;
  if (!hashtag && !query) throw new Error(`source '${ctx.source.id}' (mastodon) needs params.hashtag or params.query`);
  const token = ctx.secret('access_token');
  return { instance, hashtag, query, headers: token ? { authorization: `Bearer ${token}` } : ({} as Record<string, string>) };
}

/** `Link: <...?max_id=123>; rel="next"` -> `123`. */
function nextMaxId(link: string | null): string | undefined {
  const next = link?.split(',').find((part) => /rel="next"/.test(part));
  const url = next && /<([^>]+)>/.exec(next)?.[1];
  return url ? new URL(url).searchParams.get('max_id') ?? undefined : undefined;
}

/**
 * Mastodon: a hashtag timeline (`/api/v1/timelines/tag/:hashtag`) or status search (`/api/v2/search`, needs a token
 * on most instances), paged with `max_id` and bounded by `since_id`. params: `instance`, `hashtag` or `query`.
 * secrets: `access_token`.
 */
export const mastodonConnector: Connector<NewestFirstCursor> = {
  type: 'mastodon',
  mode: 'poll',
  async *run(ctx, cursor) {
    const { instance, hashtag, query, headers } = settings(ctx);
    yield* newestFirst<Status>({
      cursor,
      now: ctx.now(),
      position: (status) => BigInt(status.id),
      toDraft,
      fetch: async (maxId, sinceId) => {
        const paging = { limit: hashtag ? '40' : '20', ...(maxId ? { max_id: maxId } : {}), ...(sinceId ? { since_id: sinceId } : {}) };
        if (hashtag) {
          const url = `${instance}/api/v1/timelines/tag/${encodeURIComponent(hashtag)}?${new URLSearchParams(paging)}`;
          const response = await ctx.http.request(url, { headers: { ...headers, accept: 'application/json' } });
          const items = JSON.parse(response.body.toString('utf8')) as Status[];
          if (!Array.isArray(items)) throw new Error(`${url} did not answer a list of statuses`);
          return { items, next: items.length > 0 ? nextMaxId(response.headers.get('link')) ?? items.at(-1)!.id : undefined };
        }
        const url = `${instance}/api/v2/search?${new URLSearchParams({ q: query!, type: 'statuses', resolve: 'false', ...paging })}`;
        const body = await ctx.http.json<{ statuses: Status[] }>(url, { headers });
        if (!Array.isArray(body.statuses)) throw new Error(`${url} did not answer a search result`);
        return { items: body.statuses, next: body.statuses.at(-1)?.id };
      },
    });
  },
};

/**
 * Mastodon streaming (`/api/v1/streaming?stream=hashtag&tag=...`): `update` events as they happen. The cursor is the
 * last status id produced; on (re)connection the REST timeline is read from it first, so nothing is missed between.
 */
export const mastodonStreamConnector: Connector<NewestFirstCursor> = {
  type: 'mastodon',
  mode: 'stream',
  async *run(ctx, cursor) {
    const { instance, hashtag, headers } = settings(ctx);
    if (!hashtag) throw new Error(`source '${ctx.source.id}' (mastodon streaming) needs params.hashtag`);
    let state = cursor;
    for await (const page of mastodonConnector.run(ctx, state)) {
      state = page.cursor;
      yield page;
    }
    const streamUrl = `${(ctx.source.params.streamingUrl as string | undefined) ?? instance.replace(/^http/, 'ws')}/api/v1/streaming?${new URLSearchParams({ stream: 'hashtag', tag: hashtag })}`;
    yield* streamUpdates(ctx, streamUrl, headers, state);
  },
};

async function* streamUpdates(ctx: ConnectorContext, url: string, headers: Record<string, string>, cursor: NewestFirstCursor | undefined): AsyncGenerator<Page<NewestFirstCursor>> {
  let since = cursor?.since;
  for await (const messages of socketBatches(ctx, url, { headers })) {
    const statuses: Status[] = [];
    for (const message of messages) {
      try {
        const event = JSON.parse(message) as { event: string; payload: string };
        if (event.event === 'update') statuses.push(JSON.parse(event.payload) as Status);
      } catch (error) {
        ctx.log.warn({ err: error }, 'unreadable streaming event skipped');
      }
    }
    const fresh = statuses.filter((s) => since === undefined || BigInt(s.id) > BigInt(since));
    if (fresh.length === 0) continue;
    for (const status of fresh) if (since === undefined || BigInt(status.id) > BigInt(since)) since = status.id;
    yield { mentions: fresh.map(toDraft).filter((d): d is MentionDraft => d !== undefined), skipped: statuses.length - fresh.length, cursor: { since } };
  }
}
