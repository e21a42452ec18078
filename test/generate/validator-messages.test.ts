// Issue 5: a validator's errors are read by people. For each keyword, describeValidationErrors
// points at the offending value (the missing, unknown or misnamed property itself, not its
// parent) and says what was expected and what was found.
//
// The errors come from ajv with the options generated validators are compiled with; the agreement
// test (validator-agreement.test.ts) proves generated validators give the very same errors.
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { validatorAjvOptions } from "../../generator/src/targets/validators.js";
import {
  describeValidationErrors,
  type RawValidationError,
} from "../../packages/runtime/src/validation.js";

const ajv = new Ajv({ ...validatorAjvOptions });
addFormats.default(ajv);

const cases: [string, { schema: object; given: unknown; want: [string, string][] }][] = [
  [
    "required: the missing property itself, escaped as a JSON pointer",
    {
      schema: { properties: { address: { required: ["zip", "a/b~c"] } } },
      given: { address: {} },
      want: [
        ["/address/zip", "is required but missing"],
        ["/address/a~1b~0c", "is required but missing"],
      ],
    },
  ],
  [
    "additionalProperties: false: the unknown property itself",
    {
      schema: { properties: { id: {} }, additionalProperties: false },
      given: { id: 1, "colour/hue": "red" },
      want: [
        ["/colour~1hue", "is not a property of this schema; remove it, or add it to the schema"],
      ],
    },
  ],
  [
    "dependencies: the property that must come with another",
    {
      schema: { dependencies: { card: ["billing"] } },
      given: { card: "4111" },
      want: [["/billing", 'is required when "card" is present']],
    },
  ],
  [
    "propertyNames: the property whose name is not allowed",
    {
      schema: { propertyNames: { maxLength: 3 } },
      given: { ok: 1, "too/long": 2 },
      want: [
        ["/too~1long", "its name must be at most 3 characters long"],
        ["/too~1long", "is not an allowed property name"],
      ],
    },
  ],
  [
    "type: what is expected and what was found, at each item",
    {
      schema: { items: { type: "integer" }, maxItems: 5 },
      given: [1, 1.5, "2", null],
      want: [
        ["/1", "must be an integer, got a number"],
        ["/2", "must be an integer, got a string"],
        ["/3", "must be an integer, got null"],
      ],
    },
  ],
  [
    "type: a list of types",
    {
      schema: { properties: { note: { type: ["string", "null"] } } },
      given: { note: [] },
      want: [["/note", "must be a string or null, got an array"]],
    },
  ],
  [
    "type: nothing passed at all",
    {
      schema: { type: "object" },
      given: undefined,
      want: [["", "must be an object, got undefined"]],
    },
  ],
  [
    "enum: the allowed values and the value found",
    {
      schema: { properties: { colour: { enum: ["red", "green"] } } },
      given: { colour: "blue" },
      want: [["/colour", 'must be one of "red", "green", got "blue"']],
    },
  ],
  [
    "const: the one allowed value",
    {
      schema: { properties: { version: { const: 2 } } },
      given: { version: 1 },
      want: [["/version", "must be 2"]],
    },
  ],
  [
    "format: an example of the format",
    {
      schema: { properties: { at: { format: "date-time" }, id: { format: "uuid" } } },
      given: { at: "2026-11-23 10:00", id: "123" },
      want: [
        ["/at", "must be an ISO 8601 date and time, such as 2026-11-23T10:00:00Z"],
        ["/id", "must be a UUID, such as 123e4567-e89b-12d3-a456-426614174000"],
      ],
    },
  ],
  [
    "minLength and maxLength: characters, an emoji counting once",
    {
      schema: { properties: { a: { maxLength: 1 }, b: { minLength: 3 } } },
      given: { a: "😀😀", b: "😀😀" },
      want: [
        ["/a", "must be at most 1 character long"],
        ["/b", "must be at least 3 characters long"],
      ],
    },
  ],
  [
    "pattern: the pattern",
    {
      schema: { properties: { zip: { pattern: "^\\d{5}$" } } },
      given: { zip: "1234" },
      want: [["/zip", "must match the pattern ^\\d{5}$"]],
    },
  ],
  [
    "multipleOf, minimum and exclusiveMaximum: the limit",
    {
      schema: {
        properties: {
          price: { multipleOf: 0.01, minimum: 0 },
          rating: { exclusiveMaximum: 5 },
        },
      },
      given: { price: -0.005, rating: 5 },
      want: [
        ["/price", "must be >= 0"],
        ["/price", "must be a multiple of 0.01"],
        ["/rating", "must be < 5"],
      ],
    },
  ],
  [
    "any other keyword: ajv's own message",
    {
      schema: { properties: { tags: { minItems: 2 } } },
      given: { tags: ["a"] },
      want: [["/tags", "must NOT have fewer than 2 items"]],
    },
  ],
];

describe("describeValidationErrors", () => {
  it.each(cases)("%s", (_name, { schema, given, want }) => {
    const validate = ajv.compile(schema);
    expect(validate(given)).toBe(false);
    const problems = describeValidationErrors(validate.errors as RawValidationError[]);
    expect(problems.map(({ pointer, message }) => [pointer, message])).toEqual(want);
  });
});
