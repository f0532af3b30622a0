import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { portTaken } from '../src/stack/process.js';

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('portTaken', () => {
  it('tells a held port from a free one', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    expect(await portTaken('127.0.0.1', port)).toBe(true);
    holder.close();
    await once(holder, 'close');
    expect(await portTaken('127.0.0.1', port)).toBe(false);
  });

  it('finds a free port free even when this process is too busy to look for over a second', async () => {
    const port = await freePort();
    const answer = portTaken('127.0.0.1', port);
    const until = Date.now() + 1_500;
    while (Date.now() < until); // a busy event loop, as in a loaded test run
    expect(await answer).toBe(false);
  });
});
