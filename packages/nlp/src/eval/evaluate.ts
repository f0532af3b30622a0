import type { AnalysisContext } from '../analyze.js';
import { analyze } from '../analyze.js';
import { loadTweetEvalValidation, loadUmsab, type LabelledText, type UmsabFolder } from './datasets.js';
import { type ClassificationReport, classificationReport } from './metrics.js';

const LABELS = ['negative', 'neutral', 'positive'] as const;

/** The val sets reported by `vigie eval sentiment`: name -> loader. */
export const SENTIMENT_EVALUATION_SETS: Readonly<Record<string, () => LabelledText[]>> = {
  ...Object.fromEntries(
    (['french', 'english', 'spanish', 'german', 'italian', 'portuguese'] as UmsabFolder[]).map((folder) => [
      `umsab/${folder}/val`,
      () => loadUmsab(folder, 'val'),
    ]),
  ),
  // SemEval-2017 feeds both: most TweetEval val tweets are in the UMSAB English train split, so only the others count.
  'tweeteval/val-unseen': () => {
    const seen = new Set(loadUmsab('english', 'train').map((row) => row.text));
    return loadTweetEvalValidation().filter((row) => !seen.has(row.text));
  },
};

export interface SentimentEvaluation {
  set: string;
  report: ClassificationReport;
  /** share of the texts whose detected language was the dataset's */
  languageAccuracy: number;
}

/**
 * Run the full analyze() on labelled texts, language detected (not given), as it runs in production.
 */
export function evaluateSentiment(set: string, rows: readonly LabelledText[], context: AnalysisContext): SentimentEvaluation {
  const gold: number[] = [];
  const predicted: number[] = [];
  let languageHits = 0;
  rows.forEach((row, index) => {
    const result = analyze({ id: `eval-${index}`, text: row.text }, context);
    gold.push(row.label);
    predicted.push(LABELS.indexOf(result.sentiment.label));
    if (result.language.code === row.language) languageHits++;
  });
  return { set, report: classificationReport(LABELS, gold, predicted), languageAccuracy: rows.length === 0 ? 0 : languageHits / rows.length };
}
