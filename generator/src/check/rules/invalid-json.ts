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

function describe(document: RuleReport["document"], problem: SyntaxProblem): RuleReport {
  const file = document.file;
  const target = { pointer: "", range: file.rangeAt(problem.offset, problem.length) };
  const before = previousSignificant(file, problem.offset);
  const here = file.text.slice(problem.offset);
  if (
    (problem.code === "PropertyNameExpected" || problem.code === "ValueExpected") &&
    /^[}\]]/.test(here) &&
    before !== undefined &&
    file.text[before] === ","
  ) {
    const comma = { pointer: "", range: file.rangeAt(before, 1) };
    return {
      document,
      target: comma,
      message: "trailing comma; JSON does not allow a comma after the last item",
      fix: { description: "Remove the trailing comma", edits: [{ target: comma, newText: "" }] },
    };
  }
  const bare = /^([A-Za-z_$][\w$]*)[ \t]*:/.exec(here);
  if (problem.code === "InvalidSymbol" && bare) {
    const key = { pointer: "", range: file.rangeAt(problem.offset, bare[1]!.length) };
    return {
      document,
      target: key,
      message: `property name ${bare[1]} must be in double quotes`,
      fix: {
        description: `Quote ${bare[1]}`,
        edits: [{ target: key, newText: JSON.stringify(bare[1]) }],
      },
    };
  }
  if (problem.code === "InvalidSymbol" && here.startsWith("'")) {
    return { document, target, message: "strings must be in double quotes, not single quotes" };
  }
  return { document, target, message: messages[problem.code] ?? `invalid JSON (${problem.code})` };
}

function previousSignificant(file: SourceFile, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    if (!/\s/.test(file.text[i]!)) return i;
  }
  return undefined;
}
