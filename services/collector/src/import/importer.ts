import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import type { Kafka, Producer } from 'kafkajs';
import { createKafka, createProducer, ensureTopics, topicNames, ValidationError, type RawMention } from '@vigie/core';
import { completeMention, produceMentions } from '../mentions.js';
import { fileIdentity, loadImportCheckpoint, removeImportCheckpoint, saveImportCheckpoint, type ImportCheckpoint } from './checkpoint-file.js';
import { dateParser, parseColumnMap, recordToDraft } from './mapping.js';
import { detectFormat, readRecords, type ImportFormat } from './readers.js';

export interface ImportOptions {
  file: string;
  format?: ImportFormat;
  /** `text=body,author=user,publishedAt=date` */
  map?: string;
  dateFormat?: string;
  dryRun?: boolean;
  /** Name recorded as the mentions' `sourceName` (default: the file name). */
  sourceName?: string;
  brands?: string[];
  prefix?: string;
  /** Where progress is kept for a resume (default `<file>.vigie-import.json`). */
  checkpointFile?: string;
  /** Every rejected record, as JSON lines (default `<file>.rejected.jsonl`). */
  rejectsFile?: string;
  batchSize?: number;
  kafka?: Kafka;
  onProgress?: (progress: ImportProgress) => void;
  onRejected?: (rejection: Rejection) => void;
  /** Stop after the current batch is acknowledged and checkpointed (e.g. on Ctrl-C); a rerun resumes. */
  signal?: AbortSignal;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
  imported: number;
  rejected: number;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportResult extends ImportProgress {
  /** Records skipped because a previous, interrupted run had already done them. */
  resumedFrom: number;
  dryRun: boolean;
  /** True when stopped by the signal before the end of the file; the checkpoint file holds the progress. */
  interrupted: boolean;
  rejectsFile?: string;
}

/**
 * Import mentions from a CSV/TSV, JSON Lines or JSON array file, streamed with constant memory.
 * Valid records are produced to `vigie.mentions.raw` in batches; after each acknowledged batch the
 * checkpoint file records how far the import got, so an interrupted import resumes where it stopped.
 */
export async function importFile(options: ImportOptions): Promise<ImportResult> {
  const file = resolve(options.file);
  const format = options.format ?? detectFormat(file);
  const map = parseColumnMap(options.map);
  const parseDate = dateParser(options.dateFormat);
  const source = { type: 'import' as const, name: options.sourceName ?? file.split('/').pop()!, brands: options.brands ?? [] };
  const checkpointPath = options.checkpointFile ?? `${file}.vigie-import.json`;
  const rejectsPath = options.rejectsFile ?? `${file}.rejected.jsonl`;
  const batchSize = options.batchSize ?? 2_000;
  const identity = await fileIdentity(file);
  const resume = options.dryRun ? undefined : await loadImportCheckpoint(checkpointPath, file);
  const progress: ImportProgress = { bytesRead: 0, totalBytes: identity.size, records: 0, imported: resume?.imported ?? 0, rejected: resume?.rejected ?? 0 };

  let producer: Producer | undefined;
  let topic = '';
  if (!options.dryRun) {
    const kafka = options.kafka ?? createKafka('vigie-import');
    await ensureTopics(kafka, options.prefix ?? '');
    topic = topicNames(options.prefix ?? '').raw;
    producer = createProducer(kafka);
    await producer.connect();
  }
  const rejects = createWriteStream(rejectsPath, { flags: resume ? 'a' : 'w' });
  // Rejections are written with their batch, just before its checkpoint, so a resume never lists a line twice.
  let pendingRejections: Rejection[] = [];
  const reject = (rejection: Rejection) => {
    progress.rejected += 1;
    pendingRejections.push(rejection);
    options.onRejected?.(rejection);
  };

  let batch: RawMention[] = [];
  const flush = async () => {
    if (producer) await produceMentions(producer, topic, batch);
    if (pendingRejections.length > 0 && !rejects.write(pendingRejections.map((r) => `${JSON.stringify(r)}\n`).join(''))) await once(rejects, 'drain');
    pendingRejections = [];
    progress.imported += batch.length;
    batch = [];
    if (producer) {
      const checkpoint: ImportCheckpoint = { file, ...identity, records: progress.records, imported: progress.imported, rejected: progress.rejected };
      await saveImportCheckpoint(checkpointPath, checkpoint);
    }
    options.onProgress?.({ ...progress });
  };

  let interrupted = false;
  try {
    const collectedAt = new Date().toISOString();
    for await (const item of readRecords(file, format, (bytes) => (progress.bytesRead += bytes))) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      progress.records += 1;
      if (resume && progress.records <= resume.records) continue;
      if ('error' in item) {
        reject({ line: item.line, reason: item.error });
      } else {
        try {
          batch.push(completeMention(recordToDraft(item.record, map, parseDate), source, collectedAt));
        } catch (error) {
          const reason = error instanceof ValidationError ? error.issues.map((i) => `${i.field} ${i.message}`).join('; ') : (error as Error).message;
          reject({ line: item.line, reason });
        }
      }
      if (batch.length + pendingRejections.length >= batchSize) await flush();
    }
    await flush();
    if (producer && !interrupted) await removeImportCheckpoint(checkpointPath);
  } finally {
    rejects.end();
    await once(rejects, 'close');
    if (progress.rejected === 0) await rm(rejectsPath, { force: true });
    await producer?.disconnect();
  }
  return { ...progress, resumedFrom: resume?.records ?? 0, dryRun: options.dryRun ?? false, interrupted, rejectsFile: progress.rejected > 0 ? rejectsPath : undefined };
}
