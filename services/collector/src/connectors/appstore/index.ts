import type { Connector, MentionDraft } from '../types.js';
import { requireParam } from '../types.js';
import { datePosition, newestFirst, type NewestFirstCursor } from '../newest-first.js';
import { isoDate } from '../text.js';

/** An entry of Apple's customer-reviews JSON feed (`/{country}/rss/customerreviews/page=N/id=APP/sortby=mostrecent/json`). */
interface ReviewEntry {
  id: { label: string };
  title: { label: string };
  content: { label: string; attributes?: { type: string } };
  author: { name: { label: string }; uri: { label: string } };
  updated: { label: string };
  'im:rating': { label: string };
  'im:version'?: { label: string };
  'im:voteCount'?: { label: string };
  link?: { attributes: { href: string } };
}

interface ReviewsFeed {
  feed: { entry?: ReviewEntry[] | ReviewEntry; link?: { attributes: { rel: string; href: string } }[] };
}

const LAST_PAGE = 10;

function toDraft(entry: ReviewEntry, appId: string, country: string): MentionDraft {
  const rating = Number(entry['im:rating'].label);
  return {
    sourceId: `${country}:${entry.id.label}`,
    url: entry.link?.attributes.href ?? `https://apps.apple.com/${country}/app/id${appId}?see-all=reviews`,
    title: entry.title.label,
    text: entry.content.label,
    publishedAt: isoDate(entry.updated.label)!,
    author: { name: entry.author.name.label, url: entry.author.uri.label },
    // Rating (1-5) as the score, votes as likes.
    metrics: { score: rating, ...(entry['im:voteCount'] ? { likes: Number(entry['im:voteCount'].label) } : {}) },
  };
}

/**
 * Apple App Store customer reviews through the public customer-reviews feed, most recent first, pages 1..10.
 * params: `appId`, `country` (default `us`), `baseUrl` (default https://itunes.apple.com).
 */
export const appStoreConnector: Connector<NewestFirstCursor> = {
  type: 'appstore',
  mode: 'poll',
  async *run(ctx, cursor) {
    const appId = requireParam(ctx.source, 'appId');
    const country = ((ctx.source.params.country as string | undefined) ?? 'us').toLowerCase();
    const base = (ctx.source.params.baseUrl as string | undefined) ?? 'https://itunes.apple.com';
    yield* newestFirst<ReviewEntry>({
      cursor,
      now: ctx.now(),
      position: (entry) => datePosition(entry.updated.label) * 1_000_000_000_000n + BigInt(entry.id.label.replace(/\D/g, '').slice(-12) || '0'),
      toDraft: (entry) => toDraft(entry, appId, country),
      fetch: async (next) => {
        const page = Number(next ?? '1');
        const body = await ctx.http.json<ReviewsFeed>(`${base}/${country}/rss/customerreviews/page=${page}/id=${appId}/sortby=mostrecent/json`);
        const raw = body.feed?.entry ?? [];
        // The feed's first entry on page 1 used to be the app itself (no rating); keep reviews only.
        const items = (Array.isArray(raw) ? raw : [raw]).filter((e) => e['im:rating'] !== undefined);
        return { items, next: items.length > 0 && page < LAST_PAGE ? String(page + 1) : undefined };
      },
    });
  },
};
