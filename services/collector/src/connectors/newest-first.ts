import type { MentionDraft, Page } from './types.js';

/**
 * Cursor of a listing served newest first (search results, timelines): `since` is the position of the newest
 * item already produced; `run` holds the page token of a pass that has not reached `since` yet, so a restart
 * continues that pass instead of starting over or skipping its older pages.
 */
export interface NewestFirstCursor {
  since?: string;
  run?: { next: string; newest?: string; startedAt: number };
}

export interface ListingPage<T> {
  items: T[];
  /** Token of the next (older) page; absent on the last page. */
  next?: string;
}

export interface NewestFirstOptions<T> {
  cursor: NewestFirstCursor | undefined;
  now: Date;
  /** Fetch a page: `next` is undefined for the first page; `since` lets the API filter server-side; `startedAt` (epoch seconds) pins offset-paged listings. */
  fetch(next: string | undefined, since: string | undefined, startedAt: number): Promise<ListingPage<T>>;
  /** Monotonic position of an item (a snowflake id, a timestamp in ms...). */
  position(item: T): bigint;
  toDraft(item: T): MentionDraft | undefined;
}

/** Page through a newest-first listing down to the last produced item, one checkpointed page at a time. */
export async function* newestFirst<T>(options: NewestFirstOptions<T>): AsyncGenerator<Page<NewestFirstCursor>> {
  const since = options.cursor?.since;
  const floor = since === undefined ? undefined : BigInt(since);
  let next = options.cursor?.run?.next;
  let newest = options.cursor?.run?.newest ?? since;
  const startedAt = options.cursor?.run?.startedAt ?? Math.floor(options.now.getTime() / 1000);
  for (;;) {
    const page = await options.fetch(next, since, startedAt);
    const mentions: MentionDraft[] = [];
    let reachedKnown = false;
    let skipped = 0;
    for (const item of page.items) {
      const position = options.position(item);
      if (floor !== undefined && position <= floor) {
        reachedKnown = true;
        skipped += 1;
        continue;
      }
      if (newest === undefined || position > BigInt(newest)) newest = position.toString();
      const draft = options.toDraft(item);
      if (draft) mentions.push(draft);
    }
    const done = reachedKnown || !page.next || page.items.length === 0;
    yield { mentions, skipped, cursor: done ? { since: newest } : { since, run: { next: page.next!, newest, startedAt } } };
    if (done) return;
    next = page.next;
  }
}

/** Position of an ISO date (milliseconds), for listings without sortable ids. */
export function datePosition(iso: string): bigint {
  const ms = Date.parse(iso);
  return BigInt(Number.isNaN(ms) ? 0 : ms);
}
