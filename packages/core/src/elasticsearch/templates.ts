import { Type } from 'typebox';
import { EnrichedMentionSchema, WorkflowSchema } from '../mention.js';
import type { IndexNames } from '../indices.js';
import { mappingFromSchema } from './mapping.js';

/** Full-text fields; everything else is an exact keyword, number or date derived from the schema. */
const MENTION_OVERRIDES = {
  text: { type: 'text' },
  title: { type: 'text' },
  // Written already normalised (accents, case, elisions) by @vigie/nlp; queries are normalised the same way.
  textNormalized: { type: 'text', analyzer: 'standard' },
  notes: { type: 'text' },
  url: { type: 'keyword', ignore_above: 4096 },
  'author.url': { type: 'keyword', index: false },
  links: { type: 'keyword', ignore_above: 4096 },
  aspects: {
    type: 'nested',
    properties: { name: { type: 'keyword' }, brand: { type: 'keyword' }, label: { type: 'keyword' }, score: { type: 'float' } },
  },
};

export const MentionDocumentSchema = Type.Object({
  ...EnrichedMentionSchema.properties,
  ...WorkflowSchema.properties,
  indexedAt: Type.String({ format: 'date-time' }),
});

export function mentionTemplate(names: IndexNames) {
  return {
    name: names.mentions,
    index_patterns: [names.mentionsPattern],
    priority: 200,
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: 0,
        refresh_interval: '1s',
        // Segments stored newest first (the API's default order), so a sorted first page
        // stops reading once it has its hits and its bounded total instead of visiting every match.
        sort: { field: ['publishedAt', 'id'], order: ['desc', 'asc'] },
      },
      aliases: { [names.mentions]: {} },
      mappings: {
        dynamic: 'strict' as const,
        properties: mappingFromSchema(MentionDocumentSchema, MENTION_OVERRIDES),
      },
    },
  };
}

/** A template for one plain index (not monthly): one shard, the given mapping. */
function singleIndexTemplate(index: string, dynamic: 'false' | 'strict', properties: Record<string, unknown>) {
  return {
    name: index,
    index_patterns: [index],
    priority: 200,
    template: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { dynamic, properties } },
  };
}

export function alertTemplate(names: IndexNames) {
  return singleIndexTemplate(names.alerts, 'false', {
    kind: { type: 'keyword' },
    ruleId: { type: 'keyword' },
    ruleName: { type: 'keyword' },
    ruleType: { type: 'keyword' },
    brand: { type: 'keyword' },
    state: { type: 'keyword' },
    severity: { type: 'keyword' },
    title: { type: 'text' },
    summary: { type: 'text' },
    startedAt: { type: 'date' },
    updatedAt: { type: 'date' },
    resolvedAt: { type: 'date' },
    acknowledgedAt: { type: 'date' },
    acknowledgedBy: { type: 'keyword' },
    observed: { type: 'float' },
    expected: { type: 'float' },
    score: { type: 'float' },
    channel: { type: 'keyword' },
    outcome: { type: 'keyword' },
    // Alerter bookkeeping: which alert a delivery belongs to, which notice it carries, when it is next tried.
    alertId: { type: 'keyword' },
    notice: { type: 'keyword' },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'date' },
    '@timestamp': { type: 'date' },
  });
}

export function configTemplate(names: IndexNames) {
  return singleIndexTemplate(names.config, 'strict', {
    kind: { type: 'keyword' },
    id: { type: 'keyword' },
    name: { type: 'keyword' },
    updatedAt: { type: 'date' },
    // The spec is validated by its schema in @vigie/core; Elasticsearch only stores it.
    spec: { type: 'object', enabled: false },
  });
}
