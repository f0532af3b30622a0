import Parser from 'rss-parser';
import type { Connector, MentionDraft } from '../types.js';
import { requireParam } from '../types.js';
import { boundedIds, canonicalUrl, htmlToText, isoDate } from '../text.js';
import { decodeFeed } from './decode.js';

/** Conditional GET validators of the feed and the ids already produced (feeds repeat their recent items). */
export interface RssCursor {
  etag?: string;
  lastModified?: string;
  seen: string[];
}

type FeedItem = Parser.Item & { id?: string; author?: string; 'dc:creator'?: string };

const parser = new Parser<Record<string, unknown>, FeedItem>({ customFields: { item: ['id', 'author', 'dc:creator'] } });

function draftOf(item: FeedItem, feedDate: string | undefined, now: Date): MentionDraft | undefined {
  const link = canonicalUrl(item.link);
  const sourceId = (typeof item.guid === 'string' && item.guid) || (typeof item.id === 'string' && item.id) || link;
  if (!sourceId) return undefined;
  const title = htmlToText(item.title);
  const text = htmlToText(item.content ?? item.summary) || title;
  const author = item.creator ?? item['dc:creator'] ?? item.author;
  return {
    sourceId,
    ...(link ? { url: link } : {}),
    ...(title ? { title } : {}),
    text,
    publishedAt: isoDate(item.isoDate) ?? feedDate ?? now.toISOString(),
    ...(typeof author === 'string' && author ? { author: { name: author.slice(0, 512) } } : {}),
  };
}

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom, Google Alerts and Google News feeds included.
 * params: `url` (the feed). Follows RFC 5005 `next` links while a page is entirely new.
 */
export const rssConnector: Connector<RssCursor> = {
  type: 'rss',
  mode: 'poll',
  async *run(ctx, cursor) {
    const seen = new Set(cursor?.seen ?? []);
    let url: string | undefined = requireParam(ctx.source, 'url');
    let first = true;
    let validators: Pick<RssCursor, 'etag' | 'lastModified'> = { etag: cursor?.etag, lastModified: cursor?.lastModified };
    let seenIds = cursor?.seen ?? [];
    while (url) {
      const conditional: Record<string, string> = {};
      if (first && cursor?.etag) conditional['if-none-match'] = cursor.etag;
      if (first && cursor?.lastModified) conditional['if-modified-since'] = cursor.lastModified;
      const response = await ctx.http.request(url, { headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5', ...conditional }, accept: [304] });
      if (response.status === 304) return;
      let feed: Parser.Output<FeedItem>;
      try {
        feed = await parser.parseString(decodeFeed(response.body, response.headers.get('content-type')));
      } catch (error) {
        throw new Error(`feed ${url} is not valid RSS/Atom: ${(error as Error).message}`, { cause: error });
      }
      const feedDate = isoDate((feed as { lastBuildDate?: string; pubDate?: string }).lastBuildDate ?? (feed as { pubDate?: string }).pubDate);
      const drafts: MentionDraft[] = [];
      let skipped = 0;
      for (const item of feed.items) {
        const draft = draftOf(item, feedDate, ctx.now());
        if (!draft) continue;
        if (seen.has(draft.sourceId)) skipped += 1;
        else drafts.push(draft);
      }
      drafts.forEach((d) => seen.add(d.sourceId));
      seenIds = boundedIds(seenIds, drafts.map((d) => d.sourceId));
      const next: string | undefined = skipped === 0 ? feed.paginationLinks?.next : undefined;
      if (first) validators = { etag: response.headers.get('etag') ?? undefined, lastModified: response.headers.get('last-modified') ?? undefined };
      // Validators of the first page are stored only with the last page, so a crash mid-way refetches everything.
      const done: boolean = !next || next === url;
      yield { mentions: drafts, skipped, cursor: { ...(done ? validators : { etag: cursor?.etag, lastModified: cursor?.lastModified }), seen: seenIds } };
      first = false;
      url = done || !next ? undefined : new URL(next, url).toString();
    }
  },
};
