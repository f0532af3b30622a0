import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Resolves when the service can do its work (engines reachable); rejects with the reason otherwise. */
  ready: () => Promise<void>;
}

/** `/metrics`, `/healthz` and `/readyz` for services that have no HTTP API of their own. */
export async function startOpsServer(options: OpsServerOptions): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.url === '/metrics') {
      options.registry.metrics().then((text) => send(200, text, options.registry.contentType), (error: Error) => send(500, error.message));
    } else if (req.url === '/healthz') {
      send(200, JSON.stringify({ status: 'ok' }), 'application/json');
    } else if (req.url === '/readyz') {
      options.ready().then(
        () => send(200, JSON.stringify({ status: 'ready' }), 'application/json'),
        (error: Error) => send(503, JSON.stringify({ status: 'not ready', reason: error.message }), 'application/json'),
      );
    } else {
      send(404, 'not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? process.env.VIGIE_METRICS_HOST ?? '127.0.0.1', resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
