import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { createKafka, createProducer, ensureTopics, mentionId, TOPIC_PARTITIONS, validateRawMention, type RawMention } from '@vigie/core';
import { isolate } from '../setup/isolation.js';

const { prefix, topics } = isolate('foundation-kafka');
const COUNT = 500;
let kafka: Kafka;
let admin: Admin;

function mention(n: number): RawMention {
  const sourceId = `item-${n}`;
  return validateRawMention({
    id: mentionId('demo', sourceId),
    source: 'demo',
    sourceId,
    text: `Mention numéro ${n} à propos de la marque`,
    publishedAt: new Date(Date.UTC(2026, 10, 20, 8, 0, n % 60)).toISOString(),
    collectedAt: new Date().toISOString(),
  });
}

beforeAll(async () => {
  kafka = createKafka('foundation-test');
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin.disconnect();
});

describe('Kafka foundation', () => {
  it('creates the topics idempotently with their partition counts', async () => {
    await ensureTopics(kafka, prefix);
    await ensureTopics(kafka, prefix);
    const metadata = await admin.fetchTopicMetadata({ topics: Object.values(topics) });
    const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual({
      [topics.raw]: TOPIC_PARTITIONS.raw,
      [topics.enriched]: TOPIC_PARTITIONS.enriched,
      [topics.dlq]: TOPIC_PARTITIONS.dlq,
    });
  });

  it('produces mentions keyed by id and consumes them back in a group with committed offsets', async () => {
    const producer = createProducer(kafka);
    await producer.connect();
    const sent = Array.from({ length: COUNT }, (_, n) => mention(n));
    await producer.send({ topic: topics.raw, messages: sent.map((m) => ({ key: m.id, value: JSON.stringify(m) })) });
    await producer.disconnect();

    const groupId = `${prefix}group`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.raw, fromBeginning: true });
    const received = new Map<string, RawMention>();
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch, resolveOffset }) => {
            for (const message of batch.messages) {
              const value = validateRawMention(JSON.parse(message.value!.toString('utf8')));
              expect(message.key?.toString()).toBe(value.id);
              received.set(value.id, value);
              resolveOffset(message.offset);
            }
            await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }]);
            if (received.size === COUNT) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received.size).toBe(COUNT);
    expect([...received.values()].map((m) => m.text).sort()).toEqual(sent.map((m) => m.text).sort());

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.raw] });
    const ends = await admin.fetchTopicOffsets(topics.raw);
    const committedTotal = committed!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    const endTotal = ends.reduce((sum, p) => sum + Number(p.high), 0);
    expect(committedTotal).toBe(COUNT);
    expect(endTotal).toBe(COUNT);
  });
});
