import type { BlockEmitter, FeatureSink } from './features.js';
import type { QuantizedLinearModel } from './model.js';

/**
 * Default log2 of the block cache's slots (direct-mapped by block id). Word frequencies are
 * Zipfian, so this covers nearly every token of a stream while keeping memory fixed (one
 * preallocated pool).
 */
const DEFAULT_CACHE_BITS = 17;

/**
 * Scores features as they are emitted instead of materialising a vector. Blocks of features
 * that only depend on one word (its character n-grams) are scored once and cached, which
 * turns most of the per-character work into one table read per word.
 */
export class ScoreAccumulator implements FeatureSink {
  readonly scores: Float64Array;
  sumSquares = 0;
  private readonly classes: number;
  private readonly weights: Int8Array;
  private readonly shift: number;
  /**
   * The block cache, direct-mapped by block id: per slot the id (-1: empty), the block's class
   * scores and its sum of squares side by side, so a cached block costs one memory read, not two.
   */
  private readonly blocks: Float64Array;
  private readonly stride: number;
  private readonly slotMask: number;
  private readonly saved: Float64Array;

  constructor(
    readonly model: QuantizedLinearModel,
    cacheBits = DEFAULT_CACHE_BITS,
  ) {
    this.classes = model.classes;
    this.weights = model.weights;
    this.scores = new Float64Array(model.classes);
    this.saved = new Float64Array(model.classes);
    this.shift = 32 - model.dimensionBits;
    this.slotMask = (1 << cacheBits) - 1;
    this.stride = model.classes + 2;
    this.blocks = new Float64Array((1 << cacheBits) * this.stride);
    for (let offset = 0; offset < this.blocks.length; offset += this.stride) this.blocks[offset] = -1;
  }

  reset(): void {
    this.scores.fill(0);
    this.sumSquares = 0;
  }

  add(hash: number, value = 1): void {
    const classes = this.classes;
    const weights = this.weights;
    const base = (hash >>> this.shift) * classes;
    const scores = this.scores;
    for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + (weights[base + c] as number) * value;
    this.sumSquares += value * value;
  }

  /** Add the features `emit` produces for block `id`, computing them only when the cache misses. */
  addBlock(id: number, text: string, variant: number, emit: BlockEmitter): void {
    const { classes, blocks, scores } = this;
    // ids may exceed 32 bits (a lexeme id below, what else the block depends on above): fold the high part in
    const slot = (id ^ Math.imul(Math.floor(id / 0x100000000), 0x9e3779b1)) & this.slotMask;
    const offset = slot * this.stride;
    if (blocks[offset] !== id) this.fill(offset, id, text, variant, emit);
    for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + (blocks[offset + 1 + c] as number);
    this.sumSquares += blocks[offset + 1 + classes] as number;
  }

  /** Score block `id` on its own (the text's sums so far set aside) into the cache slot at `offset`. */
  private fill(offset: number, id: number, text: string, variant: number, emit: BlockEmitter): void {
    const blocks = this.blocks;
    this.saved.set(this.scores);
    const savedSquares = this.sumSquares;
    this.reset();
    emit(this, text, variant);
    blocks[offset] = id;
    blocks.set(this.scores, offset + 1);
    blocks[offset + 1 + this.classes] = this.sumSquares;
    this.scores.set(this.saved);
    this.sumSquares = savedSquares;
  }

  /** Softmax of bias + offsets + scores scaled to a unit-norm feature vector, written into `out`. */
  probabilities(out: Float64Array, offsets?: Float64Array): Float64Array {
    const { classes, scales, bias } = this.model;
    const norm = this.sumSquares > 0 ? 1 / Math.sqrt(this.sumSquares) : 0;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      out[c] = (bias[c] as number) + (offsets === undefined ? 0 : (offsets[c] as number)) + (this.scores[c] as number) * (scales[c] as number) * norm;
      max = Math.max(max, out[c] as number);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      out[c] = Math.exp((out[c] as number) - max);
      sum += out[c] as number;
    }
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) / sum;
    return out;
  }
}
