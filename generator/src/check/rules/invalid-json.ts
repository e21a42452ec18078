import type { SourceFile, SyntaxProblem } from "../../workspace/source-file.js";
import type { Rule, RuleReport } from "../rule.js";

const messages: Record<string, string> = {
  InvalidSymbol:
    "unexpected character; JSON holds objects, arrays, double-quoted strings, numbers, true, false and null",
  InvalidNumberFormat: "invalid number; write numbers as in 12, -3.5 or 1e6",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected "," between two items',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected:
    "expected the end of the file: a JSON file holds one value, and this one has ended",
  InvalidCommentToken:
    'comments are not allowed in JSON files; move the text into a "description" or "$comment"',
  UnexpectedEndOfComment: "comments are not allowed in JSON files, and this one is not closed",
  UnexpectedEndOfString: "the string is not closed; add the closing double quote",
  UnexpectedEndOfNumber: "the number is cut short",
  InvalidUnicode: "invalid unicode escape; write \\u followed by four hex digits",
  InvalidEscapeCharacter:
    'invalid escape; JSON knows \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX',
  InvalidCharacter:
    "a control character (tab, newline, …) inside a string; escape it as \\t or \\n",
};

export const invalidJson: Rule = {
  id: "invalid-json",
  description: "The file is not valid JSON.",
  defaultSeverity: "error",
  acceptsUnparsed: true,
  checkDocument(document, context) {
    // Parsers recover from a syntax error by guessing; what follows the first one is noise.
    const problem = document.file.syntaxProblems[0];
    if (problem) context.report(describe(document, problem));
  },
};

type Document = RuleReport["document"];

/** The habits of other languages that JSON does not share, each with a message that names it. */
const hints: ((document: Document, problem: SyntaxProblem) => RuleReport | undefined)[] = [
  trailingComma,
  unquotedName,
  singleQuotes,
  otherLanguageLiteral,
  numberShape,
  stringContent,
  stringNotClosed,
  missingColon,
  missingComma,
];

function describe(document: Document, problem: SyntaxProblem): RuleReport {
  for (const hint of hints) {
    const report = hint(document, problem);
    if (report) return report;
  }
  return {
    document,
    target: at(document.file, problem.offset, problem.length),
    message: messages[problem.code] ?? `invalid JSON (${problem.code})`,
  };
}

function trailingComma(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const file = document.file;
  const before = previousSignificant(file, problem.offset);
  if (
    (problem.code !== "PropertyNameExpected" && problem.code !== "ValueExpected") ||
    !/^[}\]]/.test(file.text.slice(problem.offset)) ||
    before === undefined ||
    file.text[before] !== ","
  )
    return undefined;
  const comma = at(file, before, 1);
  return {
    document,
    target: comma,
    message: "trailing comma; JSON does not allow a comma after the last item",
    fix: { description: "Remove the trailing comma", edits: [{ target: comma, newText: "" }] },
  };
}

function unquotedName(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const bare = /^([A-Za-z_$][\w$]*)[ \t]*:/.exec(document.file.text.slice(problem.offset));
  if (problem.code !== "InvalidSymbol" || !bare) return undefined;
  const name = bare[1]!;
  const key = at(document.file, problem.offset, name.length);
  return {
    document,
    target: key,
    message: `property names must be in double quotes: write ${JSON.stringify(name)}`,
    fix: {
      description: `Put ${name} in double quotes`,
      edits: [{ target: key, newText: JSON.stringify(name) }],
    },
  };
}

function singleQuotes(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const here = document.file.text.slice(problem.offset);
  if (problem.code !== "InvalidSymbol" || !here.startsWith("'")) return undefined;
  const quoted = /^'([^'\r\n]*)'/.exec(here);
  const target = at(document.file, problem.offset, quoted ? quoted[0].length : 1);
  const report: RuleReport = {
    document,
    target,
    message: "strings must be in double quotes, not single quotes",
  };
  // Only plain text keeps its meaning when the quotes change.
  if (quoted && !/["\\]/.test(quoted[1]!)) {
    report.fix = {
      description: "Use double quotes",
      edits: [{ target, newText: `"${quoted[1]}"` }],
    };
  }
  return report;
}

const lowercaseLiterals: Record<string, string> = {
  True: "true",
  TRUE: "true",
  False: "false",
  FALSE: "false",
  Null: "null",
  NULL: "null",
  None: "null",
};

function otherLanguageLiteral(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  if (problem.code !== "InvalidSymbol") return undefined;
  const here = document.file.text.slice(problem.offset);
  const literal = /^(True|TRUE|False|FALSE|Null|NULL|None)\b/.exec(here)?.[1];
  if (literal) {
    const json = lowercaseLiterals[literal]!;
    const target = at(document.file, problem.offset, literal.length);
    return {
      document,
      target,
      message: `JSON writes ${json} in lowercase: ${literal} is not a value`,
      fix: { description: `Write ${json}`, edits: [{ target, newText: json }] },
    };
  }
  const nonFinite = /^(NaN|Infinity|undefined)\b/.exec(here)?.[1];
  if (nonFinite) {
    return {
      document,
      target: at(document.file, problem.offset, nonFinite.length),
      message: `JSON has no ${nonFinite}; write a number or null, or leave the keyword out`,
    };
  }
  return undefined;
}

function numberShape(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const file = document.file;
  const here = file.text.slice(problem.offset);
  const bareFraction = /^\.\d+/.exec(here);
  if (problem.code === "InvalidSymbol" && bareFraction) {
    const target = at(file, problem.offset, bareFraction[0].length);
    return {
      document,
      target,
      message: `a number needs a digit before the decimal point: write 0${bareFraction[0]}`,
      fix: {
        description: `Write 0${bareFraction[0]}`,
        edits: [{ target, newText: `0${bareFraction[0]}` }],
      },
    };
  }
  // jsonc-parser reads "012" as the number 0 followed by a second value, 12.
  const start = problem.offset - 1;
  if (
    problem.code === "CommaExpected" &&
    file.text[start] === "0" &&
    !/[\w.+-]/.test(file.text[start - 1] ?? "") &&
    /^\d/.test(here)
  ) {
    const literal = /^0\d+(\.\d+)?([eE][+-]?\d+)?/.exec(file.text.slice(start))![0];
    const written = literal.replace(/^0+(?=\d)/, "");
    const target = at(file, start, literal.length);
    return {
      document,
      target,
      message: `a number cannot start with 0: write ${written}`,
      fix: { description: `Write ${written}`, edits: [{ target, newText: written }] },
    };
  }
  return undefined;
}

/** A bad escape or a raw control character, located inside the string that holds it. */
function stringContent(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  if (!["InvalidEscapeCharacter", "InvalidUnicode", "InvalidCharacter"].includes(problem.code))
    return undefined;
  const file = document.file;
  const token = file.text.slice(problem.offset, problem.offset + problem.length);
  const bad: { index: number; length: number; kind: "escape" | "unicode" | "control" }[] = [];
  for (let i = 1; i < token.length; i++) {
    const c = token[i]!;
    if (c === "\\") {
      const next = token[i + 1] ?? "";
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}/.test(token.slice(i + 2))) {
          const length = 2 + /^[0-9a-fA-F]{0,3}/.exec(token.slice(i + 2))![0].length;
          bad.push({ index: i, length, kind: "unicode" });
        }
        i += 1;
      } else if (`"\\/bfnrt`.includes(next) && next !== "") {
        i += 1;
      } else {
        bad.push({ index: i, length: 2, kind: "escape" });
        i += 1;
      }
    } else if (c.charCodeAt(0) < 0x20) {
      bad.push({ index: i, length: 1, kind: "control" });
    }
  }
  const first = bad[0];
  if (!first) return undefined;
  const where = (part: (typeof bad)[number]) => at(file, problem.offset + part.index, part.length);
  const text = token.slice(first.index, first.index + first.length);
  if (first.kind === "unicode") {
    return {
      document,
      target: where(first),
      message: `${text} is not a unicode escape; write \\u and four hex digits, such as \\u00e9`,
    };
  }
  if (first.kind === "escape") {
    // Usually a regular expression's \d or \. in a "pattern": JSON wants the backslash doubled.
    const escapes = bad.filter((part) => part.kind === "escape");
    return {
      document,
      target: where(first),
      message: `${text} is not an escape JSON knows; a backslash in a JSON string is written twice, so write \\${text}`,
      fix: {
        description: escapes.length === 1 ? "Double the backslash" : "Double the backslashes",
        edits: escapes.map((part) => ({
          target: at(file, problem.offset + part.index, 1),
          newText: "\\\\",
        })),
      },
    };
  }
  const controls = bad.filter((part) => part.kind === "control");
  const name = text === "\t" ? "a tab" : `a control character (U+${hex(text)})`;
  return {
    document,
    target: where(first),
    message: `${name} inside a string; JSON strings write it as an escape: ${escapeControl(text)}`,
    fix: {
      description: controls.length === 1 ? "Escape it" : "Escape them",
      edits: controls.map((part) => ({
        target: where(part),
        newText: escapeControl(token.slice(part.index, part.index + 1)),
      })),
    },
  };
}

function stringNotClosed(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const file = document.file;
  const end = problem.offset + problem.length;
  if (problem.code !== "UnexpectedEndOfString" || !/^\r?\n|^\r/.test(file.text.slice(end)))
    return undefined;
  return {
    document,
    target: at(file, problem.offset, problem.length),
    message:
      "the string is not closed on this line; add the closing double quote — a string cannot span lines, so write a line break inside it as \\n",
  };
}

function missingColon(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const file = document.file;
  const before = previousSignificant(file, problem.offset);
  if (problem.code !== "ColonExpected" || before === undefined || file.text[before] !== '"')
    return undefined;
  return {
    document,
    target: at(file, problem.offset, problem.length),
    message: messages.ColonExpected!,
    fix: {
      description: 'Add the missing ":"',
      edits: [{ target: at(file, before + 1, 0), newText: ":" }],
    },
  };
}

function missingComma(document: Document, problem: SyntaxProblem): RuleReport | undefined {
  const file = document.file;
  const before = previousSignificant(file, problem.offset);
  if (problem.code !== "CommaExpected" || before === undefined) return undefined;
  const report: RuleReport = {
    document,
    target: at(file, problem.offset, problem.length),
    message: messages.CommaExpected!,
  };
  // Across a line break, the comma at the end of the previous item's line is the likely fix.
  if (/[\r\n]/.test(file.text.slice(before, problem.offset))) {
    report.fix = {
      description: 'Add the missing ","',
      edits: [{ target: at(file, before + 1, 0), newText: "," }],
    };
  }
  return report;
}

function at(file: SourceFile, offset: number, length: number) {
  return { pointer: "", range: file.rangeAt(offset, length) };
}

function previousSignificant(file: SourceFile, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    if (!/\s/.test(file.text[i]!)) return i;
  }
  return undefined;
}

function hex(character: string): string {
  return character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
}

function escapeControl(character: string): string {
  const short: Record<string, string> = {
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\b": "\\b",
    "\f": "\\f",
  };
  return short[character] ?? `\\u${hex(character).toLowerCase()}`;
}
