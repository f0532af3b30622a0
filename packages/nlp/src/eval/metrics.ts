export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  labels: readonly string[];
  /** confusion[gold][predicted] */
  confusion: number[][];
  perClass: ClassMetrics[];
  macroF1: number;
  /** macro-averaged recall, the TweetEval sentiment metric */
  macroRecall: number;
  accuracy: number;
  count: number;
}

export function classificationReport(labels: readonly string[], gold: readonly number[], predicted: readonly number[]): ClassificationReport {
  const size = labels.length;
  const confusion = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < gold.length; i++) (confusion[gold[i] as number] as number[])[predicted[i] as number]! += 1;
  const perClass = labels.map((_, c) => {
    const truePositives = (confusion[c] as number[])[c] as number;
    const support = (confusion[c] as number[]).reduce((sum, value) => sum + value, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + (row[c] as number), 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
  const correct = labels.reduce((sum, _, c) => sum + ((confusion[c] as number[])[c] as number), 0);
  return {
    labels,
    confusion,
    perClass,
    macroF1: perClass.reduce((sum, metrics) => sum + metrics.f1, 0) / size,
    macroRecall: perClass.reduce((sum, metrics) => sum + metrics.recall, 0) / size,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    count: gold.length,
  };
}
