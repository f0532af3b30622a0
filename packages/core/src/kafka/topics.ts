import type { Kafka } from 'kafkajs';
import { TOPIC_PARTITIONS, topicNames, type TopicRole } from '../topics.js';

/** Create Vigie's topics if missing; safe to call at every service start. */
export async function ensureTopics(kafka: Kafka, prefix = ''): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const names = topicNames(prefix);
    const missing = (Object.keys(names) as TopicRole[]).filter((role) => !existing.has(names[role]));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((role) => ({
        topic: names[role],
        numPartitions: TOPIC_PARTITIONS[role],
        replicationFactor: 1,
        configEntries: [
          { name: 'max.message.bytes', value: String(2 * 1024 * 1024) },
          ...(role === 'dlq' ? [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }] : []),
        ],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** How many partitions a topic has now (more than `TOPIC_PARTITIONS` once an operator has scaled it out). */
export async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}
