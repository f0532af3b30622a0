import type { Command } from 'commander';
import { API_SCOPES, ConfigStore, createElasticsearch, indexNames, readEnv, VigieError, type ApiScope } from '@vigie/core';
import { createApiKey, listApiKeys, revokeApiKey } from '@vigie/api';

function clients() {
  const env = readEnv();
  const es = createElasticsearch(env.esUrl);
  return { es, store: new ConfigStore(es, indexNames(env.namePrefix).config) };
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** `vigie keys create|list|revoke`, writing the config index directly (VIGIE_ES_URL, VIGIE_PREFIX). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys: create (the secret is shown once), list, revoke');

  keys
    .command('create')
    .description('Create an API key and print its secret once')
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--scope <scope...>', `scopes: ${API_SCOPES.join(', ')} (admin ⊇ write ⊇ read)`, collect, [])
    .option('--rate-limit <perMinute>', 'requests per minute for this key (default: the API default)')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; scope: string[]; rateLimit?: string; json?: boolean }) => {
      const scopes = options.scope.length ? options.scope : ['read'];
      const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
      if (unknown.length) throw new VigieError('invalid_input', `unknown scope(s) ${unknown.join(', ')}: use ${API_SCOPES.join(', ')}`);
      const rateLimitPerMinute = options.rateLimit === undefined ? undefined : Number(options.rateLimit);
      if (rateLimitPerMinute !== undefined && !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute > 0)) {
        throw new VigieError('invalid_input', `--rate-limit must be a positive integer, not '${options.rateLimit}'`);
      }
      const { es, store } = clients();
      try {
        const key = await createApiKey(store, { name: options.name, scopes: scopes as ApiScope[], rateLimitPerMinute });
        if (options.json) return console.log(JSON.stringify(key, null, 2));
        console.log(`created key ${key.id} (${key.scopes.join(', ')}) for ${key.name}`);
        console.log(`secret (shown once, store it now): ${key.token}`);
        console.log('use it as: Authorization: Bearer <secret>');
      } finally {
        await es.close();
      }
    });

  keys
    .command('list')
    .description('List keys (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { es, store } = clients();
      try {
        const list = await listApiKeys(store);
        if (options.json) return console.log(JSON.stringify(list, null, 2));
        if (list.length === 0) return console.log('no API key yet: vigie keys create --name <name> --scope admin');
        for (const key of list) {
          const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
          console.log(`${key.id.padEnd(18)} ${key.scopes.join(',').padEnd(16)} ${state.padEnd(34)} ${key.name}${key.rateLimitPerMinute ? ` (${key.rateLimitPerMinute}/min)` : ''}`);
        }
      } finally {
        await es.close();
      }
    });

  keys
    .command('revoke')
    .description('Revoke a key: it is refused from then on (within 5 s on every API instance)')
    .argument('<id>', 'key id, as listed')
    .action(async (id: string) => {
      const { es, store } = clients();
      try {
        const key = await revokeApiKey(store, id);
        console.log(`revoked key ${key.id} (${key.name}) at ${key.revokedAt}`);
      } finally {
        await es.close();
      }
    });
}
