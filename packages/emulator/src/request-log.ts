/** One request as `GET /_emulator/requests` and the console show it. */
export interface LoggedRequest {
  time: string;
  method: string;
  path: string;
  status: number;
  /** Objects the request carried (/v1/set) or uploaded (bulk), when known. */
  objects?: number;
  ms: number;
  /** The fault injected into it, if any. */
  fault?: string;
  message?: string;
}

/** The most recent requests, oldest first, in a ring of fixed size. */
export class RequestLog {
  readonly #entries: LoggedRequest[] = [];

  constructor(private readonly capacity: number) {}

  add(entry: LoggedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  list(): readonly LoggedRequest[] {
    return this.#entries;
  }
}

/** `POST /v1/set 200 10 objects 3.1 ms`, as `segkit dev` prints it. */
export function formatLogLine(entry: LoggedRequest): string {
  const objects =
    entry.objects === undefined ? "" : ` ${entry.objects} object${entry.objects === 1 ? "" : "s"}`;
  const fault = entry.fault ? ` [fault: ${entry.fault}]` : "";
  const message =
    entry.status >= 400 && entry.message ? ` — ${entry.message.replace(/\s*\n\s*/g, " ")}` : "";
  return `${entry.method} ${entry.path} ${entry.status}${objects} ${entry.ms.toFixed(1)} ms${fault}${message}`;
}
