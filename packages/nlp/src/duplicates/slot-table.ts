const EMPTY = 0;

/** FNV-1a over the id's UTF-16 code units. */
function hashId(id: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * Which ring slot holds an id: open addressing (linear probing) over typed arrays, each entry the
 * slot + 1 (0: empty), the id's hash kept per slot. Unlike a Map<string, number>, a lookup of an
 * id that is not there reads no string and stays in a table small enough for the CPU cache.
 */
export class SlotTable {
  private readonly entries: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;

  constructor(
    /** the ids of the ring, by slot */
    private readonly ids: readonly (string | undefined)[],
  ) {
    // at most half full
    let capacity = 2;
    while (capacity < ids.length * 2) capacity *= 2;
    this.entries = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(ids.length);
  }

  /** The slot of `id`, or -1. */
  find(id: string): number {
    const hash = hashId(id);
    const { entries, hashes, ids, mask } = this;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = entries[at] as number;
      if (entry === EMPTY) return -1;
      const slot = entry - 1;
      if (hashes[slot] === hash && ids[slot] === id) return slot;
    }
  }

  /** Record that `slot` now holds `id` (which is not in the table). */
  add(id: string, slot: number): void {
    const hash = hashId(id);
    this.hashes[slot] = hash;
    const { entries, mask } = this;
    let at = hash & mask;
    while (entries[at] !== EMPTY) at = (at + 1) & mask;
    entries[at] = slot + 1;
  }

  /** Forget `slot` (in the table): backward-shift deletion, so no tombstones pile up. */
  remove(slot: number): void {
    const { entries, hashes, mask } = this;
    let hole = (hashes[slot] as number) & mask;
    while (entries[hole] !== slot + 1) hole = (hole + 1) & mask;
    for (let at = (hole + 1) & mask; entries[at] !== EMPTY; at = (at + 1) & mask) {
      const home = (hashes[(entries[at] as number) - 1] as number) & mask;
      // move the entry into the hole unless its home lies cyclically in (hole, at]
      if (((at - home) & mask) >= ((at - hole) & mask)) {
        entries[hole] = entries[at] as number;
        hole = at;
      }
    }
    entries[hole] = EMPTY;
  }
}
