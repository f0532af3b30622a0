import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { estypes } from '@elastic/elasticsearch';
import Type from 'typebox';
import type { ApiContext } from '../context.js';
import { buildFilterQuery } from '../mentions/filters.js';
import { unprocessable } from '../problem.js';
import { SENTIMENT_AGG, percentChange, sentimentCounts } from './aggregations.js';
import { AnalyticsProperties, AnalyticsQuery, resolvePeriod, type AnalyticsParams, type Period } from './period.js';

type Aggs = Record<string, estypes.AggregationsAggregationContainer>;
// Aggregation responses are read by shape; the client types them as a union of every aggregate.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AggResult = any;

const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 }));
const KeyCount = Type.Object({ key: Type.String(), mentions: Type.Integer(), negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), netSentiment: Type.Union([Type.Number(), Type.Null()]) });
const PeriodOut = { from: Type.String(), to: Type.String() };

export const analyticsRoutes: FastifyPluginAsync<{ context: ApiContext }> = async (fastify, { context }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const read = { scope: 'read' as const };
  const tags = ['analytics'];

  async function aggregate(period: Period, aggs: Aggs, query: estypes.QueryDslQueryContainer = buildFilterQuery(period.filter)): Promise<{ total: number; aggs: AggResult }> {
    await context.requireBrands('brand', period.filter.brand);
    const response = await context.es.search({ index: context.names.mentions, size: 0, track_total_hits: true, query, aggs });
    return { total: (response.hits.total as estypes.SearchTotalHits).value, aggs: response.aggregations as AggResult };
  }
  const periodOut = (period: Period) => ({ from: period.from.toISOString(), to: period.to.toISOString() });

  app.get('/analytics/timeseries', {
    config: read,
    schema: {
      tags, summary: 'Volume by sentiment and net sentiment score over time', querystring: AnalyticsQuery,
      response: { 200: Type.Object({ ...PeriodOut, interval: Type.String(), timezone: Type.String(), total: Type.Integer(), buckets: Type.Array(Type.Object({ date: Type.String(), mentions: Type.Integer(), negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), netSentiment: Type.Union([Type.Number(), Type.Null()]) })) }) },
    },
  }, async (request) => {
    const period = resolvePeriod(request.query);
    const { total, aggs } = await aggregate(period, {
      over_time: {
        date_histogram: {
          field: 'publishedAt', calendar_interval: period.interval, time_zone: period.timezone, min_doc_count: 0,
          extended_bounds: { min: period.from.getTime(), max: period.to.getTime() - 1 },
        },
        aggs: { sentiment: SENTIMENT_AGG },
      },
    });
    return {
      ...periodOut(period), interval: period.interval, timezone: period.timezone, total,
      buckets: aggs.over_time.buckets.map((b: AggResult) => ({ date: b.key_as_string, mentions: b.doc_count, ...sentimentCounts(b.doc_count, b.sentiment) })),
    };
  });

  app.get('/analytics/share-of-voice', {
    config: read,
    schema: {
      tags, summary: "A brand's share of the conversation against its configured competitors", querystring: AnalyticsQuery,
      response: { 200: Type.Object({ ...PeriodOut, brand: Type.String(), total: Type.Integer(), brands: Type.Array(Type.Object({ brand: Type.String(), mentions: Type.Integer(), share: Type.Union([Type.Number(), Type.Null()]), netSentiment: Type.Union([Type.Number(), Type.Null()]) })) }) },
    },
  }, async (request) => {
    if (request.query.brand?.length !== 1) throw unprocessable('brand', 'must name exactly one brand; its competitors come from its configuration');
    const brand = await context.brand('brand', request.query.brand[0]!);
    const period = resolvePeriod(request.query);
    const ids = [brand.id, ...brand.competitors];
    const { aggs } = await aggregate(period, {
      brands: { filters: { filters: Object.fromEntries(ids.map((id) => [id, { term: { brands: id } }])) }, aggs: { sentiment: SENTIMENT_AGG } },
    }, buildFilterQuery({ ...period.filter, brand: ids }));
    const rows = ids.map((id) => ({ brand: id, mentions: aggs.brands.buckets[id].doc_count as number, sentiment: aggs.brands.buckets[id].sentiment }));
    const sum = rows.reduce((n, r) => n + r.mentions, 0);
    return {
      ...periodOut(period), brand: brand.id, total: sum,
      brands: rows.map((r) => ({ brand: r.brand, mentions: r.mentions, share: sum ? Math.round((r.mentions / sum) * 10_000) / 100 : null, netSentiment: sentimentCounts(r.mentions, r.sentiment).netSentiment })),
    };
  });

  const TopAuthorsQuery = Type.Object({ ...AnalyticsProperties, by: Type.Optional(Type.Enum(['reach', 'volume', 'negativity'], { default: 'reach' })), limit: Limit }, { additionalProperties: false });
  app.get('/analytics/top-authors', {
    config: read,
    schema: {
      tags, summary: 'Authors ranked by reach, volume or negative mentions', querystring: TopAuthorsQuery,
      response: { 200: Type.Object({ ...PeriodOut, by: Type.String(), authors: Type.Array(Type.Object({ handle: Type.String(), name: Type.Optional(Type.String()), followers: Type.Optional(Type.Integer()), mentions: Type.Integer(), reach: Type.Number(), negative: Type.Integer() })) }) },
    },
  }, async (request) => {
    const { by = 'reach', limit = 10, ...params } = request.query;
    const period = resolvePeriod(params);
    const order: Record<string, estypes.AggregationsAggregateOrder> = { reach: { reach: 'desc' }, volume: { _count: 'desc' }, negativity: { negative: 'desc' } };
    const { aggs } = await aggregate(period, {
      authors: {
        terms: { field: 'author.handle', size: limit, shard_size: Math.max(500, limit * 20), order: [order[by] as Record<string, estypes.SortOrder>, { _key: 'asc' }] },
        aggs: {
          reach: { sum: { field: 'reach' } },
          negative: { filter: { term: { 'sentiment.label': 'negative' } } },
          profile: { top_hits: { size: 1, _source: ['author.name', 'author.followers'], sort: [{ publishedAt: 'desc' }] } },
        },
      },
    });
    return {
      ...periodOut(period), by,
      authors: aggs.authors.buckets.map((b: AggResult) => {
        const author = b.profile.hits.hits[0]?._source?.author ?? {};
        return { handle: b.key, name: author.name, followers: author.followers, mentions: b.doc_count, reach: b.reach.value, negative: b.negative.doc_count };
      }),
    };
  });

  const TopicsQuery = Type.Object({ ...AnalyticsProperties, field: Type.Optional(Type.Enum(['keywords', 'topics', 'hashtags', 'text'], { default: 'keywords' })), limit: Limit }, { additionalProperties: false });
  app.get('/analytics/topics', {
    config: read,
    schema: {
      tags, summary: 'Terms significant in the period against the background (the same brands over all time)', querystring: TopicsQuery,
      response: { 200: Type.Object({ ...PeriodOut, field: Type.String(), topics: Type.Array(Type.Object({ term: Type.String(), mentions: Type.Integer(), background: Type.Integer(), score: Type.Number() })) }) },
    },
  }, async (request) => {
    const { field = 'keywords', limit = 10, ...params } = request.query;
    const period = resolvePeriod(params);
    const background = params.brand?.length ? { terms: { brands: params.brand } } : undefined;
    const significant: estypes.AggregationsAggregationContainer = field === 'text'
      ? { significant_text: { field: 'textNormalized', size: limit, shard_size: 200, filter_duplicate_text: true, min_doc_count: 3, ...(background ? { background_filter: background } : {}) } }
      : { significant_terms: { field, size: limit, min_doc_count: 3, ...(background ? { background_filter: background } : {}) } };
    // significant_text re-analyses stored text: a sample of the best matches bounds the cost.
    const aggs: Aggs = field === 'text' ? { sample: { sampler: { shard_size: 500 }, aggs: { terms: significant } } } : { terms: significant };
    const result = await aggregate(period, aggs);
    const buckets = field === 'text' ? result.aggs.sample.terms.buckets : result.aggs.terms.buckets;
    return { ...periodOut(period), field, topics: buckets.map((b: AggResult) => ({ term: b.key, mentions: b.doc_count, background: b.bg_count, score: b.score })) };
  });

  app.get('/analytics/aspects', {
    config: read,
    schema: {
      tags, summary: 'Volume and sentiment per aspect (price, service, ...)', querystring: AnalyticsQuery,
      response: { 200: Type.Object({ ...PeriodOut, aspects: Type.Array(Type.Object({ aspect: Type.String(), mentions: Type.Integer(), negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(), netSentiment: Type.Union([Type.Number(), Type.Null()]), averageScore: Type.Union([Type.Number(), Type.Null()]) })) }) },
    },
  }, async (request) => {
    const period = resolvePeriod(request.query);
    const brands = request.query.brand;
    const byName: estypes.AggregationsAggregationContainer = {
      terms: { field: 'aspects.name', size: 100 },
      aggs: { label: { terms: { field: 'aspects.label', size: 3 } }, score: { avg: { field: 'aspects.score' } }, mentions: { reverse_nested: {} } },
    };
    const { aggs } = await aggregate(period, {
      aspects: { nested: { path: 'aspects' }, aggs: { scoped: { filter: brands?.length ? { terms: { 'aspects.brand': brands } } : { match_all: {} }, aggs: { names: byName } } } },
    });
    return {
      ...periodOut(period),
      aspects: aggs.aspects.scoped.names.buckets.map((b: AggResult) => ({
        aspect: b.key, mentions: b.mentions.doc_count, ...sentimentCounts(b.doc_count, b.label), averageScore: b.score.value,
      })),
    };
  });

  for (const [path, field, summary] of [['sources', 'source', 'Volume and sentiment per source type'], ['languages', 'language.code', 'Volume and sentiment per language']] as const) {
    app.get(`/analytics/${path}`, {
      config: read,
      schema: { tags, summary, querystring: AnalyticsQuery, response: { 200: Type.Object({ ...PeriodOut, total: Type.Integer(), [path]: Type.Array(KeyCount) }) } },
    }, async (request) => {
      const period = resolvePeriod(request.query);
      const { total, aggs } = await aggregate(period, { keys: { terms: { field, size: 100 }, aggs: { sentiment: SENTIMENT_AGG } } });
      return { ...periodOut(period), total, [path]: aggs.keys.buckets.map((b: AggResult) => ({ key: b.key, mentions: b.doc_count, ...sentimentCounts(b.doc_count, b.sentiment) })) };
    });
  }

  const Kpis = Type.Object({
    mentions: Type.Integer(), negative: Type.Integer(), neutral: Type.Integer(), positive: Type.Integer(),
    netSentiment: Type.Union([Type.Number(), Type.Null()]), negativeShare: Type.Union([Type.Number(), Type.Null()]),
    reach: Type.Number(), authors: Type.Integer(), averageScore: Type.Union([Type.Number(), Type.Null()]),
  });
  app.get('/analytics/summary', {
    config: read,
    schema: {
      tags, summary: "The period's reputation KPIs and their change against the previous period of the same length", querystring: AnalyticsQuery,
      response: { 200: Type.Object({ ...PeriodOut, previousFrom: Type.String(), current: Kpis, previous: Kpis, change: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])) }) },
    },
  }, async (request) => {
    const period = resolvePeriod(request.query as AnalyticsParams);
    const previousFrom = new Date(period.from.getTime() - (period.to.getTime() - period.from.getTime()));
    const range = (gte: Date, lt: Date) => ({ range: { publishedAt: { gte: gte.toISOString(), lt: lt.toISOString() } } });
    const { aggs } = await aggregate(period, {
      periods: {
        filters: { filters: { current: range(period.from, period.to), previous: range(previousFrom, period.from) } },
        aggs: { sentiment: SENTIMENT_AGG, reach: { sum: { field: 'reach' } }, authors: { cardinality: { field: 'author.handle' } }, score: { avg: { field: 'sentiment.score' } } },
      },
    }, buildFilterQuery({ ...period.filter, from: previousFrom.toISOString() }));
    const kpis = (b: AggResult) => {
      const counts = sentimentCounts(b.doc_count, b.sentiment);
      return {
        mentions: b.doc_count, ...counts, negativeShare: b.doc_count ? Math.round((counts.negative / b.doc_count) * 10_000) / 100 : null,
        reach: b.reach.value, authors: b.authors.value, averageScore: b.score.value,
      };
    };
    const current = kpis(aggs.periods.buckets.current);
    const previous = kpis(aggs.periods.buckets.previous);
    const change = Object.fromEntries((['mentions', 'negative', 'positive', 'reach', 'authors'] as const).map((k) => [`${k}Percent`, percentChange(current[k], previous[k])]));
    change.netSentimentPoints = current.netSentiment === null || previous.netSentiment === null ? null : Math.round((current.netSentiment - previous.netSentiment) * 100) / 100;
    change.negativeSharePoints = current.negativeShare === null || previous.negativeShare === null ? null : Math.round((current.negativeShare - previous.negativeShare) * 100) / 100;
    return { ...periodOut(period), previousFrom: previousFrom.toISOString(), current, previous, change };
  });
};
