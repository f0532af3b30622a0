/** Files under packages/nlp/model, written by scripts/train-language.ts. */
export const LANGUAGE_MODEL_FILES = {
  weights: new URL('../../model/language.bin', import.meta.url),
  metadata: new URL('../../model/language.json', import.meta.url),
} as const;

export interface LanguageModelMetadata {
  /** ISO 639-1 code of each class, in weight order */
  languages: string[];
  validationAccuracy: Record<string, number>;
}
