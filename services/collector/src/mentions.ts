import type { Producer } from 'kafkajs';
import { mentionId, validateRawMention, type RawMention, type SourceConfig } from '@vigie/core';
import type { MentionDraft } from './connectors/types.js';

/** Complete a connector's draft into a raw mention and validate it against the shared schema. */
export function completeMention(draft: MentionDraft, source: Pick<SourceConfig, 'type' | 'name' | 'brands'>, collectedAt: string): RawMention {
  return validateRawMention({
    ...draft,
    id: mentionId(source.type, draft.sourceId),
    source: source.type,
    sourceName: source.name,
    ...(source.brands.length > 0 ? { sourceBrands: source.brands } : {}),
    collectedAt,
  });
}

/** Produce mentions keyed by id and resolve once Kafka acknowledged all of them (acks=all, idempotent producer). */
export async function produceMentions(producer: Producer, topic: string, mentions: RawMention[]): Promise<void> {
  if (mentions.length === 0) return;
  await producer.send({
    topic,
    acks: -1,
    messages: mentions.map((mention) => ({ key: mention.id, value: JSON.stringify(mention) })),
  });
}
