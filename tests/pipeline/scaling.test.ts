import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@elastic/elasticsearch';
import { AssignerProtocol, type Kafka } from 'kafkajs';
import { startIndexer, type RunningIndexer } from '@vigie/indexer';
import { isolate } from '../setup/isolation.js';
import {
  cleanup, exactlyOnce, countDocs, demoMentions, groupLag, groups, prepare, produceRaw, spawnService, waitFor, type ServiceProcess,
} from './helpers.js';

const TOTAL = 10_000;
const iso = isolate('pipeline-scale');
let kafka: Kafka;
let es: Client;
let indexer: RunningIndexer | undefined;
const running: ServiceProcess[] = [];

/** Partitions of the raw topic held by each member of the analyzer group. */
async function assignments(): Promise<number[][]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups: [group] } = await admin.describeGroups([groups(iso.prefix).analyzer]);
    if (group?.state !== 'Stable') return [];
    return group.members.map((member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[iso.topics.raw] ?? []);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  ({ kafka, es } = await prepare(iso));
  indexer = await startIndexer({ prefix: iso.prefix });
});

afterAll(async () => {
  for (const service of running) await service.kill('SIGKILL');
  await indexer?.stop();
  await cleanup(iso, kafka, es);
});

it('two analyzers share the raw partitions; killing one hands its partitions to the other and loses nothing', async () => {
  const first = spawnService('analyzer', iso.prefix);
  const second = spawnService('analyzer', iso.prefix);
  running.push(first, second);

  const shared = await waitFor('both analyzers to hold partitions', assignments, (a) => a.length === 2 && a.every((p) => p.length > 0));
  expect(shared.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);

  const mentions = demoMentions(TOTAL, 3);
  await produceRaw(kafka, iso.topics.raw, mentions.slice(0, TOTAL / 2));
  await waitFor('some documents', () => countDocs(es, iso.indices.mentions), (n) => n > 0, 240_000, 500);
  await second.kill('SIGKILL');
  await produceRaw(kafka, iso.topics.raw, mentions.slice(TOTAL / 2));

  // The group notices the dead member after its session timeout and gives all six partitions to the survivor.
  const alone = await waitFor('the survivor to hold every partition', assignments, (a) => a.length === 1 && a[0]!.length === 6, 120_000);
  expect(alone[0]!.sort()).toEqual([0, 1, 2, 3, 4, 5]);

  await waitFor('every mention indexed', () => countDocs(es, iso.indices.mentions), (n) => n >= TOTAL, 240_000, 2_000);
  await waitFor('the analyzers to commit everything', () => groupLag(kafka, groups(iso.prefix).analyzer, iso.topics.raw), (lag) => lag === 0);
  expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: TOTAL, duplicated: 0 });
}, 600_000);
