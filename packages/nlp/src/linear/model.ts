/** Scores [0, length) of `scores` turned into probabilities, in place. */
export function softmaxInPlace(scores: Float64Array, length = scores.length): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < length; c++) max = Math.max(max, scores[c] as number);
  let sum = 0;
  for (let c = 0; c < length; c++) {
    const e = Math.exp((scores[c] as number) - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < length; c++) scores[c] = (scores[c] as number) / sum;
  return scores;
}

/** A multinomial logistic regression over hashed features: weights[feature * classes + class]. */
export class LinearModel {
  constructor(
    readonly classes: number,
    readonly dimensionBits: number,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
  ) {}

  static empty(classes: number, dimensionBits: number): LinearModel {
    return new LinearModel(classes, dimensionBits, new Float32Array(classes << dimensionBits), new Float32Array(classes));
  }

  /** Raw class scores (bias + weights . features) written into out[offset ..]. */
  scores(indices: ArrayLike<number>, values: ArrayLike<number>, length: number, out: Float64Array, offset = 0): Float64Array {
    const classes = this.classes;
    const weights = this.weights;
    for (let c = 0; c < classes; c++) out[offset + c] = this.bias[c] as number;
    for (let i = 0; i < length; i++) {
      const base = (indices[i] as number) * classes;
      const value = values[i] as number;
      for (let c = 0; c < classes; c++) out[offset + c] = (out[offset + c] as number) + (weights[base + c] as number) * value;
    }
    return out;
  }

  /** Softmax probabilities written into `out` (length = classes). */
  predict(indices: ArrayLike<number>, values: ArrayLike<number>, length: number, out: Float64Array): Float64Array {
    return softmaxInPlace(this.scores(indices, values, length, out), this.classes);
  }

  /**
   * Per class, the int8 step that minimises the squared rounding error of its weights: a step from
   * the largest weight wastes the int8 range on a few outliers, so clipping them at a smaller
   * magnitude keeps the many small weights from rounding to zero.
   */
  quantizationScales(): Float32Array {
    const { classes, weights } = this;
    const scales = new Float32Array(classes);
    for (let c = 0; c < classes; c++) {
      let max = 0;
      for (let i = c; i < weights.length; i += classes) max = Math.max(max, Math.abs(weights[i] as number));
      let bestError = Infinity;
      for (let step = 0; step < 12; step++) {
        const scale = (max * (1 - step * 0.06)) / 127;
        if (scale === 0) break;
        let error = 0;
        for (let i = c; i < weights.length; i += classes) {
          const w = weights[i] as number;
          if (w !== 0) error += (w - scale * Math.max(-127, Math.min(127, Math.round(w / scale)))) ** 2;
        }
        if (error < bestError) [bestError, scales[c]] = [error, scale];
      }
    }
    return scales;
  }

  /** The weights as the int8 file holds them (for measuring what quantisation costs). */
  dequantized(): LinearModel {
    const scales = this.quantizationScales();
    const weights = this.weights.map((w, i) => {
      const scale = scales[i % this.classes] as number;
      return scale === 0 ? 0 : scale * Math.max(-127, Math.min(127, Math.round(w / scale)));
    });
    return new LinearModel(this.classes, this.dimensionBits, weights, this.bias.slice());
  }

  /**
   * Binary form: magic, classes, bits, bias (float32), one float32 scale per class, then
   * int8 weights quantised per class (see quantizationScales). Zero weights stay zero, so the file compresses well.
   */
  serialize(): Uint8Array {
    const { classes, dimensionBits, weights } = this;
    const scales = this.quantizationScales();
    const headerBytes = 12 + classes * 8;
    const buffer = new Uint8Array(headerBytes + weights.length);
    const view = new DataView(buffer.buffer);
    view.setUint32(0, 0x56494731, true); // "VIG1"
    view.setUint32(4, classes, true);
    view.setUint32(8, dimensionBits, true);
    for (let c = 0; c < classes; c++) {
      view.setFloat32(12 + c * 4, this.bias[c] as number, true);
      view.setFloat32(12 + classes * 4 + c * 4, scales[c] as number, true);
    }
    const quantised = new Int8Array(buffer.buffer, headerBytes);
    for (let i = 0; i < weights.length; i++) {
      const scale = scales[i % classes] as number;
      quantised[i] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round((weights[i] as number) / scale)));
    }
    return buffer;
  }
}

/** The shipped form: int8 weights with one scale per class, read straight from the file bytes. */
export class QuantizedLinearModel {
  constructor(
    readonly classes: number,
    readonly dimensionBits: number,
    /** weights[feature * classes + class], to be multiplied by scales[class] */
    readonly weights: Int8Array,
    readonly scales: Float32Array,
    readonly bias: Float32Array,
  ) {}

  static deserialize(bytes: Uint8Array): QuantizedLinearModel {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== 0x56494731) throw new Error('Not a Vigie linear model file (bad magic number)');
    const classes = view.getUint32(4, true);
    const dimensionBits = view.getUint32(8, true);
    const bias = new Float32Array(classes);
    const scales = new Float32Array(classes);
    for (let c = 0; c < classes; c++) {
      bias[c] = view.getFloat32(12 + c * 4, true);
      scales[c] = view.getFloat32(12 + classes * 4 + c * 4, true);
    }
    const headerBytes = 12 + classes * 8;
    const size = classes << dimensionBits;
    if (bytes.byteLength < headerBytes + size) throw new Error(`Truncated model file: ${bytes.byteLength} bytes, expected ${headerBytes + size}`);
    const weights = new Int8Array(bytes.buffer, bytes.byteOffset + headerBytes, size);
    return new QuantizedLinearModel(classes, dimensionBits, weights, scales, bias);
  }
}
