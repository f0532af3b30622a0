import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** UMSAB folder name -> ISO 639-1 code. */
export const UMSAB_LANGUAGES = {
  french: 'fr', english: 'en', spanish: 'es', german: 'de', italian: 'it', portuguese: 'pt', arabic: 'ar', hindi: 'hi',
} as const;
export type UmsabFolder = keyof typeof UMSAB_LANGUAGES;

export interface LabelledText {
  text: string;
  /** 0 negative, 1 neutral, 2 positive */
  label: number;
  language: string;
}

/** `VIGIE_DATASETS`, else the `shared/datasets` folder beside the repository. */
export function datasetsDirectory(): string {
  return process.env.VIGIE_DATASETS ?? fileURLToPath(new URL('../../../../../shared/datasets', import.meta.url));
}

/** The exported tweets keep CSV quoting: undo it. (Their JSON-style escapes, `\u2019`, are the tokenizer's job, as in any imported text.) */
function cleanText(line: string): string {
  const unquoted = line.startsWith('"') && line.trimEnd().endsWith('"') ? line.trim().slice(1, -1).replace(/""/g, '"') : line;
  return unquoted.trim();
}

export function readLabelledFiles(textPath: string, labelsPath: string, language: string): LabelledText[] {
  if (!existsSync(textPath)) throw new Error(`Dataset file not found: ${textPath} (set VIGIE_DATASETS to the datasets folder)`);
  const texts = readFileSync(textPath, 'utf8').split('\n');
  const labels = readFileSync(labelsPath, 'utf8').split('\n');
  const rows: LabelledText[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = (labels[i] as string).trim();
    if (label === '') continue;
    rows.push({ text: cleanText(texts[i] ?? ''), label: Number(label), language });
  }
  return rows;
}

export function loadUmsab(folder: UmsabFolder, split: 'train' | 'val', directory = datasetsDirectory()): LabelledText[] {
  const base = join(directory, 'umsab', folder);
  return readLabelledFiles(join(base, `${split}_text.txt`), join(base, `${split}_labels.txt`), UMSAB_LANGUAGES[folder]);
}

export function loadTweetEvalValidation(directory = datasetsDirectory()): LabelledText[] {
  const base = join(directory, 'tweeteval');
  return readLabelledFiles(join(base, 'val_text.txt'), join(base, 'val_labels.txt'), 'en');
}
