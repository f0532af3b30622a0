import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

/** Progress of an interrupted import: how many records of which exact file are done (produced and acknowledged). */
export interface ImportCheckpoint {
  file: string;
  size: number;
  mtimeMs: number;
  records: number;
  imported: number;
  rejected: number;
}

export async function fileIdentity(file: string): Promise<Pick<ImportCheckpoint, 'size' | 'mtimeMs'>> {
  const info = await stat(file);
  return { size: info.size, mtimeMs: info.mtimeMs };
}

/** The checkpoint to resume from, if it was written for this very file (same size and modification time). */
export async function loadImportCheckpoint(path: string, file: string): Promise<ImportCheckpoint | undefined> {
  let saved: ImportCheckpoint;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as ImportCheckpoint;
  } catch {
    return undefined;
  }
  const current = await fileIdentity(file);
  return saved.size === current.size && saved.mtimeMs === current.mtimeMs ? saved : undefined;
}

/** Write atomically (temp file + rename) so an interruption never leaves a half-written checkpoint. */
export async function saveImportCheckpoint(path: string, checkpoint: ImportCheckpoint): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(checkpoint));
  await rename(`${path}.tmp`, path);
}

export async function removeImportCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
}
