import type { SentimentFeatureOptions } from './features.js';

/** Files under packages/nlp/model, written by scripts/train-sentiment.ts and shipped with the package. */
export const SENTIMENT_MODEL_FILES = {
  weights: new URL('../../model/sentiment.bin', import.meta.url),
  metadata: new URL('../../model/sentiment.json', import.meta.url),
  lexicon: new URL('../../model/lexicon.json', import.meta.url),
} as const;

/** language (or '*' for any other) -> offsets added to the [negative, neutral, positive] logits */
export type ClassOffsets = Record<string, number[]>;

export interface SentimentModelMetadata {
  labels: string[];
  features: SentimentFeatureOptions;
  training: {
    languages: string[];
    epochs: number;
    learningRate: number;
    l2: number;
    dimensionBits: number;
    /** the logistic regression was fitted on naive-Bayes-scaled features (scales folded into the weights) */
    naiveBayes?: { smoothing: number; floor: number };
  };
  validationMacroF1: Record<string, number>;
  crossValidationMacroF1: Record<string, number>;
  /** per-language class offsets tuned by cross-validation on train (absent: none) */
  classOffsets?: ClassOffsets;
}
