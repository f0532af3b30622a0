import type { estypes } from '@elastic/elasticsearch';
import type { AlertRule } from '@vigie/core';
import { parseQuery } from '@vigie/nlp';
import type { DetectionParams } from '../params.js';
import type { TimeWindow } from '../detection/windows.js';

type Query = estypes.QueryDslQueryContainer;
type QueryNode = ReturnType<typeof parseQuery>;
type WordPattern = Extract<QueryNode, { type: 'term' }>['words'][number];

const TEXT_FIELD = 'textNormalized';
const FIELD_OF = { lang: 'language.code', source: 'source', author: 'author.handle' } as const;

function termQuery(words: readonly WordPattern[]): Query {
  const text = words.map((w) => w.text).join(' ');
  const last = words[words.length - 1];
  if (last?.prefix) return words.length === 1 ? { prefix: { [TEXT_FIELD]: { value: last.text } } } : { match_phrase_prefix: { [TEXT_FIELD]: text } };
  return { match_phrase: { [TEXT_FIELD]: text } };
}

function intervalRule(node: QueryNode): estypes.QueryDslIntervalsContainer | null {
  if (node.type !== 'term') return null;
  if (node.words.some((w) => w.prefix)) return null;
  return { match: { query: node.words.map((w) => w.text).join(' '), ordered: true, max_gaps: 0 } };
}

/**
 * Translate a parsed Vigie query (the brand query language, normalised like the indexed text)
 * into query DSL: user text reaches Elasticsearch only as validated structure.
 */
export function queryToDsl(node: QueryNode): Query {
  switch (node.type) {
    case 'term':
      return termQuery(node.words);
    case 'field': {
      const field = FIELD_OF[node.field];
      return node.value.prefix
        ? { prefix: { [field]: { value: node.value.text, case_insensitive: true } } }
        : { term: { [field]: { value: node.value.text, case_insensitive: true } } };
    }
    case 'and':
      return { bool: { must: node.children.map(queryToDsl) } };
    case 'or':
      return { bool: { should: node.children.map(queryToDsl), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [queryToDsl(node.child)] } };
    case 'near': {
      const left = intervalRule(node.left);
      const right = intervalRule(node.right);
      if (left && right) {
        return { intervals: { [TEXT_FIELD]: { all_of: { ordered: false, max_gaps: node.distance, intervals: [left, right] } } } };
      }
      // NEAR between sub-expressions: both must be present (looser than the analyzer's matcher).
      return { bool: { must: [queryToDsl(node.left), queryToDsl(node.right)] } };
    }
  }
}

/** The mentions a rule looks at: its brand, its filters and, for keyword and influencer rules, the matching condition. */
export function ruleFilters(rule: AlertRule, params: DetectionParams): Query[] {
  const filters: Query[] = [{ term: { brands: rule.brand } }];
  if (rule.filters.language?.length) filters.push({ terms: { 'language.code': rule.filters.language } });
  if (rule.filters.source?.length) filters.push({ terms: { source: rule.filters.source } });
  if (rule.filters.query) filters.push(queryToDsl(parseQuery(rule.filters.query)));
  if (rule.type === 'keyword' && params.query) filters.push(queryToDsl(parseQuery(params.query)));
  if (rule.type === 'influencer') {
    filters.push({ term: { 'sentiment.label': 'negative' } }, { range: { reach: { gte: params.reachThreshold } } });
  }
  return filters;
}

export function inWindow(window: TimeWindow): Query {
  return { range: { publishedAt: { gte: window.from.toISOString(), lt: window.to.toISOString() } } };
}

/** Mentions that make the metric of a rule (used to pick drivers and example mentions). */
export function metricFilter(rule: AlertRule): Query[] {
  return rule.type === 'negative_spike' || rule.type === 'sentiment_drop' ? [{ term: { 'sentiment.label': 'negative' } }] : [];
}

export const SENTIMENT_AGGS = {
  negative: { filter: { term: { 'sentiment.label': 'negative' } } },
  positive: { filter: { term: { 'sentiment.label': 'positive' } } },
} satisfies Record<string, estypes.AggregationsAggregationContainer>;

/** Search options so a deployment without any mention index yet reads zeros instead of failing. */
export const MISSING_OK = { ignore_unavailable: true, allow_no_indices: true } as const;
