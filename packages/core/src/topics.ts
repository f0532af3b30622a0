/** Kafka topics and their partition counts. Scaling out = more partitions + more consumers in the group. */
export const TOPICS = {
  raw: 'vigie.mentions.raw',
  enriched: 'vigie.mentions.enriched',
  dlq: 'vigie.mentions.dlq',
} as const;

export type TopicRole = keyof typeof TOPICS;

export const TOPIC_PARTITIONS: Record<TopicRole, number> = { raw: 6, enriched: 6, dlq: 1 };

/** Consumer groups, one per stage. */
export const GROUPS = { analyzer: 'vigie-analyzer', indexer: 'vigie-indexer' } as const;

/** Topic names under an optional prefix, so tests (and tenants) can work in isolation. */
export function topicNames(prefix = ''): Record<TopicRole, string> {
  return { raw: prefix + TOPICS.raw, enriched: prefix + TOPICS.enriched, dlq: prefix + TOPICS.dlq };
}
