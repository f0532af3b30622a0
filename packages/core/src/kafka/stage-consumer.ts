import type { Client } from '@elastic/elasticsearch';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../logger.js';
import type { StageMetrics } from './stage-metrics.js';

/** Large enough for the largest accepted message (1 MiB of text plus fields), so it reaches the stage and can be dead-lettered. */
const MAX_BYTES_PER_PARTITION = 3 * 1024 * 1024;

export interface StageConsumer {
  consumer: Consumer;
  /** Resolves when the stage can work (a member of its group, Elasticsearch answering); for `/readyz`. */
  ready(): Promise<void>;
}

/** The consumer of a pipeline stage: its group membership is tracked, and each join resets lag and logs the assignment. */
export function createStageConsumer(
  kafka: Kafka,
  options: { groupId: string; topic: string; es: Client; log: Logger; metrics: StageMetrics },
): StageConsumer {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
    maxBytes: 4 * MAX_BYTES_PER_PARTITION,
    // How long an idle fetch waits for data (kafkajs: 5 s). Data ends the wait at once, so this costs no latency;
    // a stop or a rebalance waits for the fetch in flight, and this bounds that wait.
    maxWaitTimeInMs: 1_000,
  });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined = true;
    options.metrics.clearLag();
    options.log.info({ partitions: payload.memberAssignment[options.topic] ?? [] }, 'partitions assigned');
  });
  return {
    consumer,
    async ready() {
      if (!joined) throw new Error('not yet a member of the consumer group');
      await options.es.cluster.health(); // not ping(): the minimal distribution answers 405 on GET /
    },
  };
}
