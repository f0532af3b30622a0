import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka, Message } from 'kafkajs';
import { startAnalyzer, type RunningAnalyzer } from '@vigie/analyzer';
import { startIndexer, type RunningIndexer } from '@vigie/indexer';
import { listDeadLetters, replayDeadLetters } from '@vigie/cli/commands/dlq';
import { isolate } from '../setup/isolation.js';
import { cleanup, countDocs, demoMentions, exactlyOnce, groupLag, groups, prepare, produceRaw, topicEnd, waitFor } from './helpers.js';

const GOOD = 10_000;
const iso = isolate('pipeline-poison');
let kafka: Kafka;
let es: Client;
let analyzer: RunningAnalyzer | undefined;
let indexer: RunningIndexer | undefined;

/** Mentions published in a month whose index is write-blocked: Elasticsearch refuses them until the block is lifted. */
const BLOCKED_MONTH = new Date('2025-06-10T08:00:00Z');

function poison(): Message[] {
  const valid = demoMentions(700, 51);
  const messages: Message[] = [];
  for (let i = 0; i < 250; i++) messages.push({ key: `json-${i}`, value: `{"id": "broken-${i}", "text": "pas du JSON` });
  for (let i = 0; i < 150; i++) messages.push({ key: `utf8-${i}`, value: Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]) });
  for (let i = 0; i < 290; i++) {
    const { publishedAt: _dropped, ...withoutDate } = valid[i]!;
    messages.push({ key: valid[i]!.id, value: JSON.stringify(i % 2 ? withoutDate : { ...valid[i]!, source: 'carrier-pigeon' }) });
  }
  for (let i = 0; i < 10; i++) messages.push({ key: `big-${i}`, value: JSON.stringify({ ...valid[300 + i]!, text: 'lumeo '.repeat(200_000) }) });
  for (const mention of demoMentions(300, 52, BLOCKED_MONTH)) messages.push({ key: mention.id, value: JSON.stringify(mention) });
  return messages;
}

beforeAll(async () => {
  ({ kafka, es } = await prepare(iso));
  await es.indices.create({ index: iso.indices.mentionsFor(BLOCKED_MONTH) });
  await es.indices.addBlock({ index: iso.indices.mentionsFor(BLOCKED_MONTH), block: 'write' });
  analyzer = await startAnalyzer({ prefix: iso.prefix });
  indexer = await startIndexer({ prefix: iso.prefix });
});

afterAll(async () => {
  await analyzer?.stop();
  await indexer?.stop();
  await es.indices.putSettings({ index: `${iso.prefix}*`, settings: { 'index.blocks.write': false } }).catch(() => undefined);
  await cleanup(iso, kafka, es);
});

it('1,000 poison messages among 10,000 good ones: the good are indexed, the poison dead-lettered with reasons, and a replay after the fix indexes what is now valid', async () => {
  const good: Message[] = demoMentions(GOOD, 5).map((m) => ({ key: m.id, value: JSON.stringify(m) }));
  const bad = poison();
  expect(bad).toHaveLength(1_000);
  // Spread the poison through the stream, one in eleven messages, kinds shuffled (7 is prime to 1,000) so the
  // oversized ones are far apart and never share a produce request.
  const stream: Message[] = [];
  good.forEach((message, i) => {
    stream.push(message);
    if (i % 10 === 9) stream.push(bad[(((i - 9) / 10) * 7) % 1_000]!);
  });
  await produceRaw(kafka, iso.topics.raw, stream, 500);

  await waitFor('1,000 dead letters', () => topicEnd(kafka, iso.topics.dlq), (n) => n >= 1_000, 480_000, 3_000);
  await waitFor('the indexer to commit everything', () => groupLag(kafka, groups(iso.prefix).indexer, iso.topics.enriched), (lag) => lag === 0, 480_000, 3_000);
  expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: GOOD, duplicated: 0 });

  const letters = await listDeadLetters({ prefix: iso.prefix, kafka });
  expect(letters).toHaveLength(1_000);
  const reasons = (pattern: RegExp) => letters.filter((l) => pattern.test(l.reason)).length;
  expect(reasons(/not valid JSON/)).toBe(250);
  expect(reasons(/not valid UTF-8/)).toBe(150);
  expect(reasons(/publishedAt/)).toBe(145);
  expect(reasons(/\/source/)).toBe(145);
  expect(reasons(/-byte limit/)).toBe(10);
  expect(letters.filter((l) => l.stage === 'indexer' && /cluster_block_exception/.test(l.reason))).toHaveLength(300);
  expect(letters.filter((l) => l.stage === 'analyzer')).toHaveLength(700);
  // The original bytes travel untouched.
  const original = new Map(bad.map((m) => [String(m.value).slice(0, 200), true]));
  expect(letters.filter((l) => l.stage === 'analyzer').every((l) => original.has(String(l.value).slice(0, 200)))).toBe(true);

  // The cause of the indexer's rejections goes away; the still-invalid letters go round once more.
  await es.indices.putSettings({ index: iso.indices.mentionsFor(BLOCKED_MONTH), settings: { 'index.blocks.write': false } });
  const result = await replayDeadLetters({ prefix: iso.prefix, kafka });
  expect(result.replayed).toEqual({ collector: 0, analyzer: 700, indexer: 300 });

  await waitFor('the replayed mentions indexed', () => countDocs(es, iso.indices.mentions), (n) => n >= GOOD + 300, 240_000, 2_000);
  await waitFor('the still-invalid ones back in the DLQ', () => topicEnd(kafka, iso.topics.dlq), (n) => n >= 1_700, 240_000, 2_000);
  expect(await exactlyOnce(es, iso.indices.mentions)).toEqual({ docs: GOOD + 300, duplicated: 0 });

  // A second replay only sends what arrived since the first: the 700 that are still invalid.
  const again = await replayDeadLetters({ prefix: iso.prefix, kafka });
  expect(again.replayed).toEqual({ collector: 0, analyzer: 700, indexer: 0 });
}, 900_000);
