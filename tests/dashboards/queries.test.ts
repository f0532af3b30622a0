import { buildApi, createApiKey } from '@vigie/api';
import { ConfigStore, createElasticsearch, ensureTemplates, type MentionDocument } from '@vigie/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolate } from '../setup/isolation.js';
import { evaluateExpression, parseResponse, transformDocuments, type QueryResult, type Series } from './frames.js';
import { allPanels, isExpression, loadDashboards, loadDataSources, type Dashboard, type Panel } from './grafana.js';
import { countBy, groupBy, mean, netSentiment, selectEpisodes, selectMentions, sum, top } from './oracle.js';
import { indexSeed, makeAlerts, makeMentions, BRANDS, type AlertEpisode } from './seed.js';
import {
  interpolate, intervalToMs, translateAnnotation, translateTarget, translateVariable,
  type RequestContext, type Selection, type TimeRange,
} from './translate.js';

const es = createElasticsearch();
const { prefix, indices } = isolate('dashboards');
const dashboards = loadDashboards().map(({ dashboard }) => dashboard);
const dataSources = loadDataSources();
/** The provisioned datasources, pointed at this test's isolated indices. */
const INDEX: Record<string, string> = { 'vigie-mentions': indices.mentions, 'vigie-alerts': indices.alerts };
const DAY = 86_400_000;
const ALL = ['$__all'];

interface Scenario {
  name: string;
  selection: Selection;
}

const SCENARIOS: Scenario[] = [
  { name: 'everything', selection: { brand: ALL, source: ALL, language: ALL, sentiment: ALL, rule: ALL, period: ['7d'] } },
  { name: 'one brand in French', selection: { brand: ['lumiere'], source: ALL, language: ['fr'], sentiment: ALL, rule: ALL, period: ['30d'] } },
  {
    name: 'two brands, two sources, two sentiments, one rule',
    selection: { brand: ['lumiere', 'aurore'], source: ['reddit', 'rss'], language: ALL, sentiment: ['negative', 'neutral'], rule: ['Lumière negative spike'], period: ['1d'] },
  },
];

let mentions: MentionDocument[] = [];
let episodes: AlertEpisode[] = [];
let api: FastifyInstance;
let apiToken = '';

beforeAll(async () => {
  const now = Date.now();
  await ensureTemplates(es, indices);
  mentions = makeMentions(400, now);
  const alerts = makeAlerts(now);
  episodes = alerts.episodes;
  await indexSeed(es, indices, mentions, [...alerts.episodes, ...alerts.deliveries] as unknown as Record<string, unknown>[]);
  const store = new ConfigStore(es, indices.config);
  for (const brand of BRANDS) {
    await store.put('brand', { id: brand, name: brand, query: brand, aspects: [], competitors: BRANDS.filter((other) => other !== brand) });
  }
  apiToken = (await createApiKey(store, { name: 'dashboards test', scopes: ['read'] })).token;
  api = await buildApi({ es, prefix });
});

afterAll(async () => {
  await api?.close();
  await es.indices.delete({ index: `${prefix}*`, expand_wildcards: 'all' }, { ignore: [404] });
  await es.indices.deleteIndexTemplate({ name: [indices.mentions, indices.alerts, indices.config].join(',') }, { ignore: [404] });
  await es.close();
});

function dataSource(uid: string) {
  const source = dataSources.find((candidate) => candidate.uid === uid);
  if (!source) throw new Error(`no provisioned datasource ${uid}`);
  return source;
}

function rangeOf(dashboard: Dashboard, days?: number): TimeRange {
  const to = Date.now();
  return { from: to - (days ? days * DAY : intervalToMs(dashboard.time.from.replace('now-', ''))), to };
}

interface PanelRun {
  range: TimeRange;
  results: Map<string, QueryResult>;
  requests: { refId: string; body: Record<string, unknown> }[];
}

async function runPanel(dashboard: Dashboard, panel: Panel, selection: Selection, dashboardRange: TimeRange): Promise<PanelRun> {
  const range = panel.timeFrom ? { from: Date.now() - intervalToMs(panel.timeFrom), to: Date.now() } : dashboardRange;
  const results = new Map<string, QueryResult>();
  const requests: PanelRun['requests'] = [];
  const targets = panel.targets ?? [];
  for (const target of targets.filter((candidate) => !isExpression(candidate))) {
    const source = dataSource(target.datasource.uid);
    const context: RequestContext = {
      range, selection, variables: dashboard.templating.list, timeField: source.jsonData.timeField,
      minInterval: panel.interval ?? source.jsonData.timeInterval ?? '1ms', maxDataPoints: panel.maxDataPoints ?? 1_000,
    };
    const { body } = translateTarget(target, context);
    requests.push({ refId: target.refId, body });
    const response = await es.search({ index: INDEX[source.uid], ...body });
    results.set(target.refId, parseResponse(target, response as never));
  }
  for (const target of targets.filter(isExpression)) results.set(target.refId, evaluateExpression(target, results));
  return { range, results, requests };
}

const labelOf = (series: Series): string => Object.values(series.labels).join('/');
/** Sum of each series' points, by its labels ('' for an unlabelled series). */
function totals(result: QueryResult | undefined): Record<string, number> {
  if (result?.kind !== 'series') throw new Error(`expected time series, got ${result?.kind}`);
  return Object.fromEntries(result.series.map((series) => [labelOf(series), sum(series.points.map(([, value]) => value ?? 0))]));
}
/** Rows of a terms table: key -> value of one metric column. */
function column(result: QueryResult | undefined, name: string): Record<string, number | null> {
  if (result?.kind !== 'table') throw new Error(`expected a table, got ${result?.kind}`);
  return Object.fromEntries(result.rows.map((row) => [Object.values(row.keys).join('/'), row.values[name] ?? null]));
}
function numberOf(result: QueryResult | undefined): number {
  if (result?.kind !== 'number') throw new Error(`expected a number, got ${result?.kind}`);
  return result.value;
}
function documents(result: QueryResult | undefined): Record<string, unknown>[] {
  if (result?.kind !== 'documents') throw new Error(`expected documents, got ${result?.kind}`);
  return result.docs;
}
function hasData(result: QueryResult): boolean {
  if (result.kind === 'series') return result.series.some((series) => series.points.some(([, value]) => value !== null && value !== 0));
  if (result.kind === 'table') return result.rows.length > 0;
  if (result.kind === 'documents') return result.docs.length > 0;
  return Number.isFinite(result.value);
}
function closeTo(actual: Record<string, number | null>, expected: Record<string, number>, digits = 6): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) expect(actual[key], key).toBeCloseTo(value, digits);
}

interface Check {
  run: PanelRun;
  selection: Selection;
  /** Mentions of the panel's range and the dashboard's filters. */
  scoped(scope?: { brand?: boolean; sentiment?: boolean }): MentionDocument[];
  episodes: AlertEpisode[];
}

const negative = (items: MentionDocument[]) => items.filter((mention) => mention.sentiment.label === 'negative');
const ackMs = (episode: AlertEpisode) => Date.parse(episode.acknowledgedAt as string) - Date.parse(episode.startedAt);

/** What each panel must show, from the oracle. Keyed by dashboard uid and panel title. */
const EXPECTATIONS: Record<string, Record<string, (check: Check) => void>> = {
  'vigie-overview': {
    Mentions: ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual({ '': scoped().length }),
    'Net sentiment score — last $period vs the $period before': ({ run, selection, scoped }) => {
      const period = intervalToMs(selection.period?.[0] as string);
      const now = Date.now();
      const all = scoped({ sentiment: false });
      const current = all.filter((mention) => Date.parse(mention.publishedAt) >= now - period);
      const previous = all.filter((mention) => Date.parse(mention.publishedAt) >= now - 2 * period && Date.parse(mention.publishedAt) < now - period);
      expect(numberOf(run.results.get('Net sentiment'))).toBeCloseTo(netSentiment(current), 9);
      expect(numberOf(run.results.get('Change'))).toBeCloseTo(netSentiment(current) - netSentiment(previous), 9);
    },
    'Negative mentions': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual({ '': negative(scoped()).length }),
    'Estimated reach': ({ run, scoped }) => expect(totals(run.results.get('A'))['']).toBeCloseTo(sum(scoped().map((mention) => mention.reach)), 3),
    'Volume by sentiment': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual(countBy(scoped(), (mention) => mention.sentiment.label)),
    'Net sentiment score over time': ({ run, scoped }) => {
      const all = scoped({ sentiment: false });
      const result = run.results.get('Net sentiment score');
      if (result?.kind !== 'series') throw new Error('expected the score series');
      const points = result.series[0]?.points ?? [];
      const step = (points[1]?.[0] ?? 0) - (points[0]?.[0] ?? 0);
      for (const [time, value] of points) {
        const inBucket = all.filter((mention) => Date.parse(mention.publishedAt) >= time && Date.parse(mention.publishedAt) < time + step);
        if (inBucket.length === 0) expect(value).toBeNull();
        else expect(value).toBeCloseTo(netSentiment(inBucket), 9);
      }
    },
    'Share of voice': ({ run, scoped }) => expect(column(run.results.get('A'), 'Count')).toEqual(top(countBy(scoped({ brand: false }), (mention) => mention.brands), 10)),
    'Aspects ranked by negativity': ({ run, scoped }) => expect(column(run.results.get('A'), 'Count')).toEqual(top(countBy(scoped({ sentiment: false }), (mention) => mention.negativeAspects), 10)),
    'Top topics': ({ run, scoped }) => expect(column(run.results.get('A'), 'Count')).toEqual(top(countBy(scoped(), (mention) => mention.topics), 15)),
    Sources: ({ run, scoped }) => expect(column(run.results.get('A'), 'Count')).toEqual(top(countBy(scoped(), (mention) => mention.source), 12)),
    Languages: ({ run, scoped }) => expect(column(run.results.get('A'), 'Count')).toEqual(top(countBy(scoped(), (mention) => mention.language.code), 10)),
    'Latest negative mentions': ({ run, scoped }) => {
      const expected = negative(scoped({ sentiment: false })).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, 50);
      const docs = documents(run.results.get('A'));
      expect(docs.map((doc) => doc.id)).toEqual(expected.map((mention) => mention.id));
      for (const doc of docs) expect(doc).toMatchObject({ url: expect.stringMatching(/^https:\/\//), reach: expect.any(Number), 'author.handle': expect.any(String) });
    },
  },
  'vigie-brand-comparison': {
    'Volume per brand': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual(top(countBy(scoped(), (mention) => mention.brands), 10)),
    'Negative mentions per brand over time': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual(top(countBy(negative(scoped({ sentiment: false })), (mention) => mention.brands), 10)),
    'Brands side by side': ({ run, scoped }) => {
      const byBrand = groupBy(scoped(), (mention) => mention.brands);
      const result = run.results.get('A');
      expect(column(result, 'Count')).toEqual(countBy(scoped(), (mention) => mention.brands));
      closeTo(column(result, 'Average sentiment.score'), Object.fromEntries(Object.entries(byBrand).map(([brand, items]) => [brand, mean(items.map((m) => m.sentiment.score))])), 4);
      closeTo(column(result, 'Sum reach'), Object.fromEntries(Object.entries(byBrand).map(([brand, items]) => [brand, sum(items.map((m) => m.reach))])), 3);
      expect(column(result, 'Unique Count author.handle')).toEqual(Object.fromEntries(Object.entries(byBrand).map(([brand, items]) => [brand, new Set(items.map((m) => m.author?.handle)).size])));
    },
    'Average sentiment score per brand': ({ run, scoped }) => {
      const byBrand = groupBy(scoped(), (mention) => mention.brands);
      closeTo(column(run.results.get('A'), 'Average sentiment.score'), Object.fromEntries(Object.entries(byBrand).map(([brand, items]) => [brand, mean(items.map((m) => m.sentiment.score))])), 4);
    },
    'Negative mentions per brand': ({ run, scoped }) => expect(column(run.results.get('A'), 'Count')).toEqual(countBy(negative(scoped({ sentiment: false })), (mention) => mention.brands)),
    'Reach per brand': ({ run, scoped }) => {
      const byBrand = groupBy(scoped(), (mention) => mention.brands);
      closeTo(column(run.results.get('A'), 'Sum reach'), Object.fromEntries(Object.entries(byBrand).map(([brand, items]) => [brand, sum(items.map((m) => m.reach))])), 3);
    },
  },
  'vigie-alerts': {
    Episodes: ({ run, episodes: selected }) => expect(totals(run.results.get('A'))).toEqual({ '': selected.length }),
    'Still firing': ({ run, episodes: selected }) => expect(totals(run.results.get('A'))).toEqual({ '': selected.filter((e) => e.state === 'firing').length }),
    'Mean time to acknowledge': ({ run, episodes: selected }) => {
      const panel = allPanels(dashboards.find((d) => d.uid === 'vigie-alerts') as Dashboard).find((p) => p.title === 'Mean time to acknowledge') as Panel;
      const rows = transformDocuments(documents(run.results.get('A')), panel.transformations ?? []);
      expect(mean(rows.map((row) => row['Time to acknowledge'] as number))).toBe(mean(selected.filter((e) => e.acknowledgedAt).map(ackMs)));
    },
    Unacknowledged: ({ run, episodes: selected }) => expect(totals(run.results.get('A'))).toEqual({ '': selected.filter((e) => !e.acknowledgedAt).length }),
    'Episodes over time': ({ run, episodes: selected }) => expect(totals(run.results.get('A'))).toEqual(countBy(selected, (e) => e.severity)),
    'Episodes by rule': ({ run, episodes: selected }) => expect(column(run.results.get('A'), 'Count')).toEqual(countBy(selected, (e) => e.ruleName)),
    'Episodes by brand': ({ run, episodes: selected }) => expect(column(run.results.get('A'), 'Count')).toEqual(countBy(selected, (e) => e.brand)),
    'Episode list': ({ run, episodes: selected }) => {
      const panel = allPanels(dashboards.find((d) => d.uid === 'vigie-alerts') as Dashboard).find((p) => p.title === 'Episode list') as Panel;
      const rows = transformDocuments(documents(run.results.get('A')), panel.transformations ?? []);
      expect(rows.map((row) => row.startedAt).sort()).toEqual(selected.map((e) => Date.parse(e.startedAt)).sort());
      for (const episode of selected.filter((e) => e.acknowledgedAt)) {
        expect(rows.find((row) => row.startedAt === Date.parse(episode.startedAt))?.['Time to acknowledge']).toBe(ackMs(episode));
      }
    },
  },
  'vigie-pipeline-health': {
    'Mentions per source (by publication time)': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual(countBy(scoped({ brand: false }), (m) => m.source)),
    'Mentions indexed (by indexing time)': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual(countBy(scoped({ brand: false }), (m) => m.source)),
    'Last mention seen per source': ({ run, scoped }) => {
      const bySource = groupBy(scoped({ brand: false }), (m) => m.source);
      const latest = (field: 'publishedAt' | 'collectedAt' | 'indexedAt') =>
        Object.fromEntries(Object.entries(bySource).map(([source, items]) => [source, Math.max(...items.map((m) => Date.parse(m[field] as string)))]));
      const result = run.results.get('A');
      expect(column(result, 'Max publishedAt')).toEqual(latest('publishedAt'));
      expect(column(result, 'Max collectedAt')).toEqual(latest('collectedAt'));
      expect(column(result, 'Max indexedAt')).toEqual(latest('indexedAt'));
      expect(column(result, 'Count')).toEqual(countBy(scoped({ brand: false }), (m) => m.source));
    },
    'Near-duplicates': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual({ '': scoped({ brand: false }).filter((m) => m.duplicateOf).length }),
    'Mentions matching no brand': ({ run, scoped }) => expect(totals(run.results.get('A'))).toEqual({ '': scoped({ brand: false }).filter((m) => m.brands.length === 0).length }),
    'Language detection confidence': ({ run, scoped }) => {
      const result = run.results.get('A');
      if (result?.kind !== 'series') throw new Error('expected a series');
      const step = (result.series[0]?.points[1]?.[0] ?? 0) - (result.series[0]?.points[0]?.[0] ?? 0);
      const detected = scoped({ brand: false }).filter((m) => m.language.source === 'detected');
      for (const [time, value] of result.series[0]?.points ?? []) {
        const inBucket = detected.filter((m) => Date.parse(m.publishedAt) >= time && Date.parse(m.publishedAt) < time + step);
        if (inBucket.length === 0) expect(value).toBeNull();
        else expect(value).toBeCloseTo(mean(inBucket.map((m) => m.language.confidence)), 4);
      }
    },
  },
};

function checkFor(run: PanelRun, selection: Selection, dashboard: Dashboard): Check {
  const pipeline = dashboard.uid === 'vigie-pipeline-health';
  return {
    run, selection,
    scoped: (scope = {}) => selectMentions(mentions, pipeline ? { ...selection, language: ALL, sentiment: ALL } : selection, run.range, scope),
    episodes: selectEpisodes(episodes, selection, run.range),
  };
}

describe('dashboard queries on a seeded index', () => {
  it('every Lucene query of panels, variables and annotations passes _validate/query on the real index', async () => {
    const broken = await es.indices.validateQuery({ index: indices.mentions, query: { query_string: { query: 'brands:(lumiere' } } });
    expect(broken.valid).toBe(false);
    let validated = 0;
    for (const dashboard of dashboards) {
      const queries: { index: string; query: string; where: string }[] = [];
      for (const panel of allPanels(dashboard)) {
        for (const target of (panel.targets ?? []).filter((candidate) => !isExpression(candidate))) {
          const index = INDEX[target.datasource.uid] as string;
          queries.push({ index, query: target.query ?? '', where: `panel "${panel.title}" ${target.refId}` });
          for (const agg of target.bucketAggs ?? []) {
            for (const filter of (agg.settings?.filters as { query: string }[] | undefined) ?? []) queries.push({ index, query: filter.query, where: `panel "${panel.title}" filter` });
          }
        }
      }
      for (const variable of dashboard.templating.list) {
        const definition = variable.datasource ? JSON.parse(variable.query) as { query?: string } : {};
        if (definition.query) queries.push({ index: INDEX[variable.datasource?.uid as string] as string, query: definition.query, where: `variable $${variable.name}` });
      }
      for (const annotation of dashboard.annotations.list) {
        if (annotation.target?.query) queries.push({ index: INDEX[annotation.datasource.uid] as string, query: annotation.target.query, where: `annotation ${annotation.name}` });
      }
      for (const { selection } of SCENARIOS) {
        for (const { index, query, where } of queries) {
          const interpolated = interpolate(query, { variables: dashboard.templating.list, selection }, 'lucene');
          if (!interpolated.trim()) continue;
          const result = await es.indices.validateQuery({ index, query: { query_string: { query: interpolated, analyze_wildcard: true } }, explain: true });
          expect(result.valid, `${dashboard.uid} ${where}: ${interpolated} -> ${JSON.stringify(result.explanations ?? result.error)}`).toBe(true);
          validated += 1;
        }
      }
    }
    expect(validated).toBeGreaterThan(100);
  });

  it('variables list the brands, sources, languages, sentiments and rules of the seeded data', async () => {
    const listed: Record<string, string[]> = {};
    for (const dashboard of dashboards) {
      for (const variable of dashboard.templating.list.filter((candidate) => candidate.type === 'query')) {
        const source = dataSource(variable.datasource?.uid as string);
        const { body } = translateVariable(variable, { range: rangeOf(dashboard, 90), timeField: source.jsonData.timeField, variables: dashboard.templating.list, selection: SCENARIOS[0]?.selection as Selection });
        const response = await es.search({ index: INDEX[source.uid], ...body });
        listed[`${dashboard.uid}/${variable.name}`] = (response.aggregations?.['1'] as { buckets: { key: string }[] }).buckets.map((bucket) => bucket.key);
      }
    }
    expect(listed['vigie-overview/brand']).toEqual([...BRANDS].sort());
    expect(listed['vigie-overview/source']).toEqual(['bluesky', 'mastodon', 'reddit', 'rss']);
    expect(listed['vigie-overview/language']).toEqual(['en', 'fr']);
    expect(listed['vigie-overview/sentiment']).toEqual(['negative', 'neutral', 'positive']);
    expect(listed['vigie-alerts/rule']).toEqual([...new Set(episodes.map((e) => e.ruleName))].sort());
  });

  it('alert annotations show the selected brands\' episodes of the range, not the deliveries', async () => {
    const dashboard = dashboards.find((d) => d.uid === 'vigie-overview') as Dashboard;
    const annotation = dashboard.annotations.list.find((candidate) => candidate.datasource.uid === 'vigie-alerts');
    if (!annotation) throw new Error('the overview has no alert annotation');
    for (const { selection } of SCENARIOS) {
      const range = rangeOf(dashboard, 30);
      const { body } = translateAnnotation(annotation, { range, timeField: 'startedAt', variables: dashboard.templating.list, selection });
      const response = await es.search({ index: indices.alerts, ...body });
      const inRange = (value: string | undefined) => value !== undefined && Date.parse(value) >= range.from && Date.parse(value) <= range.to;
      const expected = episodes.filter((e) => (selection.brand === ALL || selection.brand?.includes(e.brand)) && (inRange(e.startedAt) || inRange(e.resolvedAt)));
      expect(response.hits.hits.length).toBeGreaterThan(0);
      expect(response.hits.hits.length).toBe(expected.length);
      for (const hit of response.hits.hits) expect(hit._source).toMatchObject({ kind: 'alert', title: expect.any(String), ruleName: expect.any(String) });
    }
  });

  for (const { name, selection } of SCENARIOS) {
    for (const days of [undefined, 90]) {
      it(`${name}, ${days ? `${days}-day` : 'default'} range: every panel's queries return data and the figures the seeded data implies`, async () => {
        let checked = 0;
        for (const dashboard of dashboards) {
          const range = rangeOf(dashboard, days);
          for (const panel of allPanels(dashboard)) {
            const run = await runPanel(dashboard, panel, selection, range);
            if (days === 90) {
              for (const [refId, result] of run.results) expect(hasData(result), `${dashboard.uid} "${panel.title}" ${refId} is empty`).toBe(true);
            }
            const expectation = EXPECTATIONS[dashboard.uid]?.[panel.title];
            if (!expectation) throw new Error(`no expected figures for ${dashboard.uid} "${panel.title}"`);
            expectation(checkFor(run, selection, dashboard));
            checked += 1;
          }
        }
        expect(checked).toBe(dashboards.reduce((n, d) => n + allPanels(d).length, 0));
      });
    }
  }

  it('a 90-day view asks Elasticsearch for at most 200 date buckets per series', async () => {
    for (const dashboard of dashboards) {
      for (const panel of allPanels(dashboard)) {
        const run = await runPanel(dashboard, panel, SCENARIOS[0]?.selection as Selection, rangeOf(dashboard, 90));
        for (const { body } of run.requests) {
          const histogram = JSON.stringify(body).match(/"fixed_interval":"(\d+)ms"/);
          if (!histogram) continue;
          const buckets = (run.range.to - run.range.from) / Number(histogram[1]);
          expect(buckets, `${dashboard.uid} "${panel.title}"`).toBeLessThanOrEqual(200);
        }
      }
    }
  });
});

describe('dashboard figures against the API analytics', () => {
  async function analytics(path: string, params: Record<string, string | string[]>): Promise<Record<string, unknown>> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const item of [value].flat()) search.append(key, item);
    const response = await api.inject({ method: 'GET', url: `/v1/analytics/${path}?${search}`, headers: { authorization: `Bearer ${apiToken}` } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  /** The dashboard selection as API filters; All brands means the tracked brands. */
  function filters(selection: Selection, { sentiment = true } = {}): Record<string, string[]> {
    const params: Record<string, string[]> = { brand: selection.brand === ALL ? [...BRANDS] : selection.brand as string[] };
    for (const key of ['source', 'language', ...(sentiment ? ['sentiment'] : [])]) if (selection[key] !== ALL) params[key] = selection[key] as string[];
    return params;
  }
  const overview = () => dashboards.find((d) => d.uid === 'vigie-overview') as Dashboard;
  const panel = (title: string) => allPanels(overview()).find((p) => p.title === title) as Panel;

  for (const { name, selection } of SCENARIOS) {
    it(`${name}: volumes, sentiment, reach, sources, languages and share of voice match the API for the same period`, async () => {
      const range = rangeOf(overview(), 30);
      const period = { from: new Date(range.from).toISOString(), to: new Date(range.to + 1).toISOString() };
      const params = { ...period, ...filters(selection) };

      const summary = await analytics('summary', params) as { current: { mentions: number; negative: number; reach: number } };
      expect(totals((await runPanel(overview(), panel('Mentions'), selection, range)).results.get('A'))['']).toBe(summary.current.mentions);
      expect(totals((await runPanel(overview(), panel('Negative mentions'), selection, range)).results.get('A'))['']).toBe(summary.current.negative);
      expect(totals((await runPanel(overview(), panel('Estimated reach'), selection, range)).results.get('A'))['']).toBeCloseTo(summary.current.reach, 3);

      const timeseries = await analytics('timeseries', { ...params, interval: 'day' }) as { total: number; buckets: { negative: number; neutral: number; positive: number }[] };
      const bySentiment = totals((await runPanel(overview(), panel('Volume by sentiment'), selection, range)).results.get('A'));
      const fromApi = Object.fromEntries((['negative', 'neutral', 'positive'] as const).map((label) => [label, sum(timeseries.buckets.map((bucket) => bucket[label]))]).filter(([, count]) => count !== 0));
      expect(bySentiment).toEqual(fromApi);

      for (const [path, title] of [['sources', 'Sources'], ['languages', 'Languages']] as const) {
        const body = await analytics(path, params) as Record<string, { key: string; mentions: number }[]>;
        const expected = Object.fromEntries((body[path] ?? []).map((row) => [row.key, row.mentions]));
        expect(column((await runPanel(overview(), panel(title), selection, range)).results.get('A'), 'Count'), title).toEqual(expected);
      }

      // Share of voice: the API compares a brand with its configured competitors (here every tracked brand).
      const shareOfVoice = await analytics('share-of-voice', { ...period, ...filters(selection), brand: 'lumiere' }) as { brands: { brand: string; mentions: number }[] };
      const fromPanel = column((await runPanel(overview(), panel('Share of voice'), selection, range)).results.get('A'), 'Count');
      for (const row of shareOfVoice.brands) expect(fromPanel[row.brand] ?? 0, row.brand).toBe(row.mentions);
    });

    it(`${name}: the net sentiment score and its change match the API summary for the last $period`, async () => {
      const run = await runPanel(overview(), panel('Net sentiment score — last $period vs the $period before'), selection, rangeOf(overview()));
      const summary = await analytics('summary', { from: `now-${selection.period?.[0]}`, ...filters(selection, { sentiment: false }) }) as {
        current: { netSentiment: number | null }; change: { netSentimentPoints: number | null };
      };
      expect(numberOf(run.results.get('Net sentiment'))).toBeCloseTo(summary.current.netSentiment as number, 2);
      expect(Math.abs(numberOf(run.results.get('Change')) - (summary.change.netSentimentPoints as number))).toBeLessThanOrEqual(0.011);
    });
  }

  it('everything: negative aspects match the API aspects', async () => {
    const selection = SCENARIOS[0]?.selection as Selection;
    const range = rangeOf(overview(), 90);
    const body = await analytics('aspects', { from: new Date(range.from).toISOString(), to: new Date(range.to + 1).toISOString(), ...filters(selection) }) as { aspects: { aspect: string; negative: number }[] };
    const expected = Object.fromEntries(body.aspects.filter((row) => row.negative > 0).map((row) => [row.aspect, row.negative]));
    expect(column((await runPanel(overview(), panel('Aspects ranked by negativity'), selection, range)).results.get('A'), 'Count')).toEqual(expected);
  });
});
