import { readFileSync } from 'node:fs';
import { detectAll } from 'tinyld';
import { QuantizedLinearModel } from '../linear/model.js';
import { ScoreAccumulator } from '../linear/scoring.js';
import { type Token, TokenKind } from '../normalize/tokenize.js';
import { extractLanguageFeatures } from './features.js';
import { LANGUAGE_MODEL_FILES, type LanguageModelMetadata } from './model-files.js';

export interface DetectedLanguage {
  /** ISO 639-1 code, or 'und' when unsure */
  code: string;
  confidence: number;
}

/** Below this probability the answer is 'und' rather than a guess. */
const MIN_CONFIDENCE = 0.5;
const UNDETERMINED: DetectedLanguage = { code: 'und', confidence: 0 };

function isModelScript(code: number): boolean {
  return code < 0x250 || (code >= 0x600 && code <= 0x6ff) || (code >= 0x1e00 && code <= 0x1eff);
}

/**
 * A character n-gram classifier for the languages it was trained on (Latin scripts and Arabic);
 * text in other scripts goes to tinyld, which knows many more languages but is slower.
 */
export class LanguageDetector {
  private readonly scorer: ScoreAccumulator;
  private readonly probabilities: Float64Array;

  constructor(
    readonly model: QuantizedLinearModel,
    readonly languages: readonly string[],
  ) {
    this.scorer = new ScoreAccumulator(model, 17);
    this.probabilities = new Float64Array(model.classes);
  }

  static load(): LanguageDetector {
    const metadata = JSON.parse(readFileSync(LANGUAGE_MODEL_FILES.metadata, 'utf8')) as LanguageModelMetadata;
    return new LanguageDetector(QuantizedLinearModel.deserialize(readFileSync(LANGUAGE_MODEL_FILES.weights)), metadata.languages);
  }

  detect(tokens: readonly Token[]): DetectedLanguage {
    let otherScript = 0;
    let words = 0;
    for (const token of tokens) {
      if (token.kind !== TokenKind.Word) continue;
      words++;
      if (!isModelScript(token.text.charCodeAt(0))) otherScript++;
    }
    if (words === 0) return UNDETERMINED;
    if (otherScript * 2 > words) return detectOtherScript(tokens);

    this.scorer.reset();
    extractLanguageFeatures(tokens, this.scorer);
    const probabilities = this.scorer.probabilities(this.probabilities);
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
    // one or two words say little whatever the model thinks
    const confidence = (probabilities[best] as number) * (words >= 3 ? 1 : words === 2 ? 0.8 : 0.5);
    if (confidence < MIN_CONFIDENCE) return { code: 'und', confidence: Math.round(confidence * 1000) / 1000 };
    return { code: this.languages[best] as string, confidence: Math.round(confidence * 1000) / 1000 };
  }
}

function detectOtherScript(tokens: readonly Token[]): DetectedLanguage {
  const text = tokens.filter((token) => token.kind === TokenKind.Word).map((token) => token.text).join(' ');
  const [top] = detectAll(text);
  if (top === undefined || top.accuracy < MIN_CONFIDENCE) return UNDETERMINED;
  return { code: top.lang, confidence: Math.round(top.accuracy * 1000) / 1000 };
}
