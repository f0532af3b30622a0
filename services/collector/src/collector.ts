import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import {
  ConfigStore, createElasticsearch, createKafka, createLogger, createMetricsRegistry, createProducer, ensureTopics, indexNames, topicNames,
  type SourceConfig,
} from '@vigie/core';
import { CheckpointStore, checkpointIndex } from './checkpoints/store.js';
import { builtInConnectors, connectorKey } from './connectors/index.js';
import type { Connector } from './connectors/types.js';
import type { HttpPolicy } from './http/client.js';
import { createCollectorMetrics } from './metrics.js';
import { Scheduler } from './scheduler/scheduler.js';
import { buildServer } from './server.js';
import { watchSourcesFile } from './sources/file-source.js';

export interface CollectorOptions {
  /** Prefix for topics and indices (tests, isolated deployments). */
  prefix?: string;
  kafka?: Kafka;
  es?: Client;
  /** HTTP port for ingest, health and metrics; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Read sources from this YAML/JSON file instead of the `vigie-config` index. */
  sourcesFile?: string;
  /** Secrets accepted for webhook signatures; no secret, no `/v1/ingest`. */
  ingestSecrets?: string[];
  /** Extra connectors (e.g. the demo source), by type; they override built-in ones. */
  connectors?: Connector[];
  http?: Partial<HttpPolicy>;
  /** Run each poll source once at start instead of waiting for its first cron tick (default true). */
  runOnStart?: boolean;
  configPollMs?: number;
  registry?: Registry;
}

export interface RunningCollector {
  port: number;
  scheduler: Scheduler;
  checkpoints: CheckpointStore;
  registry: Registry;
  stop(): Promise<void>;
}

export async function startCollector(options: CollectorOptions = {}): Promise<RunningCollector> {
  const log = createLogger('collector');
  const prefix = options.prefix ?? '';
  const kafka = options.kafka ?? createKafka('vigie-collector');
  const es = options.es ?? createElasticsearch();
  const registry = options.registry ?? createMetricsRegistry('collector');
  const metrics = createCollectorMetrics(registry);
  const topic = topicNames(prefix).raw;

  await ensureTopics(kafka, prefix);
  const checkpoints = new CheckpointStore(es, checkpointIndex(prefix));
  await checkpoints.ensureIndex();
  const producer = createProducer(kafka);
  await producer.connect();

  const connectors = new Map<string, Connector>([...builtInConnectors, ...(options.connectors ?? [])].map((c) => [connectorKey(c), c]));
  const scheduler = new Scheduler(connectors, { checkpoints, producer, topic, deadLetterTopic: topicNames(prefix).dlq, metrics, log, http: options.http }, { runNow: options.runOnStart });

  const onSources = (sources: SourceConfig[]) => void scheduler.apply(sources);
  const onError = (error: unknown) => log.error({ err: error }, 'could not read the source configuration; keeping the current one');
  const stopWatching = options.sourcesFile
    ? watchSourcesFile(options.sourcesFile, onSources, onError)
    : new ConfigStore(es, indexNames(prefix).config).watch('source', onSources, { onError, intervalMs: options.configPollMs });

  const app = await buildServer({
    registry,
    scheduler,
    ready: async () => {
      await es.cluster.health(); // not ping(): the minimal distribution answers 405 on GET /
    },
    ingest: options.ingestSecrets?.length ? { producer, topic, secrets: options.ingestSecrets, metrics } : undefined,
  });
  await app.listen({ port: options.port ?? 8081, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  log.info({ port, topic, sourcesFrom: options.sourcesFile ?? indexNames(prefix).config }, 'collector listening');

  return {
    port,
    scheduler,
    checkpoints,
    registry,
    async stop() {
      stopWatching();
      await app.close();
      await scheduler.stop();
      await producer.disconnect();
    },
  };
}
