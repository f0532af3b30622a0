import { describe, expect, it } from 'vitest';
import { indexNames, mentionId, type EnrichedMention } from '@vigie/core';
import { createBody, mentionSource, updateBody } from '../src/bulk.js';

const names = indexNames('test-');
const mention = {
  id: mentionId('demo', '1'), source: 'demo', sourceId: '1', text: 'L’hôtel 🙂 "cité"\nfin', publishedAt: '2026-03-01T10:00:00Z', collectedAt: '2026-03-01T10:00:01Z',
  brands: ['vigie'], analyzedAt: '2026-03-01T10:00:02Z',
} as unknown as EnrichedMention;
const lines = (body: Buffer) => body.toString('utf8').split('\n');

describe('bulk bodies', () => {
  it('reuse a single-line mention as it was consumed, trimmed, and serialise a pretty-printed one again', () => {
    const compact = Buffer.from(` ${JSON.stringify(mention)}\n`);
    expect(mentionSource(compact, mention).toString()).toBe(JSON.stringify(mention));
    expect(mentionSource(compact, mention).buffer).toBe(compact.buffer);
    expect(mentionSource(Buffer.from(JSON.stringify(mention, null, 2)), mention).toString()).toBe(JSON.stringify(mention));
  });

  it('create each mention in its monthly index with the initial workflow state', () => {
    const items = [mention, { ...mention, id: mentionId('demo', '2'), publishedAt: '2026-04-30T23:59:59Z' }].map((m) => ({ mention: m, source: Buffer.from(JSON.stringify(m)) }));
    const body = lines(createBody(items, names, '2026-05-01T00:00:00Z'));
    expect(body).toHaveLength(5);
    expect(body[4]).toBe('');
    expect(JSON.parse(body[0]!)).toEqual({ create: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id } });
    expect(JSON.parse(body[1]!)).toEqual({ ...mention, indexedAt: '2026-05-01T00:00:00Z', status: 'new', tags: [] });
    expect(JSON.parse(body[2]!).create._index).toBe(names.mentionsFor('2026-04-30T23:59:59Z'));
  });

  it('update the analysis fields of an existing mention and only set workflow fields when it is created again', () => {
    const body = lines(updateBody([{ mention, source: Buffer.from(JSON.stringify(mention)) }], names, '2026-05-01T00:00:00Z'));
    expect(JSON.parse(body[0]!)).toEqual({ update: { _index: names.mentionsFor(mention.publishedAt), _id: mention.id, retry_on_conflict: 3 } });
    expect(JSON.parse(body[1]!)).toEqual({
      doc: { ...mention, indexedAt: '2026-05-01T00:00:00Z' },
      upsert: { ...mention, indexedAt: '2026-05-01T00:00:00Z', status: 'new', tags: [] },
    });
  });
});
