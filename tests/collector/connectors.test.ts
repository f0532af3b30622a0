import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appStoreConnector, blueskyConnector, jetstreamConnector, redditConnector, xConnector, youtubeConnector,
} from '@vigie/collector';
import { createHarness, duplicates, fixture, fixtureJson, sendJson, sourceConfig, startFixtureServer, type FixtureServer, type Harness } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let h: Harness;
let server: FixtureServer;
let earlyRequests = 0;
let notBefore = 0;
const routes = new Map<string, (url: URL, headers: Record<string, string | string[] | undefined>) => { body: unknown; status?: number; headers?: Record<string, string> }>();

beforeAll(async () => {
  h = await createHarness('connectors');
  server = await startFixtureServer((req, res, url) => {
    if (Date.now() < notBefore) earlyRequests += 1;
    const route = routes.get(url.pathname);
    if (!route) return sendJson(res, { error: `no route ${url.pathname}` }, 404);
    const { body, status, headers } = route(url, req.headers);
    sendJson(res, body, status, headers);
  });
});

afterAll(async () => {
  await server?.close();
  await h?.close();
});

const bySource = async (name: string) => (await h.mentions()).filter((m) => m.sourceName === name);

describe('Reddit', () => {
  it('authenticates with client credentials, pages with after, obeys x-ratelimit headers, then polls only new posts and comments', async () => {
    const page1 = fixtureJson<Json>('reddit/search.page1.json');
    let tokenAuth: string | undefined;
    let authorizations = new Set<string>();
    routes.set('/api/v1/access_token', (_url, headers) => {
      tokenAuth = headers.authorization as string;
      return { body: fixtureJson('reddit/access_token.json') };
    });
    routes.set('/r/BuyItForLife/search.json', (url, headers) => {
      authorizations.add(String(headers.authorization));
      expect(url.searchParams.get('restrict_sr')).toBe('on');
      if (url.searchParams.get('after') === 't3_1gx0f2b') return { body: fixtureJson('reddit/search.page2.json') };
      notBefore = Date.now() + 1_000;
      return { body: page1, headers: { 'x-ratelimit-used': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } };
    });
    routes.set('/r/BuyItForLife/comments.json', () => ({ body: fixtureJson('reddit/subreddit-comments.json') }));
    const source = sourceConfig({
      id: 'reddit', type: 'reddit', secrets: { client_id: 'REDDIT_ID', client_secret: 'REDDIT_SECRET' },
      params: { query: 'acme', subreddit: 'BuyItForLife', comments: true, baseUrl: server.url, authUrl: server.url },
    });
    const env = { REDDIT_ID: 'abc', REDDIT_SECRET: 'xyz' };
    expect(await h.runner(source, redditConnector, env).runOnce()).toMatchObject({ produced: 4 });
    expect(tokenAuth).toBe(`Basic ${Buffer.from('abc:xyz').toString('base64')}`);
    expect([...authorizations]).toEqual([`bearer ${fixtureJson<Json>('reddit/access_token.json').access_token}`]);
    expect(earlyRequests).toBe(0);

    page1.data.children.unshift({ kind: 't3', data: { ...page1.data.children[0].data, id: '1gx1abc', name: 't3_1gx1abc', created_utc: 1795166000, title: 'Acme replaced my blender', selftext: '' } });
    authorizations = new Set();
    expect(await h.runner(source, redditConnector, env).runOnce()).toMatchObject({ produced: 1 });
    const mentions = await bySource('reddit');
    expect(mentions).toHaveLength(5);
    expect(duplicates(mentions)).toEqual([]);
    expect(mentions.find((m) => m.sourceId === 't3_1gx0k9a')).toMatchObject({
      source: 'reddit', title: 'Acme blender died after 3 months', text: 'Acme blender died after 3 months\n\nMotor smell then nothing. Warranty claim pending.',
      url: 'https://www.reddit.com/r/BuyItForLife/comments/1gx0k9a/acme_blender_died_after_3_mont/', author: { handle: 'kitchen_nerd' }, metrics: { score: 42, comments: 17 },
    });
    expect(mentions.find((m) => m.sourceId === 't1_lz9k2ab')).toMatchObject({ parentId: 't3_1gx0k9a', title: 'Acme blender died after 3 months' });
  });
});

describe('X recent search', () => {
  it('sends the bearer token, expands authors, pages with next_token, honours x-rate-limit-reset, then uses since_id', async () => {
    const sinceIds: (string | null)[] = [];
    const fresh: { value?: Json } = {};
    routes.set('/2/tweets/search/recent', (url, headers) => {
      if (headers.authorization !== 'Bearer x-token') return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
      const since = url.searchParams.get('since_id');
      if (since) {
        sinceIds.push(since);
        return { body: fresh.value ?? fixtureJson('x/recent-search.empty.json') };
      }
      if (url.searchParams.get('next_token')) return { body: fixtureJson('x/recent-search.page2.json') };
      notBefore = Date.now() + 1_000;
      return { body: fixtureJson('x/recent-search.page1.json'), headers: { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(notBefore / 1000)) } };
    });
    const source = sourceConfig({ id: 'x', type: 'x', secrets: { bearer_token: 'X_BEARER' }, params: { query: 'acme -is:retweet', baseUrl: server.url } });
    const env = { X_BEARER: 'x-token' };
    earlyRequests = 0;
    expect(await h.runner(source, xConnector, env).runOnce()).toMatchObject({ produced: 3 });
    expect(earlyRequests).toBe(0);
    const page1 = fixtureJson<Json>('x/recent-search.page1.json');
    fresh.value = { data: [{ ...page1.data[0], id: '1859212345678901299', text: 'Acme fixed it, thanks!' }], includes: page1.includes, meta: { newest_id: '1859212345678901299', oldest_id: '1859212345678901299', result_count: 1 } };
    expect(await h.runner(source, xConnector, env).runOnce()).toMatchObject({ produced: 1 });
    expect(sinceIds).toEqual(['1859212345678901250']);
    const mentions = await bySource('x');
    expect(mentions).toHaveLength(4);
    expect(mentions.find((m) => m.sourceId === '1859212345678901250')).toMatchObject({
      source: 'x', lang: 'fr', url: 'https://x.com/marie_l/status/1859212345678901250',
      author: { id: '1498765432109876543', handle: 'marie_l', name: 'Marie L.', followers: 230 }, metrics: { likes: 3, shares: 0, comments: 1, views: 812 },
    });
    expect(mentions.find((m) => m.sourceId === '1859212345678901240')).toMatchObject({ parentId: '1859212345678901230', author: { handle: 'AcmeSupport', followers: 51234 } });
  });
});

describe('YouTube Data API v3', () => {
  it('collects videos and their comment threads, counts quota units, and asks only for newer videos next time', async () => {
    const publishedAfter: (string | null)[] = [];
    routes.set('/youtube/v3/search', (url) => {
      expect(url.searchParams.get('key')).toBe('yt-key');
      if (url.searchParams.get('publishedAfter')) {
        publishedAfter.push(url.searchParams.get('publishedAfter'));
        return { body: { kind: 'youtube#searchListResponse', items: [] } };
      }
      return { body: fixtureJson('youtube/search.json') };
    });
    routes.set('/youtube/v3/commentThreads', (url) => ({
      body: url.searchParams.get('videoId') === 'dQw4w9WgXcA' ? fixtureJson('youtube/comment-threads.json') : { kind: 'youtube#commentThreadListResponse', items: [] },
    }));
    const source = sourceConfig({ id: 'yt', type: 'youtube', secrets: { api_key: 'YT_KEY' }, params: { query: 'acme blender', baseUrl: server.url } });
    const env = { YT_KEY: 'yt-key' };
    expect(await h.runner(source, youtubeConnector, env).runOnce()).toMatchObject({ produced: 3 });
    expect(await h.runner(source, youtubeConnector, env).runOnce()).toMatchObject({ produced: 0 });
    expect(publishedAfter).toEqual(['2026-11-19T18:00:00.000Z']);
    const cursor = await h.checkpoints.load<{ quota: { used: number } }>(source);
    expect(cursor?.quota.used).toBe(2 * (100 + 2));
    const mentions = await bySource('yt');
    expect(mentions.find((m) => m.sourceId === 'dQw4w9WgXcA')).toMatchObject({
      title: 'Acme Blender X2 review: does it overheat?', text: 'We ran the Acme X2 for 30 minutes straight & measured the motor temperature.', author: { name: 'Kitchen Lab' },
    });
    expect(mentions.find((m) => m.sourceId === 'UgzDE2tasfmrYLyNkGt4AaABAg')).toMatchObject({ parentId: 'dQw4w9WgXcA', metrics: { likes: 14, comments: 2 }, author: { name: '@paulette' } });
  });

  it('refuses to spend past the daily quota and says so', async () => {
    const source = sourceConfig({ id: 'yt-small', type: 'youtube', secrets: { api_key: 'YT_KEY' }, params: { query: 'acme', baseUrl: server.url, dailyQuota: 50 } });
    await expect(h.runner(source, youtubeConnector, { YT_KEY: 'yt-key' }).runOnce()).rejects.toThrow(/quota .* would exceed 50 units/);
  });
});

describe('App Store customer reviews', () => {
  it('reads the most-recent pages to the end, then only new reviews', async () => {
    const page1 = fixtureJson<Json>('appstore/customerreviews.page1.json');
    routes.set('/us/rss/customerreviews/page=1/id=1234567890/sortby=mostrecent/json', () => ({ body: page1 }));
    routes.set('/us/rss/customerreviews/page=2/id=1234567890/sortby=mostrecent/json', () => ({ body: fixtureJson('appstore/customerreviews.page2.json') }));
    routes.set('/us/rss/customerreviews/page=3/id=1234567890/sortby=mostrecent/json', () => ({ body: fixtureJson('appstore/customerreviews.empty.json') }));
    const source = sourceConfig({ id: 'app', type: 'appstore', params: { appId: '1234567890', country: 'US', baseUrl: server.url } });
    expect(await h.runner(source, appStoreConnector).runOnce()).toMatchObject({ produced: 3 });
    page1.feed.entry.unshift({ ...page1.feed.entry[0], id: { label: '11223344599' }, updated: { label: '2026-11-20T05:00:00-07:00' }, title: { label: 'Fixed in 4.2.1' } });
    expect(await h.runner(source, appStoreConnector).runOnce()).toMatchObject({ produced: 1 });
    const mentions = await bySource('app');
    expect(mentions).toHaveLength(4);
    expect(mentions.find((m) => m.sourceId === 'us:11223344556')).toMatchObject({
      source: 'appstore', title: 'App crashes on login', publishedAt: '2026-11-20T08:12:44.000Z', author: { name: 'frustrated_user' }, metrics: { score: 1, likes: 3 },
    });
  });
});

describe('Bluesky', () => {
  it('searchPosts: cursor paging to the end, then only posts since the checkpoint', async () => {
    const sinceParams: (string | null)[] = [];
    routes.set('/xrpc/app.bsky.feed.searchPosts', (url) => {
      expect(url.searchParams.get('sort')).toBe('latest');
      if (url.searchParams.get('since')) {
        sinceParams.push(url.searchParams.get('since'));
        return { body: { posts: [] } };
      }
      return { body: url.searchParams.get('cursor') === '2' ? fixtureJson('bluesky/searchPosts.page2.json') : fixtureJson('bluesky/searchPosts.page1.json') };
    });
    const source = sourceConfig({ id: 'bsky', type: 'bluesky', params: { query: 'acme', baseUrl: server.url } });
    expect(await h.runner(source, blueskyConnector).runOnce()).toMatchObject({ produced: 3 });
    expect(await h.runner(source, blueskyConnector).runOnce()).toMatchObject({ produced: 0 });
    expect(sinceParams).toEqual(['2026-11-20T09:50:00.000Z']);
    const mentions = await bySource('bsky');
    expect(mentions.find((m) => m.sourceId === 'at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lbq4kxz2ns2a')).toMatchObject({
      url: 'https://bsky.app/profile/alice.bsky.social/post/3lbq4kxz2ns2a', lang: 'en', author: { handle: 'alice.bsky.social', name: 'Alice' }, metrics: { likes: 12, shares: 4, comments: 2 },
    });
    expect(mentions.find((m) => m.lang === 'fr')?.author?.handle).toBe('jean.bsky.social');
  });

  it('Jetstream: keeps posts matching the brand query and resumes from the time_us cursor after a disconnection', async () => {
    const events = fixture('bluesky/jetstream-events.jsonl').toString().trim().split('\n');
    const connections: URL[] = [];
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (socket, request) => {
      const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
      connections.push(url);
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      // Jetstream replays from the cursor (inclusive); then this server drops the connection to force a resume.
      for (const event of events) if ((JSON.parse(event) as { time_us: number }).time_us >= cursor) socket.send(event);
      setTimeout(() => socket.close(), 100);
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    const port = (wss.address() as AddressInfo).port;
    const source = sourceConfig({ id: 'jet', type: 'bluesky', params: { query: 'acme NOT toaster', url: `ws://127.0.0.1:${port}`, streaming: true } });
    const runner = h.runner(source, jetstreamConnector);
    runner.start();
    await expect.poll(() => connections.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await runner.stop();
    wss.close();
    expect(connections[0]!.searchParams.get('wantedCollections')).toBe('app.bsky.feed.post');
    expect(connections[1]!.searchParams.get('cursor')).toBe('1795166000000006');
    const mentions = await bySource('jet');
    expect(mentions.map((m) => m.text).sort()).toEqual(['ACME a encore raté sa mise à jour', 'acme support rocks']);
    expect(duplicates(mentions)).toEqual([]);
    expect(mentions.find((m) => m.lang === 'fr')).toMatchObject({ parentId: 'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3lbq5aaaaaa2b' });
  });
});
