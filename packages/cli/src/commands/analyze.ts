import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError, VigieError, type Brand, type FieldIssue } from '@vigie/core';
import { analyze, createAnalysisContext, type AnalyzableMention, type AnalysisContext } from '@vigie/nlp';
import { issuesAt, validateSpec } from './apply.js';

/**
 * Read a JSON file holding an array of brands (or `{ "brands": [...] }`) written as for `vigie apply` (defaults
 * such as `aspects` and `competitors` may be left out); every bad field is reported with the brand's place.
 */
export function readBrandsFile(path: string): Brand[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VigieError('invalid_input', `cannot read the brands file ${path}: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { brands?: unknown } | null)?.brands;
  if (!Array.isArray(list)) throw new VigieError('invalid_input', `${path}: expected a JSON array of brands or an object with a "brands" array`);
  const issues: FieldIssue[] = [];
  const brands = list.flatMap((raw: unknown, index) => {
    try {
      return [validateSpec('brand', raw) as unknown as Brand];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...issuesAt(`[${index}]`, error.issues));
      return [];
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, path);
  return brands;
}

type InputLine = AnalyzableMention & { brands?: string[] } & Record<string, unknown>;

function parseInputLine(line: string): InputLine {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string' || record.id === '') throw new Error('"id" must be a non-empty string');
  if (typeof record.text !== 'string') throw new Error('"text" must be a string');
  if (record.lang !== undefined && typeof record.lang !== 'string') throw new Error('"lang" must be a string');
  if (record.brands !== undefined && !(Array.isArray(record.brands) && record.brands.every((brand) => typeof brand === 'string'))) {
    throw new Error('"brands" must be an array of brand ids');
  }
  return record as InputLine;
}

/** Analyze one input line into the enriched record; `brands` given on input become the source's bound brands. */
export function analyzeLine(line: string, context: AnalysisContext): Record<string, unknown> {
  const { brands: boundBrands, ...mention } = parseInputLine(line);
  const sourceBrands = [...(mention.sourceBrands ?? []), ...(boundBrands ?? [])];
  const analysis = analyze(sourceBrands.length > 0 ? { ...mention, sourceBrands } : mention, context);
  return { ...mention, ...analysis, analyzedAt: new Date().toISOString() };
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/**
 * Stream JSON Lines from `input` to `output` in input order; a bad line becomes an error record
 * on `errors` with its line number and the stream goes on. Returns the number of bad lines.
 */
export async function analyzeStream(input: NodeJS.ReadableStream, output: Writable, errors: Writable, context: AnalysisContext): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let failures = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    try {
      await write(output, `${JSON.stringify(analyzeLine(line, context))}\n`);
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      await write(errors, `${JSON.stringify({ line: lineNumber, error: message, input: line.length > 500 ? `${line.slice(0, 500)}…` : line })}\n`);
    }
  }
  return failures;
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('Enrich mentions: JSON Lines ({"id","text"}, optional "lang", "brands") on stdin, enriched JSON Lines on stdout')
    .option('--brands <file>', 'JSON file with the brand definitions (array, or {"brands": [...]})')
    .option('--no-duplicates', 'do not link near-duplicates to the first mention of the stream')
    .action(async (options: { brands?: string; duplicates: boolean }) => {
      const context = createAnalysisContext({ brands: options.brands ? readBrandsFile(options.brands) : [], duplicates: options.duplicates });
      const failures = await analyzeStream(process.stdin, process.stdout, process.stderr, context);
      if (failures > 0) process.exitCode = 1;
    });
}
