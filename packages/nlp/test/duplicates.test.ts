import { describe, expect, it } from 'vitest';
import { createDuplicateIndex, hammingDistance, simHash, simHashToHex, tokenize } from '../src/index.js';

const fingerprint = (text: string) => simHash(tokenize(text));
const ORIGINAL = 'Grâce au nouveau pack étudiant, Github souhaite initier les jeunes développeurs à leur écosystème';

describe('simHash', () => {
  it('is 16 hex digits and stable', () => {
    expect(simHashToHex(fingerprint(ORIGINAL))).toMatch(/^[0-9a-f]{16}$/);
    expect(simHashToHex(fingerprint(ORIGINAL))).toBe(simHashToHex(fingerprint(ORIGINAL)));
  });

  it('ignores retweet markers, handles, links, case and accents', () => {
    const copy = fingerprint(`RT @someone: ${ORIGINAL.toUpperCase()} https://t.co/abc`);
    expect(hammingDistance(copy, fingerprint(ORIGINAL))).toBe(0);
  });

  it('stays close for a small edit and far for another text', () => {
    expect(hammingDistance(fingerprint(`${ORIGINAL} !! via le journal`), fingerprint(ORIGINAL))).toBeLessThanOrEqual(12);
    expect(hammingDistance(fingerprint('Le service client de la banque ne répond jamais au téléphone'), fingerprint(ORIGINAL))).toBeGreaterThan(10);
  });
});

describe('duplicate index', () => {
  it('links copies to the first mention and remembers originals only', () => {
    const index = createDuplicateIndex();
    expect(index.check('a', fingerprint(ORIGINAL))).toBeUndefined();
    expect(index.check('b', fingerprint(`RT @x: ${ORIGINAL}`))).toBe('a');
    expect(index.check('c', fingerprint('Un tout autre sujet, la météo de demain sera pluvieuse sur Paris'))).toBeUndefined();
    expect(index.check('a', fingerprint(ORIGINAL))).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it('accepts hex fingerprints and forgets the oldest beyond its size', () => {
    const index = createDuplicateIndex({ maxEntries: 2 });
    index.check('1', 'ffffffffffffffff');
    index.check('2', '0000000000000000');
    index.check('3', '00ff00ff00ff00ff');
    expect(index.size).toBe(2);
    expect(index.check('4', 'fffffffffffffffe')).toBeUndefined(); // '1' was forgotten; '4' now evicts '2'
    expect(index.check('5', '00ff00ff00ff00fe')).toBe('3');
    expect(index.check('6', '0000000000000001')).toBeUndefined();
    expect(() => index.check('7', 'xyz')).toThrow(/16-hex-digit/);
  });
});
