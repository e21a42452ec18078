import { closestName } from "../check/suggest.js";

/** What the command line knows, for suggestions when a word is not among it. */
export interface KnownWords {
  commands: readonly string[];
  /** Option names without dashes, e.g. `max-warnings`; one-letter aliases are never suggested. */
  options: readonly string[];
}

/**
 * Turns a yargs validation message into one line that says what was wrong and what to do.
 * yargs lists an unknown `--max-warning` as "Unknown arguments: max-warning, maxWarning"; this
 * says "unknown option --max-warning (did you mean --max-warnings?)" instead.
 */
export function describeUsageProblem(
  message: string,
  args: readonly string[],
  known: KnownWords,
): string {
  const command = known.commands.find((c) => args.includes(c));
  const help = command ? `segkit ${command} --help` : "segkit --help";
  const text = message.trim();
  const missingValue = /^Not enough arguments following: (\S+)$/.exec(text);
  if (missingValue) return `${flagOf(missingValue[1]!)} needs a value; run ${help}`;
  const invalid = /^Invalid values:\s*Argument: (\S+), Given: (.+), Choices: (.+)$/s.exec(text);
  if (invalid) {
    const choices = invalid[3]!.split(", ").map((c) => c.replace(/^"(.*)"$/, "$1"));
    const given = invalid[2]!.replace(/^"(.*)"$/, "$1");
    const suggestion = closestName(given, choices);
    return `${flagOf(invalid[1]!)} takes ${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}, not "${given}"${suggestion ? ` (did you mean ${suggestion}?)` : ""}; run ${help}`;
  }
  const unknown = /^Unknown arguments?: (.+)$/s.exec(text);
  if (!unknown) return `${text.replace(/\s*\n\s*/g, " ")}; run ${help}`;

  const names = unknown[1]!.split(", ");
  // yargs adds the camelCase form of each dashed name it reports; the user typed only one.
  const typed = names.filter((name) => !(/[A-Z]/.test(name) && names.includes(kebab(name))));
  // The flag as typed: yargs reports `--no-colour` as "colour".
  const typedFlag = (name: string) =>
    [flagOf(name), `--no-${name}`].find((flag) =>
      args.some((arg) => arg === flag || arg.startsWith(`${flag}=`)),
    );
  const options = typed.filter((name) => typedFlag(name) !== undefined);
  const others = typed.filter((name) => !options.includes(name));
  const parts: string[] = [];
  if (options.length > 0) {
    const suggestable = known.options.filter((o) => o.length > 1);
    const listed = options.map((name) => {
      const suggestion = name.length > 1 ? closestName(name, suggestable) : undefined;
      const flag = typedFlag(name)!;
      const meant = flag.startsWith("--no-") ? `--no-${suggestion}` : `--${suggestion}`;
      return `${flag}${suggestion ? ` (did you mean ${meant}?)` : ""}`;
    });
    parts.push(`unknown option${options.length > 1 ? "s" : ""} ${listed.join(", ")}`);
  }
  if (others.length > 0) {
    const suggestion = command ? undefined : closestName(others[0]!, known.commands);
    const what = command ? "unexpected argument" : "unknown command";
    parts.push(
      `${what}${others.length > 1 ? "s" : ""} ${others.join(", ")}${suggestion ? ` (did you mean segkit ${suggestion}?)` : ""}`,
    );
  }
  return `${parts.join("; ")}; run ${help}`;
}

function flagOf(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
