import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ValidationError, VigieError } from '@vigie/core';
import { createAnalysisContext } from '@vigie/nlp';
import { analyzeStream, readBrandsFile } from '../src/commands/analyze.js';
import { describeFailure } from '../src/failure.js';

const directory = mkdtempSync(join(tmpdir(), 'vigie-analyze-'));
function brandsFile(content: unknown): string {
  const path = join(directory, `brands-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('vigie analyze --brands', () => {
  it('takes brands written as for vigie apply, with their defaults', () => {
    const [brand] = readBrandsFile(brandsFile({ brands: [{ id: 'acme', name: 'Acme', query: 'acme' }] }));
    expect(brand).toMatchObject({ id: 'acme', aspects: [], competitors: [] });
  });

  it('names every bad field with the place of its brand', () => {
    const path = brandsFile([{ id: 'acme', name: 'Acme', query: 'acme AND' }, { id: 'x' }]);
    let error: unknown;
    try {
      readBrandsFile(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['[0]/query', '[1]/name', '[1]/query']));
    expect(describeFailure(error)).toMatch(new RegExp(`^vigie: invalid ${path}:\\n  \\[0\\]/query is not a valid query`));
  });

  it('says which file it cannot read', () => {
    expect(() => readBrandsFile(join(directory, 'missing.json'))).toThrow(/cannot read the brands file .*missing\.json/);
    expect(() => readBrandsFile(brandsFile('{"brands": 3}'))).toThrow(/expected a JSON array of brands/);
  });
});

describe('vigie analyze stream', () => {
  it('keeps the input order and reports a bad line with its number without stopping', async () => {
    const input = Readable.from(['{"id":"1","text":"Acme is great"}\n', 'not json\n', '\n', '{"id":"3","text":"Acme est nul"}\n']);
    const output = new PassThrough();
    const errors = new PassThrough();
    const failures = await analyzeStream(input, output, errors, createAnalysisContext());
    output.end();
    errors.end();
    const lines = (await output.toArray()).join('').trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(lines.map((line) => line.id)).toEqual(['1', '3']);
    expect(failures).toBe(1);
    expect(JSON.parse((await errors.toArray()).join(''))).toMatchObject({ line: 2, input: 'not json' });
  });
});

describe('failure messages', () => {
  it('tell what to do when an engine does not answer, and keep the stack of a bug', () => {
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' }))).toMatch(/Elasticsearch does not answer.*stack up/);
    expect(describeFailure(Object.assign(new Error('broker down'), { name: 'KafkaJSConnectionError' }))).toMatch(/Kafka does not answer.*stack up/);
    expect(describeFailure(new VigieError('not_found', 'rule r1 not found'))).toBe('vigie: rule r1 not found');
    expect(describeFailure(new TypeError('x is undefined'))).toMatch(/^TypeError: x is undefined\n\s+at /);
  });
});
