import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '@vigie/core';
import { createHarness, duplicates, readTopic, type Harness } from './helpers.js';

const cli = fileURLToPath(new URL('./import-cli.ts', import.meta.url));
let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await createHarness('import');
  dir = await mkdtemp(join(tmpdir(), 'vigie-import-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await h?.close();
});

/** Write `rows` CSV rows (`id,body,user,date,likes`); rows whose number `broken` selects are damaged in turn three ways. */
async function writeCsv(path: string, rows: number, broken: (n: number) => boolean = () => false): Promise<number[]> {
  const out = createWriteStream(path);
  const brokenLines: number[] = [];
  out.write('id,body,user,date,likes\n');
  for (let n = 1; n <= rows; n += 1) {
    const line = n + 1;
    let row = `${n},"Avis n°${n} sur Acme, plutôt ""bon""",user${n % 977},20/11/2026 ${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')},${n % 50}\n`;
    if (broken(n)) {
      brokenLines.push(line);
      const kind = brokenLines.length % 3;
      row = kind === 0 ? `${n},only two columns\n` : kind === 1 ? `${n},"fine text",user,not a date,1\n` : `${n},,user,20/11/2026 10:00,1\n`;
    }
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return brokenLines;
}

function runImport(args: string[], prefix: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'import', ...args, '--prefix', prefix], { env: { ...process.env, VIGIE_LOG_LEVEL: 'warn' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child);
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string; peakRssMb: number }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr, peakRssMb: Number(/peak-rss-kb=(\d+)/.exec(stdout)?.[1] ?? 0) / 1024 }));
  });
}

const MAP = ['--map', 'sourceId=id,text=body,author=user,publishedAt=date,metrics.likes=likes', '--date-format', 'dd/MM/yyyy HH:mm'];

describe('vigie import', () => {
  it('imports a 1-million-row CSV with memory under 300 MB and prints progress', async () => {
    const file = join(dir, 'million.csv');
    await writeCsv(file, 1_000_000);
    const result = await runImport([file, ...MAP], h.iso.prefix);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(result.stdout).toContain('1000000 records imported, 0 rejected');
    expect(result.stderr).toMatch(/importing .*\d+% \| \d+ records \| \d+ records\/s .* ETA/);
    expect(result.peakRssMb).toBeGreaterThan(0);
    expect(result.peakRssMb).toBeLessThan(300);
    const admin = h.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(h.iso.topics.raw);
    await admin.disconnect();
    expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(1_000_000);
    await rm(file);
    console.log(`1M-row import peak RSS: ${result.peakRssMb.toFixed(0)} MB`);
  }, 600_000);

  it('imports a file with 1% broken rows, lists every broken line, and resumes after an interruption without duplicates', async () => {
    const file = join(dir, 'broken.csv');
    const brokenLines = await writeCsv(file, 20_000, (n) => n % 100 === 37);
    const topic = `${h.iso.prefix}resume.`;
    // Interrupt (Ctrl-C) once the first batches are checkpointed, then run the same command again.
    let interrupted = false;
    const first = await runImport([file, ...MAP], topic, (_text, child) => {
      void stat(`${file}.vigie-import.json`).then(() => {
        if (!interrupted) child.kill('SIGINT');
        interrupted = true;
      }, () => undefined);
    });
    const second = await runImport([file, ...MAP], topic);
    expect(second.code, second.stderr.slice(-2000)).toBe(0);
    expect(first.stdout + second.stdout).toMatch(/interrupted after record|resumed after record/);
    if (first.stdout.includes('interrupted after record')) expect(second.stdout).toMatch(/resumed after record \d+/);

    const output = first.stderr + second.stderr;
    for (const line of brokenLines) expect(output).toContain(`rejected line ${line}:`);
    expect(output).toMatch(/rejected line \d+: .*does not match the date format/);
    expect(output).toMatch(/rejected line \d+: text .* is empty or missing/);
    const rejects = (await readFile(`${file}.rejected.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { line: number });
    expect(rejects.map((r) => r.line).sort((a, b) => a - b)).toEqual(brokenLines);

    const kafka = createKafka('test-import-read');
    const mentions = await readTopic(kafka, `${topic}vigie.mentions.raw`);
    expect(mentions).toHaveLength(20_000 - brokenLines.length);
    expect(duplicates(mentions)).toEqual([]);
    expect(mentions.find((m) => m.sourceId === '1')).toMatchObject({
      source: 'import', text: 'Avis n°1 sur Acme, plutôt "bon"', author: { handle: 'user1' }, publishedAt: '2026-11-20T01:01:00.000Z', metrics: { likes: 1 }, sourceName: 'broken.csv',
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [`${topic}vigie.mentions.raw`, `${topic}vigie.mentions.enriched`, `${topic}vigie.mentions.dlq`] });
    await admin.disconnect();
  }, 300_000);
});
