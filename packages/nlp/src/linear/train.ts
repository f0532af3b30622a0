import { seededRandom } from '@vigie/core';
import { LinearModel } from './model.js';

export interface TrainingExample {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly label: number;
}

export interface SoftmaxTrainingOptions {
  classes: number;
  dimensionBits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** average the weights of the epochs from this one on (Polyak averaging; smoother on small data) */
  averageFrom?: number;
}


export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Multinomial logistic regression by AdaGrad SGD with L2 on the touched weights,
 * classes weighted by inverse frequency so macro-F1 is what improves.
 */
export function trainSoftmax(examples: readonly TrainingExample[], options: SoftmaxTrainingOptions): LinearModel {
  const { classes, epochs, learningRate, l2 } = options;
  const model = LinearModel.empty(classes, options.dimensionBits);
  const { weights, bias } = model;
  const squared = new Float32Array(weights.length);
  const biasSquared = new Float32Array(classes);
  const counts = new Float64Array(classes);
  for (const example of examples) counts[example.label] = (counts[example.label] as number) + 1;
  const classWeight = Array.from(counts, (count) => (count === 0 ? 0 : examples.length / (classes * count)));
  const random = seededRandom(options.seed);
  const order = examples.map((_, index) => index);
  const probabilities = new Float64Array(classes);
  const gradient = new Float64Array(classes);
  const averageFrom = options.averageFrom ?? epochs;
  const averaged = averageFrom < epochs ? LinearModel.empty(classes, options.dimensionBits) : undefined;

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const position of order) {
      const example = examples[position] as TrainingExample;
      model.predict(example.indices, example.values, example.indices.length, probabilities);
      const scale = classWeight[example.label] as number;
      for (let c = 0; c < classes; c++) gradient[c] = scale * ((probabilities[c] as number) - (c === example.label ? 1 : 0));
      for (let c = 0; c < classes; c++) {
        const g = gradient[c] as number;
        biasSquared[c] = (biasSquared[c] as number) + g * g;
        bias[c] = (bias[c] as number) - (learningRate * g) / Math.sqrt((biasSquared[c] as number) + 1e-8);
      }
      for (let i = 0; i < example.indices.length; i++) {
        const base = (example.indices[i] as number) * classes;
        const value = example.values[i] as number;
        for (let c = 0; c < classes; c++) {
          const w = base + c;
          const g = (gradient[c] as number) * value + l2 * (weights[w] as number);
          squared[w] = (squared[w] as number) + g * g;
          weights[w] = (weights[w] as number) - (learningRate * g) / Math.sqrt((squared[w] as number) + 1e-8);
        }
      }
    }
    if (averaged && epoch >= averageFrom) {
      const share = 1 / (epochs - averageFrom);
      for (let w = 0; w < weights.length; w++) averaged.weights[w] = (averaged.weights[w] as number) + (weights[w] as number) * share;
      for (let c = 0; c < classes; c++) averaged.bias[c] = (averaged.bias[c] as number) + (bias[c] as number) * share;
    }
  }
  return averaged ?? model;
}

/** Raw class scores (bias + weights . features) written into out[offset ..]. */
export function linearScores(model: LinearModel, example: TrainingExample, out: Float64Array, offset: number): void {
  const { classes, weights, bias } = model;
  for (let c = 0; c < classes; c++) out[offset + c] = bias[c] as number;
  for (let i = 0; i < example.indices.length; i++) {
    const base = (example.indices[i] as number) * classes;
    const value = example.values[i] as number;
    for (let c = 0; c < classes; c++) out[offset + c] = (out[offset + c] as number) + (weights[base + c] as number) * value;
  }
}

/**
 * Multinomial naive Bayes over the same hashed features, as a linear model: each feature weighs
 * log(class mass + smoothing), centred over the classes so unseen features weigh 0. Class masses
 * are balanced like the logistic regression's, so the two can be summed into one set of weights.
 */
export function trainNaiveBayes(examples: readonly TrainingExample[], classes: number, dimensionBits: number, smoothing: number): LinearModel {
  const model = LinearModel.empty(classes, dimensionBits);
  const mass = new Float64Array(classes << dimensionBits);
  const counts = new Float64Array(classes);
  for (const example of examples) counts[example.label] = (counts[example.label] as number) + 1;
  for (const example of examples) {
    const balance = examples.length / (classes * (counts[example.label] as number));
    for (let i = 0; i < example.indices.length; i++) {
      const w = (example.indices[i] as number) * classes + example.label;
      mass[w] = (mass[w] as number) + (example.values[i] as number) * balance;
    }
  }
  for (let base = 0; base < mass.length; base += classes) {
    let seen = false;
    for (let c = 0; c < classes; c++) if ((mass[base + c] as number) > 0) seen = true;
    if (!seen) continue;
    let mean = 0;
    for (let c = 0; c < classes; c++) mean += Math.log((mass[base + c] as number) + smoothing) / classes;
    for (let c = 0; c < classes; c++) model.weights[base + c] = Math.log((mass[base + c] as number) + smoothing) - mean;
  }
  return model;
}
