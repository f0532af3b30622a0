import { describe, expect, it } from 'vitest';
import { seededRandom } from '@vigie/core';
import { createDuplicateIndex, hammingDistance, simHash, simHashToHex, tokenize } from '../src/index.js';
import { SlotTable } from '../src/duplicates/slot-table.js';

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

  it('answers as a scan of the remembered originals would (band by band, oldest first)', () => {
    const random = seededRandom(7);
    const maxEntries = 50;
    const index = createDuplicateIndex({ maxEntries });
    const remembered: { id: string; hex: string }[] = [];
    const bandOf = (hex: string, band: number) => hex.slice(12 - 4 * band, 16 - 4 * band);
    const parse = (hex: string) => ({ high: parseInt(hex.slice(0, 8), 16), low: parseInt(hex.slice(8), 16), features: 0 });
    const distance = (a: string, b: string) => hammingDistance(parse(a), parse(b));
    let linked = 0;
    const hexes: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let hex: string;
      if (hexes.length > 0 && random() < 0.5) {
        // a near copy: flip up to 4 bits of an earlier fingerprint
        const digits = [...(hexes[Math.floor(random() * hexes.length)] as string)];
        for (let flips = Math.floor(random() * 5); flips > 0; flips--) {
          const at = Math.floor(random() * 16);
          digits[at] = (parseInt(digits[at] as string, 16) ^ (1 << Math.floor(random() * 4))).toString(16);
        }
        hex = digits.join('');
      } else {
        hex = Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
      }
      hexes.push(hex);
      const id = `id-${Math.floor(random() * 400)}`;
      let expected: string | undefined;
      if (!remembered.some((entry) => entry.id === id)) {
        for (let band = 0; band < 4 && expected === undefined; band++) {
          expected = remembered.find((entry) => bandOf(entry.hex, band) === bandOf(hex, band) && distance(entry.hex, hex) <= 3)?.id;
        }
        if (expected === undefined) {
          remembered.push({ id, hex });
          if (remembered.length > maxEntries) remembered.shift();
        }
      }
      expect(index.check(id, hex)).toBe(expected);
      expect(index.size).toBe(remembered.length);
      if (expected !== undefined) linked++;
    }
    expect(linked).toBeGreaterThan(100);
  });
});

describe('slot table', () => {
  it('finds, adds and removes ids whatever their hashes collide on', () => {
    const random = seededRandom(3);
    const ids: (string | undefined)[] = new Array<string | undefined>(64).fill(undefined);
    const table = new SlotTable(ids);
    for (let step = 0; step < 20_000; step++) {
      const slot = Math.floor(random() * ids.length);
      const id = `x${Math.floor(random() * 200)}`;
      const known = ids.indexOf(id);
      expect(table.find(id)).toBe(known);
      if (ids[slot] !== undefined) {
        table.remove(slot);
        ids[slot] = undefined;
      } else if (known < 0) {
        ids[slot] = id;
        table.add(id, slot);
      }
    }
  });
});

