/**
 * The few errors the CLI turns into exit codes. Each has a stable `code`; its message says what
 * was wrong, where, and what to do, in one line.
 */
export class SegkitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command line asked for something impossible (exit 2). */
export class UsageError extends SegkitError {
  constructor(message: string) {
    super("SEGKIT_USAGE", message);
  }
}

/** segkit.config.json is missing or wrong, or names folders that do not hold schemas (exit 2). */
export class ConfigError extends SegkitError {
  constructor(message: string) {
    super("SEGKIT_CONFIG", message);
  }
}

/** Generation could not go on: the schemas have errors, or output cannot be written (exit 1). */
export class GenerateError extends SegkitError {
  constructor(message: string) {
    super("SEGKIT_GENERATE", message);
  }
}
