// Issue: "`test/` holds a fixture for every rule, with golden output in every format (pretty, json,
// github, sarif); a test proves each rule fires at the right range and nowhere else on the clean
// examples."
//
// Each folder of test/fixtures/check/ is a workspace named after the rule it pins, its schema
// files named after the case each one pins. Its report in every format is kept under expected/.
// After a deliberate change, regenerate the goldens and read every diff before committing:
//
//   pnpm exec vitest run test/check -u
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatNames, ruleIds, type FormatName } from "../../generator/src/index.js";
import {
  checkFixture,
  fixtureFolders,
  fixturesFolder,
  formatReport,
  rangesByFile,
} from "./fixture-workspace.js";

const goldenFiles: Record<FormatName, string> = {
  pretty: "pretty.txt",
  json: "json.json",
  github: "github.txt",
  sarif: "sarif.json",
};

/**
 * The spec: for each rule's fixture, every schema file (by its path under schemas/) and the
 * diagnostics it must get, as rule@line:column-line:column. A file with [] must get none.
 */
const cases: [string, { given: string; want: Record<string, string[]> }][] = [
  [
    "a file that is empty, binary or not UTF-8 is reported at its start",
    {
      given: "unreadable-file",
      want: {
        "collections/empty-file.json": ["unreadable-file@1:1-1:1"],
        "collections/latin-1-not-utf-8.json": ["unreadable-file@1:1-1:1"],
        "collections/only-whitespace.json": ["unreadable-file@1:1-1:1"],
        "collections/png-image-with-nul-bytes.json": ["unreadable-file@1:1-1:1"],
        "collections/utf-8-with-bom-is-readable.json": [],
      },
    },
  ],
  [
    "each syntax mistake is reported at the token that makes it, first mistake only",
    {
      given: "invalid-json",
      want: {
        "collections/backslash-d-in-pattern-is-an-invalid-escape.json": ["invalid-json@4:52-4:54"],
        "collections/block-comment.json": ["invalid-json@3:3-3:29"],
        "collections/file-cut-short.json": ["invalid-json@5:1-5:1"],
        "collections/invalid-unicode-escape.json": ["invalid-json@3:19-3:23"],
        "collections/line-break-inside-string.json": ["invalid-json@3:18-3:36"],
        "collections/line-comment.json": ["invalid-json@2:3-2:35"],
        "collections/missing-colon.json": ["invalid-json@2:16-2:26"],
        "collections/missing-comma-between-array-items.json": ["invalid-json@4:31-4:39"],
        "collections/missing-comma-between-properties.json": ["invalid-json@3:3-3:15"],
        "collections/nan.json": ["invalid-json@4:45-4:48"],
        "collections/number-with-leading-zero.json": ["invalid-json@4:46-4:49"],
        "collections/number-without-leading-zero.json": ["invalid-json@4:44-4:46"],
        "collections/python-true.json": ["invalid-json@4:27-4:32"],
        "collections/single-quoted-string.json": ["invalid-json@2:17-2:25"],
        "collections/tab-inside-string.json": ["invalid-json@3:23-3:24"],
        "collections/trailing-comma-after-last-array-item.json": ["invalid-json@4:40-4:41"],
        "collections/trailing-comma-after-last-property.json": ["invalid-json@4:33-4:34"],
        "collections/two-objects-in-one-file.json": ["invalid-json@5:1-5:2"],
        "collections/unquoted-property-name.json": ["invalid-json@3:3-3:13"],
        "collections/unterminated-string.json": ["invalid-json@2:17-2:26"],
      },
    },
  ],
  [
    "every repeat of a key is reported, at the repeat",
    {
      given: "duplicate-key",
      want: {
        "collections/collection-name-twice.json": ["duplicate-key@4:3-4:15"],
        "collections/keyword-three-times-reported-twice.json": [
          "duplicate-key@4:51-4:62",
          "duplicate-key@4:68-4:79",
        ],
        "collections/property-declared-twice.json": ["duplicate-key@6:5-6:11"],
        "collections/same-key-in-different-objects-is-allowed.json": [],
        "events/event-description-twice.json": ["duplicate-key@6:7-6:20"],
      },
    },
  ],
  [
    "a missing or mistyped keyword is reported at its value, or at the object missing it",
    {
      given: "meta-schema",
      want: {
        "collections/additional-properties-as-a-schema.json": ["meta-schema@4:27-4:47"],
        "collections/collection-is-a-number.json": ["meta-schema@2:17-2:19"],
        "collections/empty-enum.json": ["meta-schema@4:24-4:26"],
        "collections/max-length-as-a-string.json": ["meta-schema@4:46-4:50"],
        "collections/missing-collection.json": ["meta-schema@1:1-5:2"],
        "collections/missing-properties.json": ["meta-schema@1:1-3:2"],
        "collections/misspelt-type-name.json": ["meta-schema@4:25-4:33", "meta-schema@5:35-5:40"],
        "collections/negative-min-length.json": ["meta-schema@4:47-4:49"],
        "collections/required-is-a-string.json": ["meta-schema@6:15-6:23"],
        "collections/type-name-from-another-language.json": ["meta-schema@4:25-4:32"],
        "collections/type-other-than-object.json": ["meta-schema@3:11-3:18"],
        "collections/unknown-type-name.json": ["meta-schema@4:23-4:29"],
        "events/event-with-an-empty-name.json": ["meta-schema@2:24-2:26"],
        "events/event-without-a-name.json": ["meta-schema@3:5-6:6"],
        "events/events-as-an-object.json": ["meta-schema@2:13-4:4"],
        "events/required-with-repeated-names.json": ["meta-schema@6:29-6:36"],
      },
    },
  ],
  [
    "an unknown keyword is reported at its key, with the keyword it likely means",
    {
      given: "unknown-keyword",
      want: {
        "collections/custom-keyword-without-x-prefix.json": ["unknown-keyword@3:3-3:15"],
        "collections/defs-from-draft-2019-09.json": ["unknown-keyword@6:3-6:10"],
        "collections/keyword-in-the-wrong-case.json": ["unknown-keyword@4:34-4:45"],
        "collections/misspelling-of-a-keyword-already-present.json": ["unknown-keyword@7:3-7:12"],
        "collections/misspelt-keyword-in-a-property.json": ["unknown-keyword@4:33-4:44"],
        "collections/misspelt-root-keyword.json": ["unknown-keyword@6:3-6:13"],
        "collections/openapi-example.json": ["unknown-keyword@4:33-4:42"],
        "collections/openapi-nullable.json": ["unknown-keyword@4:37-4:47"],
        "collections/x-prefixed-keyword-is-allowed.json": [],
        "events/misspelt-event-keyword.json": ["unknown-keyword@5:7-5:18"],
        "events/misspelt-section-name.json": ["unknown-keyword@2:3-2:12"],
      },
    },
  ],
  [
    "each reason a collection name breaks the Objects API's rule is its own diagnostic",
    {
      given: "collection-name",
      want: {
        "collections/digit.json": ["collection-name@2:17-2:25"],
        "collections/empty-name.json": ["collection-name@2:17-2:19"],
        "collections/exactly-100-characters-is-allowed.json": [],
        "collections/hyphen.json": ["collection-name@2:17-2:30"],
        "collections/leading-underscore.json": ["collection-name@2:17-2:26"],
        "collections/longer-than-100-characters.json": ["collection-name@2:17-2:120"],
        "collections/lowercase-and-underscores-is-allowed.json": [],
        "collections/space-and-accented-letter.json": ["collection-name@2:17-2:29"],
        "collections/trailing-underscore.json": ["collection-name@2:17-2:28"],
        "collections/uppercase-and-hyphen-reported-separately.json": [
          "collection-name@2:17-2:29",
          "collection-name@2:17-2:29",
        ],
        "collections/uppercase-letters.json": ["collection-name@2:17-2:31"],
      },
    },
  ],
  [
    "a valid but singular collection name is reported at the name",
    {
      given: "collection-name-plural",
      want: {
        "collections/irregular-plural.json": ["collection-name-plural@2:17-2:25"],
        "collections/plural-ending-in-ies.json": ["collection-name-plural@2:17-2:27"],
        "collections/plural-longer-than-100-characters-has-no-fix.json": [
          "collection-name-plural@2:17-2:119",
        ],
        "collections/plural-name-is-allowed.json": [],
        "collections/singular-last-word.json": ["collection-name-plural@2:17-2:29"],
        "collections/singular-name.json": ["collection-name-plural@2:17-2:23"],
        "collections/uncountable-name-is-allowed.json": [],
      },
    },
  ],
  [
    "a property name that is not snake_case is reported at its key",
    {
      given: "property-name-case",
      want: {
        "collections/camel-case-renamed-in-required-too.json": ["property-name-case@4:5-4:18"],
        "collections/kebab-case.json": ["property-name-case@4:5-4:17"],
        "collections/leading-digit-has-no-snake-case-form.json": ["property-name-case@4:5-4:18"],
        "collections/nested-names-are-not-checked.json": [],
        "collections/pascal-case.json": ["property-name-case@4:5-4:18"],
        "collections/screaming-snake-case.json": ["property-name-case@4:5-4:15"],
        "collections/snake-case-form-taken-by-another-property.json": [
          "property-name-case@5:5-5:18",
        ],
        "collections/snake-case-with-digits-is-allowed.json": [],
        "collections/words-with-spaces.json": ["property-name-case@4:5-4:18"],
      },
    },
  ],
  [
    "a property that can hold a list or an object is reported where it says so",
    {
      given: "collection-property-type",
      want: {
        "collections/all-of-branch-is-a-list.json": ["collection-property-type@4:62-4:69"],
        "collections/any-of-branch-is-an-object.json": ["collection-property-type@4:58-4:66"],
        "collections/const-list.json": ["collection-property-type@4:28-4:34"],
        "collections/empty-schema-accepts-anything.json": ["collection-property-type@4:17-4:19"],
        "collections/enum-with-an-object.json": ["collection-property-type@4:33-4:60"],
        "collections/items-keyword-without-a-type.json": ["collection-property-type@4:21-4:28"],
        "collections/list-through-a-ref.json": ["collection-property-type@4:5-4:15"],
        "collections/list-type.json": ["collection-property-type@4:28-4:35"],
        "collections/no-type-only-a-description.json": ["collection-property-type@4:14-4:60"],
        "collections/object-type.json": ["collection-property-type@4:26-4:34"],
        "collections/properties-keyword-without-a-type.json": [
          "collection-property-type@4:21-4:33",
        ],
        "collections/scalar-types-are-allowed.json": [],
        "collections/true-schema-accepts-anything.json": ["collection-property-type@4:14-4:18"],
        "collections/type-union-with-a-list.json": ["collection-property-type@4:27-4:46"],
      },
    },
  ],
  [
    "a maxLength of 32 KB or more is reported at the number, or at the property using it",
    {
      given: "string-max-length",
      want: {
        "collections/largest-max-length-below-32-kb-is-allowed.json": [],
        "collections/max-length-far-above-32-kb.json": ["string-max-length@4:46-4:52"],
        "collections/max-length-in-a-definition.json": ["string-max-length@9:51-9:56"],
        "collections/max-length-in-an-any-of-branch.json": ["string-max-length@4:59-4:64"],
        "collections/max-length-in-another-file-through-a-ref.json": ["string-max-length@4:5-4:12"],
        "collections/max-length-of-exactly-32-kb.json": ["string-max-length@4:46-4:51"],
        "events/shared-text.json": [],
      },
    },
  ],
  [
    "an object id schema that allows numbers or ids over 100 characters",
    {
      given: "object-id",
      want: {
        "collections/integer-id-with-max-length-above-100-reported-twice.json": [
          "object-id@3:25-3:34",
          "object-id@3:49-3:52",
        ],
        "collections/integer-id.json": ["object-id@3:25-3:34"],
        "collections/max-length-above-100.json": ["object-id@3:48-3:51"],
        "collections/max-length-of-100-is-allowed.json": [],
        "collections/no-object-id-is-allowed.json": [],
        "collections/number-id.json": ["object-id@3:25-3:33"],
        "collections/string-or-integer-id.json": ["object-id@3:25-3:46"],
        "collections/uuid-string-is-allowed.json": [],
      },
    },
  ],
  [
    "every declaration after the first is reported, at its collection name",
    {
      given: "duplicate-collection",
      want: {
        "collections/first-declaration-of-rooms.json": [],
        "collections/guests.json": [],
        "collections/hosts-declared-once-is-allowed.json": [],
        "collections/old/guests-copied-into-a-subfolder.json": ["duplicate-collection@2:17-2:25"],
        "collections/second-declaration-of-rooms.json": ["duplicate-collection@2:17-2:24"],
        "collections/third-declaration-of-rooms.json": ["duplicate-collection@2:17-2:24"],
      },
    },
  ],
  [
    "every description after the first is reported, at the event name or section key",
    {
      given: "duplicate-event",
      want: {
        "events/checkout.json": [],
        "events/event-described-twice-in-one-file.json": ["duplicate-event@5:15-5:28"],
        "events/identify-traits.json": [],
        "events/marketing-traits-describing-identify-again.json": ["duplicate-event@2:3-2:13"],
        "events/payments-describing-a-checkout-event-again.json": ["duplicate-event@4:15-4:31"],
      },
    },
  ],
  [
    "a $ref that leads nowhere is reported at its value",
    {
      given: "unresolved-ref",
      want: {
        "collections/misspelt-definition-name.json": ["unresolved-ref@4:25-4:45"],
        // Broken on purpose, for the $ref into it: the one diagnostic of another rule here.
        "events/broken-money.json": ["invalid-json@3:33-3:34"],
        "events/file-outside-the-schema-folders.json": ["unresolved-ref@8:30-8:75"],
        "events/missing-definition.json": ["unresolved-ref@8:33-8:62"],
        "events/missing-file.json": ["unresolved-ref@8:30-8:62"],
        "events/plain-name-fragment.json": ["unresolved-ref@8:33-8:41"],
        "events/ref-into-a-file-that-does-not-parse.json": ["unresolved-ref@8:31-8:70"],
        "events/ref-to-another-file-is-allowed.json": [],
        "events/remote-url.json": ["unresolved-ref@8:30-8:90"],
        "events/valid-money.json": [],
      },
    },
  ],
  [
    "every $ref of a cycle is reported; a $ref into a cycle and recursion through items are not",
    {
      given: "ref-cycle",
      want: {
        "collections/recursion-through-any-of-in-a-property-does-not-crash.json": [
          "ref-cycle@7:40-7:65",
        ],
        "events/costs-referring-to-prices.json": ["ref-cycle@3:23-3:74"],
        "events/definition-referring-to-itself.json": ["ref-cycle@14:24-14:45"],
        "events/prices-referring-to-costs.json": ["ref-cycle@3:24-3:74"],
        "events/recursion-through-any-of-never-ends.json": ["ref-cycle@4:27-4:47"],
        "events/recursion-through-items-is-allowed.json": [],
        "events/two-definitions-referring-to-each-other.json": [
          "ref-cycle@3:24-3:46",
          "ref-cycle@4:25-4:46",
        ],
      },
    },
  ],
  [
    '"required" naming a property that does not exist is reported at the name',
    {
      given: "required-unknown-property",
      want: {
        "collections/misspelling-of-a-name-already-required.json": [
          "required-unknown-property@6:25-6:32",
        ],
        "collections/misspelt-required-name.json": ["required-unknown-property@7:24-7:33"],
        "collections/required-name-with-no-close-property.json": [
          "required-unknown-property@6:24-6:31",
        ],
        "events/misspelt-required-name-in-an-event.json": ["required-unknown-property@11:33-11:40"],
        "events/name-matched-by-pattern-properties-is-allowed.json": [],
      },
    },
  ],
  [
    "a pattern the validators cannot compile is reported at the pattern",
    {
      given: "invalid-pattern",
      want: {
        "collections/escaped-hyphen-outside-a-class-is-invalid-with-the-u-flag.json": [
          "invalid-pattern@4:46-4:65",
        ],
        "collections/lookbehind-and-unicode-classes-are-allowed.json": [],
        "collections/nothing-to-repeat.json": ["invalid-pattern@4:44-4:54"],
        "collections/unclosed-character-class.json": ["invalid-pattern@4:44-4:64"],
        "collections/unclosed-group.json": ["invalid-pattern@4:44-4:64"],
        "events/invalid-pattern-properties-key.json": ["invalid-pattern@6:9-6:30"],
      },
    },
  ],
  [
    "every name that needs a numbered suffix is reported at the name",
    {
      given: "identifier-collision",
      want: {
        "collections/order-items-with-a-double-underscore.json": [],
        "collections/order-items.json": ["identifier-collision@2:17-2:30"],
        "collections/people.json": [],
        "collections/persons-plural-of-the-same-word.json": ["identifier-collision@2:17-2:26"],
        "events/names-with-different-words-are-allowed.json": [],
        "events/same-event-in-three-spellings.json": [
          "identifier-collision@4:15-4:32",
          "identifier-collision@5:15-5:32",
        ],
        "events/spelling-in-another-file.json": ["identifier-collision@2:24-2:41"],
      },
    },
  ],
];

describe("every rule has a fixture", () => {
  it("each rule id names a fixture folder, and each fixture folder names a rule", () => {
    expect(fixtureFolders()).toEqual([...ruleIds].sort());
  });

  it("the table of expected ranges covers every rule, in the order segkit lists them", () => {
    expect(cases.map(([, { given }]) => given)).toEqual(ruleIds);
  });

  it("there is a golden file for each format", () => {
    expect(Object.keys(goldenFiles)).toEqual(formatNames);
  });
});

describe.each(cases)("%s", (_name, { given, want }) => {
  const checked = checkFixture(given);

  it(`${given}: these diagnostics at these ranges, and no others`, () => {
    expect(rangesByFile(checked)).toEqual(want);
    expect(checked.diagnostics.some((d) => d.rule === given)).toBe(true);
  });

  it.each(formatNames)(`${given}: the %s report matches its golden file`, async (format) => {
    const golden = path.join(fixturesFolder, given, "expected", goldenFiles[format]);
    await expect(formatReport(checked, format)).toMatchFileSnapshot(golden);
  });
});
