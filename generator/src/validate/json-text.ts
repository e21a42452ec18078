/**
 * A second look at JSON text, for what `JSON.parse` does not say: where a syntax error is, how deep
 * a value nests, and where the value at a JSON pointer starts and ends. `JSON.parse` stays the
 * parser of record (it is several times faster); these scanners run only on texts that failed it,
 * that may nest too deep, or that hold a problem to locate.
 *
 * Every scanner here is a loop over the text with an explicit stack: input nested 10,000 deep (or
 * 10,000,000) costs memory in proportion, never a stack overflow.
 */

/** The deepest nesting `segkit validate` reads: arrays and objects inside one another. */
export const maxNestingDepth = 1000;

export interface SyntaxProblem {
  /** UTF-16 offset of the offending character in the text. */
  offset: number;
  /** What is wrong, for a person: `expected "," or "}" after a property value, found "]"`. */
  message: string;
}

const enum C {
  Tab = 9,
  LineFeed = 10,
  Return = 13,
  Space = 32,
  Quote = 34,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  UpperE = 69,
  OpenBrace = 123,
  CloseBrace = 125,
}

const isWhitespace = (c: number) =>
  c === C.Space || c === C.LineFeed || c === C.Return || c === C.Tab;
const isDigit = (c: number) => c >= C.Zero && c <= C.Nine;

/** How a character is named in a message: `"]"`, `the end of the text`, `U+0007`. */
function shown(text: string, offset: number): string {
  if (offset >= text.length) return "the end of the text";
  const code = text.codePointAt(offset)!;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfeff)
    return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return JSON.stringify(String.fromCodePoint(code));
}

/**
 * The first syntax error in `text` by RFC 8259 (the grammar `JSON.parse` follows), or a nesting
 * deeper than `maxDepth`; `undefined` when the text is one valid JSON value within the depth.
 */
export function findSyntaxProblem(
  text: string,
  maxDepth: number = maxNestingDepth,
): SyntaxProblem | undefined {
  // The containers open at this point: true for an object, false for an array.
  const stack: boolean[] = [];
  let i = 0;
  const n = text.length;
  const skip = () => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
  };
  const fail = (message: string): SyntaxProblem => ({ offset: i, message });

  // Reads one string starting at the quote at i; returns a problem or moves i past it.
  const readString = (): SyntaxProblem | undefined => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) {
        i = start;
        return fail("this string is never closed: add the closing quote");
      }
      const c = text.charCodeAt(i);
      if (c === C.Quote) {
        i++;
        return undefined;
      }
      if (c === C.Backslash) {
        const next = text.charCodeAt(i + 1);
        if (next === 117 /* u */) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fail('"\\u" must be followed by four hexadecimal digits');
          i += 6;
        } else if ('"\\/bfnrt'.includes(String.fromCharCode(next)) && i + 1 < n) {
          i += 2;
        } else {
          return fail(
            `${shown(text, i + 1)} cannot follow a backslash; escape a backslash itself as "\\\\"`,
          );
        }
        continue;
      }
      if (c < 0x20)
        return fail(
          `a string cannot hold the control character ${shown(text, i)}; write it as an escape such as "\\n" or "\\u0000"`,
        );
      i++;
    }
  };

  // Reads a number at i; returns a problem or moves i past it.
  const readNumber = (): SyntaxProblem | undefined => {
    if (text.charCodeAt(i) === C.Minus) i++;
    if (text.charCodeAt(i) === C.Zero) {
      i++;
      if (isDigit(text.charCodeAt(i))) return fail("a number cannot have leading zeros");
    } else if (isDigit(text.charCodeAt(i))) {
      while (isDigit(text.charCodeAt(i))) i++;
    } else {
      return fail(`expected a digit, found ${shown(text, i)}`);
    }
    if (text.charCodeAt(i) === C.Dot) {
      i++;
      if (!isDigit(text.charCodeAt(i)))
        return fail(`expected a digit after the decimal point, found ${shown(text, i)}`);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === C.LowerE || e === C.UpperE) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === C.Plus || sign === C.Minus) i++;
      if (!isDigit(text.charCodeAt(i)))
        return fail(`expected a digit in the exponent, found ${shown(text, i)}`);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return undefined;
  };

  // Reads one value at i (after whitespace). Containers are pushed, not recursed into.
  const readValue = (): SyntaxProblem | "open" | undefined => {
    const c = text.charCodeAt(i);
    if (c === C.OpenBrace || c === C.OpenBracket) {
      if (stack.length >= maxDepth)
        return fail(
          `the value nests deeper than ${maxDepth} levels of arrays and objects; flatten it`,
        );
      stack.push(c === C.OpenBrace);
      i++;
      return "open";
    }
    if (c === C.Quote) return readString();
    if (c === C.Minus || isDigit(c)) return readNumber();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    if (i >= n) return fail("expected a value, found the end of the text");
    if (c === C.CloseBrace || c === C.CloseBracket)
      return fail(`expected a value, found ${shown(text, i)}`);
    if (c === 39 /* ' */) return fail("strings take double quotes in JSON, not single quotes");
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40))?.[0];
    if (word === "NaN" || word === "Infinity" || word === "undefined")
      return fail(`${word} is not a JSON value; use null or a number`);
    return fail(`expected a value, found ${shown(text, i)}`);
  };

  skip();
  if (text.charCodeAt(0) === 0xfeff)
    return fail(
      "the text starts with a byte order mark (U+FEFF), which JSON does not allow; save the file as UTF-8 without BOM",
    );
  // After reading a value inside a container, what may come next is decided by the top of the stack.
  let afterValue: boolean;
  {
    const first = readValue();
    if (typeof first === "object") return first;
    afterValue = first !== "open";
  }
  // Right after "{" or "[" (a close may come), or after a comma (a value must).
  let justOpened = !afterValue;
  let lastComma = 0;
  for (;;) {
    skip();
    if (stack.length === 0) {
      if (i < n)
        return fail(
          `unexpected ${shown(text, i)} after the end of the JSON value; a file holds one value (use an array, or NDJSON with one value per line)`,
        );
      return undefined;
    }
    const inObject = stack[stack.length - 1]!;
    const c = text.charCodeAt(i);
    if (!afterValue) {
      // At the start of a container (justOpened) or after a comma: a key or a value is due.
      if (justOpened && c === (inObject ? C.CloseBrace : C.CloseBracket)) {
        stack.pop();
        i++;
        afterValue = true;
        justOpened = false;
        continue;
      }
      if (!justOpened && (c === C.CloseBrace || c === C.CloseBracket)) {
        i = lastComma;
        return fail("a comma cannot come before a closing bracket in JSON; remove the comma");
      }
      if (inObject) {
        if (c !== C.Quote)
          return fail(`expected a property name in double quotes, found ${shown(text, i)}`);
        const problem = readString();
        if (problem) return problem;
        skip();
        if (text.charCodeAt(i) !== C.Colon)
          return fail(`expected ":" after the property name, found ${shown(text, i)}`);
        i++;
        skip();
      }
      const value = readValue();
      if (typeof value === "object") return value;
      afterValue = value !== "open";
      justOpened = value === "open";
      continue;
    }
    // After a value: a comma or the container's close.
    if (c === C.Comma) {
      lastComma = i;
      i++;
      afterValue = false;
      justOpened = false;
      continue;
    }
    if (c === (inObject ? C.CloseBrace : C.CloseBracket)) {
      stack.pop();
      i++;
      continue;
    }
    const close = inObject ? '"}"' : '"]"';
    if (i >= n)
      return fail(
        `the text ends inside ${inObject ? "an object" : "an array"}: expected "," or ${close}; is the file cut short?`,
      );
    return fail(
      `expected "," or ${close} after ${inObject ? "a property value" : "an array item"}, found ${shown(text, i)}`,
    );
  }
}

/**
 * Whether `text` (which `JSON.parse` accepted) nests deeper than `maxDepth`. Counting brackets needs
 * at least two characters per level, so most texts are answered by their length alone.
 */
export function nestsDeeperThan(text: string, maxDepth: number = maxNestingDepth): boolean {
  if (text.length <= maxDepth * 2) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Quote) {
      // Skip the string: its brackets do not count.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === C.Backslash) i++;
        else if (s === C.Quote) break;
      }
    } else if (c === C.OpenBrace || c === C.OpenBracket) {
      if (++depth > maxDepth) return true;
    } else if (c === C.CloseBrace || c === C.CloseBracket) {
      depth--;
    }
  }
  return false;
}

interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where the value at `segments` is in `text`, a valid JSON text: its start and end offsets. A
 * segment that is not there (a missing required property) stops at the nearest enclosing value that
 * is: the problem is then shown at the object that lacks it. Object keys are compared after
 * decoding, so escaped names are found too.
 */
export function locateValue(text: string, segments: readonly string[]): TextSpan {
  let i = 0;
  const n = text.length;
  const skip = () => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
  };
  // Moves i past the value at i, with an explicit depth count (no recursion).
  const skipValue = () => {
    let depth = 0;
    do {
      const c = text.charCodeAt(i);
      if (c === C.Quote) {
        for (i++; i < n; i++) {
          const s = text.charCodeAt(i);
          if (s === C.Backslash) i++;
          else if (s === C.Quote) break;
        }
        i++;
      } else if (c === C.OpenBrace || c === C.OpenBracket) {
        depth++;
        i++;
      } else if (c === C.CloseBrace || c === C.CloseBracket) {
        depth--;
        i++;
      } else if (c === C.Comma || c === C.Colon || isWhitespace(c)) {
        i++;
      } else {
        // A number or a literal: up to the next delimiter.
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === C.Comma || d === C.CloseBrace || d === C.CloseBracket || isWhitespace(d)) break;
          i++;
        }
      }
    } while (depth > 0 && i < n);
  };
  // Past a member's value and the comma after it, to the next member.
  const skipMember = () => {
    skipValue();
    skip();
    if (text.charCodeAt(i) === C.Comma) i++;
    skip();
  };
  const readKey = (): string => {
    const start = i;
    for (i++; i < n; i++) {
      const s = text.charCodeAt(i);
      if (s === C.Backslash) i++;
      else if (s === C.Quote) break;
    }
    i++;
    const raw = text.slice(start, i);
    return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };

  skip();
  let start = i;
  for (const segment of segments) {
    const c = text.charCodeAt(i);
    let found = false;
    if (c === C.OpenBrace) {
      i++;
      for (;;) {
        skip();
        if (text.charCodeAt(i) !== C.Quote) break;
        const key = readKey();
        skip();
        i++; // ":"
        skip();
        if (key === segment) {
          found = true;
          break;
        }
        skipMember();
      }
    } else if (c === C.OpenBracket && /^(0|[1-9][0-9]*)$/.test(segment)) {
      const wanted = Number(segment);
      i++;
      skip();
      for (let index = 0; text.charCodeAt(i) !== C.CloseBracket && i < n; index++) {
        if (index === wanted) {
          found = true;
          break;
        }
        skipMember();
      }
    }
    if (!found) {
      i = start;
      break;
    }
    start = i;
  }
  i = start;
  skipValue();
  return { start, end: i };
}
