import type { KafkaMessage, Message } from 'kafkajs';
import { decodeJson, deadLetterMessage, rejectionKind, validateRawMention, type RawMention } from '@vigie/core';
import type { Enrichment } from './analyze-mention.js';

/** What one batch of raw messages turns into: enriched messages, dead letters and skips, all for the same offsets. */
export interface BatchOutcome {
  enriched: Message[];
  deadLetters: { message: Message; kind: string }[];
  skipped: number;
}

/** Analyse one valid mention; `undefined` means it matched no brand and is not bound to one. */
export type AnalyzeOne = (mention: RawMention) => Enrichment | undefined;

/**
 * Turn raw messages into enriched ones, all bound for `enrichedPartition`. Each message is handled on its own:
 * a poison message (bad bytes, bad schema, analysis exception) becomes a dead letter and never fails the others.
 */
export function processBatch(
  messages: readonly KafkaMessage[], origin: { topic: string; partition: number }, analyzeOne: AnalyzeOne, enrichedPartition: number,
): BatchOutcome {
  const outcome: BatchOutcome = { enriched: [], deadLetters: [], skipped: 0 };
  for (const message of messages) {
    let mention: RawMention;
    try {
      mention = validateRawMention(decodeJson(message.value, 'mention'));
    } catch (error) {
      outcome.deadLetters.push(deadLetter(message, origin, error, (error as Error).message));
      continue;
    }
    let enrichment: Enrichment | undefined;
    try {
      enrichment = analyzeOne(mention);
    } catch (error) {
      outcome.deadLetters.push(deadLetter(message, origin, error, `analysis failed for mention ${mention.id}: ${(error as Error).message}`, 'analysis_error'));
      continue;
    }
    if (enrichment === undefined) outcome.skipped += 1;
    else outcome.enriched.push({ key: mention.id, value: enrichedValue(message.value!, enrichment), partition: enrichedPartition });
  }
  return outcome;
}

/**
 * The enriched mention's JSON: the consumed raw object with the analysis fields appended before its closing
 * brace, so the mention (its text above all) is neither serialised nor UTF-8-encoded again. The raw schema is
 * closed and shares no field name with the analysis, so no key can repeat.
 */
function enrichedValue(raw: Buffer, enrichment: Enrichment): Buffer {
  const fields = JSON.stringify(enrichment);
  const end = raw.lastIndexOf(0x7d);
  const value = Buffer.allocUnsafe(end + Buffer.byteLength(fields));
  raw.copy(value, 0, 0, end);
  value.write(fields, end);
  value[end] = 0x2c; // the comma that replaces the analysis object's opening brace
  return value;
}

function deadLetter(message: KafkaMessage, origin: { topic: string; partition: number }, error: unknown, reason: string, kind = rejectionKind(error)) {
  return {
    kind,
    message: deadLetterMessage({
      stage: 'analyzer',
      reason,
      topic: origin.topic,
      partition: origin.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
    }),
  };
}
