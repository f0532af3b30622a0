import { describe, expect, it } from 'vitest';
import { createAnalysisContext, evaluateSentiment, loadUmsab, SentimentClassifier, tokenize } from '../src/index.js';

/**
 * The shipped model on the val splits, through analyze() with language detection.
 * Floors are the values measured when the model was trained, minus a small margin.
 */
describe('shipped sentiment model', () => {
  const context = createAnalysisContext();

  it.each([
    ['french', 0.66], // measured 67.3
    ['english', 0.66], // measured 67.2
  ] as const)('keeps its macro-F1 on umsab/%s/val', (folder, floor) => {
    const { report, languageAccuracy } = evaluateSentiment(folder, loadUmsab(folder, 'val'), context);
    expect(report.count).toBeGreaterThan(300);
    expect(report.macroF1).toBeGreaterThanOrEqual(floor);
    expect(languageAccuracy).toBeGreaterThan(0.95);
  });

  it('records how it was chosen', () => {
    const { metadata } = context.models.sentiment;
    expect(metadata.training.languages).toContain('fr');
    expect(Object.keys(metadata.crossValidationMacroF1)).toContain('en');
    expect(Object.keys(metadata.classOffsets ?? {})).toContain('fr');
  });

  it("has Pattern's French adjectives that the translated AFINN lacks", () => {
    const classifier = SentimentClassifier.load();
    for (const [text, cue] of [['médiocre', 'negative'], ['minable', 'negative']] as const) {
      const tokens = tokenize(text);
      expect(classifier.classify(tokens, 0, tokens.length, 'fr').cues[cue]).toBeGreaterThan(0);
    }
  });
});
