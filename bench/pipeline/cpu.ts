import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CPU time per process group, read from Linux's /proc, so the bench can say where a mention's CPU goes
 * (analyzer, indexer, Elasticsearch, Kafka, the bench itself). Elsewhere, or for engines not started by
 * `vigie stack` (no pid file), a group is simply missing from the split.
 */
export type CpuGroups = Record<string, number[]>;

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Parent pid and CPU seconds (user + system) of every process, by pid. */
function processTable(): Map<number, { parent: number; seconds: number }> {
  const table = new Map<number, { parent: number; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond });
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

/** The engines' process roots, from the pid files `vigie stack up` writes (skipped when stale: not a running JVM). */
export function stackPids(repoRoot: string): CpuGroups {
  const groups: CpuGroups = {};
  for (const [group, file] of [['elasticsearch', 'elasticsearch.pid'], ['kafka', 'kafka.pid']] as const) {
    const path = join(repoRoot, '.vigie', 'run', file);
    const pid = existsSync(path) ? Number(readFileSync(path, 'utf8').trim()) : NaN;
    const command = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
    if (command.includes('java')) groups[group] = [pid];
  }
  return groups;
}

/** The groups' root pids with all their descendants, by group. */
function processTrees(groups: CpuGroups, table: Map<number, { parent: number }>): Record<string, number[]> {
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of table) {
    const siblings = children.get(parent);
    if (siblings) siblings.push(pid);
    else children.set(parent, [pid]);
  }
  const tree = (pid: number): number[] => [pid, ...(children.get(pid) ?? []).flatMap(tree)];
  return Object.fromEntries(Object.entries(groups).map(([group, pids]) => [group, pids.flatMap(tree)]));
}

/** CPU seconds used so far by each group: its root processes and all their descendants. */
export function cpuSeconds(groups: CpuGroups): Record<string, number> {
  if (!existsSync('/proc/self/stat')) return {};
  const table = processTable();
  return Object.fromEntries(Object.entries(processTrees(groups, table)).map(([group, pids]) => [group, pids.reduce((sum, pid) => sum + (table.get(pid)?.seconds ?? 0), 0)]));
}

/**
 * CPU seconds so far of the JIT compiler threads in the groups' processes (HotSpot names them `C1 CompilerThre…`
 * and `C2 CompilerThre…`), or undefined when there are none to see (no /proc, no JVM).
 */
export function jitSeconds(groups: CpuGroups): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let seconds: number | undefined;
  for (const pid of Object.values(processTrees(groups, processTable())).flat()) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const thread of threads) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
        if (!/^\d+ \(C[12] CompilerThre/.test(stat)) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        seconds = (seconds ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
      } catch {
        // the thread ended while it was read
      }
    }
  }
  return seconds;
}

/** Microseconds of CPU per item of each group between two readings. */
export function cpuPerItem(before: Record<string, number>, after: Record<string, number>, items: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).filter((group) => group in before).map((group) => [group, Math.round(((after[group]! - before[group]!) * 1e6) / items)]));
}

export const formatCpu = (split: Record<string, number>): string =>
  Object.entries(split).map(([group, micros]) => `${group} ${micros} µs`).join(', ') || 'not available (no /proc or no pid files)';
