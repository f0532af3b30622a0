import { describe, expect, it } from 'vitest';
import { decodeJson, mentionId, MAX_TEXT_BYTES, validateEnrichedMention, validateRawMention, ValidationError } from '../src/index.js';

function rawMention(overrides: Record<string, unknown> = {}) {
  return {
    id: mentionId('rss', 'https://example.fr/article-1'),
    source: 'rss',
    sourceId: 'https://example.fr/article-1',
    url: 'https://example.fr/article-1',
    text: "L'hôtel était parfait",
    publishedAt: '2026-11-20T08:00:00.000Z',
    collectedAt: '2026-11-20T08:01:00.000Z',
    author: { handle: 'marie', followers: 120 },
    ...overrides,
  };
}

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('mention ids', () => {
  it('are stable for the same source item and differ across sources', () => {
    expect(mentionId('reddit', 't3_abc')).toBe(mentionId('reddit', 't3_abc'));
    expect(mentionId('reddit', 't3_abc')).not.toBe(mentionId('x', 't3_abc'));
    expect(mentionId('reddit', 't3_abc')).toMatch(/^reddit-[0-9a-f]{32}$/);
  });
});

describe('raw mention schema', () => {
  it('accepts a well-formed mention', () => {
    expect(validateRawMention(rawMention()).text).toBe("L'hôtel était parfait");
  });

  it('names a missing field', () => {
    const { text: _text, ...withoutText } = rawMention();
    expect(issuesOf(() => validateRawMention(withoutText))).toContainEqual({ field: '/text', message: 'is required' });
  });

  it('names a wrong-typed nested field', () => {
    const issues = issuesOf(() => validateRawMention(rawMention({ author: { followers: 'many' } })));
    expect(issues.map((i) => i.field)).toContain('/author/followers');
  });

  it('rejects unknown fields, naming them', () => {
    expect(issuesOf(() => validateRawMention(rawMention({ sentiment: 'great' })))).toContainEqual({ field: '/sentiment', message: 'is not an allowed field' });
  });

  it('rejects a bad date, an unknown source and a malformed id', () => {
    const fields = issuesOf(() => validateRawMention(rawMention({ publishedAt: 'yesterday', source: 'myspace', id: 'x' }))).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['/publishedAt', '/source', '/id']));
  });

  it('rejects text over 1 MiB, counted in UTF-8 bytes', () => {
    const text = 'é'.repeat(MAX_TEXT_BYTES / 2 + 1); // fewer characters than the limit, more bytes
    expect(issuesOf(() => validateRawMention(rawMention({ text }))).map((i) => i.field)).toEqual(['/text']);
  });

  it('an enriched mention needs the analysis fields', () => {
    const fields = issuesOf(() => validateEnrichedMention(rawMention())).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['/sentiment', '/brands', '/language', '/textNormalized']));
  });
});

describe('message decoding', () => {
  it('refuses invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(issuesOf(() => decodeJson(bytes))[0]?.message).toBe('is not valid UTF-8');
  });

  it('refuses invalid JSON and says why', () => {
    expect(issuesOf(() => decodeJson(Buffer.from('{"id": ')))[0]?.message).toMatch(/^is not valid JSON/);
  });

  it('refuses an oversize payload before parsing it', () => {
    expect(issuesOf(() => decodeJson(Buffer.alloc(2 * 1024 * 1024, 0x20)))[0]?.message).toMatch(/over the \d+-byte limit/);
  });

  it('decodes a valid payload', () => {
    expect(decodeJson(Buffer.from(JSON.stringify(rawMention())))).toMatchObject({ source: 'rss' });
  });
});
