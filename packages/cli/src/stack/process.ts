import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VigieError } from '@vigie/core';

/** Progress lines for the person running the CLI; stdout stays for command output. */
export function say(line: string): void {
  process.stderr.write(`vigie stack: ${line}\n`);
}

/** A background engine: its pid file, its log, and a string its command line must contain for a pid to be ours. */
export interface Daemon {
  name: string;
  pidFile: string;
  logFile: string;
  marker: string;
}

/** One engine of the local stack, as `stack.ts` drives it. */
export interface Engine {
  label: string;
  daemon: Daemon;
  /** Address shown to people and in errors. */
  where: string;
  host: string;
  /** Ports the engine binds; any of them taken by a foreign process blocks the start. */
  ports: number[];
  readyTimeoutMs: number;
  stopGraceMs: number;
  /** A short health description when the engine answers and can serve, else undefined. */
  health(): Promise<string | undefined>;
  /** Prepares config and storage, then starts the engine in the background; returns its pid. */
  start(javaHome: string): number;
}

function commandLine(pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

/** The pid of our running engine, or undefined; a stale pid file (dead or reused pid) is removed. */
export function runningPid(daemon: Daemon): number | undefined {
  if (!existsSync(daemon.pidFile)) return undefined;
  const pid = Number(readFileSync(daemon.pidFile, 'utf8').trim());
  if (pid > 0 && commandLine(pid)?.includes(daemon.marker)) return pid;
  rmSync(daemon.pidFile, { force: true });
  return undefined;
}

/** Starts `command` in its own process group, detached from the CLI, output to the daemon's log (the previous run's kept as `.1`). */
export function startDetached(daemon: Daemon, command: string, args: string[], options: SpawnOptions): number {
  mkdirSync(dirname(daemon.logFile), { recursive: true });
  mkdirSync(dirname(daemon.pidFile), { recursive: true });
  if (existsSync(daemon.logFile)) renameSync(daemon.logFile, `${daemon.logFile}.1`);
  const log = openSync(daemon.logFile, 'a');
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new VigieError('spawn_failed', `could not start ${daemon.name} (${command}); see ${daemon.logFile}`);
  child.unref();
  writeFileSync(daemon.pidFile, `${child.pid}\n`);
  return child.pid;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` holding a lock file, so that two `stack up` at once (say, two test runs) cannot both launch an engine. */
export async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    // An empty file is a lock being written; a dead holder left a stale lock.
    if (holder > 0 && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (!announced) say(`waiting for another vigie stack command (pid ${holder}) to finish`);
    announced = true;
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the engine's whole process group, then SIGKILL if it has not exited after `graceMs`. */
export async function stopDetached(daemon: Daemon, graceMs: number): Promise<boolean> {
  const pid = runningPid(daemon);
  if (pid === undefined) return false;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(200);
  if (groupAlive(pid)) {
    say(`${daemon.name} (pid ${pid}) still running after ${graceMs / 1000}s, sending SIGKILL`);
    process.kill(-pid, 'SIGKILL');
    while (groupAlive(pid)) await sleep(100);
  }
  rmSync(daemon.pidFile, { force: true });
  return true;
}

/**
 * Whether a process already holds host:port, found by binding it: no timeout to misread when this process is too
 * busy to see a refused connection in time (a connect probe with a 1 s timeout once blocked the restart of
 * Elasticsearch in a loaded test run).
 */
export function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(true) : reject(error)));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

export function logTail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Polls `answers` until true; fails early with the log's tail if the engine's process died, or after `timeoutMs`. */
export async function waitUntilAnswers(daemon: Daemon, where: string, answers: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers())) {
    if (runningPid(daemon) === undefined) {
      throw new VigieError('engine_died', `${daemon.name} exited during startup; last lines of ${daemon.logFile}:\n${logTail(daemon.logFile, 25)}`);
    }
    if (Date.now() > deadline) {
      throw new VigieError('engine_timeout', `${daemon.name} did not answer on ${where} within ${timeoutMs / 1000}s; it is still running, see ${daemon.logFile}`);
    }
    await sleep(500);
  }
}
