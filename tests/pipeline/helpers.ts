import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka, Message } from 'kafkajs';
import {
  ConfigStore, GROUPS, chunkMessages, createElasticsearch, createKafka, createProducer, ensureTemplates, ensureTopics, type RawMention,
} from '@vigie/core';
import { createDemoStream, demoConfig } from '@vigie/cli/demo';
import type { Isolation } from '../setup/isolation.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The demo stream (three brands, several languages, copies): every mention matches a configured brand. */
export function demoMentions(count: number, seed: number, publishedAt = new Date('2026-03-15T12:00:00Z')): RawMention[] {
  const stream = createDemoStream({ seed, runId: `t${seed}` });
  return Array.from({ length: count }, (_, i) => stream.next(new Date(publishedAt.getTime() + i * 1000), i % 7 === 0));
}

/** Topics, templates and the demo brands in this test file's namespace. */
export async function prepare(iso: Isolation): Promise<{ kafka: Kafka; es: Client }> {
  const kafka = createKafka(`${iso.prefix}test`);
  const es = createElasticsearch();
  await ensureTopics(kafka, iso.prefix);
  await ensureTemplates(es, iso.indices);
  const store = new ConfigStore(es, iso.indices.config);
  for (const brand of demoConfig.brands) await store.put('brand', brand);
  return { kafka, es };
}

/** Produce to the raw topic as the collector does (key = mention id, acks=all). */
export async function produceRaw(kafka: Kafka, topic: string, messages: (RawMention | Message)[], chunk = 2_000): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      const slice = messages.slice(i, i + chunk).map((m) => ('value' in m ? m : { key: m.id, value: JSON.stringify(m) }));
      for (const part of chunkMessages(slice, 1024 * 1024)) await producer.send({ topic, acks: -1, messages: part });
    }
  } finally {
    await producer.disconnect();
  }
}

export async function countDocs(es: Client, index: string, query: object = { match_all: {} }): Promise<number> {
  await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const result = await es.count({ index, query, ignore_unavailable: true, allow_no_indices: true });
  return result.count;
}

/**
 * Documents, and how many mention ids appear in more than one (a terms aggregation with min_doc_count 2,
 * exact on these single-shard indices). All documents of a test come from its own stream, so
 * `{ docs: N, duplicated: 0 }` means each of the N mentions is there exactly once.
 */
export async function exactlyOnce(es: Client, index: string): Promise<{ docs: number; duplicated: number }> {
  const docs = await countDocs(es, index);
  const result = await es.search({ index, size: 0, aggs: { dup: { terms: { field: 'id', min_doc_count: 2, size: 10 } } } });
  return { docs, duplicated: (result.aggregations?.dup as { buckets: unknown[] }).buckets.length };
}

export async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 240_000, everyMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}${lastError ? `, last error ${String(lastError)}` : ''}`);
}

/** Total end offset of a topic (messages ever produced to it). */
export async function topicEnd(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Messages the group has not committed yet on a topic. */
export async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.reduce((lag, end) => {
      const offset = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
      return lag + Number(end.high) - Math.max(offset, Number(end.low));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

export const groups = (prefix: string) => ({ analyzer: `${prefix}${GROUPS.analyzer}`, indexer: `${prefix}${GROUPS.indexer}` });

/** A service run as its own process (`tsx services/<name>/src/main.ts`), so a test can kill -9 it. */
export interface ServiceProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function spawnService(name: 'analyzer' | 'indexer', prefix: string, env: Record<string, string> = {}): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: repoRoot,
    env: { ...process.env, VIGIE_PREFIX: prefix, VIGIE_LOG_LEVEL: 'warn', [`VIGIE_${name.toUpperCase()}_METRICS_PORT`]: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

/** Delete what a test file created: its indices, topics and consumer groups. */
export async function cleanup(iso: Isolation, kafka: Kafka, es: Client): Promise<void> {
  await es.indices.delete({ index: `${iso.prefix}*`, expand_wildcards: 'all' }, { ignore: [404] }).catch(() => undefined);
  await es.indices.deleteIndexTemplate({ name: `${iso.prefix}*` }, { ignore: [404] }).catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(iso.prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groupIds = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(iso.prefix));
    if (groupIds.length > 0) await admin.deleteGroups(groupIds).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  await es.close();
}
