import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssConnector } from '@vigie/collector';
import { createHarness, duplicates, fixture, sourceConfig, startFixtureServer, type FixtureServer, type Harness } from './helpers.js';

let h: Harness;
let server: FixtureServer;
const feeds = new Map<string, { body: Buffer; type: string; etag?: string }>();

beforeAll(async () => {
  h = await createHarness('rss');
  server = await startFixtureServer((req, res, url) => {
    const feed = feeds.get(url.pathname);
    if (!feed) {
      res.writeHead(404).end();
      return;
    }
    if (feed.etag && req.headers['if-none-match'] === feed.etag) {
      res.writeHead(304, { etag: feed.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': feed.type, ...(feed.etag ? { etag: feed.etag } : {}) });
    res.end(feed.body);
  });
});

afterAll(async () => {
  await server?.close();
  await h?.close();
});

describe('rss connector', () => {
  it('reads Google Alerts Atom: HTML stripped, Google redirect unwrapped, tracking removed; conditional GET on the next poll', async () => {
    feeds.set('/alerts', { body: fixture('rss/google-alerts.atom.xml'), type: 'application/atom+xml', etag: 'W/"alerts-1"' });
    const source = sourceConfig({ id: 'alerts', type: 'rss', params: { url: `${server.url}/alerts` }, brands: ['acme'] });
    const runner = h.runner(source, rssConnector);
    expect(await runner.runOnce()).toMatchObject({ produced: 2 });
    const second = await runner.runOnce();
    expect(second.produced).toBe(0);
    const conditional = server.requests.filter((r) => r.url === '/alerts');
    expect(conditional.at(-1)?.headers['if-none-match']).toBe('W/"alerts-1"');

    const mentions = (await h.mentions()).filter((m) => m.sourceName === 'alerts');
    const recall = mentions.find((m) => m.title?.includes('recalls'));
    expect(recall).toMatchObject({
      source: 'rss',
      title: 'Acme recalls blenders after overheating reports',
      url: 'https://news.example.com/2026/11/acme-recall?id=42',
      publishedAt: '2026-11-20T09:00:00.000Z',
      sourceBrands: ['acme'],
    });
    expect(recall?.text).toMatch(/^Consumer safety regulators said Acme will recall/);
    expect(recall?.text).not.toContain('<b>');
  });

  it('decodes ISO-8859-1, follows next pages to the end, uses the feed date for undated items, then yields only new items', async () => {
    feeds.set('/blog', { body: fixture('rss/blog-latin1.page1.rss.xml'), type: 'application/rss+xml' });
    feeds.set('/feed/page-2.xml', { body: fixture('rss/blog-latin1.page2.rss.xml'), type: 'application/rss+xml; charset=ISO-8859-1' });
    const source = sourceConfig({ id: 'blog', type: 'rss', params: { url: `${server.url}/blog` } });
    expect(await h.runner(source, rssConnector).runOnce()).toMatchObject({ produced: 3 });

    // A new item appears on top of page 1; a fresh runner (a restart) must produce only it.
    const page1 = fixture('rss/blog-latin1.page1.rss.xml').toString('latin1').replace('<item>', `<item>
<title>Acme répond aux clients</title><link>https://cuisine.example.fr/acme-reponse</link>
<guid isPermaLink="true">https://cuisine.example.fr/?p=813</guid><description>Le fabricant promet un échange.</description>
<pubDate>Fri, 20 Nov 2026 09:00:00 +0100</pubDate></item><item>`);
    feeds.set('/blog', { body: Buffer.from(page1, 'latin1'), type: 'application/rss+xml' });
    const restarted = await h.runner(source, rssConnector).runOnce();
    expect(restarted).toMatchObject({ produced: 1, skipped: 2 });

    const mentions = (await h.mentions()).filter((m) => m.sourceName === 'blog');
    expect(mentions).toHaveLength(4);
    expect(duplicates(mentions)).toEqual([]);
    const review = mentions.find((m) => m.sourceId === 'https://cuisine.example.fr/?p=812');
    expect(review).toMatchObject({
      title: 'Mon avis sur le blender Acme : déçue',
      url: 'https://cuisine.example.fr/avis-blender-acme',
      author: { name: 'Hélène' },
      publishedAt: '2026-11-19T17:30:00.000Z',
    });
    expect(review?.text).toBe('Le moteur a chauffé dès la deuxième utilisation. Très déçue du service après-vente\u00a0!');
    expect(mentions.find((m) => m.sourceId === 'https://cuisine.example.fr/?p=811')?.publishedAt).toBe('2026-11-20T06:00:00.000Z');
  });

  it('reads a Google News search feed (RSS 2.0)', async () => {
    feeds.set('/news', { body: fixture('rss/google-news.rss.xml'), type: 'application/xml; charset=UTF-8' });
    const source = sourceConfig({ id: 'news', type: 'rss', params: { url: `${server.url}/news` } });
    expect(await h.runner(source, rssConnector).runOnce()).toMatchObject({ produced: 2 });
    const mentions = (await h.mentions()).filter((m) => m.sourceName === 'news');
    expect(mentions.map((m) => m.title).sort()).toEqual(['Acme opens a repair café in Lyon - Le Exemple', 'Acme shares fall after recall - Example Times']);
    expect(mentions.every((m) => !m.text.includes('<a'))).toBe(true);
  });
});
