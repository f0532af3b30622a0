import type { Client } from '@elastic/elasticsearch';
import type { Kafka, KafkaMessage, Message } from 'kafkajs';
import {
  GROUPS, chunkMessages, createElasticsearch, createKafka, createLogger, createMetricsRegistry, createProducer, createStageConsumer, createStageMetrics, deadLetterMessage,
  decodeJson, ensureTemplates, ensureTopics, indexNames, readEnv, rejectionKind, startOpsServer, topicNames, TOPIC_PARTITIONS, validateEnrichedMention,
  type Logger,
} from '@vigie/core';
import type { Registry } from 'prom-client';
import { bulkIndex, mentionSource, type IndexItem } from './bulk.js';
import { coalesce } from './coalesce.js';

export interface IndexerOptions {
  /** Prefix of topics, indices and the consumer group (tests, isolated deployments); default `VIGIE_PREFIX`. */
  prefix?: string;
  /** Consumer group; default `<prefix>vigie-indexer`. */
  groupId?: string;
  /** Port of `/metrics`, `/healthz`, `/readyz`; 0 picks a free one; omitted: no ops server. */
  metricsPort?: number;
  /** Longest pause of a partition while Elasticsearch is unavailable (default 10 s). */
  maxBackoffMs?: number;
  /** Partitions consumed at the same time, their documents sent in one bulk request (default: all of the topic's, 6). */
  concurrency?: number;
  logger?: Logger;
  kafka?: Kafka;
  elasticsearch?: Client;
}

export interface RunningIndexer {
  stop(): Promise<void>;
  registry: Registry;
  metricsPort?: number;
}

const STAGE = 'indexer';
/** In-batch retries of items Elasticsearch rejected as busy, before pausing the partition. */
const ITEM_RETRIES = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Consume enriched mentions and bulk-index them; offsets are committed only after a successful bulk. */
export async function startIndexer(options: IndexerOptions = {}): Promise<RunningIndexer> {
  const env = readEnv();
  const prefix = options.prefix ?? env.namePrefix;
  const log = options.logger ?? createLogger(STAGE);
  const topics = topicNames(prefix);
  const names = indexNames(prefix);
  const kafka = options.kafka ?? createKafka(`${prefix}vigie-indexer`);
  const es = options.elasticsearch ?? createElasticsearch();
  const registry = createMetricsRegistry(STAGE);
  const metrics = createStageMetrics(registry, STAGE);
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;

  await ensureTopics(kafka, prefix);
  await ensureTemplates(es, names);

  /** Consecutive failures per partition, for the pause length; and the timers that will resume them. */
  const failures = new Map<number, number>();
  const resumeTimers = new Set<NodeJS.Timeout>();

  // The partitions of one fetch share one bulk request (see coalesce()).
  const indexItems = coalesce((items: IndexItem[]) => bulkIndex(es, items, names));
  const producer = createProducer(kafka);
  const { consumer, ready } = createStageConsumer(kafka, {
    groupId: options.groupId ?? `${prefix}${GROUPS.indexer}`, topic: topics.enriched, es, log, metrics,
  });

  function deadLetter(message: KafkaMessage, partition: number, reason: string): Message {
    return deadLetterMessage({
      stage: STAGE, reason, topic: topics.enriched, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {},
    });
  }

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: topics.enriched, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency ?? TOPIC_PARTITIONS.enriched,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, pause, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.isEmpty()) return;
      const { partition } = batch;
      const done = metrics.batchSeconds.startTimer({ stage: STAGE });
      const letters: { offset: bigint; message: Message; kind: string }[] = [];
      let pending: IndexItem[] = [];
      for (const message of batch.messages) {
        try {
          const mention = validateEnrichedMention(decodeJson(message.value, 'enriched mention'));
          pending.push({ offset: message.offset, mention: { id: mention.id, publishedAt: mention.publishedAt }, source: mentionSource(message.value!, mention) });
        } catch (error) {
          letters.push({ offset: BigInt(message.offset), message: deadLetter(message, partition, (error as Error).message), kind: rejectionKind(error) });
        }
      }

      let indexed = 0;
      /** The first offset that must be tried again after a pause; undefined when the whole batch is done. */
      let blockedAt: bigint | undefined;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        let results;
        try {
          results = await indexItems(pending);
        } catch (error) {
          metrics.errors.inc({ stage: STAGE, kind: 'elasticsearch_unavailable' });
          // Only the message: the error object carries the whole bulk body.
          log.warn({ reason: (error as Error).message, partition }, 'Elasticsearch unavailable or rejecting the bulk: pausing the partition');
          break;
        }
        const retry: IndexItem[] = [];
        results.forEach((result, index) => {
          const item = pending[index]!;
          if (result.ok) indexed += 1;
          else if (result.retriable) retry.push(item);
          else letters.push({ offset: BigInt(item.offset), message: deadLetter(batch.messages.find((m) => m.offset === item.offset)!, partition, result.reason), kind: 'rejected_by_elasticsearch' });
        });
        pending = retry;
        if (pending.length === 0) break;
        metrics.errors.inc({ stage: STAGE, kind: 'items_retried' }, pending.length);
        if (attempt + 1 >= ITEM_RETRIES) break;
        await sleep(200 * 2 ** attempt);
        await heartbeat();
      }
      if (pending.length > 0) blockedAt = pending.reduce((min, item) => (BigInt(item.offset) < min ? BigInt(item.offset) : min), BigInt(pending[0]!.offset));

      // Messages at or after the blocked offset come back after the pause; dead-letter only what is before it, once.
      const sent = letters.filter((letter) => blockedAt === undefined || letter.offset < blockedAt);
      if (sent.length > 0) {
        for (const messages of chunkMessages(sent.map((letter) => letter.message))) await producer.send({ topic: topics.dlq, messages, acks: -1 });
        for (const letter of sent) metrics.deadLetters.inc({ stage: STAGE, kind: letter.kind });
        metrics.messages.inc({ stage: STAGE, outcome: 'dead_lettered' }, sent.length);
        log.warn({ partition, count: sent.length }, 'messages sent to the DLQ');
      }
      const lastDone = blockedAt === undefined ? BigInt(batch.lastOffset()) : blockedAt - 1n;
      if (lastDone >= BigInt(batch.firstOffset() ?? batch.lastOffset())) {
        resolveOffset(lastDone.toString());
        await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition, offset: (lastDone + 1n).toString() }] }] });
      }
      metrics.messages.inc({ stage: STAGE, outcome: 'indexed' }, indexed);
      metrics.recordLag(batch.topic, partition, batch.highWatermark, (lastDone + 1n).toString());
      done();

      if (blockedAt === undefined) {
        failures.delete(partition);
      } else {
        const count = (failures.get(partition) ?? 0) + 1;
        failures.set(partition, count);
        const delay = Math.min(maxBackoffMs, 500 * 2 ** count) * (0.8 + Math.random() * 0.4);
        const resume = pause();
        const timer = setTimeout(() => {
          resumeTimers.delete(timer);
          resume();
        }, delay);
        resumeTimers.add(timer);
        log.info({ partition, delayMs: Math.round(delay), attempt: count }, 'partition paused; nothing is skipped, it resumes from the first unindexed message');
      }
      await heartbeat();
    },
  });

  const ops = options.metricsPort === undefined ? undefined : await startOpsServer({ port: options.metricsPort, registry, ready });

  return {
    registry,
    metricsPort: ops?.port,
    async stop() {
      for (const timer of resumeTimers) clearTimeout(timer);
      // disconnect() lets in-flight batches finish (bulk and commit included) before leaving the group.
      await consumer.disconnect();
      await producer.disconnect();
      await ops?.close();
      if (!options.elasticsearch) await es.close();
    },
  };
}
