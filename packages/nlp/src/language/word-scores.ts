import type { BlockEmitter, FeatureSink } from '../linear/features.js';
import type { QuantizedLinearModel } from '../linear/model.js';
import { ScoreAccumulator } from '../linear/scoring.js';

/**
 * A scorer whose blocks (a word's features: they depend on the word alone) are cached in one
 * flat table, direct-mapped by block id: per slot the id, the class scores and the sum of
 * squares side by side, so a known word costs one memory read instead of an id array and a
 * score pool far apart. Sums are the ones {@link ScoreAccumulator.addBlock} would make.
 */
export class CachedBlockScorer implements FeatureSink {
  readonly scorer: ScoreAccumulator;
  /** scores one block at a time, on a miss */
  private readonly block: ScoreAccumulator;
  private readonly stride: number;
  private readonly table: Float64Array;
  private readonly mask: number;

  constructor(model: QuantizedLinearModel, bits: number) {
    // neither accumulator uses its own block cache: keep it tiny
    this.scorer = new ScoreAccumulator(model, 1);
    this.block = new ScoreAccumulator(model, 1);
    this.stride = model.classes + 2;
    this.mask = (1 << bits) - 1;
    this.table = new Float64Array((1 << bits) * this.stride);
    for (let slot = 0; slot < this.table.length; slot += this.stride) this.table[slot] = -1;
  }

  reset(): void {
    this.scorer.reset();
  }

  add(hash: number, value?: number): void {
    this.scorer.add(hash, value);
  }

  addBlock(id: number, text: string, variant: number, emit: BlockEmitter): void {
    const { table, scorer } = this;
    const classes = scorer.scores.length;
    const base = (id & this.mask) * this.stride;
    if (table[base] !== id) {
      const block = this.block;
      block.reset();
      emit(block, text, variant);
      table[base] = id;
      table.set(block.scores, base + 1);
      table[base + 1 + classes] = block.sumSquares;
    }
    const scores = scorer.scores;
    for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + (table[base + 1 + c] as number);
    scorer.sumSquares += table[base + 1 + classes] as number;
  }

  probabilities(out: Float64Array): Float64Array {
    return this.scorer.probabilities(out);
  }
}
