import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { rateLimitWaitMs, retryAfterMs } from '../src/http/client.js';
import { canonicalUrl, htmlToText } from '../src/connectors/text.js';
import { decodeFeed } from '../src/connectors/rss/decode.js';
import { dateParser, parseColumnMap } from '../src/import/mapping.js';

const now = Date.parse('2026-11-20T10:00:00Z');

describe('rate-limit headers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Fri, 20 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('waits for the reset only when no request is left (X epoch seconds, Reddit seconds, Mastodon ISO date)', () => {
    expect(rateLimitWaitMs(new Headers({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 60) }), now)).toBe(60_000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '12' }), now)).toBe(12_000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-11-20T10:05:00.000Z' }), now)).toBe(300_000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-remaining': '57', 'x-ratelimit-reset': '12' }), now)).toBeUndefined();
  });
});

describe('text helpers', () => {
  it('unwraps Google redirect links and drops tracking parameters', () => {
    expect(canonicalUrl('https://www.google.com/url?rct=j&sa=t&url=https://ex.com/a%3Futm_source%3Dx%26id%3D1&ct=ga')).toBe('https://ex.com/a?id=1');
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
  });

  it('strips HTML and decodes entities', () => {
    expect(htmlToText('<p>Caf&eacute; <b>Acme</b> &amp; co<br>line 2</p>')).toBe('Café Acme & co\nline 2');
  });

  it('decodes feeds from the declared encoding', () => {
    const latin1 = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><t>déçue</t>', 'latin1');
    expect(decodeFeed(latin1, 'application/xml')).toContain('déçue');
    expect(decodeFeed(iconv.encode('<t>Noël</t>', 'win1252'), 'text/xml; charset=windows-1252')).toBe('<t>Noël</t>');
  });
});

describe('import mapping', () => {
  it('parses --map pairs, with aliases, and refuses unknown fields', () => {
    expect(parseColumnMap('text=body,author=user,date=when')).toEqual({ text: 'body', 'author.handle': 'user', publishedAt: 'when' });
    expect(() => parseColumnMap('colour=c')).toThrow(/--map: 'colour=c'/);
  });

  it('parses dates in the given format, as UTC', () => {
    expect(dateParser('dd/MM/yyyy HH:mm')('20/11/2026 09:05')).toBe('2026-11-20T09:05:00.000Z');
    expect(dateParser('unix')('1795165290')).toBe('2026-11-20T09:01:30.000Z');
    expect(dateParser()('Fri, 20 Nov 2026 09:00:00 +0100')).toBe('2026-11-20T08:00:00.000Z');
    expect(dateParser()('yesterday')).toBeUndefined();
  });
});
