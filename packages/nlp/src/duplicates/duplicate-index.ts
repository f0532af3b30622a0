import { hammingDistance, hexToSimHash, type SimHash } from './simhash.js';

export interface DuplicateIndexOptions {
  /** originals remembered; the oldest are forgotten first (default 100,000) */
  maxEntries?: number;
  /** largest Hamming distance between near-duplicates, at most 3 (default 3) */
  maxDistance?: number;
}

export interface DuplicateIndex {
  /** The id of the first mention this fingerprint nearly equals, or undefined (and it is remembered as an original). */
  check(id: string, fingerprint: string | SimHash): string | undefined;
  readonly size: number;
}

interface Entry {
  id: string;
  hash: SimHash;
}

const BANDS = 4;
const BAND_BITS = 16;

function bandKey(hash: SimHash, band: number): number {
  const word = band < 2 ? hash.low : hash.high;
  const value = (word >>> ((band % 2) * BAND_BITS)) & 0xffff;
  return band * 0x10000 + value;
}

/**
 * In-memory LSH over SimHash: the 64 bits are cut into 4 bands of 16; two fingerprints within
 * distance 3 share at least one band exactly (pigeonhole), so only that band's bucket is compared.
 */
export function createDuplicateIndex(options: DuplicateIndexOptions = {}): DuplicateIndex {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxDistance = Math.min(options.maxDistance ?? 3, BANDS - 1);
  const buckets = new Map<number, Entry[]>();
  const byId = new Map<string, Entry>();
  const ring: (Entry | undefined)[] = new Array<Entry | undefined>(maxEntries);
  let next = 0;

  const forget = (entry: Entry): void => {
    byId.delete(entry.id);
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(entry.hash, band);
      const bucket = buckets.get(key);
      if (!bucket) continue;
      const position = bucket.indexOf(entry);
      if (position >= 0) bucket.splice(position, 1);
      if (bucket.length === 0) buckets.delete(key);
    }
  };

  return {
    get size() {
      return byId.size;
    },
    check(id, fingerprint) {
      const hash = typeof fingerprint === 'string' ? hexToSimHash(fingerprint) : fingerprint;
      if (byId.has(id)) return undefined;
      for (let band = 0; band < BANDS; band++) {
        const bucket = buckets.get(bandKey(hash, band));
        if (!bucket) continue;
        for (const entry of bucket) if (hammingDistance(entry.hash, hash) <= maxDistance) return entry.id;
      }
      const entry: Entry = { id, hash };
      const evicted = ring[next];
      if (evicted) forget(evicted);
      ring[next] = entry;
      next = (next + 1) % maxEntries;
      byId.set(id, entry);
      for (let band = 0; band < BANDS; band++) {
        const key = bandKey(hash, band);
        const bucket = buckets.get(key);
        if (bucket) bucket.push(entry);
        else buckets.set(key, [entry]);
      }
      return undefined;
    },
  };
}
