import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { extname } from 'node:path';
import { parse as parseCsv, type CsvError } from 'csv-parse';
import { streamArray } from 'stream-json/streamers/stream-array.js';

export type ImportFormat = 'csv' | 'tsv' | 'jsonl' | 'json';

/** One record of the file, or why that record could not be read; `line` is the 1-based line (item for JSON arrays). */
export type FileRecord =
  | { line: number; record: Record<string, unknown> }
  | { line: number; error: string };

export function detectFormat(file: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  throw new Error(`cannot tell the format of ${file} from its extension; pass --format csv|tsv|jsonl|json`);
}

/** Stream a file's records with constant memory; `onBytes` reports bytes read (for progress). */
export function readRecords(file: string, format: ImportFormat, onBytes: (bytes: number) => void): AsyncGenerator<FileRecord> {
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  input.on('data', (chunk) => onBytes(chunk.length));
  if (format === 'csv' || format === 'tsv') return readCsv(input, format === 'tsv' ? '\t' : ',');
  if (format === 'jsonl') return readJsonLines(input);
  return readJsonArray(input);
}

async function* readCsv(input: ReadStream, delimiter: string): AsyncGenerator<FileRecord> {
  const skipped: FileRecord[] = [];
  const parser = input.pipe(
    parseCsv({
      columns: true,
      delimiter,
      bom: true,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push({ line: Number((error as CsvError & { lines?: number }).lines ?? 0), error: error.message });
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    yield { line: info.lines, record };
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

async function* readJsonLines(input: ReadStream): AsyncGenerator<FileRecord> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line, error: 'is not a JSON object' };
      else yield { line, record: value as Record<string, unknown> };
    } catch (error) {
      yield { line, error: `is not valid JSON (${(error as Error).message})` };
    }
  }
}

async function* readJsonArray(input: ReadStream): AsyncGenerator<FileRecord> {
  const items = input.pipe(streamArray.withParserAsStream());
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      const line = key + 1;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line, error: 'is not a JSON object' };
      else yield { line, record: value as Record<string, unknown> };
    }
  } catch (error) {
    throw new Error(`the file is not a well-formed JSON array (${(error as Error).message}); records before the fault were processed`, { cause: error });
  }
}
