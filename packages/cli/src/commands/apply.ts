import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { Value } from 'typebox/value';
import {
  CONFIG_SCHEMAS, ConfigStore, ValidationError, VigieError, createElasticsearch, indexNames, readEnv, validateConfig,
  type ConfigKind, type FieldIssue,
} from '@vigie/core';
import { checkBrandQuery } from '@vigie/api';

/** Kinds `vigie apply` manages, in the order they are written (rules name brands). */
const SECTIONS = [
  { key: 'brands', kind: 'brand' },
  { key: 'sources', kind: 'source' },
  { key: 'alertRules', kind: 'alert_rule' },
] as const satisfies readonly { key: string; kind: ConfigKind }[];

type ManagedKind = (typeof SECTIONS)[number]['kind'];
type Spec = { id: string } & Record<string, unknown>;

export interface DesiredConfig {
  items: Map<ManagedKind, Spec[]>;
}

export type Change =
  | { action: 'create'; kind: ManagedKind; id: string; spec: Spec }
  | { action: 'update'; kind: ManagedKind; id: string; spec: Spec; fields: { field: string; from: unknown; to: unknown }[] }
  | { action: 'delete'; kind: ManagedKind; id: string };

export interface Plan {
  changes: Change[];
  unchanged: number;
}

/**
 * One configuration item as a user wrote it, with the schema's defaults applied and, for a brand, its query parsed.
 * Throws a ValidationError naming each bad field.
 */
export function validateSpec(kind: ManagedKind, raw: unknown): Spec {
  try {
    const spec = validateConfig(kind, Value.Default(CONFIG_SCHEMAS[kind], structuredClone(raw))) as Spec;
    if (kind === 'brand') checkBrandQuery(spec.query as string);
    return spec;
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const issues = (error as { errors?: FieldIssue[] }).errors ?? [{ field: '/', message: (error as Error).message }];
    throw new ValidationError(issues, kind.replace('_', ' '));
  }
}

/** The issues of one item, each field prefixed with the item's place in its file (`brands[0]`, `[0]`). */
export function issuesAt(place: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ field: `${place}${issue.field === '/' ? '' : issue.field}`, message: issue.message }));
}

/** Read and validate a configuration file: defaults applied, every problem reported with its place in the file. */
export function readConfigFile(text: string, path = 'vigie.yaml'): DesiredConfig {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new VigieError('invalid_input', `${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new VigieError('invalid_input', `${path}: expected a mapping with brands, sources and alertRules`);
  const sections = document as Record<string, unknown>;
  const known = new Set<string>(SECTIONS.map((s) => s.key));
  const extra = Object.keys(sections).filter((key) => !known.has(key));
  if (extra.length) throw new VigieError('invalid_input', `${path}: unknown section(s) ${extra.join(', ')}; expected ${[...known].join(', ')}`);
  const issues: FieldIssue[] = [];
  const items = new Map<ManagedKind, Spec[]>();
  for (const { key, kind } of SECTIONS) {
    const list = sections[key] ?? [];
    if (!Array.isArray(list)) {
      issues.push({ field: key, message: 'must be a list' });
      continue;
    }
    const seen = new Set<string>();
    const specs: Spec[] = [];
    list.forEach((raw: unknown, index) => {
      try {
        const spec = validateSpec(kind, raw);
        if (seen.has(spec.id)) throw new ValidationError([{ field: '/id', message: `'${spec.id}' appears twice` }]);
        seen.add(spec.id);
        specs.push(spec);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...issuesAt(`${key}[${index}]`, error.issues));
      }
    });
    items.set(kind, specs);
  }
  if (issues.length) throw new ValidationError(issues, path);
  return { items };
}

const canonical = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);

/** Compare the file with what is stored. Items absent from the file are deleted only with `prune`. */
export async function planApply(store: ConfigStore, desired: DesiredConfig, options: { prune?: boolean } = {}): Promise<Plan> {
  const changes: Change[] = [];
  let unchanged = 0;
  for (const { kind } of SECTIONS) {
    const stored = new Map((await store.list(kind)).map((spec) => [(spec as Spec).id, spec as Spec]));
    const wanted = desired.items.get(kind) ?? [];
    for (const spec of wanted) {
      const current = stored.get(spec.id);
      if (!current) {
        changes.push({ action: 'create', kind, id: spec.id, spec });
      } else if (canonical(current) !== canonical(spec)) {
        const keys = [...new Set([...Object.keys(current), ...Object.keys(spec)])].sort();
        const fields = keys.filter((k) => canonical(current[k]) !== canonical(spec[k])).map((field) => ({ field, from: current[field], to: spec[field] }));
        changes.push({ action: 'update', kind, id: spec.id, spec, fields });
      } else {
        unchanged++;
      }
    }
    if (options.prune) {
      const ids = new Set(wanted.map((s) => s.id));
      for (const id of stored.keys()) if (!ids.has(id)) changes.push({ action: 'delete', kind, id });
    }
  }
  return { changes, unchanged };
}

const short = (value: unknown) => {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const change of plan.changes) {
    const label = `${change.kind.replace('_', ' ')} ${change.id}`;
    if (change.action === 'create') lines.push(`+ create ${label}`);
    else if (change.action === 'delete') lines.push(`- delete ${label}`);
    else {
      lines.push(`~ update ${label}`);
      for (const f of change.fields) lines.push(`    ${f.field}: ${short(f.from)} -> ${short(f.to)}`);
    }
  }
  lines.push(`${plan.changes.length} change(s), ${plan.unchanged} unchanged`);
  return lines.join('\n');
}

/** Write the plan: deletions of rules before brands, creations of brands before rules. */
export async function executePlan(store: ConfigStore, plan: Plan): Promise<void> {
  const deletions = plan.changes.filter((c) => c.action === 'delete').reverse();
  for (const change of deletions) await store.remove(change.kind, change.id);
  for (const change of plan.changes) {
    if (change.action !== 'delete') await store.put(change.kind, change.spec);
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `vigie apply -f vigie.yaml`: configuration as code, idempotent, the diff shown before anything is written. */
export function registerApplyCommand(program: Command): void {
  program
    .command('apply')
    .description('Apply brands, sources and alert rules from a YAML file (shows the diff, then asks)')
    .requiredOption('-f, --file <path>', 'configuration file (YAML or JSON) with brands, sources, alertRules')
    .option('--prune', 'also delete stored brands, sources and rules that the file does not list')
    .option('--dry-run', 'show the diff only')
    .option('-y, --yes', 'apply without asking (needed when stdin is not a terminal)')
    .action(async (options: { file: string; prune?: boolean; dryRun?: boolean; yes?: boolean }) => {
      const desired = readConfigFile(readFileSync(options.file, 'utf8'), options.file);
      const env = readEnv();
      const es = createElasticsearch(env.esUrl);
      const store = new ConfigStore(es, indexNames(env.namePrefix).config);
      try {
        const plan = await planApply(store, desired, { prune: options.prune });
        console.log(formatPlan(plan));
        if (plan.changes.length === 0 || options.dryRun) return;
        if (!options.yes) {
          if (!process.stdin.isTTY) throw new VigieError('confirmation_needed', 'stdin is not a terminal: re-run with --yes to apply these changes');
          if (!(await confirm('Apply these changes? [y/N] '))) return console.log('nothing applied');
        }
        await executePlan(store, plan);
        console.log(`applied ${plan.changes.length} change(s); running services pick them up within 10 s`);
      } finally {
        await es.close();
      }
    });
}
