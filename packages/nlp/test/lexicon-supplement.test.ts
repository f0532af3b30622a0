import { describe, expect, it } from 'vitest';
import { frenchInflections } from '../scripts/lexicon-supplement.js';
import { SentimentClassifier, tokenize } from '../src/index.js';

describe('frenchInflections', () => {
  it('adds the regular plural and feminine forms the table lacks', () => {
    const forms = frenchInflections({ menace: -2, abattu: -2, heureux: 3, negatif: -2, brutal: -3, aimer: 2, danger: -2, gros: -1, 'a tort': -2 });
    expect(forms).toEqual({
      menaces: -2, abattus: -2, abattue: -2, abattues: -2, heureuse: 3, heureuses: 3,
      negative: -2, negatives: -2, negatifs: -2, brutaux: -3, brutale: -3, brutales: -3, brutals: -3,
    });
  });

  it('never overrides an entry of the table', () => {
    expect(frenchInflections({ abattu: 2, abattus: 1, abattue: 3 })).toEqual({ abattues: 2 });
  });

  it('reaches the shipped lexicon: an inflected form is a lexicon cue like its base form', () => {
    const classifier = SentimentClassifier.load();
    for (const text of ['abattu', 'abattues']) {
      const tokens = tokenize(text);
      expect(classifier.classify(tokens, 0, tokens.length, 'fr').cues.negative).toBeGreaterThan(0);
    }
  });
});
