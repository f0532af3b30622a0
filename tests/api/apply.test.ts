import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ConfigStore, ValidationError, createElasticsearch, ensureTemplates } from '@vigie/core';
import { executePlan, formatPlan, planApply, readConfigFile, registerApplyCommand } from '../../packages/cli/src/commands/apply.js';
import { registerKeysCommand } from '../../packages/cli/src/commands/keys.js';
import { isolate } from '../setup/isolation.js';
import { dropPrefix } from './seed.js';

const es = createElasticsearch();
const iso = isolate('apply');
const store = new ConfigStore(es, iso.indices.config);

const FILE = `
brands:
  - id: acme
    name: Acme Hotels
    query: '"acme hotels" OR acme'
    competitors: [globex]
  - id: globex
    name: Globex
    query: globex
sources:
  - id: hn-acme
    type: hackernews
    name: HN about Acme
    params: { query: acme }
    brands: [acme]
alertRules:
  - id: acme-negative
    name: Acme negative spike
    type: negative_spike
    brand: acme
    params: { windowMinutes: 60, threshold: 3 }
`;

beforeAll(async () => ensureTemplates(es, iso.indices));
afterAll(async () => {
  await dropPrefix(es, iso.prefix);
  await es.close();
});

it('applies a whole configuration, then finds nothing to do (idempotent)', async () => {
  const desired = readConfigFile(FILE);
  const first = await planApply(store, desired);
  expect(first.changes.map((c) => `${c.action} ${c.kind} ${c.id}`)).toEqual(['create brand acme', 'create brand globex', 'create source hn-acme', 'create alert_rule acme-negative']);
  await executePlan(store, first);
  expect(await store.get('source', 'hn-acme')).toMatchObject({ enabled: true, schedule: '*/5 * * * *', secrets: {} });
  const second = await planApply(store, readConfigFile(FILE));
  expect(second).toEqual({ changes: [], unchanged: 4 });
});

it('shows a field-level diff for changes and prunes only when asked', async () => {
  const changed = FILE.replace('name: Globex', 'name: Globex Resorts').replace(/alertRules:[\s\S]*$/, 'alertRules: []\n');
  const plan = await planApply(store, readConfigFile(changed));
  expect(plan.changes).toEqual([expect.objectContaining({ action: 'update', id: 'globex', fields: [{ field: 'name', from: 'Globex', to: 'Globex Resorts' }] })]);
  expect(formatPlan(plan)).toContain('name: "Globex" -> "Globex Resorts"');
  const pruning = await planApply(store, readConfigFile(changed), { prune: true });
  expect(pruning.changes.map((c) => `${c.action} ${c.id}`)).toEqual(['update globex', 'delete acme-negative']);
  await executePlan(store, pruning);
  expect(await store.list('alert_rule')).toEqual([]);
});

it('reports every invalid item with its place in the file, the query error with its position', () => {
  const bad = FILE.replace("query: globex", "query: 'globex AND ('").replace('type: hackernews', 'type: myspace');
  let error: unknown;
  try {
    readConfigFile(bad);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  const fields = (error as ValidationError).issues.map((i) => i.field);
  expect(fields).toEqual(expect.arrayContaining(['brands[1]/query', 'sources[0]/type']));
  expect((error as ValidationError).message).toMatch(/position \d+/);
});

it('the commands: apply --yes writes, keys create/list/revoke', async () => {
  process.env.VIGIE_PREFIX = iso.prefix;
  const dir = mkdtempSync(join(tmpdir(), 'vigie-apply-'));
  writeFileSync(join(dir, 'vigie.yaml'), FILE);
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const program = new Command().exitOverride();
    registerApplyCommand(program);
    registerKeysCommand(program);
    await program.parseAsync(['node', 'vigie', 'apply', '-f', join(dir, 'vigie.yaml'), '--yes']);
    expect(await store.get('alert_rule', 'acme-negative')).toMatchObject({ brand: 'acme' });
    await program.parseAsync(['node', 'vigie', 'keys', 'create', '--name', 'ci', '--scope', 'read,write', '--json']);
    const created = JSON.parse(String(log.mock.calls.at(-1)![0])) as { id: string; token: string; scopes: string[] };
    expect(created.scopes).toEqual(['read', 'write']);
    expect(created.token).toMatch(/^vg_/);
    await program.parseAsync(['node', 'vigie', 'keys', 'revoke', created.id]);
    expect((await store.get('api_key', created.id)).revokedAt).toBeDefined();
  } finally {
    log.mockRestore();
    delete process.env.VIGIE_PREFIX;
  }
});
