import { createLogger, type Logger } from '../logger.js';

export interface RunningService {
  stop(): Promise<void>;
}

/**
 * Run a service until SIGTERM/SIGINT, then stop it gracefully (finish in-flight work, commit, disconnect).
 * A second signal forces exit.
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
  log.info(`${name} started`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
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
}
