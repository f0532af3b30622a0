import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { estypes } from '@elastic/elasticsearch';
import type { MentionDocument } from '@vigie/core';
import { ADMIN_KEY, createKey, createSeedBrands, startHarness, type Harness } from './harness.js';
import { indexMentions, makeMentions } from './seed.js';

const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2026-03-01T00:00:00Z');
const PERIOD = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;
let h: Harness;
let docs: MentionDocument[];
let readKey: string;
let writeKey: string;

const json = (response: { body: string }) => JSON.parse(response.body);
const term = (field: string, value: unknown): estypes.QueryDslQueryContainer => ({ term: { [field]: value } });
const all = (...filter: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer => ({ bool: { filter } });

beforeAll(async () => {
  h = await startHarness('api');
  docs = makeMentions(2_000, { from: FROM, to: TO });
  await indexMentions(h.es, h.iso.indices, docs);
  await createSeedBrands(h);
  readKey = await createKey(h, { name: 'reader', scopes: ['read'] });
  writeKey = await createKey(h, { name: 'writer', scopes: ['write'] });
});
afterAll(async () => h?.close());

describe('GET /v1/mentions filters match a direct Elasticsearch count', () => {
  const cases: [string, estypes.QueryDslQueryContainer][] = [
    ['brand=acme', term('brands', 'acme')],
    ['brand=globex&brand=initech', { terms: { brands: ['globex', 'initech'] } }],
    ['sentiment=negative', term('sentiment.label', 'negative')],
    ['language=fr', term('language.code', 'fr')],
    ['source=reddit&source=x', { terms: { source: ['reddit', 'x'] } }],
    ['sourceName=rss-main', term('sourceName', 'rss-main')],
    ['aspect=price', term('aspectNames', 'price')],
    ['author=user7', { bool: { should: [term('author.handle', 'user7'), term('author.id', 'user7')] } }],
    ['author=u7', { bool: { should: [term('author.handle', 'u7'), term('author.id', 'u7')] } }],
    ['status=handled', term('status', 'handled')],
    ['tags=urgent', term('tags', 'urgent')],
    ['assignee=alice', term('assignee', 'alice')],
    ['from=2026-02-01&to=2026-02-15', { range: { publishedAt: { gte: '2026-02-01', lt: '2026-02-15' } } }],
    ['minReach=5000', { range: { reach: { gte: 5000 } } }],
    ['brand=acme&sentiment=negative&language=fr&aspect=price', all(term('brands', 'acme'), term('sentiment.label', 'negative'), term('language.code', 'fr'), term('aspectNames', 'price'))],
    ['q=prix', { match: { textNormalized: 'prix' } }],
    // Accents, case and elisions are folded on both sides: "l'Hôtel" finds "hotel".
    ["q=l'H%C3%B4tel", { match: { textNormalized: 'hotel' } }],
    ['q=%22chambre%20tres%20propre%22', { match_phrase: { textNormalized: 'chambre tres propre' } }],
    ['q=service%20-awful', { bool: { must: [{ match: { textNormalized: 'service' } }], must_not: [{ match: { textNormalized: 'awful' } }] } }],
    ['q=lyon%20%7C%20lisbon', { bool: { should: [{ match: { textNormalized: 'lyon' } }, { match: { textNormalized: 'lisbon' } }] } }],
    ['q=decev*', { prefix: { textNormalized: 'decev' } }],
  ];
  it.each(cases)('%s', async (filter, reference) => {
    const response = await h.request('GET', `/v1/mentions?${filter}&size=100`);
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    const expected = await h.count(reference);
    expect(expected).toBeGreaterThan(0);
    expect(body.total.value).toBe(expected);
    expect(body.items).toHaveLength(Math.min(100, expected));
  });

  it('sorts by date, reach and relevance', async () => {
    const newest = json(await h.request('GET', '/v1/mentions?size=50')).items as MentionDocument[];
    expect(newest.map((m) => m.publishedAt)).toEqual([...newest.map((m) => m.publishedAt)].sort().reverse());
    const oldest = json(await h.request('GET', '/v1/mentions?size=50&sort=oldest')).items as MentionDocument[];
    expect(oldest[0]!.publishedAt).toBe(docs.map((d) => d.publishedAt).sort()[0]);
    const reach = json(await h.request('GET', '/v1/mentions?size=50&sort=reach')).items as MentionDocument[];
    expect(reach[0]!.reach).toBe(Math.max(...docs.map((d) => d.reach)));
    expect(reach.map((m) => m.reach)).toEqual([...reach.map((m) => m.reach)].sort((a, b) => b - a));
    const relevant = json(await h.request('GET', '/v1/mentions?size=5&sort=relevance&q=service%20%7C%20prix'));
    expect(relevant.items.length).toBe(5);
  });

  it('highlights the words found', async () => {
    const body = json(await h.request('GET', '/v1/mentions?q=service&highlight=true&size=5'));
    expect(body.items[0].highlight.text.join(' ')).toContain('<mark>service</mark>');
  });

  it('gets one mention with its version, 404 for an unknown id', async () => {
    const doc = docs[5]!;
    const body = json(await h.request('GET', `/v1/mentions/${doc.id}`));
    expect(body).toMatchObject({ id: doc.id, text: doc.text, brands: doc.brands });
    expect(body.seqNo).toBeTypeOf('number');
    const missing = await h.request('GET', '/v1/mentions/x-00000000000000000000000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});

describe('analytics match direct Elasticsearch counts', () => {
  it('timeseries: volume by sentiment per bucket and net sentiment', async () => {
    const body = json(await h.request('GET', `/v1/analytics/timeseries?brand=acme&from=2026-02-01&to=2026-02-08&interval=day&timezone=Europe/Paris`));
    expect(body.buckets).toHaveLength(8); // 7 Paris days overlap a UTC week: the histogram starts at the local midnight before
    const day = body.buckets.find((b: { date: string }) => b.date.startsWith('2026-02-03'));
    const range = { range: { publishedAt: { gte: '2026-02-03T00:00:00+01:00', lt: '2026-02-04T00:00:00+01:00' } } };
    expect(day.mentions).toBe(await h.count(all(term('brands', 'acme'), range)));
    expect(day.negative).toBe(await h.count(all(term('brands', 'acme'), range, term('sentiment.label', 'negative'))));
    expect(day.netSentiment).toBeCloseTo(((day.positive - day.negative) / day.mentions) * 100, 1);
    expect(body.total).toBe(await h.count(all(term('brands', 'acme'), { range: { publishedAt: { gte: '2026-02-01', lt: '2026-02-08' } } })));
  });

  it('share of voice: the brand against its competitors', async () => {
    const body = json(await h.request('GET', `/v1/analytics/share-of-voice?brand=acme&${PERIOD}`));
    expect(body.brands.map((b: { brand: string }) => b.brand)).toEqual(['acme', 'globex', 'initech']);
    for (const row of body.brands) expect(row.mentions).toBe(await h.count(term('brands', row.brand)));
    expect(body.brands.reduce((n: number, b: { share: number }) => n + b.share, 0)).toBeCloseTo(100, 0);
  });

  it('top authors by volume, reach and negativity', async () => {
    const byVolume = json(await h.request('GET', `/v1/analytics/top-authors?by=volume&limit=5&${PERIOD}`)).authors;
    for (const author of byVolume) expect(author.mentions).toBe(await h.count(term('author.handle', author.handle)));
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(d.author!.handle!, (counts.get(d.author!.handle!) ?? 0) + 1);
    expect(byVolume[0].mentions).toBe(Math.max(...counts.values()));
    const byNegativity = json(await h.request('GET', `/v1/analytics/top-authors?by=negativity&limit=3&${PERIOD}`)).authors;
    expect(byNegativity[0].negative).toBe(await h.count(all(term('author.handle', byNegativity[0].handle), term('sentiment.label', 'negative'))));
    const byReach = json(await h.request('GET', `/v1/analytics/top-authors?by=reach&limit=3&${PERIOD}`)).authors;
    const reach = docs.filter((d) => d.author!.handle === byReach[0].handle).reduce((n, d) => n + d.reach, 0);
    expect(byReach[0].reach).toBeCloseTo(reach, -1);
  });

  it('aspects: mentions and sentiment per aspect (nested)', async () => {
    const body = json(await h.request('GET', `/v1/analytics/aspects?brand=acme&${PERIOD}`));
    const price = body.aspects.find((a: { aspect: string }) => a.aspect === 'price');
    expect(price.mentions).toBe(await h.count(all(term('brands', 'acme'), term('aspectNames', 'price'))));
    expect(price.negative).toBe(await h.count({ nested: { path: 'aspects', query: all(term('aspects.name', 'price'), term('aspects.label', 'negative'), term('aspects.brand', 'acme')) } }));
  });

  it('sources and languages', async () => {
    const sources = json(await h.request('GET', `/v1/analytics/sources?${PERIOD}`)).sources;
    for (const row of sources) expect(row.mentions).toBe(await h.count(term('source', row.key)));
    const languages = json(await h.request('GET', `/v1/analytics/languages?sentiment=positive&${PERIOD}`)).languages;
    const fr = languages.find((l: { key: string }) => l.key === 'fr');
    expect(fr.mentions).toBe(await h.count(all(term('language.code', 'fr'), term('sentiment.label', 'positive'))));
    expect(fr.negative).toBe(0);
  });

  it('topics: significant keywords of a period against the brand background', async () => {
    const body = json(await h.request('GET', `/v1/analytics/topics?brand=acme&field=keywords&${PERIOD}&sentiment=negative`));
    expect(body.topics.length).toBeGreaterThan(0);
    const top = body.topics[0];
    expect(top.mentions).toBe(await h.count(all(term('brands', 'acme'), term('sentiment.label', 'negative'), term('keywords', top.term))));
    // Significant text re-analyses the stored text (near-duplicates filtered out): every term it names occurs in the period.
    const text = json(await h.request('GET', `/v1/analytics/topics?brand=acme&field=text&${PERIOD}&sentiment=negative`));
    expect(text.field).toBe('text');
    for (const topic of text.topics) {
      expect(await h.count(all(term('brands', 'acme'), term('sentiment.label', 'negative'), { match: { textNormalized: topic.term } }))).toBeGreaterThanOrEqual(topic.mentions);
    }
  });

  it('summary: KPIs of the period and of the previous one', async () => {
    const body = json(await h.request('GET', '/v1/analytics/summary?from=2026-02-01&to=2026-03-01&brand=acme'));
    const current = { range: { publishedAt: { gte: '2026-02-01', lt: '2026-03-01' } } };
    const previous = { range: { publishedAt: { gte: '2026-01-04', lt: '2026-02-01' } } };
    expect(body.current.mentions).toBe(await h.count(all(term('brands', 'acme'), current)));
    expect(body.previous.mentions).toBe(await h.count(all(term('brands', 'acme'), previous)));
    expect(body.current.negative).toBe(await h.count(all(term('brands', 'acme'), current, term('sentiment.label', 'negative'))));
    expect(body.change.mentionsPercent).toBeCloseTo(((body.current.mentions - body.previous.mentions) / body.previous.mentions) * 100, 1);
  });
});

describe('export', () => {
  it('streams CSV with one row per matching mention', async () => {
    const response = await h.request('GET', '/v1/export?format=csv&brand=globex');
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id,publishedAt,source/);
    expect(lines.length - 1).toBe(await h.count(term('brands', 'globex')));
  });

  it('streams NDJSON documents', async () => {
    const response = await h.request('GET', '/v1/export?format=ndjson&sentiment=negative&language=en');
    const rows = response.body.trimEnd().split('\n').map((line) => JSON.parse(line) as MentionDocument);
    expect(rows.length).toBe(await h.count(all(term('sentiment.label', 'negative'), term('language.code', 'en'))));
    expect(rows.every((r) => r.sentiment.label === 'negative')).toBe(true);
  });
});

describe('inbox workflow', () => {
  it('PATCH sets status, assignee, tags and notes and returns the new version', async () => {
    const doc = docs[10]!;
    const before = json(await h.request('GET', `/v1/mentions/${doc.id}`));
    const response = await h.request('PATCH', `/v1/mentions/${doc.id}`, { key: writeKey, body: { status: 'open', assignee: 'carol', addTags: ['crisis'], notes: 'call back', ifSeqNo: before.seqNo, ifPrimaryTerm: before.primaryTerm } });
    expect(response.statusCode, response.body).toBe(200);
    const after = json(response);
    expect(after).toMatchObject({ status: 'open', assignee: 'carol', notes: 'call back' });
    expect(after.tags).toContain('crisis');
    expect(after.seqNo).toBeGreaterThan(before.seqNo);
    expect(await h.count(all({ ids: { values: [doc.id] } }, term('assignee', 'carol'), term('tags', 'crisis')))).toBe(1);
  });

  it('concurrent PATCHes of one version: one wins, the other gets 409', async () => {
    const doc = docs[11]!;
    const { seqNo, primaryTerm } = json(await h.request('GET', `/v1/mentions/${doc.id}`));
    const responses = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((assignee) =>
      h.request('PATCH', `/v1/mentions/${doc.id}`, { key: writeKey, body: { assignee, ifSeqNo: seqNo, ifPrimaryTerm: primaryTerm } })));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const conflict = json(responses.find((r) => r.statusCode === 409)!);
    expect(conflict.status).toBe(409);
    const winner = json(responses.find((r) => r.statusCode === 200)!).assignee;
    expect(json(await h.request('GET', `/v1/mentions/${doc.id}`)).assignee).toBe(winner);
  });

  it('concurrent PATCHes without a version are all applied (no lost tag)', async () => {
    const doc = docs[12]!;
    const responses = await Promise.all(['a', 'b', 'c'].map((tag) => h.request('PATCH', `/v1/mentions/${doc.id}`, { key: writeKey, body: { addTags: [tag] } })));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(json(await h.request('GET', `/v1/mentions/${doc.id}`)).tags).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('bulk PATCH reports each item: updated, stale, unknown', async () => {
    const [a, b] = [docs[20]!, docs[21]!];
    const stale = json(await h.request('GET', `/v1/mentions/${b.id}`));
    const response = await h.request('PATCH', '/v1/mentions', {
      key: writeKey,
      body: { items: [{ id: a.id }, { id: b.id, ifSeqNo: stale.seqNo + 1, ifPrimaryTerm: stale.primaryTerm }, { id: 'x-ffffffffffffffffffffffffffffffff' }], changes: { status: 'handled', addTags: ['bulk'] } },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    expect(body).toMatchObject({ updated: 1, conflicts: 1, notFound: 1 });
    expect(body.items.map((i: { status: number }) => i.status)).toEqual([200, 409, 404]);
    expect(await h.count(all(term('tags', 'bulk'), term('status', 'handled')))).toBe(1);
  });
});

describe('configuration', () => {
  it('brands CRUD; an invalid boolean query is a 422 naming the position', async () => {
    const brand = { id: 'umbrella', name: 'Umbrella', query: 'umbrella AND NOT corp', aspects: [], competitors: ['acme'] };
    expect((await h.request('POST', '/v1/brands', { body: brand })).statusCode).toBe(201);
    expect((await h.request('POST', '/v1/brands', { body: brand })).statusCode).toBe(409);
    expect(json(await h.request('GET', '/v1/brands/umbrella', { key: readKey }))).toEqual(brand);
    const invalid = await h.request('PUT', '/v1/brands/umbrella', { body: { ...brand, query: 'umbrella AND (corp' } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(json(invalid).errors[0]).toMatchObject({ field: '/query', position: expect.any(Number) });
    const updated = await h.request('PUT', '/v1/brands/umbrella', { body: { name: 'Umbrella Corp', query: 'umbrella' } });
    expect(json(updated)).toMatchObject({ id: 'umbrella', name: 'Umbrella Corp', aspects: [], competitors: [] });
    expect((await h.request('DELETE', '/v1/brands/umbrella')).statusCode).toBe(204);
    expect((await h.request('GET', '/v1/brands/umbrella')).statusCode).toBe(404);
    expect((await h.request('DELETE', '/v1/brands/umbrella')).statusCode).toBe(404);
  });

  it('sources and alert rules CRUD; a rule must name a known brand', async () => {
    const source = { id: 'hn', type: 'hackernews', name: 'Hacker News', params: { query: 'acme' } };
    const created = await h.request('PUT', '/v1/sources/hn', { body: source });
    expect(created.statusCode, created.body).toBe(200);
    expect(json(created)).toMatchObject({ ...source, enabled: true, schedule: '*/5 * * * *', brands: [] });
    const rule = { id: 'neg-spike', name: 'Negative spike', type: 'negative_spike', brand: 'acme', channels: [{ type: 'webhook', url: 'https://hooks.example.com/x' }] };
    expect((await h.request('POST', '/v1/alert-rules', { body: rule })).statusCode).toBe(201);
    expect(json(await h.request('GET', '/v1/alert-rules')).items.map((r: { id: string }) => r.id)).toEqual(['neg-spike']);
    const unknown = await h.request('POST', '/v1/alert-rules', { body: { ...rule, id: 'other', brand: 'nobody' } });
    expect(unknown.statusCode).toBe(422);
    expect(json(unknown).errors[0].field).toBe('/brand');
    expect((await h.request('DELETE', '/v1/sources/hn')).statusCode).toBe(204);
  });

  it('rejects unknown fields naming them', async () => {
    const response = await h.request('PUT', '/v1/sources/x', { body: { type: 'rss', name: 'x', evil: true } });
    expect(response.statusCode).toBe(400);
    expect(json(response).errors).toContainEqual({ field: '/evil', message: 'is not an allowed field' });
  });
});

describe('auth', () => {
  it('no key is 401, a wrong key is 401', async () => {
    for (const [url, key] of [['/v1/mentions', null], ['/v1/alerts', null], ['/v1/mentions', 'nope'], ['/v1/mentions', 'vg_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']] as const) {
      const response = await h.request('GET', url, { key });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('scopes: read cannot write, write cannot administer, admin can do all', async () => {
    const id = docs[30]!.id;
    const matrix: [string, string, unknown, string, number][] = [
      ['GET', '/v1/mentions?size=1', undefined, 'read', 200],
      ['PATCH', `/v1/mentions/${id}`, { status: 'open' }, 'read', 403],
      ['PATCH', `/v1/mentions/${id}`, { status: 'open' }, 'write', 200],
      ['GET', '/v1/brands', undefined, 'write', 200],
      ['PUT', '/v1/brands/zeta', { name: 'Z', query: 'zeta' }, 'write', 403],
      ['POST', '/v1/keys', { name: 'x', scopes: ['read'] }, 'write', 403],
      ['GET', '/v1/keys', undefined, 'read', 403],
      ['PUT', '/v1/brands/zeta', { name: 'Z', query: 'zeta' }, 'admin', 200],
      ['GET', '/v1/keys', undefined, 'admin', 200],
      // The alerter's routes, mounted here, sit behind the same keys.
      ['GET', '/v1/alerts', undefined, 'read', 200],
      ['POST', '/v1/alerts/none/acknowledge', {}, 'read', 403],
      ['POST', '/v1/alert-rules/none/backtest', { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, 'read', 403],
    ];
    const keys: Record<string, string> = { read: readKey, write: writeKey, admin: ADMIN_KEY };
    for (const [method, url, body, scope, status] of matrix) {
      const response = await h.request(method, url, { key: keys[scope]!, body });
      expect(`${method} ${url} as ${scope}: ${response.statusCode}`).toBe(`${method} ${url} as ${scope}: ${status}`);
    }
  });

  it('keys are stored hashed and a revoked key is refused', async () => {
    const created = json(await h.request('POST', '/v1/keys', { body: { name: 'temp', scopes: ['read'] } }));
    const stored = await h.es.get<{ spec: { hash: string } }>({ index: h.iso.indices.config, id: `api_key:${created.id}` });
    expect(stored._source!.spec.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored._source)).not.toContain(created.token);
    expect(json(await h.request('GET', '/v1/keys')).items.find((k: { id: string }) => k.id === created.id)).not.toHaveProperty('hash');
    expect((await h.request('GET', '/v1/brands', { key: created.token })).statusCode).toBe(200);
    expect((await h.request('DELETE', `/v1/keys/${created.id}`)).statusCode).toBe(200);
    const refused = await h.request('GET', '/v1/brands', { key: created.token });
    expect(refused.statusCode).toBe(401);
    expect(json(refused).detail).toContain('revoked');
  });

  it('rate limit per key: the 4th request in a minute of a 3/min key is 429', async () => {
    const limited = await createKey(h, { name: 'limited', scopes: ['read'], rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.request('GET', '/v1/brands', { key: limited })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await h.request('GET', '/v1/brands', { key: limited });
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.headers['content-type']).toContain('application/problem+json');
    // Another key is not affected.
    expect((await h.request('GET', '/v1/brands', { key: readKey })).statusCode).toBe(200);
  });
});

describe('hostile input gets a clear 4xx', () => {
  const cases: [string, string, number, string][] = [
    ['query DSL in q is only text', '/v1/mentions?q=%7B%22script%22%3A%7B%22source%22%3A%22System.exit(0)%22%7D%7D', 200, ''],
    ['sort injection', '/v1/mentions?sort=_script', 400, 'sort'],
    ['sort on a field name', '/v1/mentions?sort=text.keyword', 400, 'sort'],
    ['unknown parameter (field name injection)', '/v1/mentions?script_fields=x', 400, 'script_fields'],
    ['huge size', '/v1/mentions?size=1000000', 400, 'size'],
    ['deep pagination by offset', '/v1/mentions?from_=10000&offset=10000', 400, 'from_'],
    ['invalid date', '/v1/mentions?from=2026-13-45', 422, 'from'],
    ['date math injection', '/v1/mentions?from=now-1d%7C%7Cscript', 422, 'from'],
    ['invalid timezone', '/v1/analytics/timeseries?timezone=Mars/Olympus', 422, 'timezone'],
    ['too many buckets', '/v1/analytics/timeseries?from=2000-01-01&to=2026-01-01&interval=hour', 422, 'interval'],
    ['unknown brand', '/v1/mentions?brand=nobody', 422, 'brand'],
    ['forged cursor', '/v1/mentions?cursor=eyJwaXQiOiJ4In0', 400, 'cursor'],
    ['cursor with filters', '/v1/mentions?cursor=abc&brand=acme', 400, 'brand'],
    ['bad mention id', '/v1/mentions/..%2F_search', 400, 'id'],
    ['from after to', '/v1/analytics/summary?from=2026-02-01&to=2026-01-01', 422, 'from'],
  ];
  it.each(cases)('%s', async (_label, url, status, field) => {
    const response = await h.request('GET', url);
    expect(response.statusCode, response.body).toBe(status);
    if (status >= 400) {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(json(response).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('a 10 MB body is 413 and never parsed', async () => {
    const response = await h.request('PATCH', '/v1/mentions', { body: { items: [], changes: { notes: 'x'.repeat(10 * 1024 * 1024) } } });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('a bulk over 500 items and over-long tags are 400', async () => {
    const items = Array.from({ length: 501 }, () => ({ id: docs[0]!.id }));
    expect((await h.request('PATCH', '/v1/mentions', { body: { items, changes: { status: 'open' } } })).statusCode).toBe(400);
    expect((await h.request('PATCH', `/v1/mentions/${docs[0]!.id}`, { body: { tags: ['x'.repeat(101)] } })).statusCode).toBe(400);
    expect((await h.request('PATCH', `/v1/mentions/${docs[0]!.id}`, { body: { status: 'deleted' } })).statusCode).toBe(400);
  });
});

describe('service endpoints', () => {
  it('healthz, readyz, metrics and the OpenAPI document', async () => {
    expect((await h.request('GET', '/healthz', { key: null })).statusCode).toBe(200);
    const ready = await h.request('GET', '/readyz', { key: null });
    expect(json(ready)).toMatchObject({ status: 'ready', checks: { elasticsearch: 'ok', kafka: 'ok' } });
    const metrics = await h.request('GET', '/metrics', { key: null });
    expect(metrics.body).toContain('vigie_api_request_duration_seconds');
    const spec = json(await h.request('GET', '/docs/json', { key: null }));
    expect(spec.openapi).toBe('3.0.3');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/mentions', '/v1/mentions/{id}', '/v1/analytics/timeseries', '/v1/export', '/v1/brands', '/v1/keys']));
    expect((await h.request('GET', '/docs', { key: null })).statusCode).toBeLessThan(400);
  });

  it('sends security headers and CORS only for configured origins', async () => {
    const response = await h.request('GET', '/healthz', { key: null, headers: { origin: 'https://evil.example' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
