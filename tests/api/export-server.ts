/** The API in its own process, so a test can measure the memory of exactly the process that streams. */
import { createElasticsearch } from '@vigie/core';
import { startApi } from '@vigie/api';

const prefix = process.env.VIGIE_PREFIX ?? '';
const api = await startApi({ es: createElasticsearch(), prefix, adminKey: process.env.VIGIE_ADMIN_KEY, port: 0 });
process.stdout.write(`${JSON.stringify({ port: api.port })}\n`);
process.on('SIGTERM', () => {
  void api.stop().then(() => process.exit(0));
});
