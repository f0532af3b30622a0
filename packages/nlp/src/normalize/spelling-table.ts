export const FNV_OFFSET = 0x811c9dc5 | 0;
/** The hash the tokenizer computes over a spelling's code units as it scans them. */
export function hashCode(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/**
 * Each slot is one 32-byte record: the hash, the length (16 bits) and 16 bits of flags, then the
 * first INLINE_CHARS code units two per int32, so a known spelling is recognised from one cache
 * line instead of a pointer, an object and a string scattered over the heap.
 */
const RECORD = 8;
const INLINE_CHARS = (RECORD - 2) * 2;

/**
 * Spellings as written (text[start, end), hashed with {@link hashCode} while the tokenizer scans
 * them) -> what the tokenizer derived from them, so a known spelling costs neither a substring nor
 * a string hash. Open addressing, at most half full, then it starts over: memory stays flat.
 */
export class SpellingTable<T> {
  private readonly maxEntries: number;
  private readonly mask: number;
  private readonly records: Int32Array;
  private readonly values: (T | undefined)[];
  /** the whole spelling of entries longer than INLINE_CHARS */
  private readonly longSpellings = new Map<number, string>();
  private count = 0;

  /** Holds up to 2^entryBits spellings. */
  constructor(entryBits: number) {
    this.maxEntries = 1 << entryBits;
    const slots = this.maxEntries * 2;
    this.mask = slots - 1;
    this.records = new Int32Array(slots * RECORD);
    this.values = new Array<T | undefined>(slots).fill(undefined);
  }

  clear(): void {
    this.records.fill(0);
    this.values.fill(undefined);
    this.longSpellings.clear();
    this.count = 0;
  }

  /** The slot of text[start, end), or -1 when it is not known. */
  find(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const lengthField = Math.min(length, 0xffff);
    const records = this.records;
    for (let slot = this.home(hash); ; slot = (slot + 1) & this.mask) {
      const base = slot * RECORD;
      const stored = (records[base + 1] as number) & 0xffff;
      if (stored === 0) return -1;
      if (records[base] === hash && stored === lengthField && this.sameSpelling(text, start, length, slot)) return slot;
    }
  }

  /** Remember text[start, end) (not known yet: see {@link find}) with its flags (16 bits) and value; returns its slot. */
  add(text: string, start: number, end: number, hash: number, flags: number, value: T): number {
    if (this.count >= this.maxEntries) this.clear();
    const records = this.records;
    let slot = this.home(hash);
    while (((records[slot * RECORD + 1] as number) & 0xffff) !== 0) slot = (slot + 1) & this.mask;
    const length = end - start;
    const base = slot * RECORD;
    records[base] = hash;
    records[base + 1] = Math.min(length, 0xffff) | (flags << 16);
    const inline = Math.min(length, INLINE_CHARS);
    for (let k = 0; k < inline; k += 2) {
      const high = k + 1 < inline ? text.charCodeAt(start + k + 1) << 16 : 0;
      records[base + 2 + (k >> 1)] = text.charCodeAt(start + k) | high;
    }
    if (length > INLINE_CHARS) this.longSpellings.set(slot, text.slice(start, end));
    this.values[slot] = value;
    this.count++;
    return slot;
  }

  value(slot: number): T {
    return this.values[slot] as T;
  }

  flags(slot: number): number {
    return (this.records[slot * RECORD + 1] as number) >>> 16;
  }

  private home(hash: number): number {
    return (hash ^ (hash >>> 15)) & this.mask;
  }

  private sameSpelling(text: string, start: number, length: number, slot: number): boolean {
    const records = this.records;
    const base = slot * RECORD + 2;
    const inline = Math.min(length, INLINE_CHARS);
    for (let k = 0; k < inline; k++) {
      const packed = records[base + (k >> 1)] as number;
      if (text.charCodeAt(start + k) !== (k & 1 ? packed >>> 16 : packed & 0xffff)) return false;
    }
    if (length <= INLINE_CHARS) return true;
    const spelling = this.longSpellings.get(slot) as string;
    if (spelling.length !== length) return false;
    for (let k = INLINE_CHARS; k < length; k++) if (text.charCodeAt(start + k) !== spelling.charCodeAt(k)) return false;
    return true;
  }
}
