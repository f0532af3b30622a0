import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { AnalysisSchema, DEAD_LETTER_HEADERS, mentionId, RawMentionSchema, readDeadLetter, validateEnrichedMention, type RawMention } from '@vigie/core';
import type { Enrichment } from '../src/analyze-mention.js';
import { processBatch } from '../src/batch.js';

const origin = { topic: 'vigie.mentions.raw', partition: 3 };

function raw(sourceId: string, text: string): RawMention {
  return { id: mentionId('demo', sourceId), source: 'demo', sourceId, text, publishedAt: '2026-03-01T10:00:00Z', collectedAt: '2026-03-01T10:00:01Z' };
}

function message(offset: number, value: Buffer | string | null): KafkaMessage {
  return { key: Buffer.from(`k${offset}`), value: typeof value === 'string' ? Buffer.from(value) : value, offset: String(offset), timestamp: '0', attributes: 0, headers: { trace: 'abc' } } as KafkaMessage;
}

const enrichment: Enrichment = {
  brands: ['vigie'], brandMatches: [{ brand: 'vigie', terms: ['vigie'] }], language: { code: 'fr', confidence: 0.9, source: 'detected' },
  sentiment: { label: 'negative', score: -0.5, confidence: 0.8 }, aspects: [], aspectNames: [], negativeAspects: [], topics: [], keywords: ['hôtel'],
  hashtags: [], handles: [], links: [], fingerprint: '0123456789abcdef', reach: 3, textNormalized: 'l hotel', analyzedAt: '2026-03-01T10:00:02Z',
};
const enrich = () => enrichment;

describe('processBatch', () => {
  it('appends the analysis to the consumed mention, compact or pretty-printed, into a valid enriched mention', () => {
    const mention = { ...raw('1', 'L’hôtel 🙂 "cité" \\ fin'), author: { handle: 'anne' } };
    const batch = [message(1, JSON.stringify(mention)), message(2, `${JSON.stringify(mention, null, 2)}\n  `)];
    const outcome = processBatch(batch, origin, enrich, 1);
    expect(outcome.enriched).toHaveLength(2);
    for (const { value, partition } of outcome.enriched) {
      expect(partition).toBe(1);
      const enriched = validateEnrichedMention(JSON.parse((value as Buffer).toString('utf8')));
      expect(enriched).toEqual({ ...mention, ...enrichment });
    }
  });

  it('relies on raw mentions and analyses sharing no field name', () => {
    const raw = Object.keys(RawMentionSchema.properties);
    expect([...Object.keys(AnalysisSchema.properties), 'analyzedAt'].filter((field) => raw.includes(field))).toEqual([]);
  });

  it('dead-letters an analysis exception with its reason and original bytes, and keeps the rest of the batch', () => {
    const boom = raw('2', 'boom');
    const batch = [message(10, JSON.stringify(raw('1', 'ok'))), message(11, JSON.stringify(boom)), message(12, JSON.stringify(raw('3', 'skip')))];
    const outcome = processBatch(batch, origin, (m) => {
      if (m.text === 'boom') throw new Error('tokenizer exploded');
      return m.text === 'skip' ? undefined : enrich();
    }, 1);
    expect(outcome.enriched.map((m) => m.key)).toEqual([raw('1', 'ok').id]);
    expect(outcome.skipped).toBe(1);
    expect(outcome.deadLetters).toHaveLength(1);
    const [letter] = outcome.deadLetters;
    expect(letter!.kind).toBe('analysis_error');
    const read = readDeadLetter({ ...batch[1]!, headers: letter!.message.headers! } as KafkaMessage);
    expect(read).toMatchObject({ stage: 'analyzer', topic: origin.topic, partition: 3, offset: '11', headers: { trace: 'abc' } });
    expect(read.reason).toContain('tokenizer exploded');
    expect(letter!.message.value).toEqual(batch[1]!.value);
    expect(letter!.message.headers![DEAD_LETTER_HEADERS.stage]).toBe('analyzer');
  });

  it('names each kind of poison', () => {
    const batch = [message(1, '{nope'), message(2, Buffer.from([0xff, 0xfe])), message(3, JSON.stringify({ text: 'x' })), message(4, null)];
    const outcome = processBatch(batch, origin, enrich, 1);
    expect(outcome.deadLetters.map((l) => l.kind)).toEqual(['invalid_json', 'invalid_utf8', 'schema', 'empty']);
  });
});
