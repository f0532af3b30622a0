/**
 * Pipeline benchmark: raw topic → analyzer → enriched topic → indexer → searchable in Elasticsearch.
 *
 *   0. warm-up: other mentions through the whole pipeline (Kafka, analyzer, indexer) under a scratch prefix, in rounds
 *      of 50,000, until the engines' JIT compilers have gone quiet (at most --warm-up-rounds, default 15), so every
 *      measure sees them warm and a first run after starting the stack compares like with like; then 20 s at the
 *      offered rate of phase 2.
 *   1. throughput: N mentions (default 200,000) waiting in the raw topic, analyzer and indexer started
 *      as their own processes; sustained rate from the first searchable mention until all N are searchable
 *      (the rate counting the processes' start is printed too).
 *   2. latency: a fixed offered rate (default 1,000 mentions/s for 60 s) into the running pipeline;
 *      ingest-to-searchable latency of one mention in ten (produce → visible to a search).
 *   3. ceiling, same run: the same enriched documents bulk-indexed straight into a fresh index,
 *      same bulk body as the indexer gives a new mention (its own `createBody`), 1,000 per request, 3 in flight, no Kafka, no analysis.
 * Warm-up rounds, phase 1 and phase 3 also print the CPU each process spent per mention (Linux, engines started by `vigie stack`).
 *
 * Usage: npm run bench:pipeline -- [--count 200000] [--rate 1000] [--seconds 60] [--analyzers 1] [--indexers 1] [--warm-up-rounds 15] [--cpu-prof DIR]
 * (--cpu-prof: V8 CPU profiles of the analyzer and indexer processes, one per thread, in DIR/analyzer and DIR/indexer.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import {
  ConfigStore, createElasticsearch, createKafka, createProducer, ensureTemplates, ensureTopics, indexNames, topicNames, type EnrichedMention, type IndexNames,
} from '@vigie/core';
import { createDemoStream, demoConfig } from '@vigie/cli/demo';
import { createBody, mentionSource } from '@vigie/indexer';
import { cpuPerItem, cpuSeconds, formatCpu, jitSeconds, stackPids, type CpuGroups } from './cpu.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    analyzers: { type: 'string', default: '1' },
    indexers: { type: 'string', default: '1' },
    'warm-up-rounds': { type: 'string', default: '15' },
    'cpu-prof': { type: 'string' },
  },
});
const COUNT = Number(args.count);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const ANALYZERS = Number(args.analyzers);
const INDEXERS = Number(args.indexers);
const PROBE_EVERY = 10;
const WARM_UP_ROUND = 50_000;
const WARM_UP_ROUNDS = Number(args['warm-up-rounds']);
const WARM_UP_RATE_SECONDS = 20;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const prefix = `bench-pipeline-${randomBytes(3).toString('hex')}-`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[bench:pipeline] ${line}`);

/** Where one run of the pipeline reads and writes: the measured one, or the warm-up's scratch topics and indices. */
interface Scope {
  prefix: string;
  topics: ReturnType<typeof topicNames>;
  names: IndexNames;
}

const scopeOf = (scopePrefix: string): Scope => ({ prefix: scopePrefix, topics: topicNames(scopePrefix), names: indexNames(scopePrefix) });
/** The measured pipeline's topics and indices (the warm-up has its own). */
const measured = scopeOf(prefix);
const { topics, names } = measured;

/** Every service process still running, the warm-up's included, so an interrupted run can stop them all. */
const running = new Set<ChildProcess>();
/** Set by Ctrl-C, after which the measure in progress is expected to fail. */
let interrupted = false;

function spawnService(name: 'analyzer' | 'indexer', scope: Scope, profile: string[]): ChildProcess {
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: repoRoot,
    env: { ...process.env, VIGIE_PREFIX: scope.prefix, VIGIE_LOG_LEVEL: 'warn', [`VIGIE_${name.toUpperCase()}_METRICS_PORT`]: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
    // Out of the terminal's process group: Ctrl-C reaches the bench alone, which stops the services with one signal.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Stop every running service and wait until they have exited (on SIGTERM they leave their groups first). */
async function stopServices(): Promise<void> {
  const exits = [...running].map((child) => once(child, 'exit'));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exits);
}

async function searchableCount(es: Client, index: string): Promise<number> {
  return (await es.count({ index, ignore_unavailable: true, allow_no_indices: true })).count;
}

async function produceAll(kafka: Kafka, scope: Scope, count: number, seed: number, progress = true): Promise<void> {
  const stream = createDemoStream({ seed, runId: `${scope.prefix}bulk-${seed}` });
  const producer = createProducer(kafka);
  await producer.connect();
  const base = Date.parse('2026-02-01T00:00:00Z');
  for (let sent = 0; sent < count; sent += 2_000) {
    const messages = Array.from({ length: Math.min(2_000, count - sent) }, (_, i) => {
      const mention = stream.next(new Date(base + (sent + i) * 10), (sent + i) % 9 === 0);
      return { key: mention.id, value: JSON.stringify(mention) };
    });
    await producer.send({ topic: scope.topics.raw, acks: -1, messages });
    if (progress && sent % 20_000 === 0) say(`  produced ${sent + messages.length}/${count}`);
  }
  await producer.disconnect();
}

type Percentiles = { p50: number; p95: number; p99: number };

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

/**
 * Phase 2: offered rate, one mention in ten is a probe whose visibility in search is timed. The probes' own
 * `analyzedAt` and `indexedAt` split that time into stages: produce → analysed, → sent to Elasticsearch, → searchable.
 */
async function measureLatency(
  kafka: Kafka, es: Client, scope: Scope, seconds: number,
): Promise<Percentiles & { probes: number; missing: number; stages: Record<string, Percentiles> }> {
  const stream = createDemoStream({ seed: 8, runId: `${scope.prefix}rate` });
  const producer = createProducer(kafka);
  await producer.connect();
  const latencies: number[] = [];
  const stages = { analysed: [] as number[], indexed: [] as number[] };
  const pending = new Map<string, number>();
  let producing = true;

  const poller = (async () => {
    while (producing || pending.size > 0) {
      const ids = [...pending.keys()].slice(0, 1_000);
      if (ids.length > 0) {
        const found = await es.search<{ analyzedAt: string; indexedAt: string }>({
          index: scope.names.mentions, size: ids.length, _source: ['analyzedAt', 'indexedAt'], query: { ids: { values: ids } },
        });
        const now = Date.now();
        for (const hit of found.hits.hits) {
          const sentAt = pending.get(hit._id!);
          if (sentAt !== undefined) {
            latencies.push(now - sentAt);
            stages.analysed.push(Date.parse(hit._source!.analyzedAt) - sentAt);
            stages.indexed.push(Date.parse(hit._source!.indexedAt) - sentAt);
            pending.delete(hit._id!);
          }
        }
        const oldest = Math.min(...pending.values());
        if (!producing && now - oldest > 120_000) break;
      }
      await sleep(50);
    }
  })();
  poller.catch(() => undefined); // its error is thrown where it is awaited, once the offered stream is sent

  const started = Date.now();
  const total = RATE * seconds;
  let sent = 0;
  let nextProgress = started + 10_000;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE));
    if (due > sent) {
      const batch = Array.from({ length: due - sent }, (_, i) => ({ index: sent + i, mention: stream.next(new Date(), false) }));
      const sentAt = Date.now();
      await producer.send({ topic: scope.topics.raw, acks: -1, messages: batch.map(({ mention }) => ({ key: mention.id, value: JSON.stringify(mention) })) });
      for (const { index, mention } of batch) if (index % PROBE_EVERY === 0) pending.set(mention.id, sentAt);
      sent = due;
    }
    if (Date.now() >= nextProgress) {
      say(`  offered ${sent}/${total} at ${RATE}/s, ${pending.size} probes in flight`);
      nextProgress += 10_000;
    }
    await sleep(10);
  }
  producing = false;
  await poller;
  await producer.disconnect();
  return {
    ...percentiles(latencies), probes: latencies.length, missing: pending.size,
    stages: { analysed: percentiles(stages.analysed), indexed: percentiles(stages.indexed) },
  };
}

/** The ceiling's request: the body the indexer sends for new mentions, straight to Elasticsearch. */
async function bulkCreate(es: Client, items: { mention: EnrichedMention; source: Buffer }[], target: IndexNames): Promise<void> {
  const response = await es.transport.request<{ errors: boolean }>({
    method: 'POST', path: '/_bulk', querystring: { filter_path: 'errors' }, bulkBody: createBody(items, target, new Date().toISOString()),
  });
  if (response.errors) throw new Error('a bulk request of the bench had item errors');
}

/**
 * The ceiling's way of writing: 1,000 documents per request, 3 requests in flight. Each slice is parsed as the
 * indexer parses a consumed message, so the bench pays that part of the indexer's work too.
 */
async function bulkCreateAll(es: Client, values: readonly Buffer[], target: IndexNames): Promise<void> {
  const BULK = 1_000;
  const CONCURRENCY = 3;
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const slice = values.slice(next, next + BULK);
      next += BULK;
      await bulkCreate(es, slice.map((value) => {
        const mention = JSON.parse(value.toString('utf8')) as EnrichedMention;
        return { mention, source: mentionSource(value, mention) };
      }), target);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** CPU seconds so far of the given process groups (with their children) and of this process alone. */
function cpuNow(groups: CpuGroups): Record<string, number> {
  const { user, system } = process.cpuUsage();
  return { ...cpuSeconds(groups), bench: (user + system) / 1e6 };
}

/** Phase 3: read the enriched documents back from Kafka, then bulk-index them straight into a fresh index. */
async function measureCeiling(kafka: Kafka, es: Client, count: number, engines: CpuGroups): Promise<{ rate: number; cpu: Record<string, number> }> {
  const values: Buffer[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}ceiling-reader`, maxBytesPerPartition: 3 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.enriched, fromBeginning: true });
  let done!: () => void;
  const read = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) if (message.value && values.length < count) values.push(message.value);
      if (values.length >= count) done();
    },
  });
  await read;
  await consumer.disconnect();

  const ceilingNames = indexNames(`${prefix}ceiling-`);
  await ensureTemplates(es, ceilingNames);
  const cpuBefore = cpuNow(engines);
  const started = Date.now();
  await bulkCreateAll(es, values, ceilingNames);
  // Searchable, as in the pipeline measure: wait for a refresh to show them all.
  while ((await searchableCount(es, ceilingNames.mentions)) < values.length) await sleep(100);
  return { rate: values.length / ((Date.now() - started) / 1000), cpu: cpuPerItem(cpuBefore, cpuNow(engines), values.length) };
}

/** Analyzer and indexer processes on a scope, left running; their pids by group, for the CPU split. */
function startServices(scope: Scope): CpuGroups {
  const profile = (name: string) => (args['cpu-prof'] && scope === measured ? ['--cpu-prof', '--cpu-prof-dir', `${args['cpu-prof']}/${name}`] : []);
  const analyzers = Array.from({ length: ANALYZERS }, () => spawnService('analyzer', scope, profile('analyzer')));
  const indexers = Array.from({ length: INDEXERS }, () => spawnService('indexer', scope, profile('indexer')));
  return { analyzer: analyzers.map((child) => child.pid!), indexer: indexers.map((child) => child.pid!) };
}

/**
 * Phase 0: rounds of other mentions through the whole pipeline, under a scratch prefix, until the engines are warm.
 * A freshly started Kafka and Elasticsearch compile for minutes on these 2 cores (Elasticsearch's JIT spent ~200 s of
 * CPU over its first run of this bench, ~25 s over the next), and a measure taken meanwhile says more about the JIT
 * than about the pipeline. Warm: two rounds running in which the engines' JIT compiler threads used under 5% of the
 * round's time. Without those threads to see (no /proc, engines not started by `vigie stack`): three rounds running
 * in which the CPU per mention did not fall 10% below its best.
 */
async function warmUp(kafka: Kafka, es: Client, engines: CpuGroups): Promise<void> {
  const scope = scopeOf(`${prefix}warm-up-`);
  await prepareScope(kafka, es, scope);
  const processes = { ...engines, ...startServices(scope) };
  let best = Number.POSITIVE_INFINITY;
  let roundsWithoutGain = 0;
  let quietRounds = 0;
  const jitVisible = jitSeconds(engines) !== undefined;
  const warm = () => (jitVisible ? quietRounds >= 2 : roundsWithoutGain >= 3);
  try {
    for (let round = 1; round <= WARM_UP_ROUNDS && !warm(); round += 1) {
      const before = { cpu: cpuNow(processes), jit: jitSeconds(engines), at: Date.now() };
      await produceAll(kafka, scope, WARM_UP_ROUND, 100 + round, false);
      while ((await searchableCount(es, scope.names.mentions).catch(() => 0)) < round * WARM_UP_ROUND) await sleep(500);
      const cpu = cpuPerItem(before.cpu, cpuNow(processes), WARM_UP_ROUND);
      const jit = jitSeconds(engines);
      const jitShare = jit === undefined || before.jit === undefined ? undefined : Math.max(0, jit - before.jit) / ((Date.now() - before.at) / 1000);
      const cost = Object.values(cpu).reduce((sum, micros) => sum + micros, 0);
      say(`  warm-up round ${round}/${WARM_UP_ROUNDS}: ${formatCpu(cpu)} per mention${jitShare === undefined ? '' : `; engines' JIT ${(100 * jitShare).toFixed(0)}% of the time`}`);
      roundsWithoutGain = cost < 0.9 * best ? 0 : roundsWithoutGain + 1;
      best = Math.min(best, cost);
      quietRounds = jitShare !== undefined && jitShare < 0.05 ? quietRounds + 1 : 0;
    }
    // Phase 2's small requests and long polls take other code paths (the broker's JIT compiled ~15 s more in a first run's phase 2).
    say(`  warm-up at ${RATE}/s for ${WARM_UP_RATE_SECONDS}s`);
    await measureLatency(kafka, es, scope, WARM_UP_RATE_SECONDS);
  } finally {
    await stopServices();
  }
  await dropScope(kafka, es, scope.prefix);
}

/** Delete what a run left under a prefix: indices, templates, topics, consumer groups. */
async function dropScope(kafka: Kafka, es: Client, namePrefix: string): Promise<void> {
  await es.indices.delete({ index: `${namePrefix}*`, expand_wildcards: 'all' }, { ignore: [404] }).catch(() => undefined);
  await es.indices.deleteIndexTemplate({ name: `${namePrefix}*` }, { ignore: [404] }).catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  const topicsLeft = (await admin.listTopics()).filter((topic) => topic.startsWith(namePrefix));
  if (topicsLeft.length > 0) await admin.deleteTopics({ topics: topicsLeft }).catch(() => undefined);
  const groupIds = (await admin.listGroups()).groups.map((group) => group.groupId).filter((group) => group.startsWith(namePrefix));
  if (groupIds.length > 0) await admin.deleteGroups(groupIds).catch(() => undefined);
  await admin.disconnect();
}

/**
 * Earlier runs that never cleaned up (killed, crashed) leave topics, indices and groups behind, which take the
 * engines' disk and heap; a run is over when none of its consumer groups has a member left.
 */
async function dropLeftovers(kafka: Kafka, es: Client): Promise<void> {
  const runOf = (name: string) => /^bench-pipeline-[0-9a-f]{6}-/.exec(name)?.[0];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const indices = await es.cat.indices({ index: 'bench-pipeline-*', h: 'index', format: 'json' }).catch(() => []);
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
    const names = [...(await admin.listTopics()), ...groups, ...indices.map((row) => row.index ?? '')];
    const runs = new Set(names.map(runOf).filter((run): run is string => run !== undefined && run !== prefix));
    for (const run of runs) {
      const described = await admin.describeGroups(groups.filter((group) => group.startsWith(run)));
      if (described.groups.some((group) => group.members.length > 0)) continue;
      say(`removing what an interrupted run left behind (${run}*)`);
      await dropScope(kafka, es, run);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Topics, index templates and the demo brands of a scope, as `vigie` would set them up. */
async function prepareScope(kafka: Kafka, es: Client, scope: Scope): Promise<void> {
  await ensureTopics(kafka, scope.prefix);
  await ensureTemplates(es, scope.names);
  const store = new ConfigStore(es, scope.names.config);
  for (const brand of demoConfig.brands) await store.put('brand', brand);
}

/**
 * Phase 1: `count` mentions waiting in the raw topic, then analyzer and indexer processes started (left running)
 * and timed until all are searchable. Sustained: from the first searchable sample to the last, so the
 * processes' start (module loading, models, joining the consumer groups) is not counted as throughput; both ends
 * are seen through the same refresh.
 */
async function measureThroughput(kafka: Kafka, es: Client, count: number, engines: CpuGroups) {
  await produceAll(kafka, measured, count, 7);
  const started = Date.now();
  const processes = { ...engines, ...startServices(measured) };
  let searchable = 0;
  let lastReport = 0;
  /** The first sample with searchable mentions: the services are up and the stream flows. */
  let flowing: { at: number; count: number; cpu: Record<string, number> } | undefined;
  while (searchable < count) {
    await sleep(1_000);
    searchable = await searchableCount(es, names.mentions).catch(() => searchable);
    if (!flowing && searchable > 0 && searchable < count) flowing = { at: Date.now(), count: searchable, cpu: cpuNow(processes) };
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      say(`  ${searchable}/${count} searchable after ${((Date.now() - started) / 1000).toFixed(0)}s`);
    }
  }
  const elapsed = (Date.now() - started) / 1000;
  const withStart = count / elapsed;
  const throughput = flowing ? (count - flowing.count) / ((Date.now() - flowing.at) / 1000) : withStart;
  const cpu = flowing ? cpuPerItem(flowing.cpu, cpuNow(processes), count - flowing.count) : {};
  return { elapsed, withStart, throughput, cpu };
}

async function main(): Promise<void> {
  const kafka = createKafka(`${prefix}bench`);
  const es = createElasticsearch();
  const engines = stackPids(repoRoot);
  // Ctrl-C: stop the services (they leave their groups) and remove this run's topics, indices and groups, as a
  // finished run does. `on`, not `once`: tsx passes the terminal's SIGINT on, and that second one must not kill the bench midway.
  process.on('SIGINT', () => {
    if (interrupted) return;
    interrupted = true;
    say('interrupted: stopping the services and removing this run\'s topics and indices');
    void stopServices().then(() => dropScope(kafka, es, prefix)).finally(() => process.exit(130));
  });
  try {
    await dropLeftovers(kafka, es);
    say(`prefix ${prefix}: ${COUNT} mentions, then ${RATE}/s for ${SECONDS}s, ${ANALYZERS} analyzer(s) + ${INDEXERS} indexer(s)`);
    await prepareScope(kafka, es, measured);

    say(`phase 0: warming the engines up with rounds of ${WARM_UP_ROUND} other mentions through the pipeline, until their cost per mention settles`);
    await warmUp(kafka, es, engines);
    say(`phase 1: producing ${COUNT} raw mentions, then timing raw → searchable`);
    const { elapsed, withStart, throughput, cpu: pipelineCpu } = await measureThroughput(kafka, es, COUNT, engines);
    say(`phase 1: ${COUNT} searchable in ${elapsed.toFixed(1)}s: ${withStart.toFixed(0)} mentions/s with the processes' start, ${throughput.toFixed(0)} mentions/s sustained`);
    say(`phase 1: CPU per mention while sustained: ${formatCpu(pipelineCpu)}`);

    say(`phase 2: ${RATE} mentions/s offered for ${SECONDS}s, 1 in ${PROBE_EVERY} timed from produce to searchable`);
    const latency = await measureLatency(kafka, es, measured, SECONDS);
    say(`phase 2: p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms over ${latency.probes} probes${latency.missing ? `, ${latency.missing} never seen` : ''}`);
    for (const [stage, p] of Object.entries(latency.stages)) say(`  produce → ${stage}: p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms`);

    await stopServices();
    say(`phase 3: ceiling — the same ${COUNT} enriched documents bulk-indexed straight into Elasticsearch`);
    const { rate: ceiling, cpu: ceilingCpu } = await measureCeiling(kafka, es, COUNT, engines);
    say(`phase 3: ceiling ${ceiling.toFixed(0)} docs/s; CPU per document: ${formatCpu(ceilingCpu)}`);

    const ratio = throughput / ceiling;
    say(`pipeline ${throughput.toFixed(0)}/s vs ceiling ${ceiling.toFixed(0)}/s = ${(ratio * 100).toFixed(0)}% (target ≥ 60%); p95 ${latency.p95} ms at ${RATE}/s (target ≤ 2000 ms)`);
    console.log(JSON.stringify({
      bench: 'pipeline',
      throughput: Math.round(throughput),
      throughput_with_start: Math.round(withStart),
      ceiling: Math.round(ceiling),
      ratio: Math.round(ratio * 100) / 100,
      p50_ms: latency.p50,
      p95_ms: latency.p95,
      p99_ms: latency.p99,
      cpu_us_per_mention: pipelineCpu,
      cpu_us_per_ceiling_doc: ceilingCpu,
    }));
  } finally {
    // After Ctrl-C, the SIGINT handler cleans up and exits.
    if (!interrupted) {
      for (const child of running) child.kill('SIGKILL');
      await dropScope(kafka, es, prefix);
      await es.close();
    }
  }
}

await main().catch((error: unknown) => {
  if (!interrupted) throw error;
});
