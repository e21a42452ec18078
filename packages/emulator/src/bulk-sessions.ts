import { randomUUID } from "node:crypto";
import type { ApplyFailure, SpooledPart } from "./bulk-apply.js";
import { HttpError } from "./http.js";

/**
 * open: takes uploads. finishing: finish was accepted (202), the parts are being applied.
 * finished: applied. discarded: finished with an error, parts thrown away. expired: no call
 * within the session timeout (001 "Keep Alive"), parts thrown away.
 */
export type SessionState = "open" | "finishing" | "finished" | "discarded" | "expired";

/** What tests and tools may see of a session. */
export interface SessionSnapshot {
  id: string;
  state: SessionState;
  /** Parts stored so far (rejected uploads are not parts). */
  parts: number;
  /** Objects in those parts. */
  objects: number;
  /** Objects the warehouse took, once finished. */
  applied: number;
  /** The error sent with finish, when not blank. */
  finishError?: string;
  /** Batches the warehouse refused. */
  failures: ApplyFailure[];
  /** Why the parts could not be read back, if they could not. */
  applyError?: string;
}

/** A session of 001: parts in upload order, its own expiry timer. */
export class BulkSession {
  readonly id = randomUUID();
  state: "open" | "finishing" = "open";
  /** Parts by upload order: a slot is taken when the upload starts, filled when it is stored. */
  readonly #slots: (SpooledPart | undefined)[] = [];
  readonly #uploads = new Set<Promise<void>>();
  #requests = 0;
  readonly #timer: NodeJS.Timeout;
  #timerStopped = false;

  constructor(
    readonly writeKey: string,
    timeoutMs: number,
    onTimeout: (session: BulkSession) => void,
  ) {
    this.#timer = setTimeout(() => {
      // A long upload is a call in progress: the session lives until it ends.
      if (this.#requests > 0) this.#timer.refresh();
      else onTimeout(this);
    }, timeoutMs).unref();
  }

  /** A call on the session: starts its timeout again. Pair with {@link endRequest}. */
  beginRequest(): void {
    this.#requests += 1;
    this.#restartTimer();
  }

  endRequest(): void {
    this.#requests -= 1;
    this.#restartTimer();
  }

  /**
   * Takes the next place in upload order for an upload that starts now, and returns the function
   * that settles it with the stored part, or with nothing when the upload was rejected.
   */
  reservePart(): (part: SpooledPart | undefined) => void {
    const index = this.#slots.push(undefined) - 1;
    let settle!: () => void;
    const upload = new Promise<void>((resolve) => (settle = resolve));
    this.#uploads.add(upload);
    return (part) => {
      this.#slots[index] = part;
      this.#uploads.delete(upload);
      settle();
    };
  }

  /** Resolves once every upload started so far is stored or rejected. */
  async uploadsSettled(): Promise<void> {
    while (this.#uploads.size > 0) await Promise.all([...this.#uploads]);
  }

  /** The stored parts, in upload order. */
  parts(): SpooledPart[] {
    return this.#slots.filter((part) => part !== undefined);
  }

  stopTimer(): void {
    this.#timerStopped = true;
    clearTimeout(this.#timer);
  }

  #restartTimer(): void {
    // refresh() would start a cleared timer again.
    if (!this.#timerStopped) this.#timer.refresh();
  }
}

/** What is kept of a session once it is over, to say so to later calls. */
type EndedSession = Omit<SessionSnapshot, "state"> & {
  writeKey: string;
  state: "finished" | "discarded" | "expired";
};

/** Sessions ended long ago are forgotten past this many (and then answered as unknown). */
const maxEndedSessions = 10_000;

/** The sessions of every write key, and the sessions that ended, to tell their callers why. */
export class BulkSessions {
  readonly #open = new Map<string, BulkSession>();
  readonly #ended = new Map<string, EndedSession>();

  constructor(
    private readonly timeoutMs: number,
    private readonly onExpire: (session: BulkSession) => void,
  ) {}

  start(writeKey: string): BulkSession {
    const session = new BulkSession(writeKey, this.timeoutMs, (expired) => {
      this.#open.delete(expired.id);
      this.#end(expired, { state: "expired", applied: 0, failures: [] });
      this.onExpire(expired);
    });
    this.#open.set(session.id, session);
    return session;
  }

  /**
   * The open session `id` of `writeKey`. Throws 404 for a session that is unknown, another
   * key's, or expired, and 400 for one that is finished or finishing.
   */
  open(id: string, writeKey: string): BulkSession {
    const session = this.#open.get(id);
    if (session?.writeKey === writeKey) {
      if (session.state === "open") return session;
      throw new HttpError(
        400,
        `session "${id}" is finished: its parts are being applied; start a new session with POST /v0/start`,
      );
    }
    const ended = this.#ended.get(id);
    if (ended?.writeKey === writeKey) throw endedError(ended, this.timeoutMs);
    throw new HttpError(
      404,
      `unknown session "${id}" for this write key; start one with POST /v0/start and use the sync_id it answers`,
    );
  }

  /** Records how a finishing session ended and forgets it as an open one. */
  ended(
    session: BulkSession,
    outcome: Pick<EndedSession, "state" | "applied" | "failures" | "finishError" | "applyError">,
  ): void {
    this.#open.delete(session.id);
    this.#end(session, outcome);
  }

  snapshot(id: string): SessionSnapshot | undefined {
    const session = this.#open.get(id);
    if (session) {
      const parts = session.parts();
      return {
        id,
        state: session.state,
        parts: parts.length,
        objects: parts.reduce((sum, part) => sum + part.objects, 0),
        applied: 0,
        failures: [],
      };
    }
    const ended = this.#ended.get(id);
    if (!ended) return undefined;
    const { writeKey: _, ...snapshot } = ended;
    return snapshot;
  }

  /** Stops every timer: sessions no longer expire. */
  stopTimers(): void {
    for (const session of this.#open.values()) session.stopTimer();
  }

  #end(
    session: BulkSession,
    outcome: Pick<EndedSession, "state" | "applied" | "failures" | "finishError" | "applyError">,
  ): void {
    session.stopTimer();
    const parts = session.parts();
    this.#ended.set(session.id, {
      id: session.id,
      writeKey: session.writeKey,
      parts: parts.length,
      objects: parts.reduce((sum, part) => sum + part.objects, 0),
      ...outcome,
    });
    if (this.#ended.size > maxEndedSessions) {
      this.#ended.delete(this.#ended.keys().next().value!);
    }
  }
}

function endedError(ended: EndedSession, timeoutMs: number): HttpError {
  const id = ended.id;
  const again = "start a new session with POST /v0/start";
  switch (ended.state) {
    case "expired":
      return new HttpError(
        404,
        `session "${id}" expired: no call for ${formatDuration(timeoutMs)}, and its parts were discarded (001: sessions are short lived; send POST /v0/keep-alive/<id> during long gaps); ${again}`,
      );
    case "discarded":
      return new HttpError(
        400,
        `session "${id}" is finished: it was finished with the error "${ended.finishError}", so its parts were discarded; ${again}`,
      );
    case "finished":
      return new HttpError(
        400,
        `session "${id}" is finished: ${ended.applied} of its ${ended.objects} objects were applied; ${again}`,
      );
  }
}

export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
