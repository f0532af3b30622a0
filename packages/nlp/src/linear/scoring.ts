import { BlockCache } from './block-cache.js';
import type { BlockEmitter, FeatureSink } from './features.js';
import { type QuantizedLinearModel, softmaxInPlace } from './model.js';

/**
 * Default log2 of the block cache's slots (see BlockCache). Word frequencies are Zipfian, so
 * this covers nearly every token of a stream while keeping memory fixed (one preallocated table).
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
  private readonly cache: BlockCache;
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
    this.cache = new BlockCache(model.classes, cacheBits);
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
    // ids may exceed 32 bits (a lexeme id below, what else the block depends on above)
    const low = id | 0;
    const high = Math.floor(id / 0x100000000);
    const squares = this.cache.addTo(low, high, this.scores);
    if (squares >= 0) {
      this.sumSquares += squares;
      return;
    }
    const { scores, saved } = this;
    saved.set(scores);
    const savedSquares = this.sumSquares;
    this.reset();
    emit(this, text, variant);
    this.cache.store(low, high, scores, this.sumSquares);
    for (let c = 0; c < this.classes; c++) scores[c] = (saved[c] as number) + (scores[c] as number);
    this.sumSquares += savedSquares;
  }

  /** Softmax of bias + offsets + scores scaled to a unit-norm feature vector, written into `out`. */
  probabilities(out: Float64Array, offsets?: Float64Array): Float64Array {
    const { classes, scales, bias } = this.model;
    const norm = this.sumSquares > 0 ? 1 / Math.sqrt(this.sumSquares) : 0;
    for (let c = 0; c < classes; c++) {
      out[c] = (bias[c] as number) + (offsets === undefined ? 0 : (offsets[c] as number)) + (this.scores[c] as number) * (scales[c] as number) * norm;
    }
    return softmaxInPlace(out, classes);
  }
}
