import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import {
  ConfigStore, GROUPS, createElasticsearch, createKafka, createLogger, createMetricsRegistry, createProducer, createStageConsumer, createStageMetrics,
  ensureTemplates, ensureTopics, indexNames, partitionCount, readEnv, startOpsServer, topicNames, TOPIC_PARTITIONS, type Logger,
} from '@vigie/core';
import { createDuplicateIndex } from '@vigie/nlp';
import type { Registry } from 'prom-client';
import { analyzeMention } from './analyze-mention.js';
import { processBatch } from './batch.js';
import { createOutput } from './output.js';
import { watchBrands } from './brands.js';

export interface AnalyzerOptions {
  /** Prefix of topics, indices and the consumer group (tests, isolated deployments); default `VIGIE_PREFIX`. */
  prefix?: string;
  /** Consumer group; default `<prefix>vigie-analyzer`. Instances in one group share the partitions. */
  groupId?: string;
  /** Port of `/metrics`, `/healthz`, `/readyz`; 0 picks a free one; omitted: no ops server. */
  metricsPort?: number;
  /** How often the brand configuration is polled (default 5 s, within the 10 s reload promise). */
  brandPollMs?: number;
  logger?: Logger;
  kafka?: Kafka;
  elasticsearch?: Client;
}

export interface RunningAnalyzer {
  stop(): Promise<void>;
  registry: Registry;
  /** Where the ops server listens, when one was asked for. */
  metricsPort?: number;
}

const STAGE = 'analyzer';
/** Messages analysed, produced and committed together. */
const SLICE_SIZE = 500;

/** Consume raw mentions, analyse them, produce enriched ones; offsets are committed only once the output is acknowledged. */
export async function startAnalyzer(options: AnalyzerOptions = {}): Promise<RunningAnalyzer> {
  const env = readEnv();
  const prefix = options.prefix ?? env.namePrefix;
  const log = options.logger ?? createLogger(STAGE);
  const topics = topicNames(prefix);
  const names = indexNames(prefix);
  const kafka = options.kafka ?? createKafka(`${prefix}vigie-analyzer`);
  const es = options.elasticsearch ?? createElasticsearch();
  const registry = createMetricsRegistry(STAGE);
  const metrics = createStageMetrics(registry, STAGE);

  await ensureTopics(kafka, prefix);
  // A raw partition's mentions all go to the enriched partition of the same number (modulo the count): the key's
  // order holds across both topics, as it would through the key's hash, without hashing every key again.
  const enrichedPartitions = await partitionCount(kafka, topics.enriched);
  await ensureTemplates(es, names);
  const brands = await watchBrands(new ConfigStore(es, names.config), log, createDuplicateIndex(), options.brandPollMs);

  const producer = createProducer(kafka);
  const { consumer, ready } = createStageConsumer(kafka, {
    groupId: options.groupId ?? `${prefix}${GROUPS.analyzer}`, topic: topics.raw, es, log, metrics,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: topics.raw, fromBeginning: true });
  const output = createOutput(producer);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    // Partitions are analysed one at a time (one thread), but a partition waiting for its output to be
    // acknowledged lets the next one be analysed, and their outputs share produce requests and commits.
    partitionsConsumedConcurrently: TOPIC_PARTITIONS.raw,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.isEmpty()) return;
      const origin = { topic: batch.topic, partition: batch.partition };
      const enrichedPartition = batch.partition % enrichedPartitions;
      /** The previous slice of this partition, still being produced and committed while the next one is analysed. */
      let delivered: Promise<void> | undefined;
      // Slices keep latency low when a fetch brings thousands of messages: each slice is produced and committed on its own.
      for (let start = 0; start < batch.messages.length && isRunning() && !isStale(); start += SLICE_SIZE) {
        const slice = batch.messages.slice(start, start + SLICE_SIZE);
        const done = metrics.batchSeconds.startTimer({ stage: STAGE });
        const context = brands.context();
        const analyzedAt = new Date().toISOString();
        const outcome = processBatch(slice, origin, (mention) => analyzeMention(mention, context, analyzedAt), enrichedPartition);
        const lastOffset = slice[slice.length - 1]!.offset;
        await delivered;
        await heartbeat();
        // acks=all (idempotent producer): the offset is committed only once every output of the slice is durable.
        delivered = output.deliver({
          ...origin,
          lastOffset,
          commit: commitOffsetsIfNecessary,
          messages: [
            { topic: topics.enriched, messages: outcome.enriched },
            { topic: topics.dlq, messages: outcome.deadLetters.map((letter) => letter.message) },
          ],
        }).then(() => {
          resolveOffset(lastOffset);
          metrics.messages.inc({ stage: STAGE, outcome: 'enriched' }, outcome.enriched.length);
          metrics.messages.inc({ stage: STAGE, outcome: 'skipped_no_brand' }, outcome.skipped);
          metrics.messages.inc({ stage: STAGE, outcome: 'dead_lettered' }, outcome.deadLetters.length);
          for (const letter of outcome.deadLetters) metrics.deadLetters.inc({ stage: STAGE, kind: letter.kind });
          if (outcome.deadLetters.length > 0) log.warn({ partition: batch.partition, count: outcome.deadLetters.length }, 'poison messages sent to the DLQ');
          metrics.recordLag(batch.topic, batch.partition, batch.highWatermark, (BigInt(lastOffset) + 1n).toString());
          done();
        });
      }
      await delivered;
    },
  });

  const ops = options.metricsPort === undefined ? undefined : await startOpsServer({ port: options.metricsPort, registry, ready });

  return {
    registry,
    metricsPort: ops?.port,
    async stop() {
      brands.stop();
      // disconnect() lets the in-flight batch finish (its produce and commit included) before leaving the group.
      await consumer.disconnect();
      await producer.disconnect();
      await ops?.close();
      if (!options.elasticsearch) await es.close();
    },
  };
}
