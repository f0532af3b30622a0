import { describe, expect, it } from 'vitest';
import { FeatureVector } from '../src/linear/features.js';
import { linearScores, naiveBayesScales, trainSoftmax, type TrainingExample } from '../src/linear/train.js';
import { tokenize } from '../src/normalize/tokenize.js';
import { extractSentimentFeatures, type SentimentFeatureOptions } from '../src/sentiment/features.js';
import { lexiconFromJson } from '../src/sentiment/lexicon.js';

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

describe('lexicon feature options', () => {
  const lexicon = lexiconFromJson({ words: { fr: { bon: 2, nul: -3 }, en: { good: 2 } }, emojis: {} });
  const base: SentimentFeatureOptions = { charMin: 2, charMax: 0, charWeight: 0.3, wordBigrams: false, languageTagged: false, lexiconWeight: 2 };
  function features(text: string, language: string, options: SentimentFeatureOptions): Set<number> {
    const vector = new FeatureVector(20);
    const tokens = tokenize(text);
    extractSentimentFeatures(tokens, 0, tokens.length, language, lexicon, options, vector);
    return new Set(vector.indices.slice(0, vector.length));
  }

  it('lexiconDetail adds features that tell the last and the negated hits apart', () => {
    const plain = features("c'est bon mais nul", 'fr', base);
    const detailed = features("c'est bon mais nul", 'fr', { ...base, lexiconDetail: true });
    expect(detailed.size).toBeGreaterThan(plain.size);
    // same hits, other order: the last hit differs
    const reversed = features("c'est nul mais bon", 'fr', { ...base, lexiconDetail: true });
    expect(reversed).not.toEqual(detailed);
    // "pas bon" is a negated hit: a feature "bon" alone does not have
    const negated = features("c'est pas bon", 'fr', { ...base, lexiconDetail: true });
    expect([...negated].some((feature) => !features("c'est bon", 'fr', { ...base, lexiconDetail: true }).has(feature))).toBe(true);
  });

  it('lexiconTagged gives the lexicon features a copy per language', () => {
    const tagged = { ...base, lexiconTagged: true };
    const french = features('bon', 'fr', tagged);
    const frenchAsEnglish = features('bon', 'en', tagged);
    expect(french.size).toBeGreaterThan(features('bon', 'fr', base).size);
    expect(french).not.toEqual(frenchAsEnglish);
  });
});
