/**
 * Sentiment evaluation on the val splits, through the full analyze() (language detected):
 *   npm run eval:sentiment -w @vigie/nlp [-- --set umsab/french/val]
 */
import { createAnalysisContext } from '../src/analyze.js';
import { evaluateSentiment, SENTIMENT_EVALUATION_SETS } from '../src/eval/evaluate.js';
import { formatSentimentEvaluation, formatSentimentSummary } from '../src/eval/report.js';

const only = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : undefined;
const context = createAnalysisContext();
const evaluations = Object.entries(SENTIMENT_EVALUATION_SETS)
  .filter(([set]) => only === undefined || set === only)
  .map(([set, load]) => evaluateSentiment(set, load(), context));
for (const evaluation of evaluations) console.log(`${formatSentimentEvaluation(evaluation)}\n`);
console.log(formatSentimentSummary(evaluations));
