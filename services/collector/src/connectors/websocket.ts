import WebSocket from 'ws';
import type { ConnectorContext } from './types.js';

/**
 * Messages of a WebSocket, delivered in batches: everything received so far, at least every `tickMs`
 * (an empty batch when idle, so stream connectors can checkpoint). Ends when the server closes the socket;
 * throws when it fails; closes it when the connector is stopped.
 */
export async function* socketBatches(ctx: ConnectorContext, url: string, options: { headers?: Record<string, string>; tickMs?: number } = {}): AsyncGenerator<string[]> {
  const socket = new WebSocket(url, { headers: options.headers, handshakeTimeout: ctx.http.policy.timeoutMs });
  let queue: string[] = [];
  let failure: Error | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  socket.on('message', (data) => {
    queue.push(data.toString());
    notify();
  });
  socket.on('error', (error) => {
    failure = error;
    notify();
  });
  socket.on('close', () => {
    closed = true;
    notify();
  });
  const onAbort = () => socket.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!ctx.signal.aborted) {
      if (queue.length === 0 && !failure && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.tickMs ?? 1_000).unref();
        });
      }
      const batch = queue;
      queue = [];
      yield batch;
      if (failure) throw new Error(`WebSocket ${url} failed: ${failure.message}`);
      if (closed) return;
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    socket.close();
  }
}
