import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { ValidationError } from '../errors.js';
import { topicNames } from '../topics.js';

/** The stage that gave up on a message; replay sends it back to that stage's input topic. */
export const DEAD_LETTER_STAGES = ['collector', 'analyzer', 'indexer'] as const;
export type DeadLetterStage = (typeof DEAD_LETTER_STAGES)[number];

/** Headers a dead letter carries; the value and key are the original bytes, untouched. */
export const DEAD_LETTER_HEADERS = {
  stage: 'vigie-dlq-stage',
  reason: 'vigie-dlq-reason',
  topic: 'vigie-dlq-topic',
  partition: 'vigie-dlq-partition',
  offset: 'vigie-dlq-offset',
  failedAt: 'vigie-dlq-failed-at',
} as const;

export interface DeadLetter {
  stage: DeadLetterStage;
  /** What was wrong, e.g. `invalid mention: /publishedAt must match format "date-time"`. */
  reason: string;
  /** Where the original message was read from (absent for the collector, which reads no topic). */
  topic?: string;
  partition?: number;
  offset?: string;
  failedAt: string;
  key: Buffer | null;
  value: Buffer | null;
  /** The original message's own headers. */
  headers: IHeaders;
}

const MAX_REASON_CHARS = 2_000;
const OWN = new Set<string>(Object.values(DEAD_LETTER_HEADERS));

/** The Kafka message to produce to the DLQ topic for a dead letter. */
export function deadLetterMessage(letter: Omit<DeadLetter, 'failedAt'> & { failedAt?: string }): Message {
  const headers: IHeaders = { ...letter.headers };
  headers[DEAD_LETTER_HEADERS.stage] = letter.stage;
  headers[DEAD_LETTER_HEADERS.reason] = letter.reason.slice(0, MAX_REASON_CHARS);
  headers[DEAD_LETTER_HEADERS.failedAt] = letter.failedAt ?? new Date().toISOString();
  if (letter.topic !== undefined) headers[DEAD_LETTER_HEADERS.topic] = letter.topic;
  if (letter.partition !== undefined) headers[DEAD_LETTER_HEADERS.partition] = String(letter.partition);
  if (letter.offset !== undefined) headers[DEAD_LETTER_HEADERS.offset] = letter.offset;
  return { key: letter.key, value: letter.value, headers };
}

function headerText(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Read a message consumed from the DLQ topic back into a dead letter; the original headers are kept apart. */
export function readDeadLetter(message: KafkaMessage): DeadLetter {
  const all = message.headers ?? {};
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(all)) if (!OWN.has(name) && value !== undefined) headers[name] = value;
  const stage = headerText(all, DEAD_LETTER_HEADERS.stage);
  const partition = headerText(all, DEAD_LETTER_HEADERS.partition);
  return {
    stage: (DEAD_LETTER_STAGES as readonly string[]).includes(stage ?? '') ? (stage as DeadLetterStage) : 'collector',
    reason: headerText(all, DEAD_LETTER_HEADERS.reason) ?? 'unknown',
    topic: headerText(all, DEAD_LETTER_HEADERS.topic),
    partition: partition === undefined ? undefined : Number(partition),
    offset: headerText(all, DEAD_LETTER_HEADERS.offset),
    failedAt: headerText(all, DEAD_LETTER_HEADERS.failedAt) ?? new Date(Number(message.timestamp)).toISOString(),
    key: message.key,
    value: message.value,
    headers,
  };
}

/** The topic a stage reads, where a replayed dead letter of that stage goes. */
export function deadLetterReplayTopic(stage: DeadLetterStage, prefix = ''): string {
  const topics = topicNames(prefix);
  return stage === 'indexer' ? topics.enriched : topics.raw;
}

/** A short, low-cardinality name for why a payload was rejected, for metrics; the full reason goes in the headers. */
export function rejectionKind(error: unknown): string {
  if (!(error instanceof ValidationError)) return 'exception';
  const message = error.issues[0]?.message ?? '';
  if (message === 'is empty') return 'empty';
  if (message.includes('-byte limit')) return 'too_large';
  if (message === 'is not valid UTF-8') return 'invalid_utf8';
  if (message.startsWith('is not valid JSON')) return 'invalid_json';
  return 'schema';
}
