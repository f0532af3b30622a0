/** FNV-1a over UTF-16 code units, seeded per feature family so families do not collide on purpose. */
export function hashString(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export function mixHash(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) >>> 0;
}

/** Emits the features of one block: they depend on `text` and `variant` alone. */
export type BlockEmitter = (sink: FeatureSink, text: string, variant: number) => void;

/** Where feature extraction sends hashed features: a vector for training, a scorer at inference. */
export interface FeatureSink {
  add(hash: number, value?: number): void;
  /**
   * Features that depend on (`text`, `variant`) alone, which `id` names uniquely (e.g. a lexeme
   * id): a scorer may compute them once and cache them under `id`.
   */
  addBlock(id: number, text: string, variant: number, emit: BlockEmitter): void;
}

/** A reusable sparse vector of hashed features; `reset()` between documents avoids allocation. */
export class FeatureVector implements FeatureSink {
  indices: Int32Array;
  values: Float32Array;
  length = 0;

  constructor(
    readonly dimensionBits: number,
    capacity = 1024,
  ) {
    this.indices = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }

  reset(): void {
    this.length = 0;
  }

  add(hash: number, value = 1): void {
    if (this.length === this.indices.length) this.grow();
    this.indices[this.length] = hash >>> (32 - this.dimensionBits);
    this.values[this.length] = value;
    this.length++;
  }

  addBlock(_id: number, text: string, variant: number, emit: BlockEmitter): void {
    emit(this, text, variant);
  }

  /** Scale to unit L2 norm so short and long posts weigh alike. */
  normalize(): void {
    let sum = 0;
    for (let i = 0; i < this.length; i++) sum += (this.values[i] as number) ** 2;
    if (sum === 0) return;
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < this.length; i++) this.values[i] = (this.values[i] as number) * scale;
  }

  /** A compact copy, for training sets. */
  snapshot(): { indices: Int32Array; values: Float32Array } {
    return { indices: this.indices.slice(0, this.length), values: this.values.slice(0, this.length) };
  }

  private grow(): void {
    const indices = new Int32Array(this.indices.length * 2);
    indices.set(this.indices);
    const values = new Float32Array(this.values.length * 2);
    values.set(this.values);
    this.indices = indices;
    this.values = values;
  }
}
