import type { SentimentEvaluation } from './evaluate.js';

const percent = (value: number): string => (100 * value).toFixed(1).padStart(5);

/** A plain-text block: headline figures, per-class precision/recall/F1 and the confusion matrix. */
export function formatSentimentEvaluation({ set, report, languageAccuracy }: SentimentEvaluation): string {
  const lines = [
    `${set}  (${report.count} texts)  macro-F1 ${percent(report.macroF1)}  accuracy ${percent(report.accuracy)}  macro-recall ${percent(report.macroRecall)}  language detected right ${percent(languageAccuracy)}`,
    `  ${'class'.padEnd(10)} precision  recall     F1  support   confusion (rows gold, columns predicted: ${report.labels.map((label) => label.slice(0, 3)).join(' ')})`,
  ];
  report.labels.forEach((label, c) => {
    const metrics = report.perClass[c]!;
    const row = report.confusion[c]!.map((count) => String(count).padStart(4)).join('');
    lines.push(`  ${label.padEnd(10)}     ${percent(metrics.precision)}   ${percent(metrics.recall)}  ${percent(metrics.f1)}  ${String(metrics.support).padStart(7)}   ${row}`);
  });
  return lines.join('\n');
}

/** One summary row per evaluated set, for the end of a run. */
export function formatSentimentSummary(evaluations: readonly SentimentEvaluation[]): string {
  const lines = [`${'set'.padEnd(26)} macro-F1  accuracy  macro-recall`];
  for (const { set, report } of evaluations) {
    lines.push(`${set.padEnd(26)}    ${percent(report.macroF1)}     ${percent(report.accuracy)}         ${percent(report.macroRecall)}`);
  }
  return lines.join('\n');
}
