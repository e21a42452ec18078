import { inspect } from "node:util";
import { basicAuthorization } from "./auth.js";
import { SegmentValidationError } from "./errors.js";

const redacted = "[redacted]";

/** Anything that can produce an `Authorization` header value. */
export interface Credentials {
  authorization(): string;
}

/**
 * A secret that never shows itself: `String()`, template literals, `JSON.stringify` and
 * `util.inspect` (so `console.log`, vitest diffs and error `cause` chains) all print `[redacted]`.
 * The value lives in a private field, which `inspect` does not walk.
 */
abstract class Secret implements Credentials {
  readonly #value: string;

  constructor(value: string, what: string) {
    if (typeof value !== "string" || value.trim() === "")
      throw SegmentValidationError.of(`The ${what}`, [
        { pointer: "", message: "is empty; read it from an environment variable, never commit it" },
      ]);
    this.#value = value;
  }

  /** The secret itself, for the one place that must send it. */
  protected reveal(): string {
    return this.#value;
  }

  abstract authorization(): string;

  toString(): string {
    return `${this.constructor.name}(${redacted})`;
  }

  toJSON(): string {
    return redacted;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** An Objects API / Bulk API write key (000, 001): `Authorization: Basic base64(writeKey + ":")`. */
export class WriteKey extends Secret {
  constructor(writeKey: string) {
    super(writeKey, "write key of an HTTP API source");
  }

  authorization(): string {
    return basicAuthorization(this.reveal());
  }
}

/** A Public API token (004): `Authorization: Bearer <token>`. */
export class BearerToken extends Secret {
  constructor(token: string) {
    super(token, "Public API token");
  }

  authorization(): string {
    return `Bearer ${this.reveal()}`;
  }
}
