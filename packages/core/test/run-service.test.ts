import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));

/** Start the fixture service, send it SIGINT at each delay (ms after it started), and wait for its exit. */
async function interrupt(delays: number[], stopMs: number): Promise<{ code: number | null; messages: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, STOP_MS: String(stopMs), VIGIE_LOG_LEVEL: 'info' } });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve) => child.stdout.on('data', () => output.includes('slow-service started') && resolve()));
  const started = Date.now();
  for (const delay of delays) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, delay - (Date.now() - started))));
    child.kill('SIGINT');
  }
  const [code] = await exited;
  const messages = output.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { code, messages };
}

describe('runService', () => {
  it('stops gracefully when one Ctrl-C arrives twice (the terminal and the tsx wrapper both deliver it)', async () => {
    const { code, messages } = await interrupt([0, 20], 500);
    expect(messages).toContain('slow-service stopped');
    expect(code).toBe(0);
  });

  it('exits at once on a second Ctrl-C pressed later', async () => {
    const { code, messages } = await interrupt([0, 2_500], 6_000);
    expect(messages).toContain('second signal: exiting now');
    expect(messages).not.toContain('slow-service stopped');
    expect(code).toBe(1);
  });
});
