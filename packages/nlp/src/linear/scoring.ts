import type { FeatureSink } from './features.js';
import type { QuantizedLinearModel } from './model.js';

/**
 * Cached blocks kept before the cache starts over. Word frequencies are Zipfian, so this
 * covers nearly every token of a stream while keeping memory fixed (one preallocated pool).
 */
const MAX_CACHED_BLOCKS = 65_536;

/**
 * Scores features as they are emitted instead of materialising a vector. Blocks of features
 * that only depend on one word (its character n-grams) are scored once and cached, which
 * turns most of the per-character work into one map lookup per word.
 */
export class ScoreAccumulator implements FeatureSink {
  readonly scores: Float64Array;
  sumSquares = 0;
  private readonly shift: number;
  /** key -> offset of its block (classes scores, then the sum of squares) in `pool` */
  private readonly blocks = new Map<string, number>();
  private readonly pool: Float64Array;
  private poolUsed = 0;
  private readonly saved: Float64Array;

  constructor(readonly model: QuantizedLinearModel) {
    this.scores = new Float64Array(model.classes);
    this.saved = new Float64Array(model.classes);
    this.shift = 32 - model.dimensionBits;
    this.pool = new Float64Array(MAX_CACHED_BLOCKS * (model.classes + 1));
  }

  reset(): void {
    this.scores.fill(0);
    this.sumSquares = 0;
  }

  add(hash: number, value = 1): void {
    const classes = this.model.classes;
    const weights = this.model.weights;
    const base = (hash >>> this.shift) * classes;
    const scores = this.scores;
    for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + (weights[base + c] as number) * value;
    this.sumSquares += value * value;
  }

  /** Add the features `emit` produces for `key`, computing them only the first time. */
  addBlock(key: string, emit: (sink: FeatureSink, key: string) => void): void {
    const classes = this.model.classes;
    const pool = this.pool;
    let offset = this.blocks.get(key);
    if (offset === undefined) {
      if (this.poolUsed === MAX_CACHED_BLOCKS) {
        this.blocks.clear();
        this.poolUsed = 0;
      }
      offset = this.poolUsed++ * (classes + 1);
      this.saved.set(this.scores);
      const savedSquares = this.sumSquares;
      this.reset();
      emit(this, key);
      for (let c = 0; c < classes; c++) pool[offset + c] = this.scores[c] as number;
      pool[offset + classes] = this.sumSquares;
      this.scores.set(this.saved);
      this.sumSquares = savedSquares;
      this.blocks.set(key, offset);
    }
    for (let c = 0; c < classes; c++) this.scores[c] = (this.scores[c] as number) + (pool[offset + c] as number);
    this.sumSquares += pool[offset + classes] as number;
  }

  /** Softmax of bias + scores scaled to a unit-norm feature vector, written into `out`. */
  probabilities(out: Float64Array): Float64Array {
    const { classes, scales, bias } = this.model;
    const norm = this.sumSquares > 0 ? 1 / Math.sqrt(this.sumSquares) : 0;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      out[c] = (bias[c] as number) + (this.scores[c] as number) * (scales[c] as number) * norm;
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
