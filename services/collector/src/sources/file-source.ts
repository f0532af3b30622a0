import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Value } from 'typebox/value';
import { SourceConfigSchema, validateConfig, type SourceConfig } from '@vigie/core';

/**
 * Sources from a YAML or JSON file (`sources: [...]` or a bare list), each checked against the source schema.
 * Throws naming the file and the entry at fault.
 */
export async function readSourcesFile(path: string): Promise<SourceConfig[]> {
  const text = await readFile(path, 'utf8');
  const data: unknown = parseYaml(text);
  const list = Array.isArray(data) ? data : (data as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list)) throw new Error(`${path}: expected a list of sources or a 'sources:' list`);
  return list.map((entry, index) => {
    try {
      // The file may leave out fields that have schema defaults (enabled, schedule, params, secrets, brands).
      return validateConfig('source', Value.Default(SourceConfigSchema, Value.Clone(entry)));
    } catch (error) {
      throw new Error(`${path}: source #${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Call `onChange` with the file's sources now and whenever the file changes; returns a stop function. */
export function watchSourcesFile(path: string, onChange: (sources: SourceConfig[]) => void, onError: (error: unknown) => void, intervalMs = 2_000): () => void {
  const load = () => readSourcesFile(path).then(onChange, onError);
  void load();
  watchFile(path, { interval: intervalMs }, (current, previous) => {
    if (current.mtimeMs !== previous.mtimeMs) void load();
  });
  return () => unwatchFile(path);
}
