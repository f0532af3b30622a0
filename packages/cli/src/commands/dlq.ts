import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Kafka } from 'kafkajs';
import {
  DEAD_LETTER_STAGES, createKafka, createProducer, deadLetterReplayTopic, readDeadLetter, readEnv, topicNames,
  type DeadLetter, type DeadLetterStage,
} from '@vigie/core';

export interface DeadLetterRecord extends DeadLetter {
  /** Where the letter sits in the DLQ topic. */
  dlqPartition: number;
  dlqOffset: string;
}

interface ReadOptions {
  prefix?: string;
  kafka?: Kafka;
  groupId: string;
  /** Called for each letter; resolves once it has been handled (its offset is committed after). */
  onLetter: (letter: DeadLetterRecord) => Promise<void>;
  commit: boolean;
}

/**
 * Read the DLQ topic up to its end as it was when the call started, through a consumer group
 * (kafkajs has no group-less reader); returns how many letters were read.
 */
async function readDlq(options: ReadOptions): Promise<number> {
  const kafka = options.kafka ?? createKafka('vigie-cli-dlq');
  const topic = topicNames(options.prefix ?? readEnv().namePrefix).dlq;
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId: options.groupId, maxBytesPerPartition: 3 * 1024 * 1024 });
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId: options.groupId, topics: [topic] });
    const startOf = (partition: number) => {
      const offset = committed[0]?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      const low = ends.find((p) => p.partition === partition)?.low ?? '0';
      return offset === '-1' ? BigInt(low) : BigInt(offset);
    };
    const remaining = new Set(ends.filter((p) => BigInt(p.high) > startOf(p.partition)).map((p) => p.partition));
    if (remaining.size === 0) return 0;
    const highOf = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));

    let count = 0;
    let failure: unknown;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
        const high = highOf.get(batch.partition) ?? 0n;
        try {
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= high) break;
            await options.onLetter({ ...readDeadLetter(message), dlqPartition: batch.partition, dlqOffset: message.offset });
            count += 1;
            resolveOffset(message.offset);
            if (BigInt(message.offset) + 1n >= high) remaining.delete(batch.partition);
          }
          if (options.commit) {
            const last = batch.messages.filter((m) => BigInt(m.offset) < high).at(-1);
            if (last) await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }] }] });
          }
        } catch (error) {
          failure = error;
          finish();
          return;
        }
        await heartbeat();
        if (remaining.size === 0) finish();
      },
    });
    await finished;
    if (failure) throw failure;
    return count;
  } finally {
    await consumer.disconnect();
    if (!options.commit) await admin.deleteGroups([options.groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export interface ListOptions {
  prefix?: string;
  stage?: DeadLetterStage;
  kafka?: Kafka;
}

/** Every dead letter currently in the DLQ topic (oldest first), optionally of one stage. */
export async function listDeadLetters(options: ListOptions = {}): Promise<DeadLetterRecord[]> {
  const letters: DeadLetterRecord[] = [];
  const prefix = options.prefix ?? readEnv().namePrefix;
  await readDlq({
    prefix,
    kafka: options.kafka,
    groupId: `${prefix}vigie-dlq-list-${randomBytes(4).toString('hex')}`,
    commit: false,
    onLetter: async (letter) => {
      if (!options.stage || letter.stage === options.stage) letters.push(letter);
    },
  });
  return letters;
}

export interface ReplayOptions {
  prefix?: string;
  /** Replay only this stage's letters (the others are passed over and not replayed by later runs). */
  stage?: DeadLetterStage;
  /** Start again from the oldest letter instead of where the last replay stopped. */
  fromBeginning?: boolean;
  kafka?: Kafka;
}

export interface ReplayResult {
  replayed: Record<DeadLetterStage, number>;
  passedOver: number;
}

/**
 * Re-produce the original bytes of each dead letter to its stage's input topic (raw for the analyzer,
 * enriched for the indexer). Progress is kept in a consumer group, so a second replay only sends the
 * letters that arrived since — including the ones the first replay sent back because they are still invalid.
 */
export async function replayDeadLetters(options: ReplayOptions = {}): Promise<ReplayResult> {
  const prefix = options.prefix ?? readEnv().namePrefix;
  const kafka = options.kafka ?? createKafka('vigie-cli-dlq');
  const groupId = `${prefix}vigie-dlq-replay`;
  const topic = topicNames(prefix).dlq;
  if (options.fromBeginning) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId, topic, earliest: true });
    } finally {
      await admin.disconnect();
    }
  }
  const producer = createProducer(kafka);
  await producer.connect();
  const result: ReplayResult = { replayed: { collector: 0, analyzer: 0, indexer: 0 }, passedOver: 0 };
  try {
    await readDlq({
      prefix,
      kafka,
      groupId,
      commit: true,
      onLetter: async (letter) => {
        if (options.stage && letter.stage !== options.stage) {
          result.passedOver += 1;
          return;
        }
        await producer.send({
          topic: deadLetterReplayTopic(letter.stage, prefix),
          acks: -1,
          messages: [{ key: letter.key, value: letter.value, headers: { ...letter.headers, 'vigie-replayed-from': `${letter.dlqPartition}:${letter.dlqOffset}` } }],
        });
        result.replayed[letter.stage] += 1;
      },
    });
  } finally {
    await producer.disconnect();
  }
  return result;
}

function preview(value: Buffer | null): string {
  if (!value) return '(empty)';
  const text = value.subarray(0, 120).toString('utf8').replace(/\s+/g, ' ');
  return value.length > 120 ? `${text}… (${value.length} bytes)` : text;
}

function parseStage(value: string): DeadLetterStage {
  if (!(DEAD_LETTER_STAGES as readonly string[]).includes(value)) {
    throw new Error(`unknown stage '${value}': use one of ${DEAD_LETTER_STAGES.join(', ')}`);
  }
  return value as DeadLetterStage;
}

/** `vigie dlq list | replay`: inspect and re-drive the messages a stage could not process. */
export function registerDlqCommand(program: Command): void {
  const dlq = program.command('dlq').description('inspect and replay dead letters (messages a stage could not process)');
  dlq
    .command('list')
    .description('list the dead letters: stage, reason, origin and a preview of the original bytes')
    .option('--stage <stage>', `only this stage (${DEAD_LETTER_STAGES.join(', ')})`, parseStage)
    .option('--limit <n>', 'show at most n letters (the most recent)', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'one JSON object per line, with the original value base64-encoded')
    .action(async (opts: { stage?: DeadLetterStage; limit: number; json?: boolean }) => {
      const letters = await listDeadLetters({ stage: opts.stage });
      const shown = letters.slice(-opts.limit);
      for (const l of shown) {
        if (opts.json) {
          console.log(JSON.stringify({ ...l, key: l.key?.toString('utf8') ?? null, value: l.value?.toString('base64') ?? null, headers: undefined }));
        } else {
          console.log(`${l.dlqPartition}:${l.dlqOffset}  ${l.failedAt}  ${l.stage}  from ${l.topic ?? '-'}[${l.partition ?? '-'}]@${l.offset ?? '-'}\n  reason: ${l.reason}\n  value:  ${preview(l.value)}`);
        }
      }
      if (!opts.json) {
        const byStage = DEAD_LETTER_STAGES.map((s) => `${s} ${letters.filter((l) => l.stage === s).length}`).join(', ');
        console.log(`${letters.length} dead letter(s) (${byStage})${shown.length < letters.length ? `, showing the last ${shown.length}` : ''}`);
      }
    });
  dlq
    .command('replay')
    .description("re-produce each dead letter's original bytes to its stage's input topic, after fixing the cause")
    .option('--stage <stage>', 'only this stage; letters of other stages are passed over', parseStage)
    .option('--from-beginning', 'replay every letter again, not only those added since the last replay')
    .action(async (opts: { stage?: DeadLetterStage; fromBeginning?: boolean }) => {
      const result = await replayDeadLetters({ stage: opts.stage, fromBeginning: opts.fromBeginning });
      const total = Object.values(result.replayed).reduce((a, b) => a + b, 0);
      console.log(`replayed ${total} dead letter(s): analyzer ${result.replayed.analyzer}, indexer ${result.replayed.indexer}, collector ${result.replayed.collector}` +
        (result.passedOver ? `; passed over ${result.passedOver} of other stages` : '') +
        '. Letters still invalid return to the DLQ; see `vigie dlq list`.');
    });
}
