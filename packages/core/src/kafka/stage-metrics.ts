import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics every Kafka stage (analyzer, indexer) exposes, under the same names so one dashboard shows them all. */
export interface StageMetrics {
  /** Messages handled, by outcome (e.g. enriched, skipped_no_brand, indexed, dead_lettered). */
  messages: Counter<'stage' | 'outcome'>;
  /** Messages sent to the DLQ, by a short reason kind (the full reason travels in the DLQ headers). */
  deadLetters: Counter<'stage' | 'kind'>;
  /** Failures that did not lose data (engine unavailable, retried items, ...). */
  errors: Counter<'stage' | 'kind'>;
  /** Messages behind the end of each partition this instance consumes. */
  lag: Gauge<'stage' | 'topic' | 'partition'>;
  batchSeconds: Histogram<'stage'>;
  /** Record the lag after a batch: the partition's high watermark minus the next offset to read. */
  recordLag(topic: string, partition: number, highWatermark: string, nextOffset: string): void;
  /** Forget the lag of partitions this instance no longer owns. */
  clearLag(): void;
}

export function createStageMetrics(registry: Registry, stage: string): StageMetrics {
  const registers = [registry];
  const messages = new Counter({ name: 'vigie_stage_messages_total', help: 'Messages handled by a pipeline stage, by outcome', labelNames: ['stage', 'outcome'] as const, registers });
  const deadLetters = new Counter({ name: 'vigie_dlq_messages_total', help: 'Messages sent to the dead-letter topic, by stage and reason kind', labelNames: ['stage', 'kind'] as const, registers });
  const errors = new Counter({ name: 'vigie_stage_errors_total', help: 'Recoverable failures of a pipeline stage, by kind', labelNames: ['stage', 'kind'] as const, registers });
  const lag = new Gauge({ name: 'vigie_consumer_lag', help: 'Messages between the committed position and the end of the partition', labelNames: ['stage', 'topic', 'partition'] as const, registers });
  const batchSeconds = new Histogram({
    name: 'vigie_stage_batch_duration_seconds',
    help: 'Time to process one fetched batch, output made durable',
    labelNames: ['stage'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  return {
    messages, deadLetters, errors, lag, batchSeconds,
    recordLag(topic, partition, highWatermark, nextOffset) {
      lag.set({ stage, topic, partition: String(partition) }, Math.max(0, Number(BigInt(highWatermark) - BigInt(nextOffset))));
    },
    clearLag() {
      lag.reset();
    },
  };
}
