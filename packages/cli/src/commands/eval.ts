import type { Command } from 'commander';
import {
  createAnalysisContext, evaluateSentiment, formatSentimentEvaluation, formatSentimentSummary, SENTIMENT_EVALUATION_SETS,
} from '@vigie/nlp';

export function registerEvalCommand(program: Command): void {
  const evaluate = program.command('eval').description('Measure the analysis models on the labelled datasets');
  evaluate
    .command('sentiment')
    .description('Macro-F1, per-class precision/recall and confusion matrix on the val splits (fr, en, es, de, it, pt, TweetEval)')
    .option('--set <name>', `only one set: ${Object.keys(SENTIMENT_EVALUATION_SETS).join(', ')}`)
    .option('--json', 'print the reports as JSON')
    .action((options: { set?: string; json?: boolean }) => {
      const sets = Object.entries(SENTIMENT_EVALUATION_SETS).filter(([set]) => options.set === undefined || set === options.set);
      if (sets.length === 0) throw new Error(`Unknown set '${options.set}'; choose one of ${Object.keys(SENTIMENT_EVALUATION_SETS).join(', ')}`);
      const context = createAnalysisContext();
      const evaluations = sets.map(([set, load]) => evaluateSentiment(set, load(), context));
      if (options.json) {
        console.log(JSON.stringify(evaluations, null, 2));
        return;
      }
      for (const evaluation of evaluations) console.log(`${formatSentimentEvaluation(evaluation)}\n`);
      console.log(formatSentimentSummary(evaluations));
    });
}
