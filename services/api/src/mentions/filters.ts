import Type, { type Static } from 'typebox';
import type { estypes } from '@elastic/elasticsearch';
import { SENTIMENT_LABELS, SOURCE_TYPES, WORKFLOW_STATUSES } from '@vigie/core';
import { HttpProblem, unprocessable } from '../problem.js';
import { normalizeSimpleQuery } from './simple-query.js';

const Keyword = Type.String({ minLength: 1, maxLength: 200 });
const KeywordList = (description: string) => Type.Array(Keyword, { maxItems: 50, description });
const DateParam = Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date or date-time, or date math (now-7d)' });

/** Filters every mention endpoint accepts (search, analytics, export). Repeat a parameter for several values. */
export const MentionFilterProperties = {
  brand: Type.Optional(KeywordList('brand id(s)')),
  sentiment: Type.Optional(Type.Array(Type.Enum(SENTIMENT_LABELS), { maxItems: 3 })),
  language: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 50 })),
  source: Type.Optional(Type.Array(Type.Enum(SOURCE_TYPES), { maxItems: SOURCE_TYPES.length })),
  sourceName: Type.Optional(KeywordList('configured source name(s)')),
  aspect: Type.Optional(KeywordList('aspect name(s)')),
  author: Type.Optional(KeywordList('author handle(s) or id(s)')),
  status: Type.Optional(Type.Array(Type.Enum(WORKFLOW_STATUSES), { maxItems: 4 })),
  tags: Type.Optional(KeywordList('mentions carrying any of these tags')),
  assignee: Type.Optional(KeywordList('assignee(s)')),
  from: Type.Optional(DateParam),
  to: Type.Optional(DateParam),
  minReach: Type.Optional(Type.Number({ minimum: 0 })),
  q: Type.Optional(Type.String({ maxLength: 1000, description: 'full text: words, "phrases", +must, -not, a | b, prefix*' })),
  excludeDuplicates: Type.Optional(Type.Boolean({ description: 'leave out near-duplicates of an earlier mention' })),
};

export const MentionFilterSchema = Type.Object(MentionFilterProperties, { additionalProperties: false });
export type MentionFilter = Static<typeof MentionFilterSchema>;

const DATE_MATH = /^now(?:[+-]\d{1,5}[yMwdhms])*(?:\/[yMwdhms])?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Accepts ISO 8601 and `now-…` date math; anything else is a 422 naming the parameter. */
export function checkDate(field: string, value: string): string {
  if (DATE_MATH.test(value)) return value;
  if (!ISO.test(value) || Number.isNaN(Date.parse(value))) {
    throw unprocessable(field, `'${value}' is not a date: use ISO 8601 (2026-01-31 or 2026-01-31T12:00:00Z) or date math (now-7d)`);
  }
  return value;
}

export function checkTimezone(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw unprocessable('timezone', `'${value}' is not an IANA time zone (e.g. Europe/Paris, UTC)`);
  }
}

const terms = (field: string, values: readonly (string | number)[] | undefined): estypes.QueryDslQueryContainer[] =>
  values?.length ? [{ terms: { [field]: [...values] } }] : [];

/** Build the Elasticsearch query for a filter: structured clauses only, free text through `simple_query_string`. */
export function buildFilterQuery(filter: MentionFilter): estypes.QueryDslQueryContainer {
  const clauses: estypes.QueryDslQueryContainer[] = [
    ...terms('brands', filter.brand),
    ...terms('sentiment.label', filter.sentiment),
    ...terms('language.code', filter.language),
    ...terms('source', filter.source),
    ...terms('sourceName', filter.sourceName),
    ...terms('aspectNames', filter.aspect),
    ...terms('tags', filter.tags),
    ...terms('assignee', filter.assignee),
  ];
  if (filter.author?.length) {
    clauses.push({ bool: { should: [{ terms: { 'author.handle': filter.author } }, { terms: { 'author.id': filter.author } }], minimum_should_match: 1 } });
  }
  if (filter.status?.length) {
    // A mention nobody touched yet has no status: it is `new`.
    const should: estypes.QueryDslQueryContainer[] = [{ terms: { status: filter.status } }];
    if (filter.status.includes('new')) should.push({ bool: { must_not: { exists: { field: 'status' } } } });
    clauses.push({ bool: { should, minimum_should_match: 1 } });
  }
  if (filter.from || filter.to) {
    const from = filter.from ? checkDate('from', filter.from) : undefined;
    const to = filter.to ? checkDate('to', filter.to) : undefined;
    if (from && to && ISO.test(from) && ISO.test(to) && Date.parse(from) > Date.parse(to)) throw unprocessable('from', `is after to (${to})`);
    clauses.push({ range: { publishedAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } });
  }
  if (filter.minReach !== undefined) clauses.push({ range: { reach: { gte: filter.minReach } } });
  const mustNot: estypes.QueryDslQueryContainer[] = filter.excludeDuplicates ? [{ exists: { field: 'duplicateOf' } }] : [];
  const must: estypes.QueryDslQueryContainer[] = [];
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const text = normalizeSimpleQuery(filter.q);
    if (!text) throw new HttpProblem(422, 'Unprocessable input', 'q has no searchable word once normalised', [{ field: 'q', message: 'has no searchable word' }]);
    must.push({ simple_query_string: textQuery(text) });
  }
  return { bool: { filter: clauses, must_not: mustNot, must } };
}

/** The one full-text clause; fuzziness, slop and field boosts are not offered so a query stays bounded. */
export function textQuery(query: string, fields = ['textNormalized']): estypes.QueryDslSimpleQueryStringQuery {
  return {
    query,
    fields,
    default_operator: 'and',
    flags: 'AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE',
    lenient: true,
  };
}
