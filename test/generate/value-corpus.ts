import { Random } from "../bench/random.js";

/**
 * Text pieces strings are made of. Astral characters (emoji, 𝔸) are one code point but two UTF-16
 * units, a combining accent adds a code point to the letter before it, and a lone surrogate is
 * what a string cut in half leaves: each is where a character count can go wrong.
 */
const asciiLetters = [..."abcxyzABCXYZ"];
const textPieces = [
  ...asciiLetters,
  ..."0129 -_./~",
  '"',
  "\\",
  ..."éÜßñΩλЖ漢字",
  "😀",
  "🙏",
  "👍🏽",
  "𝔸",
  "e\u0301",
  "\u2028",
  "\uD83D",
];

/**
 * Property names objects are made of: plain, unicode, empty, ones a JSON pointer escapes, and the
 * names every object inherits (`constructor`, `__proto__`).
 */
export const propertyNamePool = [
  "a",
  "b",
  "id",
  "name",
  "x-a",
  "Ω",
  "😀",
  "",
  "a/b~c",
  'q"uote',
  "constructor",
  "__proto__",
];

/** Numbers no schema expects: huge, tiny, negative zero, and the three JSON cannot hold. */
const oddNumbers = [
  0,
  -0,
  1e308,
  -1e308,
  5e-324,
  2 ** 53,
  2 ** 53 + 2,
  0.1 + 0.2,
  Infinity,
  -Infinity,
  NaN,
];

/** Distances from a limit that sit on it, just inside it and just outside it. */
const boundaryOffsets = [0, 0, 0, 1, -1, 0.5, -0.5, 0.01, -0.01, 1e-9, -1e-9, 1e-15, -1e-15];

/**
 * Values drawn from a seeded pseudo-random source (the emulator's mulberry32): the same seed
 * gives the same corpus, so a disagreement found once is found on every run.
 */
export class ValueSource extends Random {
  /** The value of one of `makers`, chosen with the odds of its weight. */
  oneOf<T>(...makers: readonly (readonly [weight: number, make: () => T])[]): T {
    const total = makers.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, make] of makers) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return makers.at(-1)![1]();
  }

  /** An integer, a decimal with up to three places as a person writes it, or an odd number. */
  number(): number {
    return this.oneOf(
      [3, () => this.int(-20, 20)],
      [1, () => this.int(-1e9, 1e9)],
      [2, () => this.decimal(this.int(-100_000, 100_000), this.int(1, 3))],
      [1, () => (this.next() - 0.5) * 10 ** this.int(-3, 12)],
      [1, () => this.pick(oddNumbers)],
    );
  }

  /** `units` / 10^`places`, as the literal with that many places parses (79.99, not 7999 / 100). */
  decimal(units: number, places: number): number {
    return Number((units / 10 ** places).toFixed(places));
  }

  /** A number on `limit`, just inside or just outside it, or `limit` reached by arithmetic. */
  near(limit: number): number {
    return this.oneOf(
      [6, () => limit + this.pick(boundaryOffsets)],
      [1, () => limit * (1 + this.pick(boundaryOffsets))],
      [1, () => (limit * 10 + this.int(-2, 2)) / 10],
    );
  }

  /** A string of `min` to `max` pieces: mostly ASCII, with unicode, astral and odd pieces mixed in. */
  text(min = 0, max = 8): string {
    const length = this.int(min, max);
    let text = "";
    for (let i = 0; i < length; i++)
      text += this.chance(0.5) ? this.pick(asciiLetters) : this.pick(textPieces);
    return text;
  }

  /** A string of `min` to `max` characters of `alphabet`. */
  string(alphabet: readonly string[], min: number, max: number): string {
    const length = this.int(min, max);
    let text = "";
    for (let i = 0; i < length; i++) text += this.pick(alphabet);
    return text;
  }

  /** `text` with one small edit: a character removed, doubled, replaced or inserted. */
  mutate(text: string): string {
    const chars = [...text];
    const at = this.int(0, chars.length);
    const piece = this.pick([...textPieces, ":", "-", "@", ".", "T", "Z", "+", "%"]);
    switch (this.int(0, 3)) {
      case 0:
        chars.splice(at, 1);
        break;
      case 1:
        chars.splice(at, 0, chars[at] ?? piece);
        break;
      case 2:
        chars.splice(at, 1, piece);
        break;
      default:
        chars.splice(at, 0, piece);
    }
    return chars.join("");
  }

  array<T>(min: number, max: number, item: () => T): T[] {
    return Array.from({ length: this.int(min, max) }, item);
  }

  /** An object with each of `names` as a property with chance `presence`. */
  object(
    names: readonly string[],
    presence: number,
    value: (name: string) => unknown,
  ): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const name of names)
      if (this.chance(presence))
        // Defined, not assigned: `__proto__` is then a property like any other, as JSON.parse makes it.
        Object.defineProperty(object, name, {
          value: value(name),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    return object;
  }

  /**
   * Any value a caller may pass: every JSON type, nested up to `depth` levels, and now and then
   * `undefined`, which JSON cannot hold.
   */
  any(depth = 2): unknown {
    return this.oneOf<unknown>(
      [1, () => null],
      [1, () => this.chance(0.5)],
      [2, () => this.number()],
      [2, () => this.text()],
      [depth > 0 ? 1 : 0, () => this.array(0, 4, () => this.any(depth - 1))],
      [depth > 0 ? 1 : 0, () => this.object(propertyNamePool, 0.2, () => this.any(depth - 1))],
      [0.1, () => undefined],
    );
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Strings that look like each format, valid or close to it: dates with days past the month's end
 * and leap days, times with leap seconds and odd zones, hosts one label too long. Whether one is
 * valid is for ajv to say; the corpus only has to come close on both sides.
 */
export const formatSamples: Record<string, (r: ValueSource) => string> = {
  date: (r) => {
    const year = r.oneOf(
      [6, () => pad(r.pick([1900, 1999, 2000, 2023, 2024, 2100, r.int(0, 9999)]), 4)],
      [1, () => r.pick(["10000", "99", "999"])],
    );
    const month = r.oneOf([8, () => r.int(1, 12)], [1, () => r.pick([0, 13])]);
    const day = r.oneOf(
      [6, () => r.int(1, 28)],
      [3, () => r.pick([29, 30, 31])],
      [1, () => r.pick([0, 32])],
    );
    return `${year}-${pad(month)}-${pad(day)}`;
  },
  time: (r) => {
    const hour = r.oneOf([8, () => r.int(0, 23)], [1, () => 24]);
    const minute = r.oneOf([8, () => r.int(0, 59)], [1, () => 60]);
    const second = r.oneOf([8, () => r.pick([0, 59, r.int(0, 59)])], [1, () => r.pick([60, 61])]);
    const fraction = r.pick(["", "", "", ".5", ".123456789", "."]);
    const zone = r.oneOf(
      [6, () => r.pick(["Z", "z", "+01:00", "-23:59", "+05:30"])],
      [1, () => r.pick(["", "+24:00", "+0100", "+1:00"])],
    );
    return `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${zone}`;
  },
  "date-time": (r) =>
    `${formatSamples.date!(r)}${r.pick(["T", "T", "T", "T", "t", " "])}${formatSamples.time!(r)}`,
  email: (r) => {
    const local = r.oneOf(
      [
        3,
        () =>
          r.pick(["a", "first.last", "x+tag", "o'brien", "a_b-c", r.string([..."abz09"], 1, 9)]),
      ],
      [1, () => r.pick(["a..b", ".a", "a.", "ü", "", "a b", '"a"'])],
    );
    const domain = r.oneOf(
      [3, () => r.pick(["example.com", "b.co", "ex-ample.org", "a.b.c.de"])],
      [1, () => r.pick(["localhost", "-x.com", "x..y", "", "[127.0.0.1]", "ü.de"])],
    );
    return r.oneOf(
      [8, () => `${local}@${domain}`],
      [1, () => `${local}${domain}`],
      [1, () => `${local}@@${domain}`],
    );
  },
  uri: (r) => {
    const scheme = r.oneOf(
      [4, () => r.pick(["https", "http", "mailto", "urn", "ftp", "a+b.c-d"])],
      [1, () => r.pick(["1http", "ht tp", "", "ü"])],
    );
    const host = r.oneOf(
      [4, () => r.pick(["example.com", "[::1]", "127.0.0.1:8080", "user@host", ""])],
      [1, () => r.pick(["ex ample.com", "[::1", "a:b:c"])],
    );
    const path = r.oneOf(
      [4, () => r.pick(["", "/", "/a/b", "/a%20b", "/a/./b/../c"])],
      [1, () => r.pick(["/a%zz", "/ü", "/a b", "/😀", "/a\\b"])],
    );
    const tail = r.pick(["", "", "?q=1&r=2", "#frag", "?a#b", "#a#b"]);
    return r.oneOf(
      [3, () => `${scheme}://${host}${path}${tail}`],
      [1, () => `${scheme}:${path}${tail}`],
      [1, () => `${host}${path}`],
    );
  },
  uuid: (r) => {
    const hex = (n: number) => r.string([..."0123456789abcdefABCDEF"], n, n);
    const groups = [hex(8), hex(4), hex(4), hex(4), hex(12)];
    if (r.chance(0.3)) {
      const at = r.int(0, 4);
      groups[at] = r.chance(0.5) ? groups[at]!.slice(1) : `${groups[at]}${r.pick(["0", "g"])}`;
    }
    return `${r.pick(["", "", "", "urn:uuid:", "{"])}${groups.join(r.pick(["-", "-", "-", ""]))}`;
  },
  ipv4: (r) => {
    const octet = () =>
      String(r.pick([0, 1, 99, 100, 199, 200, 249, 250, 255, 256, 300, r.int(0, 255)]));
    const octets = Array.from({ length: r.pick([4, 4, 4, 4, 3, 5]) }, () =>
      r.chance(0.05) ? `0${octet()}` : octet(),
    );
    return octets.join(".");
  },
  hostname: (r) => {
    const label = () =>
      r.oneOf(
        [6, () => r.string([..."abcxyz0189"], 1, 12)],
        [1, () => `${r.string([..."abc-"], 1, 6)}`],
        [1, () => "a".repeat(r.pick([62, 63, 64]))],
        [1, () => r.pick(["ü", "a_b", "", "xn--bcher-kva"])],
      );
    return `${r.array(1, 4, label).join(".")}${r.chance(0.1) ? "." : ""}`;
  },
};
