import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
// The importer alone, not the whole collector service: the import's memory stays small.
import { importFileInWorker, type ImportProgress } from '@vigie/collector/import';

/** Rejected lines printed on the terminal; all of them are in the rejects file. */
const PRINTED_REJECTIONS = 1_000;

interface ImportFlags {
  map?: string;
  dateFormat?: string;
  format?: 'csv' | 'tsv' | 'jsonl' | 'json';
  dryRun?: boolean;
  sourceName?: string;
  brands?: string;
  checkpoint?: string;
  rejects?: string;
  prefix?: string;
}

/** `vigie import FILE`: bulk-load mentions from CSV, JSON Lines or a JSON array into `vigie.mentions.raw`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .argument('<file>', 'CSV/TSV, JSON Lines (.jsonl/.ndjson) or JSON array (.json) file')
    .description('import mentions from a file (streamed, resumable after an interruption)')
    .option('--map <pairs>', 'field=column pairs, e.g. text=body,author=user,publishedAt=date')
    .option('--date-format <format>', "iso (default), unix, unix-ms, or a Luxon format like 'dd/MM/yyyy HH:mm' (UTC)")
    .option('--format <format>', 'csv, tsv, jsonl or json (default: from the extension)')
    .option('--dry-run', 'read and validate every record without producing anything')
    .option('--source-name <name>', 'sourceName recorded on the mentions (default: the file name)')
    .option('--brands <ids>', 'comma-separated brand ids the file is about')
    .option('--checkpoint <path>', 'resume file (default: <file>.vigie-import.json)')
    .option('--rejects <path>', 'where rejected records are listed (default: <file>.rejected.jsonl)')
    .option('--prefix <prefix>', 'topic name prefix (default: $VIGIE_PREFIX)')
    .action(async (file: string, flags: ImportFlags) => {
      const started = Date.now();
      const bar = new SingleBar({
        format: 'importing {bar} {percentage}% | {records} records | {rate} records/s | {imported} imported, {rejected} rejected | ETA {eta_formatted}',
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 1_000,
        etaBuffer: 50,
        hideCursor: true,
      });
      let printed = 0;
      const stop = new AbortController();
      // Ctrl-C: finish and checkpoint the current batch, so a rerun resumes exactly there. The handlers stay
      // installed: a Ctrl-C relayed again by the tsx wrapper would otherwise end the process before the checkpoint.
      process.on('SIGINT', () => stop.abort());
      process.on('SIGTERM', () => stop.abort());
      const payload = (p: ImportProgress) => ({
        records: p.records,
        imported: p.imported,
        rejected: p.rejected,
        rate: Math.round(p.records / Math.max((Date.now() - started) / 1000, 0.001)),
      });
      bar.start(1, 0, payload({ bytesRead: 0, totalBytes: 1, records: 0, imported: 0, rejected: 0 }));
      try {
        const result = await importFileInWorker({
          file,
          format: flags.format,
          map: flags.map,
          dateFormat: flags.dateFormat,
          dryRun: flags.dryRun,
          sourceName: flags.sourceName,
          brands: flags.brands?.split(',').map((b) => b.trim()).filter(Boolean),
          checkpointFile: flags.checkpoint,
          rejectsFile: flags.rejects,
          prefix: flags.prefix ?? process.env.VIGIE_PREFIX ?? '',
          signal: stop.signal,
          onProgress: (p) => {
            bar.setTotal(Math.max(p.totalBytes, 1));
            bar.update(Math.min(p.bytesRead, p.totalBytes), payload(p));
          },
          onRejected: ({ line, reason }) => {
            printed += 1;
            if (printed <= PRINTED_REJECTIONS) process.stderr.write(`\nrejected line ${line}: ${reason}`);
          },
        });
        bar.update(bar.getTotal(), payload(result));
        bar.stop();
        const seconds = (Date.now() - started) / 1000;
        if (result.interrupted) {
          console.log(`interrupted after record ${result.records}: ${result.imported} imported, ${result.rejected} rejected; run the same command again to resume`);
          process.exitCode = 130;
          return;
        }
        const verb = result.dryRun ? 'validated (dry run, nothing produced)' : 'imported';
        console.log(`${result.imported} records ${verb}, ${result.rejected} rejected, in ${seconds.toFixed(1)} s${result.resumedFrom ? ` (resumed after record ${result.resumedFrom})` : ''}`);
        if (result.rejectsFile) console.log(`rejected records: ${result.rejectsFile}${printed > PRINTED_REJECTIONS ? ` (${printed - PRINTED_REJECTIONS} not shown above)` : ''}`);
      } catch (error) {
        bar.stop();
        console.error(`import of ${file} failed: ${(error as Error).message}\nrun the same command again to resume from the last acknowledged batch`);
        process.exitCode = 1;
      }
    });
}
