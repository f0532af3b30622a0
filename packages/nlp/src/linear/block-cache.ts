/**
 * Class scores of feature blocks, direct-mapped by block id. A slot is 32 bytes for three
 * classes — the id's two 32-bit halves, then the class scores and the sum of squares as
 * float32 — so a cached block costs one cache-line read. Sums that float32 cannot hold exactly
 * are not kept, so a cached block adds exactly what scoring its features again would; sums of
 * int8 weights times simple feature values (1, 0.5) always fit.
 */
export class BlockCache {
  private readonly ids: Int32Array;
  private readonly sums: Float32Array;
  /** log2 of a slot's length in 4-byte units */
  private readonly slotShift: number;
  private readonly mask: number;

  constructor(
    readonly classes: number,
    bits: number,
  ) {
    this.slotShift = Math.ceil(Math.log2(classes + 3));
    const buffer = new ArrayBuffer(4 << (this.slotShift + bits));
    this.ids = new Int32Array(buffer);
    this.sums = new Float32Array(buffer);
    this.mask = (1 << bits) - 1;
    // ids are not negative, so a high half of -1 marks an empty slot
    for (let i = 1; i < this.ids.length; i += 1 << this.slotShift) this.ids[i] = -1;
  }

  private offset(low: number, high: number): number {
    return ((low ^ Math.imul(high, 0x9e3779b1)) & this.mask) << this.slotShift;
  }

  /** Add block (`low`, `high`)'s scores to `scores` and return its sum of squares; -1 (and nothing added) if it is not cached. */
  addTo(low: number, high: number, scores: Float64Array): number {
    const { ids, sums, classes } = this;
    const offset = this.offset(low, high);
    if (ids[offset] !== low || ids[offset + 1] !== high) return -1;
    for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + (sums[offset + 2 + c] as number);
    return sums[offset + 2 + classes] as number;
  }

  /** Keep block (`low`, `high`)'s scores and sum of squares, in place of the block in its slot. */
  store(low: number, high: number, scores: Float64Array, sumSquares: number): void {
    const { ids, sums, classes } = this;
    if (Math.fround(sumSquares) !== sumSquares) return;
    for (let c = 0; c < classes; c++) if (Math.fround(scores[c] as number) !== scores[c]) return;
    const offset = this.offset(low, high);
    ids[offset] = low;
    ids[offset + 1] = high;
    for (let c = 0; c < classes; c++) sums[offset + 2 + c] = scores[c] as number;
    sums[offset + 2 + classes] = sumSquares;
  }
}
