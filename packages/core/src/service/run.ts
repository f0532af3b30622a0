import { createLogger, type Logger } from '../logger.js';

export interface RunningService {
  stop(): Promise<void>;
}

/** A signal this soon after the first is the same one delivered twice, not a second Ctrl-C. */
const REPEATED_SIGNAL_MS = 1_000;

/**
 * Run a service until SIGTERM/SIGINT, then stop it gracefully (finish in-flight work, commit, disconnect).
 * A second signal, a second or more after the first, forces exit.
 */
export async function runService(name: string, start: (log: Logger) => Promise<RunningService>): Promise<void> {
  const log = createLogger(name);
  let service: RunningService;
  try {
    service = await start(log);
  } catch (error) {
    log.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
  let stoppingSince: number | undefined;
  const shutdown = (signal: string) => {
    if (stoppingSince !== undefined) {
      // Under the tsx wrapper a terminal's Ctrl-C can arrive twice: from the terminal and relayed by tsx.
      if (Date.now() - stoppingSince < REPEATED_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal }, `${name} stopping`);
    service.stop().then(
      () => {
        log.info(`${name} stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, `${name} did not stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Only now: whoever waits for this line may signal at once, and without a listener a signal kills the process.
  log.info(`${name} started`);
}
