import { seededRandom, shuffle } from '@vigie/core';
import { LinearModel, softmaxInPlace } from './model.js';

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
  /**
   * A scale per weight (feature * classes + class), e.g. {@link naiveBayesScales}: the model is fitted
   * on the scaled features and the scales are folded into the returned weights, so it scores plain features.
   */
  featureScales?: Float32Array;
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
  const scales = options.featureScales;
  const predict = (example: TrainingExample): void => {
    if (scales === undefined) {
      model.predict(example.indices, example.values, example.indices.length, probabilities);
      return;
    }
    for (let c = 0; c < classes; c++) probabilities[c] = bias[c] as number;
    for (let i = 0; i < example.indices.length; i++) {
      const base = (example.indices[i] as number) * classes;
      const value = example.values[i] as number;
      for (let c = 0; c < classes; c++) probabilities[c] = (probabilities[c] as number) + (weights[base + c] as number) * (scales[base + c] as number) * value;
    }
    softmaxInPlace(probabilities);
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const position of order) {
      const example = examples[position] as TrainingExample;
      predict(example);
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
          const g = (gradient[c] as number) * value * (scales === undefined ? 1 : (scales[w] as number)) + l2 * (weights[w] as number);
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
  const result = averaged ?? model;
  if (scales !== undefined) for (let w = 0; w < result.weights.length; w++) result.weights[w] = (result.weights[w] as number) * (scales[w] as number);
  return result;
}

/** Raw class scores (bias + weights . features) written into out[offset ..]. */
export function linearScores(model: LinearModel, example: TrainingExample, out: Float64Array, offset: number): void {
  model.scores(example.indices, example.values, example.indices.length, out, offset);
}

/**
 * NB-SVM style feature scales (Wang & Manning 2012), one per weight: `floor + |r|`, where r is the
 * one-vs-rest log-count ratio of the feature for the class, from feature occurrences with additive
 * smoothing. Fitting a logistic regression on features scaled this way lets the naive Bayes
 * evidence act as a per-feature prior: informative features move fast, the others are damped.
 */
export function naiveBayesScales(examples: readonly TrainingExample[], classes: number, dimensionBits: number, smoothing: number, floor: number): Float32Array {
  const counts = new Float64Array(classes << dimensionBits);
  const totals = new Float64Array(classes);
  for (const example of examples) {
    for (let i = 0; i < example.indices.length; i++) {
      const w = (example.indices[i] as number) * classes + example.label;
      counts[w] = (counts[w] as number) + 1;
    }
    totals[example.label] = (totals[example.label] as number) + example.indices.length;
  }
  const all = totals.reduce((sum, total) => sum + total, 0);
  const scales = new Float32Array(classes << dimensionBits);
  for (let base = 0; base < counts.length; base += classes) {
    let feature = 0;
    for (let c = 0; c < classes; c++) feature += counts[base + c] as number;
    for (let c = 0; c < classes; c++) {
      const inClass = counts[base + c] as number;
      const p = (inClass + smoothing) / ((totals[c] as number) + smoothing);
      const q = (feature - inClass + smoothing) / (all - (totals[c] as number) + smoothing);
      scales[base + c] = floor + Math.abs(Math.log(p / q));
    }
  }
  return scales;
}
