import { readFileSync } from 'node:fs';
import { QuantizedLinearModel } from '../linear/model.js';
import { ScoreAccumulator } from '../linear/scoring.js';
import type { Token } from '../normalize/tokenize.js';
import { extractSentimentFeatures, type PolarityCues } from './features.js';
import { loadLexicon, type SentimentLexicon } from './lexicon.js';
import { SENTIMENT_MODEL_FILES, type SentimentModelMetadata } from './model-files.js';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface SentimentPrediction {
  label: SentimentLabel;
  /** P(positive) - P(negative), in [-1, 1] */
  score: number;
  /** probability of the chosen label */
  confidence: number;
  cues: PolarityCues;
}

export class SentimentClassifier {
  private readonly scorer: ScoreAccumulator;
  private readonly probabilities = new Float64Array(3);
  /** class offsets per language, from the metadata (null: none) */
  private readonly offsets = new Map<string, Float64Array | null>();

  constructor(
    readonly model: QuantizedLinearModel,
    readonly lexicon: SentimentLexicon,
    readonly metadata: SentimentModelMetadata,
  ) {
    // a word has a block per language and negation (and per character n-gram setting): at four times the
    // default cache (20 MB), conflicts no longer evict blocks a stream keeps using
    this.scorer = new ScoreAccumulator(model, 19);
  }

  private offsetsFor(language: string): Float64Array | undefined {
    let offsets = this.offsets.get(language);
    if (offsets === undefined) {
      const configured = this.metadata.classOffsets?.[language] ?? this.metadata.classOffsets?.['*'];
      offsets = configured ? Float64Array.from(configured) : null;
      this.offsets.set(language, offsets);
    }
    return offsets ?? undefined;
  }

  /** Load the weights shipped in packages/nlp/model (a few milliseconds). */
  static load(): SentimentClassifier {
    const metadata = JSON.parse(readFileSync(SENTIMENT_MODEL_FILES.metadata, 'utf8')) as SentimentModelMetadata;
    const model = QuantizedLinearModel.deserialize(readFileSync(SENTIMENT_MODEL_FILES.weights));
    return new SentimentClassifier(model, loadLexicon(SENTIMENT_MODEL_FILES.lexicon), metadata);
  }

  /** Classify tokens[start, end) written in `language` (ISO 639-1, or 'und'). */
  classify(tokens: readonly Token[], start: number, end: number, language: string): SentimentPrediction {
    const scorer = this.scorer;
    scorer.reset();
    const cues = extractSentimentFeatures(tokens, start, end, language, this.lexicon, this.metadata.features, scorer);
    const probabilities = scorer.probabilities(this.probabilities, this.offsetsFor(language));
    let best = 0;
    for (let c = 1; c < 3; c++) if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
    return {
      label: LABELS[best] as SentimentLabel,
      score: Math.round(((probabilities[2] as number) - (probabilities[0] as number)) * 1000) / 1000,
      confidence: Math.round((probabilities[best] as number) * 1000) / 1000,
      cues,
    };
  }
}
