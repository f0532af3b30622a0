import type { Connector, ConnectorContext, MentionDraft } from '../types.js';
import { requireParam } from '../types.js';
import { datePosition, newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { htmlToText, isoDate } from '../text.js';

/** YouTube Data API v3 `search#result` (type=video). */
interface SearchResult {
  id: { kind: string; videoId: string };
  snippet: { publishedAt: string; channelId: string; title: string; description: string; channelTitle: string };
}

/** `commentThread` resource with its top-level comment. */
interface CommentThread {
  id: string;
  snippet: {
    videoId: string;
    totalReplyCount: number;
    topLevelComment: { id: string; snippet: { textDisplay: string; textOriginal?: string; authorDisplayName: string; authorChannelUrl?: string; authorChannelId?: { value: string }; likeCount: number; publishedAt: string } };
  };
}

interface ListResponse<T> {
  nextPageToken?: string;
  items: T[];
}

interface YouTubeCursor {
  videos?: NewestFirstCursor;
  /** Newest comment date seen per video, for the videos found so far (bounded). */
  comments: Record<string, string>;
  /** Quota units spent today (UTC) by this source, per the Data API's published costs. */
  quota: { day: string; used: number };
}

const COST = { search: 100, commentThreads: 1 };
const MAX_TRACKED_VIDEOS = 50;

function quotaGuard(ctx: ConnectorContext, state: YouTubeCursor) {
  const limit = Number(ctx.source.params.dailyQuota ?? 10_000);
  const today = ctx.now().toISOString().slice(0, 10);
  if (state.quota.day !== today) state.quota = { day: today, used: 0 };
  return (kind: keyof typeof COST) => {
    if (state.quota.used + COST[kind] > limit) {
      throw new Error(`YouTube quota for source '${ctx.source.id}' would exceed ${limit} units today (${state.quota.used} used); it resumes tomorrow or raise params.dailyQuota`);
    }
    state.quota.used += COST[kind];
  };
}

/**
 * YouTube Data API v3: videos matching `params.query` (`search.list`, order=date, `publishedAfter` from the checkpoint)
 * and the comment threads of those videos (`commentThreads.list`, order=time). API-key quota is counted per day.
 * params: `query`, `dailyQuota` (default 10000), `baseUrl`. secrets: `api_key`.
 */
export const youtubeConnector: Connector<YouTubeCursor> = {
  type: 'youtube',
  mode: 'poll',
  async *run(ctx, cursor) {
    const query = requireParam(ctx.source, 'query');
    const key = ctx.secret('api_key');
    if (!key) throw new Error(`source '${ctx.source.id}' (youtube) needs secrets.api_key naming the environment variable that holds the API key`);
    const base = (ctx.source.params.baseUrl as string | undefined) ?? 'https://www.googleapis.com';
    const state: YouTubeCursor = { comments: {}, quota: { day: '', used: 0 }, ...cursor };
    const spend = quotaGuard(ctx, state);
    const found: string[] = [];
    for await (const page of newestFirst<SearchResult>({
      cursor: state.videos,
      now: ctx.now(),
      position: (video) => datePosition(video.snippet.publishedAt),
      toDraft: (video): MentionDraft => {
        found.push(video.id.videoId);
        return {
          sourceId: video.id.videoId,
          url: `https://www.youtube.com/watch?v=${video.id.videoId}`,
          title: htmlToText(video.snippet.title),
          text: htmlToText(video.snippet.description) || htmlToText(video.snippet.title),
          publishedAt: isoDate(video.snippet.publishedAt)!,
          author: { id: video.snippet.channelId, name: video.snippet.channelTitle, url: `https://www.youtube.com/channel/${video.snippet.channelId}` },
        };
      },
      fetch: async (next, since) => {
        spend('search');
        const params = new URLSearchParams({ part: 'snippet', type: 'video', order: 'date', maxResults: '50', q: query, key, ...(next ? { pageToken: next } : {}), ...(since ? { publishedAfter: new Date(Number(since)).toISOString() } : {}) });
        const body = await ctx.http.json<ListResponse<SearchResult>>(`${base}/youtube/v3/search?${params}`);
        return { items: body.items ?? [], next: body.nextPageToken };
      },
    })) {
      state.videos = page.cursor;
      for (const id of found.splice(0)) state.comments[id] ??= '';
      const tracked = Object.keys(state.comments);
      for (const id of tracked.slice(0, Math.max(0, tracked.length - MAX_TRACKED_VIDEOS))) delete state.comments[id];
      yield { ...page, cursor: { ...state, comments: { ...state.comments } } };
    }
    for (const videoId of Object.keys(state.comments)) {
      const since = state.comments[videoId] ?? '';
      let pageToken: string | undefined;
      const mentions: MentionDraft[] = [];
      let newest = since;
      let reachedKnown = false;
      do {
        spend('commentThreads');
        const params = new URLSearchParams({ part: 'snippet', videoId, order: 'time', maxResults: '100', textFormat: 'plainText', key, ...(pageToken ? { pageToken } : {}) });
        const body = await ctx.http.json<ListResponse<CommentThread>>(`${base}/youtube/v3/commentThreads?${params}`);
        for (const thread of body.items ?? []) {
          const comment = thread.snippet.topLevelComment;
          if (since && comment.snippet.publishedAt <= since) {
            reachedKnown = true;
            continue;
          }
          if (comment.snippet.publishedAt > newest) newest = comment.snippet.publishedAt;
          mentions.push({
            sourceId: comment.id,
            url: `https://www.youtube.com/watch?v=${videoId}&lc=${comment.id}`,
            text: comment.snippet.textOriginal ?? htmlToText(comment.snippet.textDisplay),
            publishedAt: isoDate(comment.snippet.publishedAt)!,
            author: { name: comment.snippet.authorDisplayName, ...(comment.snippet.authorChannelId ? { id: comment.snippet.authorChannelId.value } : {}), ...(comment.snippet.authorChannelUrl ? { url: comment.snippet.authorChannelUrl } : {}) },
            metrics: { likes: comment.snippet.likeCount, comments: thread.snippet.totalReplyCount },
            parentId: videoId,
          });
        }
        pageToken = reachedKnown ? undefined : body.nextPageToken;
      } while (pageToken);
      state.comments[videoId] = newest;
      yield { mentions, cursor: { ...state, comments: { ...state.comments } } };
    }
  },
};
