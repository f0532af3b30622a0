import { describe, expect, it } from 'vitest';
import { linearScores, naiveBayesScales, trainSoftmax, type TrainingExample } from '../src/linear/train.js';

const BITS = 8;
/** Feature 1 marks class 0, feature 2 class 1, feature 3 is noise present everywhere. */
const examples: TrainingExample[] = Array.from({ length: 60 }, (_, index) => {
  const label = index % 2;
  return { indices: Int32Array.from([1 + label, 3]), values: Float32Array.from([0.8, 0.6]), label };
});

describe('naive Bayes feature scales', () => {
  it('gives informative features a larger scale than noise, never below the floor', () => {
    const scales = naiveBayesScales(examples, 2, BITS, 1, 0.5);
    expect(scales.length).toBe(2 << BITS);
    expect(Math.min(...scales)).toBeGreaterThanOrEqual(0.5);
    expect(scales[1 * 2 + 0]).toBeGreaterThan(scales[3 * 2 + 0] as number);
    expect(scales[2 * 2 + 1]).toBeGreaterThan(scales[3 * 2 + 1] as number);
  });

  it('folds the scales into the weights, so the model scores plain features', () => {
    const options = { classes: 2, dimensionBits: BITS, epochs: 5, learningRate: 0.1, l2: 0, seed: 1 };
    const scales = naiveBayesScales(examples, 2, BITS, 1, 0.5);
    const model = trainSoftmax(examples, { ...options, featureScales: scales });
    const out = new Float64Array(2);
    for (const example of examples.slice(0, 4)) {
      linearScores(model, example, out, 0);
      expect(out.indexOf(Math.max(...out))).toBe(example.label);
    }
  });
});
