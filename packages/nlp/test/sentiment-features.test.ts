import { describe, expect, it } from 'vitest';
import { FeatureVector } from '../src/linear/features.js';
import { tokenize } from '../src/normalize/tokenize.js';
import { extractSentimentFeatures, type SentimentFeatureOptions } from '../src/sentiment/features.js';
import { lexiconFromJson } from '../src/sentiment/lexicon.js';

const lexicon = lexiconFromJson({ words: { fr: { bon: 2, nul: -3 }, en: { good: 2, awful: -3 } }, emojis: { '😍': 3 } });
const base: SentimentFeatureOptions = { charMin: 2, charMax: 0, charWeight: 0.3, wordBigrams: false, languageTagged: false, lexiconWeight: 2 };
const detailed: SentimentFeatureOptions = { ...base, lexiconDetail: true };

function features(text: string, language: string, options: SentimentFeatureOptions): Set<number> {
  const vector = new FeatureVector(20);
  const tokens = tokenize(text);
  extractSentimentFeatures(tokens, 0, tokens.length, language, lexicon, options, vector);
  return new Set(vector.indices.slice(0, vector.length));
}
const extra = (a: Set<number>, b: Set<number>): number[] => [...a].filter((feature) => !b.has(feature));

describe('lexiconDetail', () => {
  it.each([
    ["c'est bon et nul", "c'est nul et bon", 'fr'],
    ['good and awful', 'awful and good', 'en'],
  ])('tells "%s" from "%s" by the last hit (%s)', (text, reversed, language) => {
    expect(features(text, language, detailed).size).toBeGreaterThan(features(text, language, base).size);
    expect(features(text, language, detailed)).not.toEqual(features(reversed, language, detailed));
    // without the detail, the same hits in another order give the same lexicon features
    expect(features(text, language, base)).toEqual(features(reversed, language, base));
  });

  it.each([
    ["ce n'est pas bon", "c'est bon", 'fr'],
    ['it is not good', 'it is good', 'en'],
  ])('marks the negated hit in "%s" (%s)', (negated, plain, language) => {
    const withNegation = features(negated, language, detailed);
    const without = features(plain, language, detailed);
    expect(extra(withNegation, without).length).toBeGreaterThan(0);
  });

  it('tells a negated negative word (`not awful`, a litotes) from a negated positive one (`not good`)', () => {
    const litotes = extra(features('it is not awful', 'en', detailed), features('it is awful', 'en', detailed));
    const negatedPraise = extra(features('it is not good', 'en', detailed), features('it is good', 'en', detailed));
    expect(litotes.filter((feature) => !negatedPraise.includes(feature)).length).toBeGreaterThan(0);
  });

  it('marks emoji hits apart from word hits', () => {
    expect(extra(features('😍', 'fr', detailed), features('bon', 'fr', detailed)).length).toBeGreaterThan(0);
  });
});

describe('lexiconTagged', () => {
  it('gives the lexicon features a copy per language', () => {
    const tagged = { ...base, lexiconTagged: true };
    expect(features('bon', 'fr', tagged).size).toBeGreaterThan(features('bon', 'fr', base).size);
    expect(features('bon', 'fr', tagged)).not.toEqual(features('bon', 'en', tagged));
  });
});

describe('weightsByLanguage', () => {
  function values(text: string, language: string, options: SentimentFeatureOptions): Map<number, number> {
    const vector = new FeatureVector(20);
    const tokens = tokenize(text);
    extractSentimentFeatures(tokens, 0, tokens.length, language, lexicon, options, vector);
    return new Map(Array.from(vector.indices.slice(0, vector.length), (index, position) => [index, vector.values[position] as number]));
  }
  const englishHeavy: SentimentFeatureOptions = { ...base, charMax: 3, weightsByLanguage: { en: { lexiconWeight: 4, charWeight: 0.6 } } };

  it('weighs the lexicon and character features of that language only', () => {
    const english = values('good', 'en', englishHeavy);
    const plainEnglish = values('good', 'en', { ...base, charMax: 3 });
    expect([...english.keys()]).toEqual([...plainEnglish.keys()]);
    const doubled = [...english].filter(([index, value]) => value === 2 * (plainEnglish.get(index) as number));
    expect(doubled.length).toBeGreaterThan(3); // lexicon (2 -> 4) and character n-grams (0.3 -> 0.6)
    expect(values('bon', 'fr', englishHeavy)).toEqual(values('bon', 'fr', { ...base, charMax: 3 }));
  });
});
