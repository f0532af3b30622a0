import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Client } from '@elastic/elasticsearch';
import {
  createElasticsearch, createKafka, createLogger, createProducer, ensureTopics, validateConfig, type RawMention, type SourceConfig,
} from '@vigie/core';
import { CheckpointStore, checkpointIndex, createCollectorMetrics, SourceRunner, type Connector } from '@vigie/collector';
import { isolate, type Isolation } from '../setup/isolation.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/sources/', import.meta.url));

export function fixture(path: string): Buffer {
  return readFileSync(fixturesDir + path);
}

export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(fixture(path).toString('utf8')) as T;
}

export interface FixtureServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for a third-party API. */
export async function startFixtureServer(handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void): Promise<FixtureServer> {
  const requests: FixtureServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    handler(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function sendJson(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Every mention currently in a topic. */
export async function readTopic(kafka: Kafka, topic: string): Promise<RawMention[]> {
  return (await readMessages(kafka, topic)).map((message) => JSON.parse(message.value!.toString('utf8')) as RawMention);
}

/** Every message currently in a topic, read up to the high watermarks (so the read ends deterministically). */
export async function readMessages(kafka: Kafka, topic: string): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
  const messages: KafkaMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(16).slice(2)}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        messages.push(message);
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0) resolve();
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return messages;
}

export function sourceConfig(fields: Partial<SourceConfig> & Pick<SourceConfig, 'id' | 'type'>): SourceConfig {
  return validateConfig('source', { name: fields.id, enabled: true, schedule: '*/5 * * * *', params: {}, secrets: {}, brands: [], ...fields });
}

/** Real Kafka + Elasticsearch, isolated under a per-file prefix, and a way to build source runners on them. */
export interface Harness {
  iso: Isolation;
  kafka: Kafka;
  es: Client;
  producer: Producer;
  checkpoints: CheckpointStore;
  registry: Registry;
  runner(source: SourceConfig, connector: Connector, env?: NodeJS.ProcessEnv): SourceRunner;
  mentions(): Promise<RawMention[]>;
  close(): Promise<void>;
}

export const FAST_HTTP = { timeoutMs: 1_000, retries: 3, minBackoffMs: 20, maxBackoffMs: 100, ratePerMinute: 60_000 };

export async function createHarness(label: string): Promise<Harness> {
  const iso = isolate(label);
  const kafka = createKafka(`test-${label}`);
  const es = createElasticsearch();
  await ensureTopics(kafka, iso.prefix);
  const producer = createProducer(kafka);
  await producer.connect();
  const checkpoints = new CheckpointStore(es, checkpointIndex(iso.prefix));
  await checkpoints.ensureIndex();
  const registry = new Registry();
  const metrics = createCollectorMetrics(registry);
  const log = createLogger(`test-${label}`);
  const runners: SourceRunner[] = [];
  return {
    iso, kafka, es, producer, checkpoints, registry,
    runner(source, connector, env) {
      const runner = new SourceRunner(source, connector, { checkpoints, producer, topic: iso.topics.raw, deadLetterTopic: iso.topics.dlq, metrics, log, http: FAST_HTTP, env });
      runners.push(runner);
      return runner;
    },
    mentions: () => readTopic(kafka, iso.topics.raw),
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: Object.values(iso.topics) }).catch(() => undefined);
      await admin.disconnect();
      await deleteIndices(es, iso.prefix);
      await es.close();
    },
  };
}

/** Each id once, and the list of ids seen more than once (should be empty). */
export function duplicates(mentions: RawMention[]): string[] {
  const seen = new Set<string>();
  return mentions.map((m) => m.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

/** Wildcard deletes are refused by default (destructive_requires_name), so name each index of the prefix. */
export async function deleteIndices(es: Client, prefix: string): Promise<void> {
  const names = Object.keys(await es.indices.get({ index: `${prefix}*`, ignore_unavailable: true, allow_no_indices: true }));
  if (names.length > 0) await es.indices.delete({ index: names });
}
