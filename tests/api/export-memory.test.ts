import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from 'esbuild';
import { createElasticsearch } from '@vigie/core';
import { isolate } from '../setup/isolation.js';
import { dropPrefix, indexCompactMentions } from './seed.js';

const COUNT = 1_000_000;
const LIMIT_BYTES = 200 * 1024 * 1024;
const ADMIN_KEY = 'export-admin-key-0123456789-abcdefghij';
const BUNDLE = fileURLToPath(new URL('../../node_modules/.cache/vigie-api/export-server.mjs', import.meta.url));
const es = createElasticsearch();
const iso = isolate('export');
let server: ChildProcess | undefined;

/**
 * The API runs compiled (as in production), in its own process: `tsx` alone costs a transpiler thread
 * and source caches that are not the export's memory.
 */
async function bundleServer(): Promise<void> {
  const bundled = /^(@vigie\/|ajv($|\/)|ajv-formats)/;
  await build({
    entryPoints: [fileURLToPath(new URL('./export-server.ts', import.meta.url))],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [{ name: 'packages-external', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? undefined : { path: args.path, external: true })) }],
  });
}

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

beforeAll(async () => {
  let reported = 0;
  await indexCompactMentions(es, iso.indices, COUNT, {
    from: new Date('2026-01-01T00:00:00Z'),
    to: new Date('2026-03-01T00:00:00Z'),
    onProgress: (done) => {
      if (done - reported >= 100_000) process.stderr.write(`seeded ${(reported = done).toLocaleString('en')} / ${COUNT.toLocaleString('en')}\n`);
    },
  });
  await bundleServer();
}, 1_800_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  await dropPrefix(es, iso.prefix);
  await es.close();
});

it('exports 1,000,000 mentions as CSV with the API process staying under 200 MB', async () => {
  // A capped heap makes V8 collect as it goes instead of growing lazily: were the export buffering rows,
  // the process would die of it instead of finishing.
  server = spawn(process.execPath, ['--max-old-space-size=96', BUNDLE], {
    env: { ...process.env, VIGIE_PREFIX: iso.prefix, VIGIE_ADMIN_KEY: ADMIN_KEY, VIGIE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server!.stdout! }).once('line', resolve);
    server!.once('exit', (code) => reject(new Error(`export server exited with ${code}`)));
  });
  const { port } = JSON.parse(firstLine) as { port: number };
  const pid = server.pid!;
  const before = memory(pid);

  const response = await fetch(`http://127.0.0.1:${port}/v1/export?format=csv`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  expect(response.status).toBe(200);
  let newlines = 0;
  let bytes = 0;
  let highestRss = before.rss;
  let chunks = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
    if (++chunks % 200 === 0) highestRss = Math.max(highestRss, memory(pid).rss);
  }
  const after = memory(pid);
  console.log(`exported ${newlines - 1} rows, ${(bytes / 1e6).toFixed(0)} MB of CSV; API RSS ${(before.rss / 1e6).toFixed(0)} MB before, highest sampled ${(highestRss / 1e6).toFixed(0)} MB, peak (VmHWM) ${(after.peak / 1e6).toFixed(0)} MB`);
  expect(newlines - 1).toBe(COUNT);
  expect(after.peak).toBeLessThan(LIMIT_BYTES);
}, 1_200_000);
