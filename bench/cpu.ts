// Where the machine's CPU went while a row was measured (Linux /proc): the app process, the
// PostgreSQL server's processes, and everything else besides the bench and the hello. The app
// near 100 % means its one thread is the limit; "other" well above zero means something else
// was running and the row is not to be trusted.
import { readdirSync, readFileSync } from 'node:fs';

/** Percent of one core over the measured time. */
export interface CpuUse {
  app: number;
  postgres: number;
  other: number;
}

const USER_HZ = 100;

function ticksOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
}

function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Ticks the whole machine (all cores) spent running processes: user, nice and system time
 *  from /proc/stat, leaving out interrupts, which loopback traffic itself makes plenty of. */
function machineBusy(): number {
  const [, user = 0, nice = 0, system = 0] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  return user + nice + system;
}

/** Starts a measurement; the function it returns ends it (null where /proc is missing). */
export function cpuMeter(appPid: number, ownPids: number[]): () => () => CpuUse | null {
  return () => {
    try {
      const started = Date.now();
      const pg = new Set(postgresPids());
      const sum = (pids: Iterable<number>) => [...pids].reduce((s, pid) => s + ticksOf(pid), 0);
      const before = {
        busy: machineBusy(),
        app: ticksOf(appPid),
        own: sum(ownPids),
        pg: new Map([...pg].map((pid) => [pid, ticksOf(pid)])),
      };
      return () => {
        const pct = (ticks: number) => Math.max(0, (100 * ticks) / USER_HZ / ((Date.now() - started) / 1000));
        for (const pid of postgresPids()) if (!before.pg.has(pid)) before.pg.set(pid, 0);
        const postgres = [...before.pg].reduce((s, [pid, was]) => s + Math.max(0, ticksOf(pid) - was), 0);
        const app = ticksOf(appPid) - before.app;
        const own = sum(ownPids) - before.own;
        return { app: pct(app), postgres: pct(postgres), other: pct(machineBusy() - before.busy - app - own - postgres) };
      };
    } catch {
      return () => null;
    }
  };
}
