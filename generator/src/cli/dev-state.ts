import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * `segkit dev` leaves a note beside its warehouse file saying where it listens, so that
 * `segkit query` can ask it instead of opening a file DuckDB lets only one process write.
 */
export interface DevState {
  url: string;
  pid: number;
}

export function devStatePath(db: string): string {
  return `${db}.segkit-dev.json`;
}

export function writeDevState(db: string, state: DevState): void {
  writeFileSync(devStatePath(db), JSON.stringify(state) + "\n");
}

export function removeDevState(db: string): void {
  rmSync(devStatePath(db), { force: true });
}

/** The running emulator serving `db`, if its note is there and its process is alive. */
export function readDevState(db: string): DevState | undefined {
  let state: DevState;
  try {
    state = JSON.parse(readFileSync(devStatePath(db), "utf8")) as DevState;
  } catch {
    return undefined;
  }
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined; // a note left by a process that is gone
  }
}
